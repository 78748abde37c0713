package dev.hai.core.spi;

/**
 * Why a backend call failed, normalised across providers. {@link #retryable()} says whether the
 * same call may succeed if repeated later; the client retries only those.
 */
public enum FailureKind {
  /** HTTP 429: the provider's rate limit. Honours Retry-After. */
  RATE_LIMITED(true),
  /** The provider is overloaded (Anthropic 529, HTTP 503). */
  OVERLOADED(true),
  /** Any other 5xx. */
  SERVER_ERROR(true),
  /** The attempt took longer than its timeout (connect, read, or the whole attempt). */
  TIMEOUT(true),
  /** The connection could not be made or broke before a response arrived. */
  CONNECTION(true),
  /** The request was refused as malformed or too large (400, 404, 413, 422). */
  INVALID_REQUEST(false),
  /** The credentials were missing, wrong or lack permission (401, 403). */
  AUTHENTICATION(false),
  /** The model or the provider's safety system refused the content. Never retried elsewhere. */
  CONTENT_REFUSED(false),
  /** The response could not be read: malformed JSON, a truncated body, missing fields. */
  MALFORMED_RESPONSE(false),
  /** The request's deadline passed before an answer arrived. */
  DEADLINE_EXCEEDED(false),
  /** The backend is not usable as configured (for example a missing local model file). */
  UNAVAILABLE(false),
  /**
   * The backend has no capacity for the call in time: a scheduler in front of a local GPU refused
   * it at admission (its expected queue wait would pass the call's deadline, or the queue is full or
   * closing) or removed it from its queue when it could no longer start in time. Not retried at the
   * same backend; the call goes on at once to the next backend (the fallback), where the policy's
   * {@code allowed_models} permit one, else it ends {@code Unavailable} with this kind.
   */
  CAPACITY(false);

  private final boolean retryable;

  FailureKind(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether repeating the same call later may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
