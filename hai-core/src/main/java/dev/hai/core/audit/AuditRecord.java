package dev.hai.core.audit;

import dev.hai.core.PurposeOfUse;
import dev.hai.core.Usage;
import dev.hai.core.internal.Checks;
import dev.hai.core.internal.UuidV7;
import dev.hai.core.phi.PhiRedactor;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One call's audit record, schema version {@value #SCHEMA}; the fields and their JSON names are
 * documented in {@code docs/audit-format.md} and in the JSON Schema shipped as {@code
 * dev/hai/core/audit/audit-record-v1.schema.json}. It holds no PHI in clear: the patient is a keyed
 * hash, the input and output are SHA-256 digests, and content is present only when capture was
 * configured, then redacted.
 *
 * <p>The client makes the record without its chain fields ({@code seq} 0, {@code prev}, {@code
 * chain} and {@code hash} null); the {@link AuditSink} links it to its predecessor with {@link
 * AuditChain#seal} and returns the sealed copy.
 *
 * @param id the record's id, a UUIDv7
 * @param time when the call ended
 * @param callId the call's id, as in {@code ClinicalResult.callId()}
 * @param tenant the caller's tenant
 * @param actorId the caller's id
 * @param actorRole the caller's role
 * @param purposeOfUse the purpose of use, as the enum name ({@code "TREATMENT"})
 * @param patientRef {@code "hmac-sha256:<hex>"} of the request's patient id, or null
 * @param promptId the versioned prompt's id, when one was used
 * @param promptVersion its version
 * @param promptSha256 its content hash
 * @param promptLabel the label the request asked for, when it named one
 * @param promptExperiment the experiment that chose the version, when one did
 * @param promptArm the experiment's arm the call was assigned to
 * @param backend the backend that answered or was tried last, or null
 * @param model the model that answered or was asked last, or null
 * @param route the route arm the call went to, when a route matched it; in a {@code route.shadow}
 *     event, the shadow arm and the primary call's id; null otherwise
 * @param outcome {@code success}, {@code rejected}, {@code unavailable}, {@code denied} (the
 *     policy), {@code disabled} (a kill switch), {@code audit_failure}, {@code budget_exceeded},
 *     {@code error} (a stage threw), or {@value #EVENT_OUTCOME} for an administrative event; a later
 *     schema version may add outcomes (readers should accept unknown values)
 * @param outcomeDetail the failure kind (unavailable; {@code CLIENT_OVERLOADED} or {@code
 *     CLIENT_CLOSED} for a call {@code callAsync} refused), the field (rejected), {@code POLICY} or
 *     {@code POLICY_ERROR} (denied), the budget's key (budget_exceeded), the exception class
 *     (error), the kill-switch target, such as {@code model:gpt-4o} (disabled), or the event's kind
 *     (event); null otherwise
 * @param outcomeReason the reason in words, at most {@value #MAX_REASON_LENGTH} characters; null on
 *     success and for errors (an exception's message may hold call content)
 * @param attempts backend attempts made
 * @param usage tokens consumed
 * @param cost the call's exact cost as {@code "<ISO 4217 code> <amount with six decimals>"}, for
 *     example {@code "USD 0.004125"} ({@code dev.hai.core.cost.Money#toString()}; read it back with
 *     {@code Money.parse}); null when the client does no cost tracking or the cost is unknown
 * @param latencyMicros from the call's start to its end
 * @param policyDecision the policy decision, when the client has a policy engine and the call
 *     reached the policy stage; null otherwise
 * @param breakGlass the justification of the request's break-glass (emergency access) claim,
 *     PHI-redacted ({@code ""} when it gave none), whatever the call's outcome; null when the request
 *     made no claim
 * @param inputSha256 SHA-256 (hex) of the canonical JSON of the messages and parameters sent, or
 *     null when they were never settled
 * @param outputSha256 SHA-256 (hex) of the answer's UTF-8 text, or null when there was none
 * @param contentInput the redacted input, only when content capture is on
 * @param contentOutput the redacted output, only when content capture is on
 * @param event the administrative change this record reports (outcome {@value #EVENT_OUTCOME}), or
 *     null for a call's record
 * @param scheduling what the scheduler in front of a local backend did with the call (priority,
 *     queue wait, admission), or null when no scheduler saw it
 * @param seq the record's position in its chain, from 1; 0 before sealing
 * @param prev the previous record's hash (64 zeros for the first record); null before sealing
 * @param chain {@code "sha256"} or {@code "hmac-sha256"}; null before sealing
 * @param hash this record's hash over its canonical form without this field; null before sealing
 */
public record AuditRecord(
    UUID id,
    Instant time,
    UUID callId,
    String tenant,
    String actorId,
    String actorRole,
    String purposeOfUse,
    @Nullable String patientRef,
    @Nullable String promptId,
    @Nullable String promptVersion,
    @Nullable String promptSha256,
    @Nullable String promptLabel,
    @Nullable String promptExperiment,
    @Nullable String promptArm,
    @Nullable String backend,
    @Nullable String model,
    @Nullable AuditRoute route,
    String outcome,
    @Nullable String outcomeDetail,
    @Nullable String outcomeReason,
    int attempts,
    Usage usage,
    @Nullable String cost,
    long latencyMicros,
    @Nullable AuditPolicyDecision policyDecision,
    @Nullable String breakGlass,
    @Nullable String inputSha256,
    @Nullable String outputSha256,
    @Nullable String contentInput,
    @Nullable String contentOutput,
    @Nullable AuditEvent event,
    @Nullable AuditScheduling scheduling,
    long seq,
    @Nullable String prev,
    @Nullable String chain,
    @Nullable String hash) {

  /** The schema version this record type writes. */
  public static final int SCHEMA = 1;
  /** The {@code outcome} of a record that reports an {@link AuditEvent} instead of a call. */
  public static final String EVENT_OUTCOME = "event";
  /** The longest {@code outcomeReason} kept; longer reasons are cut. */
  public static final int MAX_REASON_LENGTH = 500;

  public AuditRecord {
    Checks.required(id, "id");
    Checks.required(time, "time");
    Checks.required(callId, "callId");
    Checks.notBlank(tenant, "tenant");
    Checks.notBlank(actorId, "actorId");
    Checks.notBlank(actorRole, "actorRole");
    Checks.notBlank(purposeOfUse, "purposeOfUse");
    Checks.notBlank(outcome, "outcome");
    Checks.required(usage, "usage");
    if (outcomeReason != null && outcomeReason.length() > MAX_REASON_LENGTH) {
      outcomeReason = outcomeReason.substring(0, MAX_REASON_LENGTH);
    }
  }

  /** Whether the call claimed emergency access (break-glass). */
  public boolean claimedBreakGlass() {
    return breakGlass != null;
  }

  /** Whether a sink has linked this record into its chain. */
  public boolean isSealed() {
    return hash != null;
  }

  /** A copy with the chain fields set; used by {@link AuditChain#seal}. */
  AuditRecord withChain(long seq, String prev, String chain, String hash) {
    return toBuilder().seq(seq).prev(prev).chain(chain).hash(hash).build();
  }

  /**
   * A builder for a call's record. Required: id, time, callId, tenant, actorId, actorRole,
   * purposeOfUse, outcome; usage defaults to zero tokens.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this record's fields, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.time = time;
    b.callId = callId;
    b.tenant = tenant;
    b.actorId = actorId;
    b.actorRole = actorRole;
    b.purposeOfUse = purposeOfUse;
    b.patientRef = patientRef;
    b.promptId = promptId;
    b.promptVersion = promptVersion;
    b.promptSha256 = promptSha256;
    b.promptLabel = promptLabel;
    b.promptExperiment = promptExperiment;
    b.promptArm = promptArm;
    b.backend = backend;
    b.model = model;
    b.route = route;
    b.outcome = outcome;
    b.outcomeDetail = outcomeDetail;
    b.outcomeReason = outcomeReason;
    b.attempts = attempts;
    b.usage = usage;
    b.cost = cost;
    b.latencyMicros = latencyMicros;
    b.policyDecision = policyDecision;
    b.breakGlass = breakGlass;
    b.inputSha256 = inputSha256;
    b.outputSha256 = outputSha256;
    b.contentInput = contentInput;
    b.contentOutput = contentOutput;
    b.event = event;
    b.scheduling = scheduling;
    b.seq = seq;
    b.prev = prev;
    b.chain = chain;
    b.hash = hash;
    return b;
  }

  /**
   * An unsealed record of an administrative change (a prompt label moved, a kill switch flipped),
   * to append to the same chain as call records. Its {@code callId} is its own id, its purpose of
   * use {@link dev.hai.core.PurposeOfUse#SYSTEM_ADMINISTRATION}, its outcome {@value
   * #EVENT_OUTCOME}, its {@code outcomeDetail} the event's kind and its {@code outcomeReason} the
   * reason given, with any identifier in it masked by the default {@link PhiRedactor}.
   *
   * @param event what changed
   * @param tenant the tenant the change applies to, or {@code "*"} for all
   * @param actorId who made the change
   * @param actorRole the role they acted in
   * @param reason why, in words (required: an unexplained change is not auditable)
   * @param clock the time source for the record's id and time
   */
  public static AuditRecord ofEvent(
      AuditEvent event, String tenant, String actorId, String actorRole, String reason, Clock clock) {
    Checks.required(event, "event");
    Checks.notBlank(reason, "reason");
    Checks.required(clock, "clock");
    UUID id = new UuidV7(clock).next();
    return builder()
        .id(id)
        .time(clock.instant())
        .callId(id)
        .tenant(tenant)
        .actorId(actorId)
        .actorRole(actorRole)
        .purposeOfUse(PurposeOfUse.SYSTEM_ADMINISTRATION.name())
        .outcome(EVENT_OUTCOME)
        .outcomeDetail(event.kind())
        .outcomeReason(EVENT_REASONS.redact(reason).text())
        .event(event)
        .build();
  }

  private static final PhiRedactor EVENT_REASONS = PhiRedactor.defaults();

  /** Whether this record reports an administrative event rather than a call. */
  public boolean isEvent() {
    return event != null;
  }

  /** Builds an {@link AuditRecord}; see {@link AuditRecord#builder()}. Not thread-safe. */
  public static final class Builder {
    private UUID id;
    private Instant time;
    private UUID callId;
    private String tenant;
    private String actorId;
    private String actorRole;
    private String purposeOfUse;
    private @Nullable String patientRef;
    private @Nullable String promptId;
    private @Nullable String promptVersion;
    private @Nullable String promptSha256;
    private @Nullable String promptLabel;
    private @Nullable String promptExperiment;
    private @Nullable String promptArm;
    private @Nullable String backend;
    private @Nullable String model;
    private @Nullable AuditRoute route;
    private String outcome;
    private @Nullable String outcomeDetail;
    private @Nullable String outcomeReason;
    private int attempts;
    private Usage usage = Usage.zero();
    private @Nullable String cost;
    private long latencyMicros;
    private @Nullable AuditPolicyDecision policyDecision;
    private @Nullable String breakGlass;
    private @Nullable String inputSha256;
    private @Nullable String outputSha256;
    private @Nullable String contentInput;
    private @Nullable String contentOutput;
    private @Nullable AuditEvent event;
    private @Nullable AuditScheduling scheduling;
    private long seq;
    private @Nullable String prev;
    private @Nullable String chain;
    private @Nullable String hash;

    private Builder() {}

    /** Sets {@link AuditRecord#id()}. */
    public Builder id(UUID id) {
      this.id = id;
      return this;
    }

    /** Sets {@link AuditRecord#time()}. */
    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    /** Sets {@link AuditRecord#callId()}. */
    public Builder callId(UUID callId) {
      this.callId = callId;
      return this;
    }

    /** Sets {@link AuditRecord#tenant()}. */
    public Builder tenant(String tenant) {
      this.tenant = tenant;
      return this;
    }

    /** Sets {@link AuditRecord#actorId()}. */
    public Builder actorId(String actorId) {
      this.actorId = actorId;
      return this;
    }

    /** Sets {@link AuditRecord#actorRole()}. */
    public Builder actorRole(String actorRole) {
      this.actorRole = actorRole;
      return this;
    }

    /** Sets {@link AuditRecord#purposeOfUse()}. */
    public Builder purposeOfUse(String purposeOfUse) {
      this.purposeOfUse = purposeOfUse;
      return this;
    }

    /** Sets {@link AuditRecord#patientRef()}. */
    public Builder patientRef(@Nullable String patientRef) {
      this.patientRef = patientRef;
      return this;
    }

    /** Sets {@link AuditRecord#promptId()}. */
    public Builder promptId(@Nullable String promptId) {
      this.promptId = promptId;
      return this;
    }

    /** Sets {@link AuditRecord#promptVersion()}. */
    public Builder promptVersion(@Nullable String promptVersion) {
      this.promptVersion = promptVersion;
      return this;
    }

    /** Sets {@link AuditRecord#promptSha256()}. */
    public Builder promptSha256(@Nullable String promptSha256) {
      this.promptSha256 = promptSha256;
      return this;
    }

    /** Sets {@link AuditRecord#promptLabel()}. */
    public Builder promptLabel(@Nullable String promptLabel) {
      this.promptLabel = promptLabel;
      return this;
    }

    /** Sets {@link AuditRecord#promptExperiment()} and {@link AuditRecord#promptArm()}. */
    public Builder promptArm(@Nullable String promptExperiment, @Nullable String promptArm) {
      this.promptExperiment = promptExperiment;
      this.promptArm = promptArm;
      return this;
    }

    /** Sets {@link AuditRecord#backend()}. */
    public Builder backend(@Nullable String backend) {
      this.backend = backend;
      return this;
    }

    /** Sets {@link AuditRecord#model()}. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** Sets {@link AuditRecord#route()}. */
    public Builder route(@Nullable AuditRoute route) {
      this.route = route;
      return this;
    }

    /** Sets {@link AuditRecord#outcome()}. */
    public Builder outcome(String outcome) {
      this.outcome = outcome;
      return this;
    }

    /** Sets {@link AuditRecord#outcomeDetail()}. */
    public Builder outcomeDetail(@Nullable String outcomeDetail) {
      this.outcomeDetail = outcomeDetail;
      return this;
    }

    /** Sets {@link AuditRecord#outcomeReason()}. */
    public Builder outcomeReason(@Nullable String outcomeReason) {
      this.outcomeReason = outcomeReason;
      return this;
    }

    /** Sets {@link AuditRecord#attempts()}. */
    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    /** Sets {@link AuditRecord#usage()}. */
    public Builder usage(Usage usage) {
      this.usage = usage;
      return this;
    }

    /** Sets {@link AuditRecord#cost()}. */
    public Builder cost(@Nullable String cost) {
      this.cost = cost;
      return this;
    }

    /** Sets {@link AuditRecord#latencyMicros()}. */
    public Builder latencyMicros(long latencyMicros) {
      this.latencyMicros = latencyMicros;
      return this;
    }

    /** Sets {@link AuditRecord#policyDecision()}. */
    public Builder policyDecision(@Nullable AuditPolicyDecision policyDecision) {
      this.policyDecision = policyDecision;
      return this;
    }

    /** Sets {@link AuditRecord#breakGlass()}. */
    public Builder breakGlass(@Nullable String breakGlass) {
      this.breakGlass = breakGlass;
      return this;
    }

    /** Sets {@link AuditRecord#inputSha256()}. */
    public Builder inputSha256(@Nullable String inputSha256) {
      this.inputSha256 = inputSha256;
      return this;
    }

    /** Sets {@link AuditRecord#outputSha256()}. */
    public Builder outputSha256(@Nullable String outputSha256) {
      this.outputSha256 = outputSha256;
      return this;
    }

    /** Sets {@link AuditRecord#contentInput()}. */
    public Builder contentInput(@Nullable String contentInput) {
      this.contentInput = contentInput;
      return this;
    }

    /** Sets {@link AuditRecord#contentOutput()}. */
    public Builder contentOutput(@Nullable String contentOutput) {
      this.contentOutput = contentOutput;
      return this;
    }

    /** Sets {@link AuditRecord#event()}. */
    public Builder event(@Nullable AuditEvent event) {
      this.event = event;
      return this;
    }

    /** Sets {@link AuditRecord#scheduling()}. */
    public Builder scheduling(@Nullable AuditScheduling scheduling) {
      this.scheduling = scheduling;
      return this;
    }

    /** Sets {@link AuditRecord#seq()}. */
    public Builder seq(long seq) {
      this.seq = seq;
      return this;
    }

    /** Sets {@link AuditRecord#prev()}. */
    public Builder prev(@Nullable String prev) {
      this.prev = prev;
      return this;
    }

    /** Sets {@link AuditRecord#chain()}. */
    public Builder chain(@Nullable String chain) {
      this.chain = chain;
      return this;
    }

    /** Sets {@link AuditRecord#hash()}. */
    public Builder hash(@Nullable String hash) {
      this.hash = hash;
      return this;
    }

    /**
     * The record.
     *
     * @throws IllegalArgumentException naming the first required field that is missing
     */
    public AuditRecord build() {
      return new AuditRecord(
          id, time, callId, tenant, actorId, actorRole, purposeOfUse, patientRef, promptId,
          promptVersion, promptSha256, promptLabel, promptExperiment, promptArm, backend, model, route, outcome, outcomeDetail,
          outcomeReason, attempts, usage, cost, latencyMicros, policyDecision, breakGlass, inputSha256,
          outputSha256, contentInput, contentOutput, event, scheduling, seq, prev, chain, hash);
    }
  }
}
