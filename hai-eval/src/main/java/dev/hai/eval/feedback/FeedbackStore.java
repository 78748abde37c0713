package dev.hai.eval.feedback;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where clinicians' feedback is kept: at most one {@link Feedback} per call, validated against the
 * known calls. The embedded default is {@link JsonlFeedbackStore} (a JSON Lines file); {@code
 * JdbcFeedbackStore} in hai-store-jdbc keeps it in PostgreSQL for many JVMs.
 *
 * <pre>{@code
 * try (FeedbackStore store = JsonlFeedbackStore.builder(Path.of("feedback.jsonl"))
 *     .callIndex(CallIndex.auditLog(auditDir)).build()) {
 *   SubmitResult r = store.submit(feedback);
 *   if (r instanceof SubmitResult.Duplicate d) {
 *     tell("already answered at " + d.existingSubmittedAt());
 *   } else if (r instanceof SubmitResult.UnknownCall) {
 *     tell("no such call");
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations must be safe for concurrent use, from threads and (for a shared store) from
 * several processes: two submissions for one call must end with one {@link SubmitResult.Accepted}
 * and one {@link SubmitResult.Duplicate}, never two stored records. An accepted submission is
 * durable when {@code submit} returns. Implementations never log or put in a message the correction
 * text. {@code FeedbackStoreContractTest} (hai-eval's test jar) states the contract as tests.
 */
public interface FeedbackStore extends AutoCloseable {

  /**
   * Stores feedback on one call, if the call is known and has none yet.
   *
   * @return {@link SubmitResult.Accepted} with the stored form, or why it was refused
   * @throws FeedbackStoreException if the store cannot be written
   */
  SubmitResult submit(Feedback feedback);

  /** The feedback on this call, if any. */
  Optional<Feedback> get(UUID callId);

  /**
   * The feedback submitted in [{@code from}, {@code to}), ordered by submission time. Close the
   * stream.
   */
  Stream<Feedback> query(Instant from, Instant to);

  /** All feedback, ordered by submission time. */
  default List<Feedback> all() {
    try (Stream<Feedback> s = query(Instant.MIN, Instant.MAX)) {
      return s.collect(Collectors.toList());
    }
  }

  /** Releases the store's resources; the default does nothing. */
  @Override
  default void close() {}
}
