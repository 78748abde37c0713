package dev.hai.core.internal;

import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalPriority;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.GenerationParameters;
import dev.hai.core.KillSwitch;
import dev.hai.core.PromptSource;
import dev.hai.core.Usage;
import dev.hai.core.audit.AuditEvent;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditRoute;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.ModelPrice;
import dev.hai.core.cost.Reservation;
import dev.hai.core.cost.ReserveOutcome;
import dev.hai.core.internal.audit.AuditSettings;
import dev.hai.core.internal.audit.AuditStage;
import dev.hai.core.internal.audit.Digests;
import dev.hai.core.internal.route.ShadowPool;
import dev.hai.core.phi.PhiRedactor;
import dev.hai.core.policy.Obligations;
import dev.hai.core.route.Arm;
import dev.hai.core.route.Route;
import dev.hai.core.route.RouteTable;
import dev.hai.core.internal.cost.HourlyPrice;
import dev.hai.core.route.ShadowBudget;
import dev.hai.core.route.ShadowComparator;
import dev.hai.core.route.ShadowOutcome;
import dev.hai.core.route.ShadowResult;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.CallContext;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.KillSwitches;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.SchedulingInfo;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Implementation notes: one shadow call.
 *
 * It repeats the primary's request (the primary's rendered prompt, or the arm's own prompt version)
 * to the shadow arm's backend, once (no retries: a shadow is a sample, not a service), inside its
 * own deadline. Before anything is sent it obeys what the primary obeyed: the policy's
 * allowed_models (else NOT_ALLOWED), a kill switch on its model (NOT_ALLOWED), the audit sink being
 * ready (NOT_ALLOWED: no data goes out that could not be recorded), redact_phi for an external
 * backend (the messages are masked), and the shadow budget (OVER_BUDGET). Every shadow that was
 * taken by the pool ends in exactly one audit event (kind route.shadow) and one store entry,
 * whoever ends it: its own thread, or the pool's watchdog at the deadline (TIMEOUT). Nothing here
 * logs content; failures are logged by kind and class name.
 */
/** One shadow call, run on the route table's shadow pool. */
final class ShadowCall implements ShadowPool.Task {
  private static final Logger log = LoggerFactory.getLogger(ShadowCall.class);
  /** The audit event kind of a shadow call. */
  static final String EVENT = RouteTable.SHADOW_EVENT;

  /** What every shadow of one client shares. */
  record Env(RouteTable table, ShadowPool pool, @Nullable PromptResolver resolver, @Nullable KillSwitches switches,
      @Nullable AuditSettings audit, PhiRedactor redactor, Clock clock) {}

  private final Env env;
  private final CallContext primary;
  private final Obligations obligations;
  private final Route route;
  private final Arm arm;
  private final ModelBackend backend;
  private final String primaryText;
  private final UUID shadowId;
  private volatile @Nullable String model;
  private volatile @Nullable String inputSha256;
  private volatile @Nullable Reservation reservation;
  private volatile long startedNanos;
  /** The device time a scheduling backend reported for the attempt (null: none reported, bill wall time). */
  private volatile @Nullable Duration deviceTime;

  ShadowCall(Env env, CallContext primary, Obligations obligations, Route route, Arm arm, ModelBackend backend,
      String primaryText) {
    this.env = env;
    this.primary = primary;
    this.obligations = obligations;
    this.route = route;
    this.arm = arm;
    this.backend = backend;
    this.primaryText = primaryText;
    this.shadowId = new UuidV7(env.clock()).next();
  }

  /** Says, without content, that the pool was full. */
  void dropped() {
    log.warn("shadow '{}' of route '{}' for call {} dropped: the shadow pool and its queue are full",
        arm.name(), route.name(), primary.callId());
    try {
      env.table().listener().dropped(route.name(), arm.name(), primary.callId());
    } catch (RuntimeException e) {
      log.warn("shadow listener threw {}", e.getClass().getName());
    }
  }

  @Override
  public void run(ShadowPool.Claim claim) {
    // The shadow's log lines carry the primary call's id, as the primary's do.
    org.slf4j.MDC.put(DefaultClinicalModelClient.MDC_CALL_ID, primary.callId().toString());
    try {
      runShadow(claim);
    } finally {
      org.slf4j.MDC.remove(DefaultClinicalModelClient.MDC_CALL_ID);
    }
  }

  private void runShadow(ShadowPool.Claim claim) {
    startedNanos = System.nanoTime();
    GenerationParameters params = primary.parameters();
    List<ChatMessage> messages = primary.messages();
    String asked = arm.model() != null ? arm.model() : params.model() != null ? params.model()
        : backend.info().defaultModel();
    model = asked;
    if (!obligations.permits(arm.backendName(), asked)) {
      end(claim, ShadowOutcome.NOT_ALLOWED, "POLICY_ALLOWED_MODELS", null, Usage.zero());
      return;
    }
    KillSwitch s = RouteStage.modelSwitch(env.switches(), asked);
    if (s != null) {
      end(claim, ShadowOutcome.NOT_ALLOWED, "KILL_SWITCH " + s.target(), null, Usage.zero());
      return;
    }
    if (env.audit() != null && !env.audit().sink().ready()) {
      end(claim, ShadowOutcome.NOT_ALLOWED, "AUDIT_NOT_READY", null, Usage.zero());
      return;
    }
    if (arm.promptSelector() != null && primary.request().prompt() instanceof PromptSource.Reference ref) {
      try {
        var p = RouteStage.resolve(env.resolver(), ref, arm.promptSelector(), primary);
        messages = p.messages();
        params = primary.request().parameters().orElse(p.defaults());
      } catch (RuntimeException e) {
        end(claim, ShadowOutcome.FAILED, "PROMPT " + e.getClass().getSimpleName(), null, Usage.zero());
        return;
      }
    }
    if (obligations.redactPhi() && backend.info().hosting() == Hosting.EXTERNAL) {
      List<ChatMessage> masked = new ArrayList<>(messages.size());
      for (ChatMessage m : messages) {
        masked.add(new ChatMessage(m.role(), env.redactor().redact(m.content()).text()));
      }
      messages = masked;
    }
    ShadowBudget budget = env.table().shadowBudget().orElse(null);
    GenerationParameters.Builder sending = params.toBuilder().model(asked);
    if (budget != null && params.maxTokens() == null) {
      sending.maxTokens(budget.defaultMaxOutputTokens()); // the worst case below assumes a capped output
    }
    GenerationParameters sent = sending.build();
    inputSha256 = Digests.sha256Hex(AuditStage.inputJson(messages, sent));
    Duration timeout = env.table().shadowTimeout();
    if (budget != null) {
      Money worst = worstCase(budget, messages, sent, timeout);
      if (worst == null) {
        end(claim, ShadowOutcome.OVER_BUDGET, "UNPRICED_MODEL", null, Usage.zero());
        return;
      }
      ReserveOutcome o;
      try {
        o = budget.store().reserve(shadowId, env.clock().instant(), List.of(budget.budget()), worst);
      } catch (RuntimeException e) {
        end(claim, ShadowOutcome.OVER_BUDGET, "BUDGET_STORE " + e.getClass().getSimpleName(), null, Usage.zero());
        return;
      }
      if (o instanceof ReserveOutcome.Refused) {
        end(claim, ShadowOutcome.OVER_BUDGET, budget.budget().key(), null, Usage.zero());
        return;
      }
      reservation = ((ReserveOutcome.Reserved) o).reservation();
    }
    // The watchdog may have ended this shadow while it was being prepared (a slow prompt resolver or
    // budget store), or the deadline passed: then nothing is sent and the reservation is freed, even
    // one taken after the watchdog settled (settling one reservation twice does nothing). The backend
    // gets what is left of the deadline.
    Duration left = timeout.minus(elapsed());
    if (claim.claimed() || left.isZero() || left.isNegative()) {
      Reservation held = reservation;
      if (held != null) {
        releaseQuietly(budget, held); // nothing was sent: nothing is spent
        reservation = null;
      }
      end(claim, ShadowOutcome.TIMEOUT, FailureKind.DEADLINE_EXCEEDED.name(), null, Usage.zero());
      return;
    }
    ModelResponse response;
    try {
      // The lowest priority and the primary's tenant: a scheduler of local compute serves clinical
      // calls first and bills the shadow's share to the tenant whose traffic it samples.
      response = backend.generate(new ModelCall(shadowId, 1, asked, messages, sent, left, null,
          ClinicalPriority.SHADOW, primary.request().caller().tenant()));
    } catch (BackendException e) {
      e.scheduling().ifPresent(this::scheduled);
      ShadowOutcome outcome = e.kind() == FailureKind.TIMEOUT || e.kind() == FailureKind.DEADLINE_EXCEEDED
          ? ShadowOutcome.TIMEOUT : ShadowOutcome.FAILED;
      end(claim, outcome, e.kind().name(), null, Usage.zero());
      return;
    } catch (RuntimeException e) {
      end(claim, ShadowOutcome.FAILED, "UNAVAILABLE " + e.getClass().getName(), null, Usage.zero());
      return;
    }
    if (response.scheduling() != null) {
      scheduled(response.scheduling());
    }
    if (elapsed().compareTo(timeout) > 0) {
      end(claim, ShadowOutcome.TIMEOUT, FailureKind.DEADLINE_EXCEEDED.name(), null, response.usage());
      return;
    }
    model = response.model() != null && !response.model().isBlank() ? response.model() : asked;
    end(claim, ShadowOutcome.SUCCESS, null, response.text(), response.usage());
  }

  /** As the model stage bills local compute: a scheduler's share of the device, not the queue wait. */
  private void scheduled(SchedulingInfo s) {
    deviceTime = s.gpuTime() == null ? Duration.ZERO : s.gpuTime();
  }

  @Override
  public void onTimeout() {
    record(ShadowOutcome.TIMEOUT, FailureKind.DEADLINE_EXCEEDED.name(), null, Usage.zero());
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private void end(ShadowPool.Claim claim, ShadowOutcome outcome, @Nullable String detail, @Nullable String text,
      Usage usage) {
    if (!claim.claim()) {
      return; // the watchdog ended it as timed out
    }
    env.pool().finished();
    record(outcome, detail, text, usage);
  }

  private void record(ShadowOutcome outcome, @Nullable String detail, @Nullable String text, Usage usage) {
    Instant now = env.clock().instant();
    Duration latency = startedNanos == 0 ? Duration.ZERO : elapsed();
    Money cost = settle(usage, latency, outcome);
    Map<String, Double> scores = new TreeMap<>();
    if (text != null) {
      for (ShadowComparator c : env.table().comparators()) {
        try {
          double score = c.score(primaryText, text);
          if (Double.isFinite(score)) {
            scores.put(c.name(), score); // NaN: the comparator does not apply to these answers
          }
        } catch (RuntimeException e) {
          log.warn("shadow comparator '{}' threw {}; its score is left out", c.name(), e.getClass().getName());
        }
      }
    }
    String askedModel = model != null ? model : arm.model() != null ? arm.model() : backend.info().defaultModel();
    String outputSha = text == null ? null : Digests.sha256Hex(text);
    ShadowResult result = new ShadowResult(primary.callId(), shadowId, primary.request().caller().tenant(),
        route.name(), arm.name(), arm.backendName(), askedModel, now, latency, outcome, detail, text, false,
        outputSha, usage, cost, scores);
    audit(result, now);
    env.table().shadowStore().ifPresent(store -> {
      try {
        store.append(result);
      } catch (RuntimeException e) {
        env.pool().storeFailed();
        log.error("shadow {} of call {}: the shadow store could not keep its result ({})", shadowId,
            primary.callId(), e.getClass().getName());
      }
    });
    try {
      env.table().listener().finished(result);
    } catch (RuntimeException e) {
      log.warn("shadow listener threw {}", e.getClass().getName());
    }
  }

  /** The {@code route.shadow} event: in the same chain as the primary's record. */
  private void audit(ShadowResult r, Instant now) {
    AuditSettings audit = env.audit();
    if (audit == null) {
      return;
    }
    ClinicalRequest request = primary.request();
    String patientRef = request.patientId() == null || audit.patientKey() == null ? null
        : "hmac-sha256:" + Digests.hmacSha256Hex(audit.patientKey(), request.patientId());
    AuditRecord record = AuditRecord.builder()
        .id(new UuidV7(env.clock()).next())
        .time(now)
        .callId(shadowId)
        .tenant(request.caller().tenant())
        .actorId(request.caller().actorId())
        .actorRole(request.caller().role())
        .purposeOfUse(request.caller().purposeOfUse().name())
        .patientRef(patientRef)
        .promptId(primary.prompt().flatMap(p -> p.promptInfo()).map(i -> i.promptId()).orElse(null))
        .backend(r.backend())
        .model(r.model())
        .route(new AuditRoute(route.name(), arm.name(), "shadow", null, null, primary.callId()))
        .outcome(AuditRecord.EVENT_OUTCOME)
        .outcomeDetail(EVENT)
        .outcomeReason("shadow of call " + primary.callId() + ": " + r.outcome().wireName()
            + (r.detail() == null ? "" : " (" + env.redactor().redact(r.detail()).text() + ")"))
        .attempts(inputSha256 == null ? 0 : 1)
        .usage(r.usage())
        .cost(r.cost() == null ? null : r.cost().toString())
        .latencyMicros(r.latency().toNanos() / 1000)
        .inputSha256(inputSha256)
        .outputSha256(r.outputSha256())
        .event(new AuditEvent(EVENT, route.name() + "/" + arm.name(), null, r.outcome().wireName()))
        .build();
    try {
      audit.sink().append(record);
    } catch (RuntimeException e) {
      env.pool().storeFailed();
      log.error("shadow {} of call {}: its audit event could not be written ({})", shadowId, primary.callId(),
          e.getClass().getName());
    }
  }

  /** The worst case of this shadow, or null when its model has no price. */
  private @Nullable Money worstCase(ShadowBudget budget, List<ChatMessage> messages, GenerationParameters sent,
      Duration timeout) {
    if (backend.info().hosting() == Hosting.LOCAL) {
      Money perHour = budget.localComputePrice(arm.backendName()).orElse(null);
      return perHour == null ? null : HourlyPrice.cost(perHour, timeout.toNanos(), RoundingMode.CEILING);
    }
    ModelPrice price = budget.prices().find(sent.model(), env.clock().instant().atZone(ZoneOffset.UTC).toLocalDate())
        .orElse(null);
    if (price == null) {
      return null;
    }
    long in = budget.tokenEstimator().inputTokens(messages);
    long out = sent.maxTokens() != null ? sent.maxTokens() : budget.defaultMaxOutputTokens();
    return price.worstCaseCost(in, out);
  }

  /** Settles the reservation with the real cost; returns it (null without a budget). */
  private @Nullable Money settle(Usage usage, Duration latency, ShadowOutcome outcome) {
    Reservation held = reservation;
    ShadowBudget budget = env.table().shadowBudget().orElse(null);
    if (held == null || budget == null) {
      return null;
    }
    Money actual;
    if (outcome == ShadowOutcome.TIMEOUT) {
      actual = held.amount(); // the model may still be working: count the worst case
    } else if (backend.info().hosting() == Hosting.LOCAL) {
      Duration busy = deviceTime;
      actual = HourlyPrice.cost(budget.localComputePrice(arm.backendName()).orElseThrow(),
          (busy != null ? busy : latency).toNanos(), RoundingMode.CEILING);
    } else {
      ModelPrice price = budget.prices().find(model, env.clock().instant().atZone(ZoneOffset.UTC).toLocalDate())
          .orElse(null);
      actual = price == null ? held.amount() : price.cost(usage);
    }
    try {
      budget.store().settle(held, actual);
    } catch (RuntimeException e) {
      log.warn("shadow {}: the shadow budget could not be settled ({})", shadowId, e.getClass().getName());
    }
    return actual;
  }

  private void releaseQuietly(@Nullable ShadowBudget budget, Reservation held) {
    if (budget == null) {
      return;
    }
    try {
      budget.store().release(held);
    } catch (RuntimeException e) {
      log.warn("shadow {}: its reservation could not be released ({})", shadowId, e.getClass().getName());
    }
  }

}
