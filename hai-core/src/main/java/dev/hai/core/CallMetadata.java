package dev.hai.core;

import dev.hai.core.internal.Checks;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What every result says about its call.
 *
 * @param callId the call's id: a UUIDv7, so ids sort by the time the call began
 * @param backend the backend that answered, or the last one tried; {@code null} when no backend
 *     was reached
 * @param model the model that answered (as the provider named it), or the last one tried
 * @param prompt the versioned prompt used, when the request referenced one
 * @param usage tokens consumed by the answer (failed attempts report none)
 * @param latency from the call's start to its result
 * @param attempts backend attempts made, over all backends (0 when none was reached)
 */
public record CallMetadata(
    UUID callId,
    @Nullable String backend,
    @Nullable String model,
    @Nullable PromptInfo prompt,
    Usage usage,
    Duration latency,
    int attempts) {
  public CallMetadata {
    Checks.required(callId, "callId");
    Checks.required(usage, "usage");
    Checks.notNegative(latency, "latency");
    Checks.atLeast(attempts, 0, "attempts");
  }

  public Optional<String> backendName() {
    return Optional.ofNullable(backend);
  }

  public Optional<String> modelName() {
    return Optional.ofNullable(model);
  }

  public Optional<PromptInfo> promptInfo() {
    return Optional.ofNullable(prompt);
  }

  /** A copy with another latency. */
  public CallMetadata withLatency(Duration latency) {
    return new CallMetadata(callId, backend, model, prompt, usage, latency, attempts);
  }
}
