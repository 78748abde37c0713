package dev.hai.core;

import dev.hai.core.cost.Budget;
import dev.hai.core.cost.BudgetOverrun;
import dev.hai.core.cost.Money;
import dev.hai.core.internal.Checks;
import dev.hai.core.spi.FailureKind;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a call: a value, never an exception. Switch over the permitted records; each
 * carries the call's {@link CallMetadata}.
 *
 * <pre>{@code
 * ClinicalResult result = client.call(request);
 * if (result instanceof ClinicalResult.Success s) {
 *   show(s.text());
 * } else if (result instanceof ClinicalResult.Unavailable u) {
 *   log.warn("model unavailable: {} (call {})", u.kind(), u.callId());
 * } else {
 *   ...
 * }
 * }</pre>
 *
 * <p>Which records a call can end in depends on what the client is built with: {@link Denied} needs a
 * policy engine, {@link BudgetExceeded} cost tracking with a budget, {@link Disabled} kill switches,
 * {@link AuditFailure} an audit sink. An output-validation outcome is planned; code that switches
 * over results should keep a default branch.
 */
public sealed interface ClinicalResult
    permits ClinicalResult.Success,
        ClinicalResult.Rejected,
        ClinicalResult.Unavailable,
        ClinicalResult.AuditFailure,
        ClinicalResult.Denied,
        ClinicalResult.BudgetExceeded,
        ClinicalResult.Disabled {

  CallMetadata metadata();

  /** The call's id, as in {@link CallMetadata#callId()}. */
  default UUID callId() {
    return metadata().callId();
  }

  /** Whether the call produced an answer. */
  default boolean isSuccess() {
    return this instanceof Success;
  }

  /** A short machine-readable name of the outcome: {@code "success"}, {@code "rejected"}, ... */
  String outcome();

  /** A copy of this result with other metadata. */
  ClinicalResult withMetadata(CallMetadata metadata);

  /**
   * The model answered.
   *
   * @param metadata the call's metadata, with the answering backend and model
   * @param text the answer
   * @param finishReason why the model stopped; {@link FinishReason#LENGTH} means the answer may be
   *     cut short
   * @param failures attempts that failed before this answer (retries, fallbacks), oldest first
   * @param humanReviewRequired whether the policy requires a person to review the answer before it
   *     is used (its {@code require_human_review} obligation; always so under break-glass in the
   *     starter policy)
   */
  record Success(
      CallMetadata metadata,
      String text,
      FinishReason finishReason,
      List<BackendFailure> failures,
      boolean humanReviewRequired)
      implements ClinicalResult {
    public Success {
      Checks.required(metadata, "metadata");
      Checks.required(text, "text");
      Checks.required(finishReason, "finishReason");
      failures = List.copyOf(failures);
    }

    /** An answer that no policy asked to have reviewed. */
    public Success(CallMetadata metadata, String text, FinishReason finishReason, List<BackendFailure> failures) {
      this(metadata, text, finishReason, failures, false);
    }

    /** A copy flagged for human review. */
    public Success withHumanReview() {
      return new Success(metadata, text, finishReason, failures, true);
    }

    @Override
    public String outcome() {
      return "success";
    }

    /** Shows the answer's length, never the answer: it may hold PHI. */
    @Override
    public String toString() {
      return "Success[metadata=" + metadata + ", text=<" + text.length() + " chars>, finishReason="
          + finishReason + ", failures=" + failures + ", humanReviewRequired=" + humanReviewRequired + "]";
    }

    @Override
    public Success withMetadata(CallMetadata metadata) {
      return new Success(metadata, text, finishReason, failures, humanReviewRequired);
    }
  }

  /**
   * The request was not acceptable and no model was called: an unknown prompt, a missing or
   * undeclared variable, a user stage's input check. A backend's own refusal of a request (an HTTP
   * 400, a prompt longer than a local model's context) is an {@link Unavailable} of kind {@link
   * FailureKind#INVALID_REQUEST} instead, because another backend in the chain may accept it.
   *
   * @param metadata the call's metadata
   * @param reason what to fix, in words
   * @param field the offending field, when one is to blame
   */
  record Rejected(CallMetadata metadata, String reason, @Nullable String field)
      implements ClinicalResult {
    public Rejected {
      Checks.required(metadata, "metadata");
      Checks.notBlank(reason, "reason");
    }

    public Optional<String> fieldName() {
      return Optional.ofNullable(field);
    }

    @Override
    public String outcome() {
      return "rejected";
    }

    @Override
    public Rejected withMetadata(CallMetadata metadata) {
      return new Rejected(metadata, reason, field);
    }
  }

  /**
   * No backend answered: every attempt, retry and fallback failed, or the deadline passed.
   *
   * @param metadata the call's metadata, naming the last backend tried
   * @param kind the kind of the last failure
   * @param reason the last failure, in words
   * @param failures every failed attempt, oldest first (empty when the deadline passed before the
   *     first attempt)
   */
  record Unavailable(
      CallMetadata metadata, FailureKind kind, String reason, List<BackendFailure> failures)
      implements ClinicalResult {
    public Unavailable {
      Checks.required(metadata, "metadata");
      Checks.required(kind, "kind");
      Checks.notBlank(reason, "reason");
      failures = List.copyOf(failures);
    }

    /** The last failed attempt, if any attempt was made. */
    public Optional<BackendFailure> lastFailure() {
      return failures.isEmpty() ? Optional.empty() : Optional.of(failures.get(failures.size() - 1));
    }

    @Override
    public String outcome() {
      return "unavailable";
    }

    @Override
    public Unavailable withMetadata(CallMetadata metadata) {
      return new Unavailable(metadata, kind, reason, failures);
    }
  }

  /**
   * The call's audit record could not be made durable, and the client fails closed (its default):
   * no answer is returned. If the audit sink was already known to be failing, the model was not
   * called; if the sink failed while the model was answering, the answer is withheld. See {@code
   * docs/audit-format.md}.
   *
   * @param metadata the call's metadata (the backend and tokens of an answer that was withheld, if
   *     the model was reached)
   * @param reason why the record could not be written, in words (no call content)
   * @param modelCalled whether a model was called before the failure was found
   */
  record AuditFailure(CallMetadata metadata, String reason, boolean modelCalled)
      implements ClinicalResult {
    public AuditFailure {
      Checks.required(metadata, "metadata");
      Checks.notBlank(reason, "reason");
    }

    @Override
    public String outcome() {
      return "audit_failure";
    }

    @Override
    public AuditFailure withMetadata(CallMetadata metadata) {
      return new AuditFailure(metadata, reason, modelCalled);
    }
  }

  /**
   * The compliance policy did not allow the call, or could not be evaluated (then the call fails
   * closed); no model was called.
   *
   * @param metadata the call's metadata
   * @param reasons the policy's reasons, in words for the user; when the policy could not be
   *     evaluated, one reason saying so
   * @param decisionId the decision's id in the decision log and audit record; for a policy that
   *     could not be evaluated, an id made by the client
   * @param bundleRevision the policy bundle's revision, when the engine reported one
   * @param evaluationFailed whether the denial is the fail-closed answer to an engine error,
   *     timeout or malformed decision rather than the policy's own
   */
  record Denied(
      CallMetadata metadata,
      List<String> reasons,
      String decisionId,
      @Nullable String bundleRevision,
      boolean evaluationFailed)
      implements ClinicalResult {
    public Denied {
      Checks.required(metadata, "metadata");
      reasons = List.copyOf(reasons);
      Checks.notBlank(decisionId, "decisionId");
    }

    /** The reasons joined with "; ", or a generic one when the policy gave none. */
    public String reason() {
      return reasons.isEmpty() ? "denied by policy" : String.join("; ", reasons);
    }

    @Override
    public String outcome() {
      return "denied";
    }

    @Override
    public Denied withMetadata(CallMetadata metadata) {
      return new Denied(metadata, reasons, decisionId, bundleRevision, evaluationFailed);
    }
  }

  /**
   * A hard budget does not fit the call's worst-case cost: the call was refused before any model was
   * called, and nothing was spent or held.
   *
   * @param metadata the call's metadata (no backend, no tokens, cost zero)
   * @param overrun the budget, its period, its spend, what calls in flight hold, and this call's
   *     worst-case reservation
   */
  record BudgetExceeded(CallMetadata metadata, BudgetOverrun overrun) implements ClinicalResult {
    public BudgetExceeded {
      Checks.required(metadata, "metadata");
      Checks.required(overrun, "overrun");
    }

    /** The budget that refused the call. */
    public Budget budget() {
      return overrun.budget();
    }

    /** The budget's settled spend in its period before this call. */
    public Money spent() {
      return overrun.spent();
    }

    /** This call's worst-case cost, which did not fit. */
    public Money reservation() {
      return overrun.requested();
    }

    @Override
    public String outcome() {
      return "budget_exceeded";
    }

    @Override
    public BudgetExceeded withMetadata(CallMetadata metadata) {
      return new BudgetExceeded(metadata, overrun);
    }
  }

  /**
   * A kill switch disabled the call: no model was called. Ops flip switches in an incident (see
   * {@code docs/kill-switches.md}); the call's audit record has outcome {@code disabled}.
   *
   * @param metadata the call's metadata ({@code attempts} is 0)
   * @param killSwitch the switch that disabled it: what, who flipped it, why and since when
   */
  record Disabled(CallMetadata metadata, KillSwitch killSwitch) implements ClinicalResult {
    public Disabled {
      Checks.required(metadata, "metadata");
      Checks.required(killSwitch, "killSwitch");
    }

    /** What is disabled, in the written form ({@code model:gpt-4o}). */
    public KillSwitch.Target target() {
      return killSwitch.target();
    }

    @Override
    public String outcome() {
      return "disabled";
    }

    @Override
    public Disabled withMetadata(CallMetadata metadata) {
      return new Disabled(metadata, killSwitch);
    }
  }
}
