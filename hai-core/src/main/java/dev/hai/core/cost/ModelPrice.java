package dev.hai.core.cost;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.Usage;
import dev.hai.core.internal.Checks;
import java.time.LocalDate;

/**
 * What one model costs per million tokens from a date on. Immutable.
 *
 * <p>How {@link Usage} is billed follows the provider's own accounting: for provider {@code
 * "anthropic"}, {@link Usage#inputTokens()} excludes cache reads and writes and each kind is billed
 * at its own price; for every other provider (the OpenAI convention), input tokens include the cached
 * ones ({@link Usage#cacheReadTokens()}), which are billed at the cache-read price instead of the
 * input price. The cost of a call is {@code Σ tokens × price per million / 10^6}, summed exactly
 * and rounded half up to the micro-unit once.
 *
 * @param model the model id, for example {@code "claude-sonnet-4-5"}; a name ending in {@code *}
 *     is a prefix that matches every model id starting with the part before it
 * @param provider whose accounting the usage follows: {@code "anthropic"}, {@code "openai"}, ...
 * @param effectiveFrom the first day (UTC) this price applies
 * @param input price of a million input tokens
 * @param output price of a million output tokens
 * @param cacheWrite price of a million tokens written to the prompt cache
 * @param cacheRead price of a million tokens read from the prompt cache
 */
public record ModelPrice(
    String model,
    String provider,
    LocalDate effectiveFrom,
    Money input,
    Money output,
    Money cacheWrite,
    Money cacheRead) {
  private static final long TOKENS_PER_PRICE = 1_000_000L;

  public ModelPrice {
    Checks.notBlank(model, "price.model");
    Checks.notBlank(provider, "price.provider");
    Checks.required(effectiveFrom, "price.effectiveFrom");
    Checks.required(input, "price.input");
    Checks.required(output, "price.output");
    Checks.required(cacheWrite, "price.cacheWrite");
    Checks.required(cacheRead, "price.cacheRead");
    for (Money m : new Money[] {input, output, cacheWrite, cacheRead}) {
      if (m.isNegative()) {
        throw new InvalidRequestException("price", model + ": prices must not be negative, was " + m);
      }
      if (!m.currency().equals(input.currency())) {
        throw new InvalidRequestException("price", model + ": all four prices must be in one currency");
      }
    }
  }

  /** The currency of the prices. */
  public String currency() {
    return input.currency();
  }

  /** Whether {@link #model()} is a prefix pattern ({@code "ft:gpt-4o-mini*"}). */
  public boolean isPrefix() {
    return model.endsWith("*");
  }

  /** Whether usage follows Anthropic's accounting (input excludes cache reads). */
  boolean inputExcludesCache() {
    return "anthropic".equals(provider);
  }

  /** The exact cost of {@code usage} at these prices, rounded half up to the micro-unit. */
  public Money cost(Usage usage) {
    Checks.required(usage, "usage");
    long input = inputExcludesCache() ? usage.inputTokens() : Math.max(0, usage.inputTokens() - usage.cacheReadTokens());
    long numerator = Math.addExact(
        Math.addExact(Math.multiplyExact(input, this.input.micros()), Math.multiplyExact(usage.outputTokens(), output.micros())),
        Math.addExact(Math.multiplyExact(usage.cacheWriteTokens(), cacheWrite.micros()),
            Math.multiplyExact(usage.cacheReadTokens(), cacheRead.micros())));
    return Money.ofMicros(currency(), divideHalfUp(numerator, TOKENS_PER_PRICE));
  }

  /**
   * The most a call with at most {@code inputTokens} input and {@code outputTokens} output tokens can
   * cost: the input at the dearer of the input and cache-write prices, plus the output.
   */
  public Money worstCaseCost(long inputTokens, long outputTokens) {
    long inputPrice = Math.max(input.micros(), cacheWrite.micros());
    long numerator = Math.addExact(Math.multiplyExact(inputTokens, inputPrice), Math.multiplyExact(outputTokens, output.micros()));
    return Money.ofMicros(currency(), divideHalfUp(numerator, TOKENS_PER_PRICE));
  }

  static long divideHalfUp(long numerator, long denominator) {
    long q = numerator / denominator;
    long r = numerator % denominator;
    return 2 * r >= denominator ? q + 1 : q;
  }
}
