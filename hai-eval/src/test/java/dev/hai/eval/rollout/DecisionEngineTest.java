package dev.hai.eval.rollout;

import static dev.hai.eval.rollout.ArmCall.Role.CHALLENGER;
import static dev.hai.eval.rollout.ArmCall.Role.CHAMPION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.eval.feedback.FeedbackCategory;
import dev.hai.eval.feedback.Verdict;
import dev.hai.eval.stats.SampleSize;
import dev.hai.eval.stats.Alternative;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {
  private final DecisionEngine engine = DecisionEngine.of(RolloutCriteria.defaults());

  /* --- KEEP_TESTING --- */

  @Test
  void decide_noFeedback_keepsTesting() {
    Arms a = new Arms().silent("v1", CHAMPION, 50, true).silent("v2", CHALLENGER, 5, true);

    RolloutDecision d = engine.decide(a.data());

    assertThat(d).isInstanceOf(RolloutDecision.KeepTesting.class);
    assertThat(d.evidence().accuracyTest()).isNull();
    assertThat(d.reasons().get(0)).contains("no feedback");
  }

  @Test
  void decide_betterButBelowPowerMinimum_keepsTestingAndSaysHowMany() {
    // 100 per arm, 95% vs 80%: significant, but planning for +5 points at 80% needs ~900 per arm.
    Arms a = Arms.champion(80, 20).correct("v2", CHALLENGER, 95).wrong("v2", CHALLENGER, 5);

    RolloutDecision d = engine.decide(a.data());

    assertThat(d).isInstanceOf(RolloutDecision.KeepTesting.class);
    assertThat(d.evidence().accuracyTest().pValue()).isLessThan(0.05);
    long needed = SampleSize.perArm(SampleSize.superiority(0.80, 0.85, 0.05, 0.80, Alternative.TWO_SIDED));
    assertThat(d.evidence().superioritySample()).isEqualTo(needed);
    assertThat(String.join(" ", d.reasons())).contains("below the " + needed);
  }

  @Test
  void decide_equalArmsLargeSample_withoutMargin_keepsTesting() {
    Arms a = Arms.champion(900, 100).correct("v2", CHALLENGER, 900).wrong("v2", CHALLENGER, 100);

    RolloutDecision d = engine.decide(a.data());

    assertThat(d).isInstanceOf(RolloutDecision.KeepTesting.class);
    assertThat(String.join(" ", d.reasons())).contains("no significant accuracy difference");
  }

  @Test
  void decide_betterButMoreUnsafe_keepsTesting() {
    Arms a = Arms.champion(800, 200).correct("v2", CHALLENGER, 880).wrong("v2", CHALLENGER, 118)
        .unsafe("v2", CHALLENGER, 2);

    RolloutDecision d = engine.decide(a.data());

    assertThat(d).isInstanceOf(RolloutDecision.KeepTesting.class);
    assertThat(d.reasons().get(0)).contains("UNSAFE rate");
  }

  /* --- PROMOTE --- */

  @Test
  void decide_significantlyBetterWithEnoughFeedback_promotesWithChiSquare() {
    Arms a = Arms.champion(800, 200).correct("v2", CHALLENGER, 880).wrong("v2", CHALLENGER, 120);

    RolloutDecision d = engine.decide(a.data());

    assertThat(d).isInstanceOf(RolloutDecision.Promote.class);
    RolloutEvidence e = d.evidence();
    assertThat(e.accuracyTest().test()).isEqualTo("chi-square-yates");
    assertThat(e.challenger().accuracy().estimate()).isEqualTo(0.88);
    assertThat(e.challenger().accuracy().lower()).isLessThan(0.88).isGreaterThan(0.85);
    assertThat(e.champion().arm()).isEqualTo("v1");
    assertThat(d.reasons().get(0)).contains("significantly higher");
  }

  @Test
  void decide_nonInferiorWithinMargin_promotes() {
    DecisionEngine ni = DecisionEngine.of(RolloutCriteria.builder().nonInferiorityMargin(0.05).build());
    Arms a = Arms.champion(900, 100).correct("v2", CHALLENGER, 900).wrong("v2", CHALLENGER, 100);

    RolloutDecision d = ni.decide(a.data());

    assertThat(d).isInstanceOf(RolloutDecision.Promote.class);
    assertThat(d.evidence().difference().lower()).isGreaterThan(-0.05);
    assertThat(d.evidence().nonInferioritySample())
        .isEqualTo(SampleSize.perArm(SampleSize.nonInferiority(0.9, 0.9, 0.05, 0.05, 0.8)));
    assertThat(d.reasons().get(0)).contains("non-inferior");
  }

  @Test
  void decide_betterBelowSuperioritySample_promotedAsNonInferior() {
    // 95% vs 80% on 200 per arm: below the 903 for +5 points, above the 198 for a 0.10 margin.
    DecisionEngine ni = DecisionEngine.of(RolloutCriteria.builder().nonInferiorityMargin(0.10).build());
    Arms a = Arms.champion(160, 40).correct("v2", CHALLENGER, 190).wrong("v2", CHALLENGER, 10);

    RolloutDecision d = ni.decide(a.data());

    assertThat(d.evidence().nonInferioritySample()).isEqualTo(198);
    assertThat(d.evidence().superioritySample()).isEqualTo(903);
    assertThat(d).isInstanceOf(RolloutDecision.Promote.class);
    assertThat(d.reasons().get(0)).contains("non-inferior");
  }

  @Test
  void decide_slightlyWorseBeyondMargin_notPromoted() {
    DecisionEngine ni = DecisionEngine.of(RolloutCriteria.builder().nonInferiorityMargin(0.01).build());
    Arms a = Arms.champion(900, 100).correct("v2", CHALLENGER, 890).wrong("v2", CHALLENGER, 110);

    RolloutDecision d = ni.decide(a.data());

    assertThat(d).isInstanceOf(RolloutDecision.KeepTesting.class);
    assertThat(String.join(" ", d.reasons())).contains("non-inferiority not shown");
  }

  /* --- ROLLBACK --- */

  @Test
  void decide_significantlyWorse_rollsBackEvenOnASmallSample() {
    Arms a = Arms.champion(45, 5).correct("v2", CHALLENGER, 25).wrong("v2", CHALLENGER, 25);

    RolloutDecision d = engine.decide(a.data());

    assertThat(d).isInstanceOf(RolloutDecision.Rollback.class);
    assertThat(d.reasons().get(0)).contains("significantly lower");
  }

  @Test
  void decide_unsafeSignificantExcess_rollsBackThoughMoreAccurate() {
    DecisionEngine lenientCount = DecisionEngine.of(RolloutCriteria.builder().maxChallengerUnsafe(1000).build());
    Arms a = Arms.champion(800, 200).correct("v2", CHALLENGER, 900).unsafe("v2", CHALLENGER, 100);

    RolloutDecision d = lenientCount.decide(a.data());

    assertThat(d).isInstanceOf(RolloutDecision.Rollback.class);
    assertThat(d.evidence().unsafeTest().pValue()).isLessThan(0.05);
    assertThat(d.reasons().get(0)).startsWith("UNSAFE answers");
  }

  @Test
  void decide_unsafeCountAtThreshold_rollsBackWithoutSignificance() {
    // 3 UNSAFE of 30 vs 0 of 30: Fisher one-sided p = 0.119, not significant; the count rule fires.
    Arms a = Arms.champion(25, 5).correct("v2", CHALLENGER, 25).wrong("v2", CHALLENGER, 2)
        .unsafe("v2", CHALLENGER, 3);

    RolloutDecision d = engine.decide(a.data());

    assertThat(d.evidence().unsafeTest().pValue()).isGreaterThan(0.05);
    assertThat(d).isInstanceOf(RolloutDecision.Rollback.class);
    assertThat(d.reasons()).singleElement().asString().contains("UNSAFE excess").contains("limit 3");
  }

  /* --- test choice --- */

  @Test
  void decide_smallExpectedCounts_usesFisher() {
    Arms a = Arms.champion(18, 2).correct("v2", CHALLENGER, 19).wrong("v2", CHALLENGER, 1);

    RolloutDecision d = engine.decide(a.data());

    assertThat(d.evidence().accuracyTest().test()).isEqualTo("fisher-exact-two-sided");
    assertThat(d.evidence().accuracyTable().minExpected()).isLessThan(5);
  }

  @Test
  void decide_twoChallengerArms_throwsAskingToSelect() {
    Arms a = Arms.champion(10, 1).correct("v2", CHALLENGER, 5).correct("v3", CHALLENGER, 5);

    assertThatThrownBy(() -> engine.decide(a.data())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[v2, v3]").hasMessageContaining("select one route");
  }

  @Test
  void decide_partialCountsAsCorrectOption_changesAccuracy() {
    Arms a = Arms.champion(10, 0).add("v2", CHALLENGER, 10, Verdict.PARTIALLY_CORRECT, FeedbackCategory.OMISSION);

    double strict = engine.decide(a.data()).evidence().challenger().accuracy().estimate();
    double lenient = DecisionEngine.of(RolloutCriteria.builder().partialCountsAsCorrect(true).build())
        .decide(a.data()).evidence().challenger().accuracy().estimate();

    assertThat(strict).isZero();
    assertThat(lenient).isEqualTo(1.0);
  }

  /* --- response rates --- */

  @Test
  void responseRates_perArmPerClinicianAndMedian() {
    Arms a = Arms.champion(3, 1).silent("v1", CHAMPION, 4, true).silent("v1", CHAMPION, 5, false)
        .correct("v2", CHALLENGER, 1).silent("v2", CHALLENGER, 3, true);

    ResponseRates r = ResponseRates.of(a.data());

    assertThat(r.overall().answered()).isEqualTo(12);
    assertThat(r.overall().withFeedback()).isEqualTo(5);
    assertThat(r.byArm().get("v1").rate()).isEqualTo(0.5);
    assertThat(r.byArm().get("v2").rate()).isEqualTo(0.25);
    assertThat(r.byClinician()).containsOnlyKeys("u-0", "u-1", "u-2");
    assertThat(r.byClinician().values().stream().mapToLong(ResponseRates.Rate::answered).sum()).isEqualTo(12);
    // feedback seq 0,1,2,3 (champion) and 12 (challenger): minutes 0,1,2,3,5 -> median 2
    assertThat(r.medianTimeToRespond()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void median_evenCount_isMeanOfMiddleTwo() {
    assertThat(ResponseRates.median(java.util.List.of(Duration.ofSeconds(4), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(10)))).isEqualTo(Duration.ofSeconds(3));
    assertThat(ResponseRates.median(java.util.List.of())).isNull();
  }
}
