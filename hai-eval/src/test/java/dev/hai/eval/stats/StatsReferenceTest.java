package dev.hai.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * McNemar, Wilcoxon and the normal tail against SciPy 1.17.1 and statsmodels 0.15.0, to 1e-9. The
 * inputs and outputs are in src/test/resources/dev/hai/eval/stats/stats-vectors.json, made by
 * make_stats_vectors.py beside it.
 */
class StatsReferenceTest {

  private static JsonNode vectors;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = StatsReferenceTest.class.getResourceAsStream("stats-vectors.json")) {
      vectors = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void wilcoxon_matchesScipy_statisticPValueAndEffectSize() {
    assertThat(vectors.get("wilcoxon").size()).isGreaterThanOrEqualTo(8);
    for (JsonNode c : vectors.get("wilcoxon")) {
      double[] d = new double[c.get("d").size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = c.get("d").get(i).asDouble();
      }
      String name = c.get("name").asText();

      TestResult r = Wilcoxon.test(d);

      assertThat(r.statistic()).as(name + " statistic").isCloseTo(c.get("statistic").asDouble(), within(1e-9));
      assertThat(r.pValue()).as(name + " p").isCloseTo(c.get("pvalue").asDouble(), within(1e-9));
      double rp = c.get("r_plus").asDouble();
      double rm = c.get("r_minus").asDouble();
      assertThat(r.effectSize()).as(name + " rank-biserial").isCloseTo((rp - rm) / (rp + rm), within(1e-12));
      assertThat(r.test()).as(name + " method").endsWith(name.substring(0, name.indexOf('_')));
    }
  }

  @Test
  void mcnemar_matchesStatsmodelsExact() {
    for (JsonNode c : vectors.get("mcnemar")) {
      JsonNode t = c.get("table");
      int a = t.get(0).get(0).asInt();
      int b = t.get(0).get(1).asInt();
      int cc = t.get(1).get(0).asInt();
      int d = t.get(1).get(1).asInt();

      TestResult r = McNemar.exact(b, cc, a + b + cc + d);

      assertThat(r.statistic()).as(t.toString()).isEqualTo(c.get("statistic").asDouble());
      assertThat(r.pValue()).as(t.toString()).isCloseTo(c.get("pvalue").asDouble(), within(1e-9));
      assertThat(r.effectSize()).isCloseTo((double) (cc - b) / (a + b + cc + d), within(1e-12));
    }
  }

  @Test
  void normalSf_matchesScipy() {
    for (JsonNode c : vectors.get("normal_sf")) {
      double z = c.get("z").asDouble();
      double expected = c.get("sf").asDouble();

      assertThat(Normal.sf(z)).as("z=" + z).isCloseTo(expected, within(1e-12));
      if (expected > 1e-300) {
        assertThat(Math.abs(Normal.sf(z) - expected) / expected).as("relative, z=" + z).isLessThan(1e-9);
      }
    }
  }
}
