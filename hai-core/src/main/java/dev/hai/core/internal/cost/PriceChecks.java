package dev.hai.core.internal.cost;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.cost.Budget;
import dev.hai.core.cost.Money;
import dev.hai.core.internal.Checks;
import java.util.Map;

/** The checks every holder of prices makes: a local hourly price, and one currency throughout. */
public final class PriceChecks {
  private PriceChecks() {}

  /** A local backend's hourly price: named, given and not negative. */
  public static void localPrice(String backendName, Money perHour) {
    Checks.notBlank(backendName, "localComputePrice.backendName");
    Checks.required(perHour, "localComputePrice.perHour");
    if (perHour.isNegative()) {
      throw new InvalidRequestException("localComputePrice.perHour", "must not be negative, was " + perHour);
    }
  }

  /** The budget's limit is in {@code currency}, the price table's. */
  public static void budgetIn(String currency, Budget budget) {
    if (!budget.limit().currency().equals(currency)) {
      throw new InvalidRequestException("budget", budget.key() + " is in " + budget.limit().currency()
          + " but the prices are in " + currency);
    }
  }

  /** Every local price is in {@code currency}, the price table's. */
  public static void localPricesIn(String currency, Map<String, Money> localComputePrices) {
    for (Map.Entry<String, Money> e : localComputePrices.entrySet()) {
      if (!e.getValue().currency().equals(currency)) {
        throw new InvalidRequestException("localComputePrice", e.getKey() + " is priced in "
            + e.getValue().currency() + " but the prices are in " + currency);
      }
    }
  }
}
