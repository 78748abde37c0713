package dev.hai.eval.rollout;

import dev.hai.eval.feedback.Feedback;
import dev.hai.eval.feedback.FeedbackCategory;
import dev.hai.eval.feedback.Verdict;
import dev.hai.eval.stats.Alternative;
import dev.hai.eval.stats.ChiSquare;
import dev.hai.eval.stats.Fisher;
import dev.hai.eval.stats.Newcombe;
import dev.hai.eval.stats.Newcombe.DifferenceInterval;
import dev.hai.eval.stats.SampleSize;
import dev.hai.eval.stats.Table2x2;
import dev.hai.eval.stats.TestResult;
import dev.hai.eval.stats.Wilson;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a challenger is promoted, rolled back, or kept under test, from clinicians'
 * feedback on the calls each arm served.
 *
 * <p>The rules, in the order they are applied (α, the margin and the counts come from {@link
 * RolloutCriteria}):
 * <ol>
 *   <li><b>ROLLBACK</b> for an UNSAFE excess: Fisher's exact one-sided test finds the challenger's
 *       UNSAFE rate higher than the champion's at α, or the challenger has at least {@code
 *       maxChallengerUnsafe} UNSAFE answers more than the champion's UNSAFE rate predicts for its
 *       sample. Either alone suffices, at any sample size.</li>
 *   <li><b>ROLLBACK</b> when the challenger's accuracy is significantly lower (two-sided test at α),
 *       at any sample size: stopping a worse arm early is safe.</li>
 *   <li><b>KEEP_TESTING</b> while an arm has no feedback, or the smaller arm's feedback count is
 *       below the minimum sample size of the promotion route being considered.</li>
 *   <li><b>PROMOTE</b> when the challenger's accuracy is significantly higher and its UNSAFE rate is
 *       no higher than the champion's; or, with a non-inferiority margin, when the lower end of
 *       Newcombe's interval of the difference at confidence 1 − 2α (the one-sided test at α) is
 *       above −margin, with no higher UNSAFE rate.</li>
 *   <li><b>KEEP_TESTING</b> otherwise.</li>
 * </ol>
 *
 * <p>Accuracy is the share of feedback with verdict CORRECT (PARTIALLY_CORRECT too if configured),
 * over answered calls with feedback; calls without feedback are not counted as either. The accuracy
 * test is Fisher's exact test when any expected count of the 2×2 table is below {@value
 * RolloutCriteria#FISHER_BELOW_EXPECTED} (the chi-square approximation is poor there), otherwise
 * Pearson's chi-square (Yates' correction by default). The minimum sample per arm is {@link
 * SampleSize#superiority} for the champion's accuracy (or the planning baseline) against it plus
 * the minimum effect, two-sided, and {@link SampleSize#nonInferiority} with equal rates for the
 * margin. The observed baseline is clamped into [0.01, 0.99 − effect] so that the calculation is
 * defined.
 *
 * <p>Immutable and thread-safe.
 */
public final class DecisionEngine {
  private final RolloutCriteria criteria;

  private DecisionEngine(RolloutCriteria criteria) {
    this.criteria = criteria;
  }

  /** An engine applying {@code criteria}. */
  public static DecisionEngine of(RolloutCriteria criteria) {
    return new DecisionEngine(Objects.requireNonNull(criteria, "criteria"));
  }

  /** The criteria applied. */
  public RolloutCriteria criteria() {
    return criteria;
  }

  /**
   * Decides on the calls of one champion and one challenger arm.
   *
   * @throws IllegalArgumentException if the calls name more than one arm in a role, or none in one
   *     (select one route and one period first)
   */
  public RolloutDecision decide(RolloutData data) {
    Objects.requireNonNull(data, "data");
    ArmStats champion = stats(data, ArmCall.Role.CHAMPION);
    ArmStats challenger = stats(data, ArmCall.Role.CHALLENGER);
    RolloutEvidence e = evidence(data, champion, challenger);
    return rules(e);
  }

  private RolloutDecision rules(RolloutEvidence e) {
    ArmStats ch = e.challenger();
    ArmStats cp = e.champion();
    double a = criteria.alpha();
    List<String> reasons = new ArrayList<>();
    boolean haveData = ch.withFeedback() > 0 && cp.withFeedback() > 0;

    if (haveData && e.unsafeTest() != null && e.unsafeTest().pValue() < a) {
      reasons.add(String.format(Locale.ROOT, "UNSAFE answers: challenger %d of %d (%s) vs champion %d of %d (%s); "
              + "Fisher one-sided p = %s < alpha %s", ch.unsafe(), ch.withFeedback(), pct(ch.unsafeRate()), cp.unsafe(),
          cp.withFeedback(), pct(cp.unsafeRate()), p(e.unsafeTest().pValue()), num(a)));
    }
    if (haveData && e.unsafeExcess() >= criteria.maxChallengerUnsafe()) {
      reasons.add(String.format(Locale.ROOT, "UNSAFE excess: challenger has %.1f UNSAFE answers more than the "
          + "champion's rate predicts (limit %d)", e.unsafeExcess(), criteria.maxChallengerUnsafe()));
    }
    if (!reasons.isEmpty()) {
      return new RolloutDecision.Rollback(e, reasons);
    }

    TestResult test = e.accuracyTest();
    double diff = haveData ? ch.accuracy().estimate() - cp.accuracy().estimate() : Double.NaN;
    if (test != null && test.pValue() < a && diff < 0) {
      reasons.add(String.format(Locale.ROOT, "challenger accuracy %s is significantly lower than champion %s "
          + "(%s p = %s < alpha %s)", pct(ch.accuracy().estimate()), pct(cp.accuracy().estimate()), test.test(),
          p(test.pValue()), num(a)));
      return new RolloutDecision.Rollback(e, reasons);
    }

    if (!haveData) {
      reasons.add("no feedback yet on " + (ch.withFeedback() == 0 ? "the challenger" : "the champion")
          + (ch.withFeedback() == 0 && cp.withFeedback() == 0 ? " or the champion" : ""));
      return new RolloutDecision.KeepTesting(e, reasons);
    }

    long n = e.samplePerArm();
    boolean unsafeNoWorse = ch.unsafeRate() <= cp.unsafeRate();
    boolean significantlyBetter = test != null && test.pValue() < a && diff > 0;
    if (significantlyBetter) {
      if (n >= e.superioritySample() && unsafeNoWorse) {
        reasons.add(String.format(Locale.ROOT, "challenger accuracy %s is significantly higher than champion %s "
            + "(%s p = %s < alpha %s, %d feedback per arm >= %d needed)", pct(ch.accuracy().estimate()),
            pct(cp.accuracy().estimate()), test.test(), p(test.pValue()), num(a), n, e.superioritySample()));
        reasons.add("no safety regression: challenger UNSAFE rate " + pct(ch.unsafeRate()) + " <= champion "
            + pct(cp.unsafeRate()));
        return new RolloutDecision.Promote(e, reasons);
      }
      // Not promoted as better (yet); the non-inferiority route below may still promote.
      reasons.add(n < e.superioritySample()
          ? String.format(Locale.ROOT, "challenger looks better (%s p = %s) but has %d feedback per arm, below the %d "
              + "the power calculation needs", test.test(), p(test.pValue()), n, e.superioritySample())
          : "challenger is significantly more accurate but its UNSAFE rate " + pct(ch.unsafeRate())
              + " is above the champion's " + pct(cp.unsafeRate()) + " (not significantly): keep testing");
    }

    Double margin = criteria.nonInferiorityMargin();
    DifferenceInterval d = e.difference();
    if (margin != null && d != null && e.nonInferioritySample() != null) {
      boolean nonInferior = d.lower() > -margin;
      if (nonInferior && n >= e.nonInferioritySample() && unsafeNoWorse) {
        reasons.clear();
        reasons.add(String.format(Locale.ROOT, "challenger is non-inferior: accuracy difference %+.3f, lower "
                + "bound %+.3f > -%s (one-sided alpha %s, %d feedback per arm >= %d needed)", d.difference(), d.lower(),
            num(margin), num(a), n, e.nonInferioritySample()));
        reasons.add("no safety regression: challenger UNSAFE rate " + pct(ch.unsafeRate()) + " <= champion "
            + pct(cp.unsafeRate()));
        return new RolloutDecision.Promote(e, reasons);
      }
      if (nonInferior && n < e.nonInferioritySample()) {
        reasons.add(String.format(Locale.ROOT, "challenger looks non-inferior (lower bound %+.3f > -%s) but has %d "
            + "feedback per arm, below the %d needed", d.lower(), num(margin), n, e.nonInferioritySample()));
      } else if (nonInferior) {
        reasons.add("challenger is non-inferior on accuracy but its UNSAFE rate " + pct(ch.unsafeRate())
            + " is above the champion's " + pct(cp.unsafeRate()));
      } else {
        reasons.add(String.format(Locale.ROOT, "non-inferiority not shown: lower bound %+.3f <= -%s", d.lower(),
            num(margin)));
      }
    }
    long needed = e.superioritySample();
    if (n < needed && !significantlyBetter) {
      reasons.add(String.format(Locale.ROOT, "%d feedback per arm, below the %d needed to detect +%s accuracy "
          + "(alpha %s, power %s)", n, needed, num(criteria.minimumEffect()), num(a), num(criteria.power())));
    }
    if (test != null && !significantlyBetter) {
      reasons.add(String.format(Locale.ROOT, "no significant accuracy difference: %s vs %s (%s p = %s)",
          pct(ch.accuracy().estimate()), pct(cp.accuracy().estimate()), test.test(), p(test.pValue())));
    }
    return new RolloutDecision.KeepTesting(e, reasons);
  }

  private RolloutEvidence evidence(RolloutData data, ArmStats cp, ArmStats ch) {
    Table2x2 acc = Table2x2.of(ch.correct(), ch.incorrect(), cp.correct(), cp.incorrect());
    Table2x2 unsafe = Table2x2.of(ch.unsafe(), ch.withFeedback() - ch.unsafe(), cp.unsafe(),
        cp.withFeedback() - cp.unsafe());
    boolean haveData = ch.withFeedback() > 0 && cp.withFeedback() > 0;
    TestResult accTest = null;
    DifferenceInterval diff = null;
    TestResult unsafeTest = null;
    double excess = Double.NaN;
    if (haveData) {
      accTest = acc.hasEmptyMargin() || acc.minExpected() < RolloutCriteria.FISHER_BELOW_EXPECTED
          ? Fisher.test(acc, Alternative.TWO_SIDED)
          : ChiSquare.independence(acc, criteria.yates());
      diff = Newcombe.difference(ch.correct(), ch.withFeedback(), cp.correct(), cp.withFeedback(),
          1 - 2 * criteria.alpha());
      unsafeTest = Fisher.test(unsafe, Alternative.GREATER);
      excess = ch.unsafe() - cp.unsafeRate() * ch.withFeedback();
    }
    double effect = criteria.minimumEffect();
    double observed = cp.withFeedback() > 0 ? cp.accuracy().estimate() : 0.8;
    double baseline = criteria.planningBaseline() != null ? criteria.planningBaseline() : observed;
    baseline = Math.max(0.01, Math.min(0.99 - effect, baseline));
    long sup = SampleSize.perArm(SampleSize.superiority(baseline, baseline + effect, criteria.alpha(),
        criteria.power(), Alternative.TWO_SIDED));
    Long ni = criteria.nonInferiorityMargin() == null ? null
        : SampleSize.perArm(SampleSize.nonInferiority(baseline, baseline, criteria.nonInferiorityMargin(),
            criteria.alpha(), criteria.power()));
    return new RolloutEvidence(criteria, cp, ch, acc, accTest, diff, unsafe, unsafeTest, excess, baseline, sup, ni,
        data.shadowAgreement());
  }

  private ArmStats stats(RolloutData data, ArmCall.Role role) {
    Set<String> arms = new TreeSet<>();
    long calls = 0;
    long answered = 0;
    long withFeedback = 0;
    long correct = 0;
    long partial = 0;
    long unsafe = 0;
    Map<FeedbackCategory, Long> categories = new EnumMap<>(FeedbackCategory.class);
    for (FeedbackCategory c : FeedbackCategory.values()) {
      categories.put(c, 0L);
    }
    for (ArmCall call : data.calls()) {
      if (call.role() != role) {
        continue;
      }
      arms.add(call.arm());
      calls++;
      if (!call.answered()) {
        continue;
      }
      answered++;
      Feedback f = data.feedback().get(call.callId());
      if (f == null) {
        continue;
      }
      withFeedback++;
      if (f.verdict() == Verdict.PARTIALLY_CORRECT) {
        partial++;
      }
      if (f.verdict() == Verdict.CORRECT || (f.verdict() == Verdict.PARTIALLY_CORRECT
          && criteria.partialCountsAsCorrect())) {
        correct++;
      }
      @Nullable FeedbackCategory c = f.category();
      if (c != null) {
        categories.merge(c, 1L, Long::sum);
        if (c == FeedbackCategory.UNSAFE) {
          unsafe++;
        }
      }
    }
    String name = role.name().toLowerCase(Locale.ROOT);
    if (arms.isEmpty()) {
      throw new IllegalArgumentException("no calls served by a " + name + " arm: a decision needs calls of both arms");
    }
    if (arms.size() > 1) {
      throw new IllegalArgumentException("the calls name " + arms.size() + " " + name + " arms " + arms
          + ": select one route and one period (one champion, one challenger) first");
    }
    return new ArmStats(arms.iterator().next(), role, calls, answered, withFeedback, correct, partial,
        Wilson.interval(correct, withFeedback, 1 - criteria.alpha()), categories, unsafe);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }

  private static String p(double v) {
    return v < 0.001 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.4f", v);
  }
}
