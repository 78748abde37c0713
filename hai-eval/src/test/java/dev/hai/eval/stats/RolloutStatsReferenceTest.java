package dev.hai.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wilson, chi-square, Fisher, the normal quantile and the sample sizes against SciPy 1.17.1 and
 * statsmodels 0.15.0, to 1e-9 relative. The inputs and outputs are in
 * src/test/resources/dev/hai/eval/stats/rollout-vectors.json, made by make_rollout_vectors.py beside
 * it.
 *
 * <p>Relative tolerance is taken against the reference value; where the reference is 0 (an interval
 * end at exactly 0) or below 1e-300 the comparison is absolute at 1e-300, since relative error has
 * no meaning where the double cannot hold the value.
 */
class RolloutStatsReferenceTest {
  private static final double REL = 1e-9;

  private static JsonNode vectors;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = RolloutStatsReferenceTest.class.getResourceAsStream("rollout-vectors.json")) {
      vectors = new ObjectMapper().readTree(in);
    }
  }

  static void assertClose(double actual, double expected, String what) {
    if (Math.abs(expected) < 1e-300) {
      assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs " + expected).isLessThanOrEqualTo(1e-300);
    } else {
      assertThat(Math.abs(actual - expected) / Math.abs(expected)).as(what + ": " + actual + " vs " + expected)
          .isLessThanOrEqualTo(REL);
    }
  }

  static Table2x2 table(JsonNode t) {
    return Table2x2.of(t.get(0).get(0).asLong(), t.get(0).get(1).asLong(), t.get(1).get(0).asLong(),
        t.get(1).get(1).asLong());
  }

  /* --- Wilson --- */

  @Test
  void wilson_matchesScipyBinomtestProportionCi() {
    assertThat(vectors.get("wilson").size()).isGreaterThanOrEqualTo(10);
    for (JsonNode c : vectors.get("wilson")) {
      long k = c.get("k").asLong();
      long n = c.get("n").asLong();
      String what = "wilson k=" + k + " n=" + n + " cl=" + c.get("confidence").asDouble();

      ProportionInterval ci = Wilson.interval(k, n, c.get("confidence").asDouble());

      assertClose(ci.lower(), c.get("low").asDouble(), what + " low");
      assertClose(ci.upper(), c.get("high").asDouble(), what + " high");
      assertThat(ci.estimate()).isEqualTo((double) k / n);
    }
  }

  @Test
  void wilson_noTrials_isWholeRange() {
    ProportionInterval ci = Wilson.interval(0, 0);

    assertThat(ci.lower()).isZero();
    assertThat(ci.upper()).isEqualTo(1.0);
    assertThat(ci.estimate()).isNaN();
  }

  @Test
  void wilson_successesAboveN_throwsNamingBoth() {
    assertThatThrownBy(() -> Wilson.interval(5, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("successes=5 n=4");
  }

  /* --- chi-square --- */

  @Test
  void chiSquare_matchesScipyChi2Contingency_withAndWithoutYates() {
    assertThat(vectors.get("chi2_contingency").size()).isGreaterThanOrEqualTo(30);
    for (JsonNode c : vectors.get("chi2_contingency")) {
      Table2x2 t = table(c.get("table"));
      boolean yates = c.get("yates").asBoolean();
      String what = t + (yates ? " yates" : "");

      TestResult r = ChiSquare.independence(t, yates);

      assertClose(r.statistic(), c.get("statistic").asDouble(), what + " statistic");
      assertClose(r.pValue(), c.get("pvalue").asDouble(), what + " p");
      assertClose(t.minExpected(), c.get("min_expected").asDouble(), what + " min expected");
    }
  }

  @Test
  void chiSquareSf_matchesScipyChi2Sf_includingExtremeTails() {
    for (JsonNode c : vectors.get("chi2_sf")) {
      double x = c.get("x").asDouble();
      int df = c.get("df").asInt();

      assertClose(ChiSquare.sf(x, df), c.get("sf").asDouble(), "chi2.sf(" + x + ", " + df + ")");
    }
  }

  @Test
  void chiSquare_emptyColumn_throwsPointingToFisher() {
    assertThatThrownBy(() -> ChiSquare.independence(Table2x2.of(10, 0, 12, 0), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Fisher");
  }

  /* --- Fisher --- */

  @Test
  void fisher_matchesScipyFisherExact_allAlternatives() {
    assertThat(vectors.get("fisher").size()).isGreaterThanOrEqualTo(60);
    for (JsonNode c : vectors.get("fisher")) {
      Table2x2 t = table(c.get("table"));
      Alternative alt = Alternative.valueOf(c.get("alternative").asText().toUpperCase().replace('-', '_'));
      String what = "fisher " + t + " " + alt;

      TestResult r = Fisher.test(t, alt);

      assertClose(r.pValue(), c.get("pvalue").asDouble(), what + " p");
      JsonNode odds = c.get("odds_ratio");
      if (odds.isTextual() && odds.asText().equals("inf")) {
        assertThat(r.statistic()).as(what + " odds").isInfinite();
      } else if (odds.isTextual()) {
        assertThat(r.statistic()).as(what + " odds").isNaN();
      } else {
        assertClose(r.statistic(), odds.asDouble(), what + " odds");
      }
    }
  }

  /* --- normal quantile --- */

  @Test
  void normalQuantile_matchesScipyNormPpf() {
    for (JsonNode c : vectors.get("norm_ppf")) {
      double p = c.get("p").asDouble();

      assertClose(Normal.quantile(p), c.get("ppf").asDouble(), "ppf(" + p + ")");
    }
  }

  /* --- Newcombe --- */

  @Test
  void newcombe_matchesStatsmodelsConfintProportions2indep() {
    for (JsonNode c : vectors.get("newcombe")) {
      String what = "newcombe " + c;

      Newcombe.DifferenceInterval d = Newcombe.difference(c.get("k1").asLong(), c.get("n1").asLong(),
          c.get("k2").asLong(), c.get("n2").asLong(), 1 - c.get("alpha").asDouble());

      assertClose(d.lower(), c.get("low").asDouble(), what + " low");
      assertClose(d.upper(), c.get("upp").asDouble(), what + " upp");
    }
  }

  /* --- sample size --- */

  @Test
  void superiority_matchesStatsmodelsNormalIndPower() {
    for (JsonNode c : vectors.get("power_superiority")) {
      double p1 = c.get("baseline").asDouble();
      double p2 = c.get("challenger").asDouble();
      double alpha = c.get("alpha").asDouble();
      double power = c.get("power").asDouble();
      Alternative alt = c.get("alternative").asText().equals("larger") ? Alternative.GREATER : Alternative.TWO_SIDED;
      String what = "superiority " + p1 + "->" + p2 + " " + alt;

      double n = SampleSize.superiority(p1, p2, alpha, power, alt);

      assertClose(SampleSize.cohensH(p1, p2), c.get("cohens_h").asDouble(), what + " h");
      assertClose(n, c.get("n_per_arm").asDouble(), what + " n (exact root)");
      // statsmodels' own solve_power stops a few 1e-9 short of the root (see the script).
      assertThat(Math.abs(n - c.get("statsmodels_solve_power").asDouble()) / n).as(what + " vs solve_power")
          .isLessThan(1e-8);
      for (JsonNode at : c.get("power_at")) {
        double nobs = at.get("nobs1").asDouble();
        assertClose(SampleSize.power(p1, p2, nobs, alpha, alt), at.get("power").asDouble(), what + " power at " + nobs);
      }
    }
  }

  @Test
  void nonInferiority_matchesChowShaoWangWithScipyQuantiles() {
    for (JsonNode c : vectors.get("power_noninferiority")) {
      double n = SampleSize.nonInferiority(c.get("baseline").asDouble(), c.get("challenger").asDouble(),
          c.get("margin").asDouble(), c.get("alpha").asDouble(), c.get("power").asDouble());

      assertClose(n, c.get("n_per_arm").asDouble(), "non-inferiority " + c);
    }
  }

  @Test
  void perArm_roundsUp_butNotNearIntegers() {
    assertThat(SampleSize.perArm(902.34)).isEqualTo(903);
    assertThat(SampleSize.perArm(903.0000000000001)).isEqualTo(903);
    assertThat(SampleSize.perArm(12.0)).isEqualTo(12);
  }

  @Test
  void superiority_wrongDirection_throws() {
    assertThatThrownBy(() -> SampleSize.superiority(0.9, 0.8, 0.05, 0.8, Alternative.GREATER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other direction");
  }
}
