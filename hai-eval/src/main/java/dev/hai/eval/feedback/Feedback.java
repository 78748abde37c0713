package dev.hai.eval.feedback;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One clinician's feedback on one answered call, keyed by the call's id ({@code
 * ClinicalResult.callId()}, the audit record's {@code callId}).
 *
 * <pre>{@code
 * store.submit(Feedback.builder(callId, Verdict.INCORRECT)
 *     .category(FeedbackCategory.OMISSION)
 *     .correction("Allergy to penicillin not mentioned.")
 *     .clinician("u-4711", "attending-physician")
 *     .submittedAt(clock.instant())
 *     .build());
 * }</pre>
 *
 * <p><b>PHI.</b> {@code correction} is free text a clinician typed about a patient's answer and may
 * hold PHI. It is stored as given unless the store was built to redact it on write (see {@link
 * JsonlFeedbackStore.Builder#redactCorrections}); it is never logged and never put in an exception
 * message. Every other field is PHI-free by construction.
 *
 * @param callId the call the feedback is about
 * @param verdict correct, incorrect or partially correct
 * @param category what was wrong; required unless the verdict is {@link Verdict#CORRECT}, and
 *     absent when it is
 * @param correction what the answer should have said, or null
 * @param clinicianId who gave the feedback
 * @param clinicianRole the role they gave it in
 * @param submittedAt when it was given
 * @param timeToRespond from the call's time to {@code submittedAt}; the store sets it from its
 *     {@link CallIndex} when it accepts the feedback (null before)
 */
public record Feedback(
    UUID callId,
    Verdict verdict,
    @Nullable FeedbackCategory category,
    @Nullable String correction,
    String clinicianId,
    String clinicianRole,
    Instant submittedAt,
    @Nullable Duration timeToRespond) {

  /** The longest correction text kept, in characters. */
  public static final int MAX_CORRECTION_LENGTH = 4000;

  public Feedback {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(submittedAt, "submittedAt");
    notBlank(clinicianId, "clinicianId");
    notBlank(clinicianRole, "clinicianRole");
    if (verdict != Verdict.CORRECT && category == null) {
      throw new IllegalArgumentException("feedback on call " + callId + ": category is required when the verdict is "
          + verdict + " (one of FACTUAL_ERROR, OMISSION, UNSAFE, FORMATTING, OTHER)");
    }
    if (verdict == Verdict.CORRECT && category != null) {
      throw new IllegalArgumentException("feedback on call " + callId + ": a CORRECT verdict takes no category, got "
          + category);
    }
    if (correction != null && correction.length() > MAX_CORRECTION_LENGTH) {
      throw new IllegalArgumentException("feedback on call " + callId + ": correction is " + correction.length()
          + " characters, at most " + MAX_CORRECTION_LENGTH);
    }
    if (timeToRespond != null && timeToRespond.isNegative()) {
      throw new IllegalArgumentException("feedback on call " + callId + ": timeToRespond is negative");
    }
  }

  private static void notBlank(@Nullable String s, String name) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("feedback: " + name + " is required");
    }
  }

  /** A builder for feedback on {@code callId}. */
  public static Builder builder(UUID callId, Verdict verdict) {
    return new Builder(callId, verdict);
  }

  /** Whether the verdict is anything but {@link Verdict#CORRECT}. */
  public boolean isError() {
    return verdict != Verdict.CORRECT;
  }

  /** A copy with {@code timeToRespond} set. */
  public Feedback withTimeToRespond(Duration d) {
    return new Feedback(callId, verdict, category, correction, clinicianId, clinicianRole, submittedAt, d);
  }

  /** A copy with {@code correction} replaced. */
  public Feedback withCorrection(@Nullable String text) {
    return new Feedback(callId, verdict, category, text, clinicianId, clinicianRole, submittedAt, timeToRespond);
  }

  /** Builds {@link Feedback}; not thread-safe. */
  public static final class Builder {
    private final UUID callId;
    private final Verdict verdict;
    private @Nullable FeedbackCategory category;
    private @Nullable String correction;
    private @Nullable String clinicianId;
    private @Nullable String clinicianRole;
    private @Nullable Instant submittedAt;

    private Builder(UUID callId, Verdict verdict) {
      this.callId = Objects.requireNonNull(callId, "callId");
      this.verdict = Objects.requireNonNull(verdict, "verdict");
    }

    /** What was wrong (required unless CORRECT). */
    public Builder category(FeedbackCategory category) {
      this.category = Objects.requireNonNull(category, "category");
      return this;
    }

    /** The correction text (may hold PHI; see {@link Feedback}). */
    public Builder correction(String text) {
      this.correction = Objects.requireNonNull(text, "correction");
      return this;
    }

    /** Who gives the feedback, and in which role. */
    public Builder clinician(String id, String role) {
      this.clinicianId = id;
      this.clinicianRole = role;
      return this;
    }

    /** When it was given; required. */
    public Builder submittedAt(Instant time) {
      this.submittedAt = Objects.requireNonNull(time, "submittedAt");
      return this;
    }

    public Feedback build() {
      if (submittedAt == null) {
        throw new IllegalStateException("feedback: submittedAt is required");
      }
      return new Feedback(callId, verdict, category, correction, Objects.requireNonNullElse(clinicianId, ""),
          Objects.requireNonNullElse(clinicianRole, ""), submittedAt, null);
    }
  }
}
