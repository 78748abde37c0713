package dev.hai.core.internal;

import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.PromptSource;
import dev.hai.core.internal.audit.AuditStage;
import dev.hai.core.internal.audit.Digests;
import dev.hai.core.internal.cost.BudgetStage;
import dev.hai.core.phi.Finding;
import dev.hai.core.phi.PhiRedactor;
import dev.hai.core.phi.PhiType;
import dev.hai.core.policy.Obligations;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.policy.PolicyInput;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.CallContext;
import dev.hai.core.spi.PolicyEngine;
import dev.hai.core.spi.PolicyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Implementation notes: fail closed.
 *
 * The engine is asked on the caller's thread (an in-process Wasm decision takes microseconds; a
 * handoff to another thread would cost more than the decision). So the timeout cannot interrupt an
 * engine: remote engines bound their own I/O, and a decision that arrives after the client's
 * policy timeout is discarded and the call denied, as is any exception, a null or a malformed
 * decision. Nothing here turns a failure into an allow.
 *
 * Obligations: max_output_tokens is applied here, to the request's parameters; allowed_models and
 * redact_phi are per backend and applied by the model stage (OBLIGATIONS key); require_human_review
 * flags the Success on the way back; audit_content and the decision itself reach the audit stage
 * through its trace.
 */
/** Built-in stage 4: asks the policy engine, denies or passes the call on with its obligations. */
final class PolicyStage implements BuiltInStage {
  private static final Logger log = LoggerFactory.getLogger(PolicyStage.class);

  /** The obligations of the allowing decision, for the model stage. */
  static final CallContext.Key<Obligations> OBLIGATIONS =
      new CallContext.Key<>("hai.policy.obligations", Obligations.class);

  private final PolicyEngine engine;
  private final List<BackendInfo> backends;
  private final Set<String> baa;
  private final Duration timeout;
  private final PhiRedactor redactor;
  private final byte @Nullable [] patientKey;
  private final Function<CallContext, List<BudgetStage.Target>> routeTargets;

  PolicyStage(PolicyEngine engine, List<BackendInfo> backends, Set<String> baa, Duration timeout,
      PhiRedactor redactor, byte @Nullable [] patientKey) {
    this(engine, backends, baa, timeout, redactor, patientKey, ctx -> List.of());
  }

  /**
   * As above; {@code routeTargets} gives, for a call, the route arms' own backends (with the model
   * each arm asks) that it or its shadows may be sent to: they join the input's models after the
   * client's, so that the policy judges them too.
   */
  PolicyStage(PolicyEngine engine, List<BackendInfo> backends, Set<String> baa, Duration timeout,
      PhiRedactor redactor, byte @Nullable [] patientKey,
      Function<CallContext, List<BudgetStage.Target>> routeTargets) {
    this.routeTargets = routeTargets;
    this.engine = engine;
    this.backends = List.copyOf(backends);
    this.baa = Set.copyOf(baa);
    this.timeout = timeout;
    this.redactor = redactor;
    this.patientKey = patientKey;
  }

  @Override
  public String name() {
    return "policy";
  }

  @Override
  public String detail() {
    return engine.describe() + "; timeout " + timeout.toMillis() + " ms, fails closed; BAA backends "
        + (baa.isEmpty() ? "none" : String.join(", ", baa.stream().sorted().toList()));
  }

  @Override
  public ClinicalResult intercept(Chain chain) {
    CallContext ctx = chain.context();
    PolicyInput input = input(ctx);
    AuditStage.Trace trace = ctx.attribute(AuditStage.TRACE).orElse(null);
    PolicyDecision decision;
    Duration start = ctx.elapsed();
    try {
      decision = engine.evaluate(input);
      if (decision == null) {
        throw new PolicyException(PolicyException.Kind.MALFORMED_DECISION, "the policy engine returned no decision");
      }
    } catch (PolicyException e) {
      return failClosed(ctx, input, trace, e.kind(), e.getMessage(), null);
    } catch (RuntimeException e) {
      log.warn("policy engine {} threw {}", engine.describe(), e.getClass().getName());
      return failClosed(ctx, input, trace, PolicyException.Kind.UNAVAILABLE,
          "the policy engine failed (" + e.getClass().getSimpleName() + ")", null);
    }
    Duration took = ctx.elapsed().minus(start);
    if (took.compareTo(timeout) > 0) {
      // The engine made (and logged) this decision: keep its id, so the audit record joins the log.
      return failClosed(ctx, input, trace, PolicyException.Kind.TIMEOUT,
          "the decision took " + took.toMillis() + " ms, more than the policy timeout of "
              + timeout.toMillis() + " ms", decision);
    }
    Obligations o = decision.obligations();
    List<String> reasons = redacted(decision.reasons());
    boolean allow = decision.allow();
    if (allow && o.allowedModels() != null && input.models().stream().noneMatch(m -> o.permits(m.backend(), m.id()))) {
      allow = false; // an allow that leaves no backend to call is a denial
      reasons = List.of("the policy allows none of the configured backends and models (allowed_models: "
          + String.join(", ", o.allowedModels()) + ")");
    }
    if (trace != null) {
      trace.policy(new AuditStage.PolicyTrace(decision.decisionId(), decision.bundleRevision(),
          allow ? "allow" : "deny", input.breakGlass(), allow && o.auditContent()));
    }
    if (!allow) {
      return new ClinicalResult.Denied(ctx.metadata(), reasons, decision.decisionId(), decision.bundleRevision(), false);
    }
    CallContext next = ctx.with(OBLIGATIONS, o);
    if (o.maxOutputTokens() != null) {
      Integer asked = ctx.parameters().maxTokens();
      if (asked == null || asked > o.maxOutputTokens()) {
        ClinicalRequest capped = ctx.request().toBuilder().maxTokens(o.maxOutputTokens()).build();
        next = next.withRequest(capped);
      }
    }
    ClinicalResult result = chain.proceed(next);
    if (o.requireHumanReview() && result instanceof ClinicalResult.Success s) {
      return s.withHumanReview();
    }
    return result;
  }

  private ClinicalResult failClosed(CallContext ctx, PolicyInput input, AuditStage.@Nullable Trace trace,
      PolicyException.Kind kind, @Nullable String message, @Nullable PolicyDecision late) {
    String id = late != null ? late.decisionId() : UUID.randomUUID().toString();
    String revision = late != null ? late.bundleRevision() : null;
    // An engine's message should hold no call content; it is redacted all the same.
    String why = message == null ? kind.name() : redactor.redact(message).text();
    log.warn("call {} denied: the policy could not be evaluated ({}): {}", ctx.callId(), kind, why);
    if (trace != null) {
      trace.policy(new AuditStage.PolicyTrace(id, revision, "error", input.breakGlass(), false));
    }
    String what = kind.name().toLowerCase(java.util.Locale.ROOT);
    return new ClinicalResult.Denied(ctx.metadata(),
        List.of("the policy could not be evaluated (" + what + "): " + why), id, revision, true);
  }

  private List<String> redacted(List<String> reasons) {
    // A policy may quote input (an actor attribute, a justification); identifiers are masked.
    List<String> out = new ArrayList<>(reasons.size());
    for (String r : reasons) {
      out.add(redactor.redact(r).text());
    }
    return out;
  }

  /** The input document of this call. */
  PolicyInput input(CallContext ctx) {
    ClinicalRequest request = ctx.request();
    GenerationParameters params = ctx.parameters();
    List<PolicyInput.Model> models = new ArrayList<>(backends.size());
    for (BackendInfo b : backends) {
      String model = params.model() != null ? params.model() : b.defaultModel();
      models.add(new PolicyInput.Model(b.name(), model, b.provider(), b.hosting(), baa.contains(b.name())));
    }
    for (BudgetStage.Target t : routeTargets.apply(ctx)) {
      BackendInfo b = t.backend();
      if (models.stream().noneMatch(m -> m.backend().equals(b.name()))) {
        models.add(new PolicyInput.Model(b.name(), t.model(), b.provider(), b.hosting(), baa.contains(b.name())));
      }
    }
    PolicyInput.Patient patient = null;
    if (request.patientId() != null || !request.policyFacts().consent().isEmpty()) {
      String ref = request.patientId() != null && patientKey != null
          ? "hmac-sha256:" + Digests.hmacSha256Hex(patientKey, request.patientId())
          : null;
      patient = new PolicyInput.Patient(ref, request.policyFacts().consent());
    }
    PolicyInput.Prompt prompt = null;
    PromptInfo info = ctx.prompt().flatMap(p -> p.promptInfo()).orElse(null);
    if (info != null) {
      List<String> labels = List.of();
      if (info.label() != null) {
        labels = List.of(info.label());
      } else if (request.prompt() instanceof PromptSource.Reference ref && isLabel(ref.selector())) {
        labels = List.of(ref.selector()); // a resolver that does not report the label it used
      }
      prompt = new PolicyInput.Prompt(info.promptId(), info.version(), info.sha256(), labels, info.dataClassification());
    }
    String justification = request.breakGlass();
    PolicyInput.BreakGlass breakGlass = justification == null
        ? PolicyInput.BreakGlass.off()
        : new PolicyInput.BreakGlass(true, redactor.redact(justification).text());
    return new PolicyInput(
        new PolicyInput.Actor(
            request.caller().actorId(), request.caller().role(), request.policyFacts().actorAttributes()),
        request.caller().purposeOfUse().name(), request.caller().tenant(), patient, prompt,
        models.get(0), models, phi(ctx.messages()), breakGlass, ctx.clock().instant());
  }

  /**
   * Whether a prompt selector names a label ({@code prod}) rather than a version or a range ({@code
   * 1.2.0}, {@code ^1.2}, {@code v2}, {@code *}): those start with a digit or an operator and end
   * with a digit.
   */
  static boolean isLabel(String selector) {
    if (selector.equals("*") || Character.isDigit(selector.charAt(0))) {
      return false;
    }
    boolean operator = "^~=<>vV".indexOf(selector.charAt(0)) >= 0;
    return !(operator && Character.isDigit(selector.charAt(selector.length() - 1)));
  }

  private PolicyInput.Phi phi(List<ChatMessage> messages) {
    Map<PhiType, Integer> counts = null;
    for (ChatMessage m : messages) {
      for (Finding f : redactor.detect(m.content())) {
        if (counts == null) {
          counts = new EnumMap<>(PhiType.class);
        }
        counts.merge(f.type(), 1, Integer::sum);
      }
    }
    return counts == null ? PolicyInput.Phi.none() : new PolicyInput.Phi(counts);
  }
}
