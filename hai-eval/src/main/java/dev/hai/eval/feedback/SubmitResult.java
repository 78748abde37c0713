package dev.hai.eval.feedback;

import java.time.Instant;
import java.util.UUID;

/**
 * What {@link FeedbackStore#submit} did. A duplicate and an unknown call are expected outcomes of a
 * clinician-facing form, so they are values, not exceptions; a store that cannot be written throws
 * {@link FeedbackStoreException}.
 */
public sealed interface SubmitResult {

  /** The call the submission was about. */
  UUID callId();

  /**
   * Stored.
   *
   * @param feedback as stored: with {@code timeToRespond} set, and the correction redacted when the
   *     store redacts
   */
  record Accepted(Feedback feedback) implements SubmitResult {
    @Override
    public UUID callId() {
      return feedback.callId();
    }
  }

  /**
   * Refused: the call already has feedback (one per call; the first stands).
   *
   * @param callId the call
   * @param existingSubmittedAt when the feedback that stands was given
   */
  record Duplicate(UUID callId, Instant existingSubmittedAt) implements SubmitResult {}

  /**
   * Refused: the store's {@link CallIndex} knows no call with this id (a typo, another
   * deployment's call, or a call whose audit record has not been written).
   *
   * @param callId the id given
   */
  record UnknownCall(UUID callId) implements SubmitResult {}

  /**
   * Refused: the feedback is dated before the call it is about.
   *
   * @param callId the call
   * @param callTime when the call ended
   * @param submittedAt the feedback's time
   */
  record BeforeCall(UUID callId, Instant callTime, Instant submittedAt) implements SubmitResult {}
}
