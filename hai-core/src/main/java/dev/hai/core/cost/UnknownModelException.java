package dev.hai.core.cost;

import java.time.LocalDate;

/**
 * The price table has no price for a model on a day. Add the model to a price file ({@link
 * PriceTable#withOverrides}), or let calls to unpriced models proceed with an unknown cost ({@link
 * CostTracking.Builder#allowUnpricedModels}).
 */
public final class UnknownModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String model;
  private final LocalDate day;

  public UnknownModelException(String model, LocalDate day, String message) {
    super(message);
    this.model = model;
    this.day = day;
  }

  /** The model id that has no price. */
  public String model() {
    return model;
  }

  /** The day the price was wanted for. */
  public LocalDate day() {
    return day;
  }
}
