package dev.hai.eval.rollout;

import org.jspecify.annotations.Nullable;

/**
 * What the {@link DecisionEngine} asks of the evidence. Immutable; make one with {@link #builder()}.
 *
 * <pre>{@code
 * RolloutCriteria c = RolloutCriteria.builder()
 *     .alpha(0.05).power(0.80)
 *     .minimumEffect(0.05)              // +5 accuracy points is the improvement that matters
 *     .nonInferiorityMargin(0.02)       // or: promote if at most 2 points worse (one-sided test)
 *     .maxChallengerUnsafe(3)           // 3 UNSAFE answers beyond the champion's rate roll back
 *     .build();
 * }</pre>
 *
 * @param alpha the significance level of every test, two-sided for difference and one-sided for
 *     non-inferiority and unsafe excess
 * @param power the power the minimum sample size is computed for
 * @param minimumEffect the accuracy improvement (absolute) that matters, for the superiority sample
 *     size
 * @param nonInferiorityMargin how much worse (absolute) still promotes, or null for no
 *     non-inferiority promotion
 * @param maxChallengerUnsafe the count of UNSAFE answers in the challenger beyond what the champion's
 *     UNSAFE rate predicts at which the challenger rolls back even without significance
 * @param yates whether the chi-square test uses Yates' continuity correction
 * @param partialCountsAsCorrect whether PARTIALLY_CORRECT counts as correct for accuracy (never for
 *     UNSAFE, which is counted by category)
 * @param planningBaseline the champion accuracy the sample size is planned for, or null to use the
 *     champion's observed accuracy
 */
public record RolloutCriteria(double alpha, double power, double minimumEffect, @Nullable Double nonInferiorityMargin,
    int maxChallengerUnsafe, boolean yates, boolean partialCountsAsCorrect, @Nullable Double planningBaseline) {

  /** Default significance level. */
  public static final double DEFAULT_ALPHA = 0.05;
  /** Default power. */
  public static final double DEFAULT_POWER = 0.80;
  /** Default effect that matters: 5 accuracy points. */
  public static final double DEFAULT_MINIMUM_EFFECT = 0.05;
  /** Default unsafe-excess count: 3. */
  public static final int DEFAULT_MAX_CHALLENGER_UNSAFE = 3;
  /** The expected count below which Fisher's exact test replaces chi-square. */
  public static final double FISHER_BELOW_EXPECTED = 5.0;

  public RolloutCriteria {
    check(alpha > 0 && alpha < 0.5, "alpha must be in (0, 0.5), was " + alpha);
    check(power > alpha && power < 1, "power must be in (alpha, 1), was " + power);
    check(minimumEffect > 0 && minimumEffect < 0.5, "minimumEffect must be in (0, 0.5), was " + minimumEffect);
    check(nonInferiorityMargin == null || (nonInferiorityMargin > 0 && nonInferiorityMargin < 0.5),
        "nonInferiorityMargin must be in (0, 0.5), was " + nonInferiorityMargin);
    check(maxChallengerUnsafe >= 1, "maxChallengerUnsafe must be at least 1, was " + maxChallengerUnsafe);
    check(planningBaseline == null || (planningBaseline > 0 && planningBaseline < 1),
        "planningBaseline must be in (0, 1), was " + planningBaseline);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("rollout criteria: " + message);
    }
  }

  /** The defaults, no non-inferiority margin. */
  public static RolloutCriteria defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these criteria. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.alpha = alpha;
    b.power = power;
    b.minimumEffect = minimumEffect;
    b.nonInferiorityMargin = nonInferiorityMargin;
    b.maxChallengerUnsafe = maxChallengerUnsafe;
    b.yates = yates;
    b.partialCountsAsCorrect = partialCountsAsCorrect;
    b.planningBaseline = planningBaseline;
    return b;
  }

  /** Builds {@link RolloutCriteria}; not thread-safe. */
  public static final class Builder {
    private double alpha = DEFAULT_ALPHA;
    private double power = DEFAULT_POWER;
    private double minimumEffect = DEFAULT_MINIMUM_EFFECT;
    private @Nullable Double nonInferiorityMargin;
    private int maxChallengerUnsafe = DEFAULT_MAX_CHALLENGER_UNSAFE;
    private boolean yates = true;
    private boolean partialCountsAsCorrect;
    private @Nullable Double planningBaseline;

    private Builder() {}

    /** Significance level; default {@value RolloutCriteria#DEFAULT_ALPHA}. */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /** Power for the minimum sample size; default {@value RolloutCriteria#DEFAULT_POWER}. */
    public Builder power(double power) {
      this.power = power;
      return this;
    }

    /** The improvement that matters; default {@value RolloutCriteria#DEFAULT_MINIMUM_EFFECT}. */
    public Builder minimumEffect(double effect) {
      this.minimumEffect = effect;
      return this;
    }

    /** Promote a non-inferior challenger within this margin; default none. */
    public Builder nonInferiorityMargin(@Nullable Double margin) {
      this.nonInferiorityMargin = margin;
      return this;
    }

    /** Unsafe-excess count that rolls back; default {@value RolloutCriteria#DEFAULT_MAX_CHALLENGER_UNSAFE}. */
    public Builder maxChallengerUnsafe(int count) {
      this.maxChallengerUnsafe = count;
      return this;
    }

    /** Yates' correction in the chi-square test; default on. */
    public Builder yates(boolean yates) {
      this.yates = yates;
      return this;
    }

    /** Count PARTIALLY_CORRECT as correct; default off (it counts as not correct). */
    public Builder partialCountsAsCorrect(boolean partial) {
      this.partialCountsAsCorrect = partial;
      return this;
    }

    /** Plan the sample size for this champion accuracy; default the observed one. */
    public Builder planningBaseline(@Nullable Double baseline) {
      this.planningBaseline = baseline;
      return this;
    }

    public RolloutCriteria build() {
      return new RolloutCriteria(alpha, power, minimumEffect, nonInferiorityMargin, maxChallengerUnsafe, yates,
          partialCountsAsCorrect, planningBaseline);
    }
  }
}
