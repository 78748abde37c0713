package dev.hai.core.spi;

import dev.hai.core.CallMetadata;
import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.Usage;
import dev.hai.core.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The state of one call as it passes through the stages. Immutable: a stage that changes something
 * passes a modified copy to {@link Stage.Chain#proceed}.
 */
public final class CallContext {

  /**
   * A typed key for values that stages pass down the chain.
   *
   * @param name a unique name, for example {@code "hai.policy.obligations"}
   * @param type the value's type
   */
  public record Key<T>(String name, Class<T> type) {
    public Key {
      Checks.notBlank(name, "key.name");
      Checks.required(type, "key.type");
    }
  }

  private final UUID callId;
  private final ClinicalRequest request;
  private final Instant deadline;
  private final long startNanos;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final @Nullable ResolvedPrompt prompt;
  private final Map<Key<?>, Object> attributes;

  private CallContext(
      UUID callId,
      ClinicalRequest request,
      Instant deadline,
      long startNanos,
      Clock clock,
      LongSupplier nanoTime,
      @Nullable ResolvedPrompt prompt,
      Map<Key<?>, Object> attributes) {
    this.callId = callId;
    this.request = request;
    this.deadline = deadline;
    this.startNanos = startNanos;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.prompt = prompt;
    this.attributes = attributes;
  }

  /**
   * Starts the context of a new call. Used by the client; stages receive contexts, they do not make
   * them.
   */
  public static CallContext start(
      UUID callId, ClinicalRequest request, Instant deadline, Clock clock, LongSupplier nanoTime) {
    return new CallContext(
        Checks.required(callId, "callId"),
        Checks.required(request, "request"),
        Checks.required(deadline, "deadline"),
        nanoTime.getAsLong(),
        Checks.required(clock, "clock"),
        nanoTime,
        null,
        Map.of());
  }

  public UUID callId() {
    return callId;
  }

  public ClinicalRequest request() {
    return request;
  }

  /** The instant by which the whole call must end. */
  public Instant deadline() {
    return deadline;
  }

  /** The client's clock, for deadline arithmetic. */
  public Clock clock() {
    return clock;
  }

  /** Time left before the deadline; zero or negative once it has passed. */
  public Duration remaining() {
    return Duration.between(clock.instant(), deadline);
  }

  /** Time since the call started. */
  public Duration elapsed() {
    return Duration.ofNanos(nanoTime.getAsLong() - startNanos);
  }

  /** The prompt, once the prompt stage has resolved it. */
  public Optional<ResolvedPrompt> prompt() {
    return Optional.ofNullable(prompt);
  }

  /**
   * The messages to send.
   *
   * @throws IllegalStateException before the prompt stage has run
   */
  public List<ChatMessage> messages() {
    if (prompt == null) {
      throw new IllegalStateException("the prompt is resolved by the prompt stage; this stage runs before it");
    }
    return prompt.messages();
  }

  /** The request's parameters, with unset fields taken from the prompt's defaults. */
  public GenerationParameters parameters() {
    GenerationParameters own = request.parameters();
    return prompt == null ? own : own.orElse(prompt.defaults());
  }

  public <T> Optional<T> attribute(Key<T> key) {
    return Optional.ofNullable(key.type().cast(attributes.get(key)));
  }

  public CallContext with(Key<?> key, Object value) {
    Checks.required(key, "key");
    Map<Key<?>, Object> copy = new HashMap<>(attributes);
    copy.put(key, key.type().cast(Checks.required(value, "value")));
    return new CallContext(callId, request, deadline, startNanos, clock, nanoTime, prompt, Map.copyOf(copy));
  }

  public CallContext withRequest(ClinicalRequest request) {
    return new CallContext(
        callId, Checks.required(request, "request"), deadline, startNanos, clock, nanoTime, prompt, attributes);
  }

  public CallContext withPrompt(ResolvedPrompt prompt) {
    return new CallContext(
        callId, request, deadline, startNanos, clock, nanoTime, Checks.required(prompt, "prompt"), attributes);
  }

  /**
   * Metadata for a result made at this point of the call: no backend reached, no tokens, the
   * latency so far.
   */
  public CallMetadata metadata() {
    PromptInfo info = prompt == null ? null : prompt.info();
    return new CallMetadata(callId, null, null, info, Usage.zero(), elapsed(), 0);
  }
}
