package dev.hai.core;

import dev.hai.core.internal.Checks;
import dev.hai.core.spi.FailureKind;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One failed attempt at one backend.
 *
 * @param backend the backend's name
 * @param model the model asked for
 * @param attempt 1 for the first attempt at that backend, 2 for its first retry, ...
 * @param kind the failure's kind
 * @param message what went wrong, never containing request content
 * @param statusCode the HTTP status, or 0 when there was none
 * @param retryAfter the wait the server asked for, if any
 * @param providerRequestId the provider's request id, if any
 */
public record BackendFailure(
    String backend,
    String model,
    int attempt,
    FailureKind kind,
    String message,
    int statusCode,
    @Nullable Duration retryAfter,
    @Nullable String providerRequestId) {
  public BackendFailure {
    Checks.notBlank(backend, "backend");
    Checks.required(model, "model");
    Checks.required(kind, "kind");
    Checks.required(message, "message");
  }

  public OptionalInt status() {
    return statusCode > 0 ? OptionalInt.of(statusCode) : OptionalInt.empty();
  }

  public Optional<Duration> retryAfterDuration() {
    return Optional.ofNullable(retryAfter);
  }
}
