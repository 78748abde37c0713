package dev.hai.eval.internal;

import dev.hai.core.phi.PhiRedactor;
import dev.hai.eval.feedback.CallIndex;
import dev.hai.eval.feedback.Feedback;
import dev.hai.eval.feedback.SubmitResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The checks every {@code FeedbackStore} makes before it stores, shared by the JSON Lines and JDBC
 * stores: the call must be known and must have ended before the feedback; the time to respond is
 * set from the call's time; the correction is redacted when the store redacts. The duplicate check
 * is the store's, atomically with the write.
 */
public final class FeedbackAdmission {
  private FeedbackAdmission() {}

  /**
   * The feedback to store, or the refusal.
   *
   * @return {@link SubmitResult.Accepted} holding the feedback to write, or a refusal
   */
  public static SubmitResult admit(Feedback feedback, CallIndex calls, @Nullable PhiRedactor redactor) {
    Optional<Instant> callTime = calls.callTime(feedback.callId());
    if (callTime.isEmpty()) {
      return new SubmitResult.UnknownCall(feedback.callId());
    }
    if (feedback.submittedAt().isBefore(callTime.get())) {
      return new SubmitResult.BeforeCall(feedback.callId(), callTime.get(), feedback.submittedAt());
    }
    Feedback f = feedback.withTimeToRespond(Duration.between(callTime.get(), feedback.submittedAt()));
    if (redactor != null && f.correction() != null) {
      f = f.withCorrection(redactor.redact(f.correction()).text());
    }
    return new SubmitResult.Accepted(f);
  }
}
