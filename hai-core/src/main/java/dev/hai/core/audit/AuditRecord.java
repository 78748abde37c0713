package dev.hai.core.audit;

import dev.hai.core.Usage;
import dev.hai.core.internal.Checks;
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
 * @param outcome {@code success}, {@code rejected}, {@code unavailable}, {@code audit_failure} or
 *     {@code error} (a stage threw)
 * @param outcomeDetail the failure kind (unavailable), the field (rejected) or the exception class
 *     (error); null otherwise
 * @param outcomeReason the reason in words, at most {@value #MAX_REASON_LENGTH} characters; null on
 *     success and for errors (an exception's message may hold call content)
 * @param attempts backend attempts made
 * @param usage tokens consumed
 * @param cost the call's cost, when known (null until cost tracking exists)
 * @param latencyMicros from the call's start to its end
 * @param policyDecision the policy decision, when known (null until the policy stage exists)
 * @param inputSha256 SHA-256 (hex) of the canonical JSON of the messages and parameters sent, or
 *     null when they were never settled
 * @param outputSha256 SHA-256 (hex) of the answer's UTF-8 text, or null when there was none
 * @param contentInput the redacted input, only when content capture is on
 * @param contentOutput the redacted output, only when content capture is on
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
    String outcome,
    @Nullable String outcomeDetail,
    @Nullable String outcomeReason,
    int attempts,
    Usage usage,
    @Nullable String cost,
    long latencyMicros,
    @Nullable String policyDecision,
    @Nullable String inputSha256,
    @Nullable String outputSha256,
    @Nullable String contentInput,
    @Nullable String contentOutput,
    long seq,
    @Nullable String prev,
    @Nullable String chain,
    @Nullable String hash) {

  /** The schema version this record type writes. */
  public static final int SCHEMA = 1;
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

  /** A record without a prompt label or experiment: the constructor before they existed. */
  public AuditRecord(UUID id, Instant time, UUID callId, String tenant, String actorId, String actorRole,
      String purposeOfUse, @Nullable String patientRef, @Nullable String promptId,
      @Nullable String promptVersion, @Nullable String promptSha256, @Nullable String backend,
      @Nullable String model, String outcome, @Nullable String outcomeDetail,
      @Nullable String outcomeReason, int attempts, Usage usage, @Nullable String cost,
      long latencyMicros, @Nullable String policyDecision, @Nullable String inputSha256,
      @Nullable String outputSha256, @Nullable String contentInput, @Nullable String contentOutput,
      long seq, @Nullable String prev, @Nullable String chain, @Nullable String hash) {
    this(id, time, callId, tenant, actorId, actorRole, purposeOfUse, patientRef, promptId, promptVersion,
        promptSha256, null, null, null, backend, model, outcome, outcomeDetail, outcomeReason, attempts,
        usage, cost, latencyMicros, policyDecision, inputSha256, outputSha256, contentInput, contentOutput,
        seq, prev, chain, hash);
  }

  /** Whether a sink has linked this record into its chain. */
  public boolean isSealed() {
    return hash != null;
  }

  /** A copy with the chain fields set; used by {@link AuditChain#seal}. */
  AuditRecord withChain(long seq, String prev, String chain, String hash) {
    return new AuditRecord(id, time, callId, tenant, actorId, actorRole, purposeOfUse, patientRef,
        promptId, promptVersion, promptSha256, promptLabel, promptExperiment, promptArm, backend, model,
        outcome, outcomeDetail, outcomeReason, attempts, usage, cost, latencyMicros, policyDecision, inputSha256, outputSha256, contentInput,
        contentOutput, seq, prev, chain, hash);
  }
}
