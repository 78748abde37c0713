package dev.hai.core.internal.audit;

import dev.hai.core.CallMetadata;
import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.PromptSource;
import dev.hai.core.phi.PhiRedactor;
import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditPolicyDecision;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditRoute;
import dev.hai.core.audit.AuditScheduling;
import dev.hai.core.audit.ContentRedactor;
import dev.hai.core.internal.BuiltInStage;
import dev.hai.core.internal.UuidV7;
import dev.hai.core.internal.cost.BudgetStage;
import dev.hai.core.spi.CallContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Implementation notes: the fail-closed rule.
 *
 * The stage writes one record per call, after the call ends, and returns the result only after
 * the sink said the record is durable. Before letting a call proceed it asks the sink whether it is
 * ready; a sink whose last write failed answers only after a probe write, so once the disk is full
 * or the file unwritable no further model call starts. A call that was already past that check when
 * the sink failed did reach the model; its answer is withheld (AuditFailure) and the call id is
 * logged at ERROR. So: no result reaches the application without a durable record, and no model
 * call starts while the sink is known to be failing. docs/audit-format.md says the same.
 */
/** The outermost stage: one durable audit record per call. */
public final class AuditStage implements BuiltInStage {
  private static final Logger log = LoggerFactory.getLogger(AuditStage.class);

  /** Where the model stage notes what it sent, for the input digest. */
  public static final CallContext.Key<Trace> TRACE = new CallContext.Key<>("hai.audit.trace", Trace.class);

  /** What the policy and model stages did; filled in by them, read by this stage. */
  public static final class Trace {
    private volatile @Nullable List<ChatMessage> messages;
    private volatile @Nullable GenerationParameters parameters;
    private volatile @Nullable PolicyTrace policy;
    private volatile dev.hai.core.spi.@Nullable SchedulingInfo scheduling;

    public void sent(List<ChatMessage> messages, GenerationParameters parameters) {
      this.parameters = parameters;
      this.messages = messages;
    }

    public void policy(PolicyTrace policy) {
      this.policy = policy;
    }

    /** What a scheduler did with the last scheduled attempt; the model stage notes it. */
    public void scheduling(dev.hai.core.spi.SchedulingInfo scheduling) {
      this.scheduling = scheduling;
    }

    /** The policy stage's note, if it ran. */
    public @Nullable PolicyTrace policy() {
      return policy;
    }
  }

  /**
   * What the policy stage decided, for the record.
   *
   * @param decisionId the decision's id
   * @param bundleRevision the bundle's revision, when known
   * @param result {@code allow}, {@code deny} or {@code error} (could not be evaluated: denied)
   * @param breakGlass the request's claim, justification already PHI-redacted
   * @param auditContent whether the decision obliges this call's redacted content to be kept
   */
  public record PolicyTrace(String decisionId, @Nullable String bundleRevision, String result,
      dev.hai.core.policy.PolicyInput.BreakGlass breakGlass, boolean auditContent) {}

  private final AuditSettings settings;
  private final UuidV7 ids;
  private final LongAdder alarms = new LongAdder();

  /** Masks identifiers in reasons written by others (user stages, providers) before recording. */
  private final PhiRedactor redactor;

  public AuditStage(AuditSettings settings, Clock clock, PhiRedactor redactor) {
    this.settings = settings;
    this.redactor = redactor;
    this.ids = new UuidV7(clock);
  }

  @Override
  public String name() {
    return "audit";
  }

  @Override
  public String detail() {
    return settings.sink().describe()
        + (settings.failOpen() ? "; fails OPEN (alarms so far: " + alarms.sum() + ")" : "; fails closed")
        + "; patient key " + (settings.patientKey() == null ? "not set (requests with a patient id are rejected)" : "set")
        + "; content capture " + (settings.contentRedactor() == null ? "off" : "on, redacted");
  }

  /** Calls that went on without a durable record (fail-open only). */
  public long alarms() {
    return alarms.sum();
  }

  @Override
  public ClinicalResult intercept(Chain chain) {
    CallContext ctx = chain.context();
    boolean recordable = true;
    if (!settings.sink().ready()) {
      AuditException e = new AuditException("the audit sink is not ready: " + settings.sink().describe());
      if (!settings.failOpen()) {
        log.error("call {} refused before the model: {}", ctx.callId(), e.getMessage());
        return new ClinicalResult.AuditFailure(ctx.metadata(), e.getMessage(), false);
      }
      alarm(ctx, e);
      recordable = false;
    }
    ClinicalResult result;
    Trace trace = new Trace();
    try {
      if (ctx.request().patientId() != null && settings.patientKey() == null) {
        result = new ClinicalResult.Rejected(ctx.metadata(),
            "the request names a patient but the client has no audit patient key to record it with "
                + "(ClinicalModelClient.Builder.auditPatientKey)", "patientId");
      } else {
        result = chain.proceed(ctx.with(TRACE, trace));
      }
    } catch (Throwable t) {
      if (recordable) {
        try {
          settings.sink().append(record(ctx, null, t, trace));
        } catch (AuditException e) {
          t.addSuppressed(e);
          if (settings.failOpen()) {
            alarm(ctx, e);
          } else {
            log.error("call {} threw {} and its audit record could not be written: {}",
                ctx.callId(), t.getClass().getName(), e.getMessage());
          }
        }
      }
      throw t;
    }
    if (!recordable) {
      return result;
    }
    try {
      settings.sink().append(record(ctx, result, null, trace));
      return result;
    } catch (AuditException e) {
      if (settings.failOpen()) {
        alarm(ctx, e);
        return result;
      }
      boolean modelCalled = result.metadata().attempts() > 0;
      log.error("call {} failed closed: its audit record could not be made durable ({}){}", ctx.callId(),
          e.getMessage(), modelCalled ? "; the model was called and its answer is withheld" : "");
      return new ClinicalResult.AuditFailure(result.metadata(),
          "the audit record could not be made durable: " + e.getMessage(), modelCalled);
    }
  }

  /** {@code outcomeDetail} of a call the policy denied. */
  public static final String POLICY = "POLICY";
  /** {@code outcomeDetail} of a call denied because the policy could not be evaluated. */
  public static final String POLICY_ERROR = "POLICY_ERROR";

  /** {@code outcomeDetail} of a call refused because the client's async queue was full. */
  public static final String CLIENT_OVERLOADED = "CLIENT_OVERLOADED";
  /** {@code outcomeDetail} of a call refused because the client's async executor was shut down. */
  public static final String CLIENT_CLOSED = "CLIENT_CLOSED";

  /**
   * Records a call that {@code callAsync} refused before it started, on the refusing thread and
   * before the caller's future completes: outcome {@code unavailable} with detail {@link
   * #CLIENT_OVERLOADED} (or {@link #CLIENT_CLOSED}). The refusal itself stands whatever happens
   * here; a record that cannot be written is added to it as a suppressed exception, logged, and
   * with fail-open raises the alarm.
   */
  public void refused(CallContext ctx, RejectedExecutionException refusal, boolean executorShutDown) {
    String detail = executorShutDown ? CLIENT_CLOSED : CLIENT_OVERLOADED;
    String reason = executorShutDown
        ? "callAsync refused the call: the client's async executor is shut down"
        : "callAsync refused the call: the client's async executor and its queue are full";
    try {
      settings.sink().append(record(ctx, null, null, new Trace(), detail, reason));
    } catch (RuntimeException e) {
      refusal.addSuppressed(e);
      AuditException ae = e instanceof AuditException a ? a : new AuditException("audit write failed: " + e, e);
      if (settings.failOpen()) {
        alarm(ctx, ae);
      } else {
        log.error("call {} was refused by callAsync ({}) and its audit record could not be written: {}",
            ctx.callId(), detail, ae.getMessage());
      }
    }
  }

  private void alarm(CallContext ctx, AuditException e) {
    alarms.increment();
    log.error("AUDIT ALARM: call {} proceeds without a durable audit record (fail-open configured): {}",
        ctx.callId(), e.getMessage());
    if (settings.alarm() != null) {
      try {
        settings.alarm().raised(ctx.callId(), e);
      } catch (RuntimeException ex) {
        log.warn("audit alarm listener threw {}", ex.toString());
      }
    }
  }

  private AuditRecord record(CallContext ctx, @Nullable ClinicalResult result, @Nullable Throwable thrown, Trace trace) {
    return record(ctx, result, thrown, trace, null, null);
  }

  /** With {@code refusedDetail} set, the record of a call refused before it started. */
  private AuditRecord record(CallContext ctx, @Nullable ClinicalResult result, @Nullable Throwable thrown,
      Trace trace, @Nullable String refusedDetail, @Nullable String refusedReason) {
    ClinicalRequest request = ctx.request();
    // A thrown call may have reached a model: its cost stays unknown.
    CallMetadata md = thrown != null ? ctx.metadata() : BudgetStage.costed(ctx, result != null ? result.metadata() : ctx.metadata());
    PromptInfo prompt = md.prompt();
    String outcome;
    String detail = null;
    String reason = null;
    if (refusedDetail != null) {
      outcome = "unavailable";
      detail = refusedDetail;
      reason = refusedReason;
    } else if (thrown != null) {
      outcome = "error";
      detail = thrown.getClass().getName();
    } else if (result instanceof ClinicalResult.Success) {
      outcome = result.outcome();
    } else if (result instanceof ClinicalResult.Rejected r) {
      outcome = r.outcome();
      detail = r.field();
      reason = redactor.redact(r.reason()).text(); // a user stage may quote input
    } else if (result instanceof ClinicalResult.Unavailable u) {
      outcome = u.outcome();
      detail = u.kind().name();
      reason = redactor.redact(u.reason()).text();
    } else if (result instanceof ClinicalResult.Disabled d) {
      outcome = d.outcome();
      detail = d.target().toString();
      // An operator's reason is free text and may name a patient; identifiers in it are masked.
      reason = "disabled by " + d.killSwitch().by() + " since " + d.killSwitch().since() + ": "
          + redactor.redact(d.killSwitch().why()).text();
    } else if (result instanceof ClinicalResult.AuditFailure a) {
      outcome = a.outcome();
      reason = a.reason();
    } else if (result instanceof ClinicalResult.Denied d) {
      outcome = d.outcome();
      detail = d.evaluationFailed() ? POLICY_ERROR : POLICY;
      reason = redactor.redact(d.reason()).text();
    } else if (result instanceof ClinicalResult.BudgetExceeded b) {
      outcome = b.outcome();
      detail = b.budget().key();
      reason = b.overrun().describe();
    } else {
      outcome = result == null ? "error" : result.outcome();
    }

    List<ChatMessage> messages = trace.messages;
    GenerationParameters params = trace.parameters;
    if (messages == null && request.prompt() instanceof PromptSource.Inline inline) {
      messages = inline.messages();
      params = request.parameters();
    }
    String input = messages == null ? null : inputJson(messages, params == null ? GenerationParameters.none() : params);
    String output = result instanceof ClinicalResult.Success s ? s.text() : null;

    String contentIn = null;
    String contentOut = null;
    PolicyTrace policy = trace.policy();
    ContentRedactor redactor = settings.contentRedactor();
    if (redactor == null && policy != null && policy.auditContent()) {
      // The policy's audit_content obligation: this call's content is kept, PHI-redacted.
      redactor = ContentRedactor.phi(this.redactor);
    }
    if (redactor != null) {
      try {
        contentIn = messages == null ? null : CanonicalJson.write(messageTree(messages, redactor));
        contentOut = output == null ? null : redactor.redact(output);
      } catch (RuntimeException e) {
        log.warn("content redactor threw {}; call {} is recorded without content", e.getClass().getName(), ctx.callId());
        contentIn = null;
        contentOut = null;
      }
    }
    String patientRef = null;
    byte[] key = settings.patientKey();
    if (request.patientId() != null && key != null) {
      patientRef = "hmac-sha256:" + Digests.hmacSha256Hex(key, request.patientId());
    }
    AuditRecord.Builder b = AuditRecord.builder()
        .id(ids.next())
        .time(ctx.clock().instant())
        .callId(ctx.callId())
        .tenant(request.caller().tenant())
        .actorId(request.caller().actorId())
        .actorRole(request.caller().role())
        .purposeOfUse(request.caller().purposeOfUse().name())
        .patientRef(patientRef)
        .backend(md.backend())
        .model(md.model())
        .route(md.route() == null ? null : new AuditRoute(md.route().route(), md.route().arm(),
            md.route().role().wireName(), md.route().challengerShare(), md.route().reason(), null))
        .outcome(outcome)
        .outcomeDetail(detail)
        .outcomeReason(reason)
        .attempts(md.attempts())
        .usage(md.usage())
        .cost(md.cost() == null ? null : md.cost().toString())
        .latencyMicros(ctx.elapsed().toNanos() / 1000)
        // The claim itself, whether or not the call reached the policy stage; it may name the patient.
        .breakGlass(request.breakGlass() == null ? null : this.redactor.redact(request.breakGlass()).text())
        .inputSha256(input == null ? null : Digests.sha256Hex(input))
        .outputSha256(output == null ? null : Digests.sha256Hex(output))
        .contentInput(contentIn)
        .contentOutput(contentOut);
    if (prompt != null) {
      b.promptId(prompt.promptId()).promptVersion(prompt.version()).promptSha256(prompt.sha256())
          .promptLabel(prompt.label()).promptArm(prompt.experiment(), prompt.arm());
    }
    dev.hai.core.spi.SchedulingInfo scheduling = trace.scheduling;
    if (scheduling != null) {
      b.scheduling(new AuditScheduling(scheduling.priority().name(), scheduling.priority().level(),
          scheduling.queueWait().toMillis(), scheduling.admission().name().toLowerCase(java.util.Locale.ROOT)));
    }
    if (policy != null) {
      b.policyDecision(new AuditPolicyDecision(policy.decisionId(), policy.bundleRevision(), policy.result(),
          policy.breakGlass().enabled(), policy.breakGlass().justification()));
    }
    return b.build();
  }

  /**
   * The exact input as canonical JSON: {@code {"messages":[{"content":..,"role":..}..],
   * "parameters":{"maxTokens":..,"model":..,"seed":..,"stop":[..],"temperature":..,"topP":..}}}, unset
   * parameters omitted, numbers as Java writes them.
   */
  public static String inputJson(List<ChatMessage> messages, GenerationParameters p) {
    Map<String, Object> params = new LinkedHashMap<>();
    if (p.model() != null) {
      params.put("model", p.model());
    }
    if (p.temperature() != null) {
      params.put("temperature", new CanonicalJson.Num(p.temperature().toString()));
    }
    if (p.topP() != null) {
      params.put("topP", new CanonicalJson.Num(p.topP().toString()));
    }
    if (p.maxTokens() != null) {
      params.put("maxTokens", p.maxTokens());
    }
    if (p.seed() != null) {
      params.put("seed", p.seed());
    }
    if (!p.stop().isEmpty()) {
      params.put("stop", p.stop());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messages", messageTree(messages, null));
    m.put("parameters", params);
    return CanonicalJson.write(m);
  }

  private static List<Object> messageTree(List<ChatMessage> messages, @Nullable ContentRedactor redactor) {
    List<Object> list = new ArrayList<>(messages.size());
    for (ChatMessage msg : messages) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("role", msg.role().name().toLowerCase(java.util.Locale.ROOT));
      one.put("content", redactor == null ? msg.content() : redactor.redact(msg.content()));
      list.add(one);
    }
    return list;
  }
}
