package dev.hai.core;

import dev.hai.core.internal.Checks;
import java.time.Duration;

/**
 * How one backend is retried: exponential backoff with full jitter, the server's Retry-After
 * honoured up to a cap, and never past the request's deadline. Only failures whose {@link
 * dev.hai.core.spi.FailureKind#retryable() kind is retryable} are retried.
 *
 * <p>The wait before retry {@code n} (n = 1 for the first retry) is the server's Retry-After when
 * it sent one, capped at {@link #maxRetryAfter()}; otherwise a uniformly random duration between 0
 * and {@code min(maxBackoff, initialBackoff × 2^(n-1))} ("full jitter"), or exactly that bound when
 * jitter is off. A wait that would end past the deadline is not taken: the client moves on to the
 * next backend, or returns.
 *
 * @param maxAttempts attempts at this backend, the first included; 1 means no retry
 * @param initialBackoff the backoff bound before the first retry
 * @param maxBackoff the largest backoff bound
 * @param maxRetryAfter the longest server-requested wait the client honours
 * @param jitter whether to randomise the backoff (recommended: it spreads retries of many clients)
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter,
    boolean jitter) {

  /** Default attempts per backend: the first and two retries. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** Default first backoff bound. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
  /** Default largest backoff bound. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(8);
  /** Default cap on a server's Retry-After. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(30);

  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(
          DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRY_AFTER, true);

  public RetryPolicy {
    Checks.atLeast(maxAttempts, 1, "retry.maxAttempts");
    Checks.positive(initialBackoff, "retry.initialBackoff");
    Checks.positive(maxBackoff, "retry.maxBackoff");
    Checks.notNegative(maxRetryAfter, "retry.maxRetryAfter");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new InvalidRequestException("retry.maxBackoff", "must not be less than initialBackoff");
    }
  }

  /** 3 attempts, 500 ms initial backoff, 8 s max backoff, Retry-After up to 30 s, full jitter. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt, no retry. */
  public static RetryPolicy none() {
    return DEFAULTS.withMaxAttempts(1);
  }

  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, jitter);
  }

  public RetryPolicy withBackoff(Duration initialBackoff, Duration maxBackoff) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, jitter);
  }

  public RetryPolicy withMaxRetryAfter(Duration maxRetryAfter) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, jitter);
  }

  public RetryPolicy withJitter(boolean jitter) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, jitter);
  }

  /**
   * The backoff bound before retry {@code retry} (1-based), before jitter:
   * {@code min(maxBackoff, initialBackoff × 2^(retry-1))}.
   */
  public Duration backoffBound(int retry) {
    Checks.atLeast(retry, 1, "retry");
    int shift = Math.min(retry - 1, 30);
    long millis = initialBackoff.toMillis();
    long bound = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
    return Duration.ofMillis(Math.min(bound, maxBackoff.toMillis()));
  }
}
