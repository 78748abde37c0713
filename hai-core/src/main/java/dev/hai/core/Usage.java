package dev.hai.core;

import dev.hai.core.internal.Checks;

/**
 * Tokens a call consumed, as the backend reported them.
 *
 * @param inputTokens prompt tokens billed at the normal input rate (for Anthropic, excluding cache
 *     reads and writes; for OpenAI, all prompt tokens including cached ones)
 * @param outputTokens generated tokens
 * @param cacheWriteTokens tokens written to the provider's prompt cache (Anthropic's
 *     {@code cache_creation_input_tokens}); 0 where not reported
 * @param cacheReadTokens tokens served from the provider's prompt cache (Anthropic's
 *     {@code cache_read_input_tokens}, OpenAI's {@code prompt_tokens_details.cached_tokens}); 0 where
 *     not reported
 */
public record Usage(long inputTokens, long outputTokens, long cacheWriteTokens, long cacheReadTokens) {
  private static final Usage ZERO = new Usage(0, 0, 0, 0);

  public Usage {
    if (inputTokens < 0 || outputTokens < 0 || cacheWriteTokens < 0 || cacheReadTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
  }

  public static Usage zero() {
    return ZERO;
  }

  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0);
  }

  /** Adds two usages, field by field (for example over retries that were billed). */
  public Usage plus(Usage other) {
    Checks.required(other, "other");
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cacheWriteTokens + other.cacheWriteTokens,
        cacheReadTokens + other.cacheReadTokens);
  }
}
