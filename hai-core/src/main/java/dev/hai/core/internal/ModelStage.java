package dev.hai.core.internal;

import dev.hai.core.BackendFailure;
import dev.hai.core.CallMetadata;
import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalResult;
import dev.hai.core.GenerationParameters;
import dev.hai.core.KillSwitch;
import dev.hai.core.RetryPolicy;
import dev.hai.core.Usage;
import dev.hai.core.phi.PhiRedactor;
import dev.hai.core.policy.Obligations;
import dev.hai.core.internal.audit.AuditStage;
import dev.hai.core.internal.cost.CostTrace;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.CallContext;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.core.spi.SchedulingInfo;
import dev.hai.core.spi.Sleeper;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The innermost stage: calls the backends in order, each with its retry policy, inside the call's
 * deadline.
 *
 * <p>resilience4j decides whether and after how long to retry (its {@link Retry.AsyncContext}
 * returns the wait instead of sleeping); this stage does the waiting through the {@link Sleeper},
 * so that a wait that would pass the deadline is never started and tests can record waits.
 */
final class ModelStage implements BuiltInStage {
  private static final Logger log = LoggerFactory.getLogger(ModelStage.class);

  /** A backend with the resilience4j retry built from its policy. */
  record Route(ModelBackend backend, RetryPolicy policy, Retry retry) {}

  private final List<Route> routes;
  /** The route arms' own backends: tried only when the route stage names one as its target. */
  private final List<Route> armBackends;
  private final Sleeper sleeper;
  /** Masks identifiers in backends' failure messages, which may quote the request. */
  private final PhiRedactor redactor;

  ModelStage(List<ClientConfig.BackendRoute> backends, Sleeper sleeper, PhiRedactor redactor) {
    this(backends, List.of(), sleeper, redactor);
  }

  ModelStage(List<ClientConfig.BackendRoute> backends, List<ClientConfig.BackendRoute> armBackends, Sleeper sleeper,
      PhiRedactor redactor) {
    this.redactor = redactor;
    this.routes = routes(backends);
    this.armBackends = routes(armBackends);
    this.sleeper = sleeper;
  }

  private static List<Route> routes(List<ClientConfig.BackendRoute> backends) {
    List<Route> list = new ArrayList<>();
    for (ClientConfig.BackendRoute b : backends) {
      RetryPolicy policy = b.retryPolicy();
      if (policy == null) {
        throw new IllegalArgumentException("retry policy missing for " + b.backend().info().name());
      }
      list.add(new Route(b.backend(), policy, Retry.of("hai-" + b.backend().info().name(), retryConfig(policy))));
    }
    return List.copyOf(list);
  }

  /** The backends in the order to try: the route stage's target first (when set), then the others. */
  private List<Route> order(RouteStage.@Nullable Target target) {
    if (target == null) {
      return routes;
    }
    String name = target.backend().info().name();
    List<Route> out = new ArrayList<>(routes.size() + 1);
    for (Route r : routes) {
      if (r.backend().info().name().equals(name)) {
        out.add(r);
      }
    }
    for (Route r : armBackends) {
      if (out.isEmpty() && r.backend().info().name().equals(name)) {
        out.add(r);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("the route stage named backend '" + name + "', which the model stage lacks");
    }
    for (Route r : routes) {
      if (r != out.get(0)) {
        out.add(r);
      }
    }
    return out;
  }

  static RetryConfig retryConfig(RetryPolicy policy) {
    IntervalBiFunction<Object> interval =
        (attempt, outcome) -> waitMillis(policy, attempt, outcome.isLeft() ? outcome.getLeft() : null);
    return RetryConfig.custom()
        .maxAttempts(policy.maxAttempts())
        .retryOnException(t -> t instanceof BackendException be && be.kind().retryable())
        .intervalBiFunction(interval)
        .failAfterMaxAttempts(false)
        .writableStackTraceEnabled(false)
        .build();
  }

  /** The wait before retry number {@code retry} (1-based) after {@code failure}. */
  static long waitMillis(RetryPolicy policy, int retry, Throwable failure) {
    if (failure instanceof BackendException be && be.retryAfter().isPresent()) {
      Duration asked = be.retryAfter().get();
      return Math.max(0, Math.min(asked.toMillis(), policy.maxRetryAfter().toMillis()));
    }
    long bound = policy.backoffBound(retry).toMillis();
    return policy.jitter() ? ThreadLocalRandom.current().nextLong(bound + 1) : bound;
  }

  @Override
  public String name() {
    return "model";
  }

  @Override
  public String detail() {
    return routes.stream()
        .map(r -> r.backend().info().name()
            + " (" + r.backend().info().provider() + ", " + r.backend().info().hosting().name().toLowerCase()
            + ", default model " + r.backend().info().defaultModel()
            + ", " + r.policy().maxAttempts() + " attempt" + (r.policy().maxAttempts() == 1 ? "" : "s") + ")")
        .collect(Collectors.joining(" -> ", "backends in fallback order: ", ""));
  }

  @Override
  public ClinicalResult intercept(Chain chain) {
    CallContext ctx = chain.context();
    GenerationParameters params = ctx.parameters();
    AuditStage.Trace trace = ctx.attribute(AuditStage.TRACE).orElse(null);
    if (trace != null) {
      trace.sent(ctx.messages(), params); // what would be sent, should no backend be tried
    }
    Obligations obligations = ctx.attribute(PolicyStage.OBLIGATIONS).orElse(Obligations.none());
    List<ChatMessage> redacted = null;
    CostTrace costTrace = ctx.attribute(CostTrace.KEY).orElse(null);
    List<BackendFailure> failures = new ArrayList<>();
    int attempts = 0;
    String lastBackend = null;
    String lastModel = null;
    // Why the call ends without an answer; the last backend's story wins.
    FailureKind endKind = FailureKind.UNAVAILABLE;
    String endReason = "no backend could be tried";
    Set<String> killed = ctx.attribute(KillSwitchStage.SKIPPED_MODELS).orElse(Set.of());
    RouteStage.Target target = ctx.attribute(RouteStage.TARGET).orElse(null);
    List<Route> order = order(target);
    // A call the last backend refused for capacity, to report as diverted when another backend is tried.
    Refusal refusal = null;

    backends:
    for (Route route : order) {
      ModelBackend backend = route.backend();
      String name = backend.info().name();
      String model = target != null && route == order.get(0) ? target.model()
          : params.model() != null ? params.model() : backend.info().defaultModel();
      if (killed.contains(model)) {
        continue; // a kill switch disabled this model; the fallbacks answer
      }
      if (!obligations.permits(name, model)) {
        continue; // the policy's allowed_models exclude it
      }
      List<ChatMessage> messages = ctx.messages();
      if (obligations.redactPhi() && backend.info().hosting() == Hosting.EXTERNAL) {
        if (redacted == null) {
          redacted = redact(messages);
        }
        messages = redacted;
      }
      if (trace != null) {
        // The record's input digest and content are of what the answering (or last) backend got.
        trace.sent(messages, params);
      }
      lastBackend = name;
      lastModel = model;
      Retry.AsyncContext<Object> retry = route.retry().asyncContext();
      for (int attempt = 1; ; attempt++) {
        Duration remaining = ctx.remaining();
        if (remaining.isZero() || remaining.isNegative()) {
          endKind = FailureKind.DEADLINE_EXCEEDED;
          endReason = "the call's deadline passed before " + (attempt == 1 ? "trying" : "retrying")
              + " backend '" + name + "'";
          break backends;
        }
        if (refusal != null) {
          // Only now, with time left and the backend allowed, does the refused call go on to it.
          diverted(refusal, backend, trace);
          refusal = null;
        }
        attempts++;
        ModelCall call = new ModelCall(
            ctx.callId(), attempt, model, messages, params, remaining, ctx.request().idempotencyKey(),
            ctx.request().priority(), ctx.request().caller().tenant());
        BackendException failure;
        long started = costTrace == null ? 0 : ctx.elapsed().toNanos();
        SchedulingInfo scheduling = null;
        try {
          ModelResponse response;
          try {
            response = backend.generate(call);
            scheduling = response.scheduling();
          } catch (BackendException e) {
            scheduling = e.scheduling().orElse(null);
            throw e;
          } finally {
            if (costTrace != null) {
              // Local compute is billed by the hour: the scheduler's GPU share when it reports one
              // (none when it never ran the call), else the attempt's wall time.
              long wall = ctx.elapsed().toNanos() - started;
              costTrace.busy(name, scheduling == null ? wall
                  : scheduling.gpuTime() == null ? 0 : scheduling.gpuTime().toNanos());
            }
            if (trace != null && scheduling != null) {
              trace.scheduling(scheduling);
            }
          }
          retry.onComplete();
          return new ClinicalResult.Success(
              metadata(ctx, name, response.model(), response.usage(), attempts),
              response.text(), response.finishReason(), failures);
        } catch (BackendException e) {
          failure = e;
        } catch (RuntimeException e) {
          // A backend broke its contract; treat it as unavailable, never let it escape.
          // Not logged with the exception: its message (and the messages of its causes) may quote
          // call content. The failure message below is redacted before it goes anywhere.
          log.warn("backend '{}' threw {} instead of a BackendException: {}", name, e.getClass().getName(),
              redactor.redact(String.valueOf(e.getMessage())).text());
          failure = BackendException.builder(
                  FailureKind.UNAVAILABLE, "backend threw " + e.getClass().getName() + ": " + e.getMessage())
              .cause(e)
              .build();
        }
        BackendFailure recorded = toFailure(name, model, attempt, failure);
        failures.add(recorded);
        log.debug("backend '{}' attempt {} failed: {} {}", name, attempt, failure.kind(), recorded.message());
        endKind = failure.kind();
        if (failure.kind() == FailureKind.CAPACITY) {
          refusal = new Refusal(backend, call, scheduling);
        }
        if (failure.kind() == FailureKind.CONTENT_REFUSED) {
          // A refusal is an answer about the content: asking another model would route around it.
          endReason = "backend '" + name + "' refused the content: " + recorded.message();
          break backends;
        }
        long waitMillis = retry.onError(failure);
        if (waitMillis < 0) {
          endReason = "backend '" + name + "' failed"
              + (failure.kind().retryable() ? " after " + attempt + " attempt" + (attempt == 1 ? "" : "s") : "")
              + ": " + recorded.message();
          continue backends;
        }
        Duration wait = Duration.ofMillis(waitMillis);
        if (wait.compareTo(ctx.remaining()) >= 0) {
          endReason = "backend '" + name + "' failed (" + recorded.message() + ") and waiting "
              + wait.toMillis() + " ms to retry would pass the call's deadline";
          continue backends;
        }
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          endKind = FailureKind.DEADLINE_EXCEEDED;
          endReason = "interrupted while waiting to retry backend '" + name + "'";
          break backends;
        }
      }
    }
    KillSwitch skipping = ctx.attribute(KillSwitchStage.SKIPPING_SWITCH).orElse(null);
    if (lastBackend == null && skipping != null) {
      // No backend was tried: the others were excluded by the policy's allowed_models, so the
      // kill switch is why the call cannot be answered.
      return new ClinicalResult.Disabled(ctx.metadata(), skipping);
    }
    return new ClinicalResult.Unavailable(
        metadata(ctx, lastBackend, lastModel, Usage.zero(), attempts), endKind, endReason, failures);
  }

  /** An attempt a backend refused for {@link FailureKind#CAPACITY}. */
  private record Refusal(ModelBackend backend, ModelCall call, @Nullable SchedulingInfo scheduling) {}

  /** Tells the refusing backend that its call went on to {@code next}, and marks the record. */
  private static void diverted(Refusal refusal, ModelBackend next, AuditStage.@Nullable Trace trace) {
    if (trace != null && refusal.scheduling() != null) {
      trace.scheduling(refusal.scheduling().withAdmission(SchedulingInfo.Admission.DIVERTED));
    }
    try {
      refusal.backend().diverted(refusal.call(), next.info());
    } catch (RuntimeException e) {
      log.warn("backend '{}' threw {} from diverted(); ignored", refusal.backend().info().name(), e.toString());
    }
  }

  /** The messages with PHI replaced, for an external backend under the policy's redact_phi. */
  private List<ChatMessage> redact(List<ChatMessage> messages) {
    List<ChatMessage> out = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      out.add(new ChatMessage(m.role(), redactor.redact(m.content()).text()));
    }
    return out;
  }

  private static CallMetadata metadata(
      CallContext ctx, String backend, String model, Usage usage, int attempts) {
    return new CallMetadata(
        ctx.callId(), backend, model, ctx.prompt().flatMap(p -> p.promptInfo()).orElse(null),
        usage, ctx.elapsed(), attempts);
  }

  private BackendFailure toFailure(String backend, String model, int attempt, BackendException e) {
    // A provider's error text can quote the request; identifiers in it are masked before the
    // message reaches results, logs or the audit trail.
    String message = e.getMessage() == null ? e.kind().name() : redactor.redact(e.getMessage()).text();
    return new BackendFailure(
        backend, model, attempt, e.kind(), message, e.statusCode().orElse(0), e.retryAfter().orElse(null),
        e.providerRequestId().orElse(null));
  }
}
