package dev.hai.eval.rollout;

import dev.hai.eval.feedback.Feedback;
import dev.hai.eval.feedback.FeedbackCategory;
import dev.hai.eval.feedback.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds routed calls with feedback in given counts, for the engine's tests. */
final class Arms {
  static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

  final List<ArmCall> calls = new ArrayList<>();
  final List<Feedback> feedback = new ArrayList<>();
  private int seq;

  /** Adds {@code count} answered calls of an arm, each with feedback of {@code verdict}/{@code category}. */
  Arms add(String arm, ArmCall.Role role, int count, Verdict verdict, FeedbackCategory category) {
    for (int i = 0; i < count; i++) {
      UUID id = call(arm, role, true);
      Feedback.Builder b = Feedback.builder(id, verdict).clinician("u-" + (seq % 3), "attending-physician")
          .submittedAt(T0.plusSeconds(seq));
      if (verdict != Verdict.CORRECT) {
        b.category(category);
      }
      feedback.add(b.build().withTimeToRespond(Duration.ofMinutes(seq % 7)));
    }
    return this;
  }

  Arms correct(String arm, ArmCall.Role role, int count) {
    return add(arm, role, count, Verdict.CORRECT, FeedbackCategory.OTHER);
  }

  Arms wrong(String arm, ArmCall.Role role, int count) {
    return add(arm, role, count, Verdict.INCORRECT, FeedbackCategory.FACTUAL_ERROR);
  }

  Arms unsafe(String arm, ArmCall.Role role, int count) {
    return add(arm, role, count, Verdict.INCORRECT, FeedbackCategory.UNSAFE);
  }

  /** Adds calls without feedback (answered or not). */
  Arms silent(String arm, ArmCall.Role role, int count, boolean answered) {
    for (int i = 0; i < count; i++) {
      call(arm, role, answered);
    }
    return this;
  }

  private UUID call(String arm, ArmCall.Role role, boolean answered) {
    UUID id = UUID.randomUUID();
    calls.add(new ArmCall(id, T0.plusSeconds(seq), "summary", arm, role, "u-" + (seq % 3), answered,
        role == ArmCall.Role.CHALLENGER ? 1000 : 1000));
    seq++;
    return id;
  }

  RolloutData data() {
    return RolloutData.of(calls, feedback);
  }

  static Arms champion(int correct, int wrong) {
    return new Arms().correct("v1", ArmCall.Role.CHAMPION, correct).wrong("v1", ArmCall.Role.CHAMPION, wrong);
  }
}
