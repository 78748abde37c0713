package dev.hai.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hai.eval.internal.EditDistance;
import dev.hai.eval.internal.RunFiles;
import dev.hai.eval.metrics.Rouge;
import dev.hai.eval.metrics.TokenF1;
import dev.hai.eval.stats.McNemar;
import dev.hai.eval.stats.TestResult;
import dev.hai.eval.stats.Wilcoxon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class EvalPropertyTest {

  /* --- metrics --- */

  @Property
  void lcs_isSymmetric_boundedByTheShorter_andFullOnItself(
      @ForAll @Size(max = 30) List<@StringLength(min = 1, max = 2) String> a,
      @ForAll @Size(max = 30) List<@StringLength(min = 1, max = 2) String> b) {
    int ab = Rouge.lcs(a, b);

    assertThat(ab).isEqualTo(Rouge.lcs(b, a)).isLessThanOrEqualTo(Math.min(a.size(), b.size()));
    assertThat(Rouge.lcs(a, a)).isEqualTo(a.size());
  }

  @Property
  void rougeAndTokenF1_areBetweenZeroAndOne_andOneOnIdenticalText(@ForAll @StringLength(max = 80) String a,
      @ForAll @StringLength(max = 80) String b) {
    for (Rouge r : List.of(Rouge.rouge1(), Rouge.rouge2(), Rouge.rougeL())) {
      assertThat(r.score(a, b)).isBetween(0.0, 1.0);
    }
    assertThat(TokenF1.normalised().prf(a, b).f1()).isBetween(0.0, 1.0);
    assertThat(TokenF1.normalised().prf(a, a).f1()).isEqualTo(1.0);
  }

  @Property
  void editDistance_isAMetric_normalisedToOne(
      @ForAll @Size(max = 12) List<@StringLength(min = 1, max = 1) String> a,
      @ForAll @Size(max = 12) List<@StringLength(min = 1, max = 1) String> b,
      @ForAll @Size(max = 12) List<@StringLength(min = 1, max = 1) String> c) {
    String[] x = a.toArray(String[]::new);
    String[] y = b.toArray(String[]::new);
    String[] z = c.toArray(String[]::new);

    assertThat(EditDistance.levenshtein(x, x)).isZero();
    assertThat(EditDistance.levenshtein(x, y)).isEqualTo(EditDistance.levenshtein(y, x));
    assertThat(EditDistance.levenshtein(x, z))
        .isLessThanOrEqualTo(EditDistance.levenshtein(x, y) + EditDistance.levenshtein(y, z));
    assertThat(EditDistance.normalisedWords(String.join(" ", a), String.join(" ", b))).isBetween(0.0, 1.0);
  }

  /* --- statistics --- */

  @Property
  void wilcoxon_negatedDifferences_sameP_oppositeEffect(
      @ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = -1, max = 1) Double> d) {
    double[] x = d.stream().mapToDouble(Double::doubleValue).toArray();
    double[] neg = Arrays.stream(x).map(v -> -v).toArray();

    TestResult r = Wilcoxon.test(x);
    TestResult n = Wilcoxon.test(neg);

    if (r.n() > 0) {
      assertThat(r.pValue()).isBetween(0.0, 1.0).isCloseTo(n.pValue(), within(1e-12));
      assertThat(r.effectSize()).isCloseTo(-n.effectSize(), within(1e-12));
    }
  }

  @Property
  void mcnemar_isSymmetricInBAndC_andAValidP(@ForAll @IntRange(max = 300) int b, @ForAll @IntRange(max = 300) int c) {
    TestResult r = McNemar.exact(b, c, b + c + 10);

    assertThat(r.pValue()).isBetween(0.0, 1.0).isCloseTo(McNemar.exact(c, b, b + c + 10).pValue(), within(1e-12));
    if (b == c) {
      assertThat(r.pValue()).isEqualTo(1.0);
    }
  }

  /* --- run file --- */

  @Property(tries = 50)
  void runFileLine_roundTripsAnyAnswerText(@ForAll @StringLength(max = 200) String output,
      @ForAll @DoubleRange(min = 0, max = 1) double score) throws IOException {
    ItemResult item = new ItemResult("id-1", "success", output, null, Map.of("k", "v\n\"x\""),
        Map.of("m", score, "n", Double.NaN), "urgent", null, 12, "0190", "triage@2.0.0 sha256:33d8222d2f95");
    Path file = Files.createTempFile("run", ".jsonl");
    try {
      Files.delete(file);
      RunFiles.create(file, "l", "d", "sha", List.of("m", "n"), List.of());
      Files.writeString(file, RunFiles.line(item, 0) + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);

      ItemResult back = RunResult.read(file).items().get(0);

      assertThat(back.output()).isEqualTo(output);
      assertThat(back.tags()).isEqualTo(item.tags());
      assertThat(back.score("m")).isEqualTo(score);
      assertThat(back.score("n")).isNaN();
      assertThat(back.prompt()).isEqualTo(item.prompt());
      assertThat(Files.readAllLines(file)).hasSize(2);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
