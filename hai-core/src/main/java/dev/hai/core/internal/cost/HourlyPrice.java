package dev.hai.core.internal.cost;

import dev.hai.core.cost.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Compute priced by the hour (a local backend's GPU or CPU time), exactly, in micro-units. */
public final class HourlyPrice {
  private static final BigDecimal HOUR_NANOS = new BigDecimal(3_600_000_000_000L);

  private HourlyPrice() {}

  /**
   * What {@code nanos} of compute cost at {@code perHour}, rounded to a micro-unit by {@code
   * rounding}: {@link RoundingMode#CEILING} where the amount bounds a budget from above,
   * {@link RoundingMode#HALF_UP} for a cost to record.
   */
  public static Money cost(Money perHour, long nanos, RoundingMode rounding) {
    BigDecimal exact = new BigDecimal(BigInteger.valueOf(perHour.micros()).multiply(BigInteger.valueOf(nanos)));
    return Money.ofMicros(perHour.currency(), exact.divide(HOUR_NANOS, 0, rounding).longValueExact());
  }
}
