package dev.hai.core.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A backend call that failed, with the typed {@link FailureKind} the client's retry and fallback
 * decide on. Backends throw it from {@link ModelBackend#generate}; it never reaches the caller of
 * the client, which gets a {@link dev.hai.core.ClinicalResult.Unavailable} instead.
 */
public final class BackendException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;
  private final int statusCode;
  private final transient @Nullable Duration retryAfter;
  private final @Nullable String providerErrorType;
  private final @Nullable String providerRequestId;
  private final transient @Nullable SchedulingInfo scheduling;

  private BackendException(Builder b) {
    super(b.message, b.cause);
    this.kind = b.kind;
    this.statusCode = b.statusCode;
    this.retryAfter = b.retryAfter;
    this.providerErrorType = b.providerErrorType;
    this.providerRequestId = b.providerRequestId;
    this.scheduling = b.scheduling;
  }

  /** A failure with no HTTP details. */
  public static BackendException of(FailureKind kind, String message) {
    return builder(kind, message).build();
  }

  public static Builder builder(FailureKind kind, String message) {
    return new Builder(kind, message);
  }

  public FailureKind kind() {
    return kind;
  }

  /** The HTTP status, when the failure came with one. */
  public OptionalInt statusCode() {
    return statusCode > 0 ? OptionalInt.of(statusCode) : OptionalInt.empty();
  }

  /** How long the server asked the client to wait (Retry-After and the provider's own headers). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The provider's error type, for example {@code "overloaded_error"} or {@code "rate_limit_exceeded"}. */
  public Optional<String> providerErrorType() {
    return Optional.ofNullable(providerErrorType);
  }

  /** The provider's request id ({@code request-id}, {@code x-request-id}), for support tickets. */
  public Optional<String> providerRequestId() {
    return Optional.ofNullable(providerRequestId);
  }

  /**
   * What a scheduler in front of the backend did with the attempt: why it refused it ({@link
   * FailureKind#CAPACITY}), or, for a failure after it ran, its queue wait and GPU time.
   */
  public Optional<SchedulingInfo> scheduling() {
    return Optional.ofNullable(scheduling);
  }

  /**
   * A builder holding this failure's kind, message, details and cause, to add scheduling
   * information to a backend's failure.
   */
  public Builder toBuilder() {
    Builder b = new Builder(kind, getMessage() == null ? kind.name() : getMessage());
    b.statusCode = statusCode;
    b.retryAfter = retryAfter;
    b.providerErrorType = providerErrorType;
    b.providerRequestId = providerRequestId;
    b.cause = getCause();
    b.scheduling = scheduling;
    return b;
  }

  /** Builds a {@link BackendException}. */
  public static final class Builder {
    private final FailureKind kind;
    private final String message;
    private int statusCode;
    private @Nullable Duration retryAfter;
    private @Nullable String providerErrorType;
    private @Nullable String providerRequestId;
    private @Nullable Throwable cause;
    private @Nullable SchedulingInfo scheduling;

    private Builder(FailureKind kind, String message) {
      this.kind = java.util.Objects.requireNonNull(kind, "kind");
      this.message = java.util.Objects.requireNonNull(message, "message");
    }

    public Builder statusCode(int statusCode) {
      this.statusCode = statusCode;
      return this;
    }

    public Builder retryAfter(@Nullable Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    public Builder providerErrorType(@Nullable String providerErrorType) {
      this.providerErrorType = providerErrorType;
      return this;
    }

    public Builder providerRequestId(@Nullable String providerRequestId) {
      this.providerRequestId = providerRequestId;
      return this;
    }

    public Builder cause(@Nullable Throwable cause) {
      this.cause = cause;
      return this;
    }

    /** See {@link BackendException#scheduling()}. Default: none. */
    public Builder scheduling(@Nullable SchedulingInfo scheduling) {
      this.scheduling = scheduling;
      return this;
    }

    public BackendException build() {
      return new BackendException(this);
    }
  }
}
