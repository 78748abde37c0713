package dev.hai.core.cost;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.internal.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * An exact amount of money: a whole number of micro-units (millionths) of a currency. Never a
 * {@code double}: sums of any number of amounts are exact, to the micro-unit.
 *
 * <pre>{@code
 * Money limit = Money.of("USD", "500.00");   // 500 000 000 micro-dollars
 * Money cost = Money.ofMicros("USD", 4_125); // USD 0.004125
 * limit.minus(cost).toString();              // "USD 499.995875"
 * }</pre>
 *
 * <p>The text form, used in audit records and ledger files, is the ISO 4217 code, one space and
 * the amount with exactly six decimals: {@code "USD 0.004125"}; {@link #parse} reads it back.
 * Amounts of different currencies never mix: arithmetic and comparison between them throw.
 *
 * @param currency the ISO 4217 code, for example {@code "USD"}
 * @param micros the amount in millionths of the currency's unit (may be negative for differences)
 */
public record Money(String currency, long micros) implements Comparable<Money> {
  /** Micro-units per unit of currency. */
  public static final long MICROS_PER_UNIT = 1_000_000L;

  public Money {
    Checks.required(currency, "money.currency");
    if (currency.length() != 3 || !currency.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      throw new InvalidRequestException("money.currency", "must be an ISO 4217 code such as USD, was '" + currency + "'");
    }
    try {
      Currency.getInstance(currency);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("money.currency", "is not an ISO 4217 currency: '" + currency + "'");
    }
  }

  /** An amount in micro-units. */
  public static Money ofMicros(String currency, long micros) {
    return new Money(currency, micros);
  }

  /** Zero in a currency. */
  public static Money zero(String currency) {
    return new Money(currency, 0);
  }

  /**
   * An exact decimal amount, for example {@code of("USD", "2.50")}.
   *
   * @throws InvalidRequestException if the amount has more than six decimals or is not a number
   */
  public static Money of(String currency, String amount) {
    Checks.notBlank(amount, "money.amount");
    BigDecimal value;
    try {
      value = new BigDecimal(amount.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("money.amount", "is not a decimal number: '" + amount + "'");
    }
    return of(currency, value);
  }

  /**
   * An exact decimal amount.
   *
   * @throws InvalidRequestException if the amount has more than six decimals or does not fit
   */
  public static Money of(String currency, BigDecimal amount) {
    Checks.required(amount, "money.amount");
    try {
      return new Money(currency, amount.movePointRight(6).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
    } catch (ArithmeticException e) {
      throw new InvalidRequestException(
          "money.amount", "must have at most 6 decimals and fit in 64-bit micro-units, was " + amount.toPlainString());
    }
  }

  /**
   * Reads the text form {@code "USD 0.004125"} ({@link #toString()}).
   *
   * @throws InvalidRequestException if the text is not in that form
   */
  public static Money parse(String text) {
    Checks.notBlank(text, "money");
    String t = text.trim();
    int space = t.indexOf(' ');
    if (space != 3) {
      throw new InvalidRequestException("money", "expected '<ISO code> <amount>', for example 'USD 0.004125', was '" + text + "'");
    }
    return of(t.substring(0, 3), t.substring(4));
  }

  /** The amount as an exact decimal with six decimals. */
  public BigDecimal amount() {
    return BigDecimal.valueOf(micros, 6);
  }

  /** The exact sum; {@link IllegalArgumentException} for another currency, {@link ArithmeticException} on overflow. */
  public Money plus(Money other) {
    sameCurrency(other);
    return new Money(currency, Math.addExact(micros, other.micros));
  }

  /** The difference, exact (may be negative). */
  public Money minus(Money other) {
    sameCurrency(other);
    return new Money(currency, Math.subtractExact(micros, other.micros));
  }

  /** Whether the amount is zero. */
  public boolean isZero() {
    return micros == 0;
  }

  /** Whether the amount is below zero. */
  public boolean isNegative() {
    return micros < 0;
  }

  /** Whether this amount is greater than {@code other} (same currency). */
  public boolean isGreaterThan(Money other) {
    return compareTo(other) > 0;
  }

  /** Orders amounts of one currency; amounts of different currencies cannot be compared. */
  @Override
  public int compareTo(Money other) {
    sameCurrency(other);
    return Long.compare(micros, other.micros);
  }

  /** The larger of two amounts of one currency. */
  public static Money max(Money a, Money b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private void sameCurrency(Money other) {
    Checks.required(other, "money");
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot mix currencies: " + currency + " and " + other.currency);
    }
  }

  /** {@code "USD 0.004125"}: the code and the amount with exactly six decimals. */
  @Override
  public String toString() {
    return currency + " " + amount().toPlainString();
  }
}
