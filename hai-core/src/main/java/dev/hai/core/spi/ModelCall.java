package dev.hai.core.spi;

import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalPriority;
import dev.hai.core.GenerationParameters;
import dev.hai.core.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One attempt at one backend, as the model stage hands it over.
 *
 * @param callId the client call this attempt belongs to
 * @param attempt 1 for the first attempt at this backend, 2 for its first retry, and so on
 * @param model the model id to use (already resolved: request, else prompt, else backend default)
 * @param messages the conversation, system messages included
 * @param parameters sampling parameters; {@link GenerationParameters#model()} may be unset, use
 *     {@link #model()}
 * @param timeout the most this attempt may take, end to end; the backend must give up after it
 *     and throw {@link FailureKind#TIMEOUT}
 * @param idempotencyKey the request's idempotency key, if any
 * @param priority the request's clinical priority, or {@code null} when it set none (a scheduler
 *     then applies its default); cloud backends ignore it
 * @param tenant the caller's tenant, for a scheduler's per-tenant fair share; {@code null} when
 *     the call was made without one (the seven-argument constructor)
 */
public record ModelCall(
    UUID callId,
    int attempt,
    String model,
    List<ChatMessage> messages,
    GenerationParameters parameters,
    Duration timeout,
    @Nullable String idempotencyKey,
    @Nullable ClinicalPriority priority,
    @Nullable String tenant) {
  public ModelCall {
    Checks.required(callId, "callId");
    Checks.atLeast(attempt, 1, "attempt");
    Checks.notBlank(model, "model");
    messages = List.copyOf(Checks.required(messages, "messages"));
    Checks.required(parameters, "parameters");
    Checks.positive(timeout, "timeout");
  }

  /** A call with no priority and no tenant: the constructor of calls made before those fields. */
  public ModelCall(
      UUID callId,
      int attempt,
      String model,
      List<ChatMessage> messages,
      GenerationParameters parameters,
      Duration timeout,
      @Nullable String idempotencyKey) {
    this(callId, attempt, model, messages, parameters, timeout, idempotencyKey, null, null);
  }
}
