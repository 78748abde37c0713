package dev.hai.eval.rollout;

import dev.hai.eval.feedback.FeedbackCategory;
import dev.hai.eval.stats.ProportionInterval;
import java.util.Map;

/**
 * One arm's numbers: traffic, feedback, accuracy with its Wilson interval, and the errors by
 * category.
 *
 * @param arm the arm's name
 * @param role champion or challenger
 * @param calls calls routed to it
 * @param answered of those, calls answered
 * @param withFeedback answered calls with feedback (the accuracy's sample)
 * @param correct feedback counted as correct (see {@link RolloutCriteria#partialCountsAsCorrect})
 * @param partiallyCorrect feedback with verdict PARTIALLY_CORRECT
 * @param accuracy correct / withFeedback, with its Wilson interval at confidence 1 − α
 * @param categories the count of not-correct feedback per category (every category present, zeros
 *     included)
 * @param unsafe feedback in category UNSAFE
 */
public record ArmStats(String arm, ArmCall.Role role, long calls, long answered, long withFeedback, long correct,
    long partiallyCorrect, ProportionInterval accuracy, Map<FeedbackCategory, Long> categories, long unsafe) {

  public ArmStats {
    categories = Map.copyOf(categories);
  }

  /** Feedback counted as not correct. */
  public long incorrect() {
    return withFeedback - correct;
  }

  /** unsafe / withFeedback (NaN without feedback). */
  public double unsafeRate() {
    return withFeedback == 0 ? Double.NaN : (double) unsafe / withFeedback;
  }

  /** withFeedback / answered (NaN without answered calls). */
  public double feedbackCoverage() {
    return answered == 0 ? Double.NaN : (double) withFeedback / answered;
  }
}
