package dev.hai.core;

import dev.hai.core.cost.Money;
import dev.hai.core.internal.Checks;
import dev.hai.core.route.RouteInfo;
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
 * @param cost what the call cost, exact to the micro-unit; null when the client does no cost
 *     tracking or the model had no price (see {@code docs/cost-and-budgets.md})
 * @param breakGlass whether the request claimed emergency access ({@code
 *     ClinicalRequest.Builder.breakGlass}), whatever the outcome: the policy saw the claim, the
 *     audit record holds its justification, and the compliance report lists it for review
 * @param route which arm of which route served the call, when a route matched it (see {@code
 *     docs/rollout.md}); null otherwise
 */
public record CallMetadata(
    UUID callId,
    @Nullable String backend,
    @Nullable String model,
    @Nullable PromptInfo prompt,
    Usage usage,
    Duration latency,
    int attempts,
    @Nullable Money cost,
    boolean breakGlass,
    @Nullable RouteInfo route) {
  public CallMetadata {
    Checks.required(callId, "callId");
    Checks.required(usage, "usage");
    Checks.notNegative(latency, "latency");
    Checks.atLeast(attempts, 0, "attempts");
  }

  /** Metadata of a call no route matched. */
  public CallMetadata(
      UUID callId,
      @Nullable String backend,
      @Nullable String model,
      @Nullable PromptInfo prompt,
      Usage usage,
      Duration latency,
      int attempts,
      @Nullable Money cost,
      boolean breakGlass) {
    this(callId, backend, model, prompt, usage, latency, attempts, cost, breakGlass, null);
  }

  /** Metadata of a call that claimed no emergency access. */
  public CallMetadata(
      UUID callId,
      @Nullable String backend,
      @Nullable String model,
      @Nullable PromptInfo prompt,
      Usage usage,
      Duration latency,
      int attempts,
      @Nullable Money cost) {
    this(callId, backend, model, prompt, usage, latency, attempts, cost, false);
  }

  /** Metadata without a cost (a client without cost tracking). */
  public CallMetadata(
      UUID callId,
      @Nullable String backend,
      @Nullable String model,
      @Nullable PromptInfo prompt,
      Usage usage,
      Duration latency,
      int attempts) {
    this(callId, backend, model, prompt, usage, latency, attempts, null);
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

  /** The call's cost, when known. */
  public Optional<Money> costAmount() {
    return Optional.ofNullable(cost);
  }

  /** A copy with another latency. */
  public CallMetadata withLatency(Duration latency) {
    return new CallMetadata(callId, backend, model, prompt, usage, latency, attempts, cost, breakGlass, route);
  }

  /** A copy with a cost. */
  public CallMetadata withCost(@Nullable Money cost) {
    return new CallMetadata(callId, backend, model, prompt, usage, latency, attempts, cost, breakGlass, route);
  }

  /** The route arm that served the call, when a route matched it. */
  public Optional<RouteInfo> routeInfo() {
    return Optional.ofNullable(route);
  }

  /** A copy that names the route arm that served the call. */
  public CallMetadata withRoute(@Nullable RouteInfo route) {
    return new CallMetadata(callId, backend, model, prompt, usage, latency, attempts, cost, breakGlass, route);
  }

  /** A copy that says whether the request claimed emergency access. */
  public CallMetadata withBreakGlass(boolean breakGlass) {
    return new CallMetadata(callId, backend, model, prompt, usage, latency, attempts, cost, breakGlass, route);
  }
}
