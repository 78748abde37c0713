package dev.hai.eval.rollout;

import dev.hai.eval.stats.Newcombe.DifferenceInterval;
import dev.hai.eval.stats.Table2x2;
import dev.hai.eval.stats.TestResult;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The numbers behind a {@link RolloutDecision}.
 *
 * @param criteria the criteria applied
 * @param champion the champion's numbers
 * @param challenger the challenger's numbers
 * @param accuracyTable [[challenger correct, challenger not correct], [champion correct, champion
 *     not correct]]
 * @param accuracyTest the two-sided test of that table: Fisher's exact test when an expected count
 *     is below {@value RolloutCriteria#FISHER_BELOW_EXPECTED}, else chi-square; null while an arm has
 *     no feedback
 * @param difference challenger − champion accuracy with Newcombe's interval at confidence 1 − 2α
 *     (its lower end is the non-inferiority test); null while an arm has no feedback
 * @param unsafeTable [[challenger UNSAFE, challenger other feedback], [champion UNSAFE, champion
 *     other feedback]]
 * @param unsafeTest Fisher's exact one-sided test that the challenger's UNSAFE rate is higher; null
 *     while an arm has no feedback
 * @param unsafeExcess challenger UNSAFE count minus the count the champion's UNSAFE rate predicts
 *     for the challenger's sample (NaN while an arm has no feedback)
 * @param planningBaseline the champion accuracy the sample sizes are planned for
 * @param superioritySample per-arm feedback needed to detect {@link RolloutCriteria#minimumEffect}
 * @param nonInferioritySample per-arm feedback needed for the non-inferiority test, or null without
 *     a margin
 * @param shadowAgreement agreement rates of shadow arms with the primary, by arm then comparator
 *     (reported, not decided on)
 */
public record RolloutEvidence(RolloutCriteria criteria, ArmStats champion, ArmStats challenger,
    Table2x2 accuracyTable, @Nullable TestResult accuracyTest, @Nullable DifferenceInterval difference,
    Table2x2 unsafeTable, @Nullable TestResult unsafeTest, double unsafeExcess, double planningBaseline,
    long superioritySample, @Nullable Long nonInferioritySample, Map<String, Map<String, Double>> shadowAgreement) {

  public RolloutEvidence {
    shadowAgreement = Map.copyOf(shadowAgreement);
  }

  /** The smaller of the two arms' feedback counts: the sample the tests had. */
  public long samplePerArm() {
    return Math.min(champion.withFeedback(), challenger.withFeedback());
  }
}
