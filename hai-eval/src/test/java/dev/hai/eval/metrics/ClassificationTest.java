package dev.hai.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hai.eval.TestItems;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationTest {

  private static final List<String> LABELS = List.of("emergency", "urgent", "routine");

  /* --- extractor --- */

  @Test
  void extract_firstKnownLabelAsWholeWord_anyCase() {
    LabelExtractor x = LabelExtractor.among(LABELS);

    assertThat(x.extract("Urgency: URGENT. Not routine.")).isEqualTo("urgent");
    assertThat(x.extract("This is an emergency")).isEqualTo("emergency");
    assertThat(x.extract("urgently")).isNull();
    assertThat(x.extract("no idea")).isNull();
  }

  @Test
  void extract_longerLabelWinsOverItsSuffix() {
    LabelExtractor x = LabelExtractor.among(List.of("urgent", "non-urgent"));

    assertThat(x.extract("Non-urgent.")).isEqualTo("non-urgent");
  }

  @Test
  void labelAccuracy_scoresPerItem_andNaNWithoutLabel() {
    LabelAccuracy acc = LabelAccuracy.among(LABELS);

    assertThat(acc.score(TestItems.label("a", "m", "urgent", Map.of()), "URGENT")).isEqualTo(1.0);
    assertThat(acc.score(TestItems.label("a", "m", "urgent", Map.of()), "routine")).isEqualTo(0.0);
    assertThat(acc.score(TestItems.text("x"), "routine")).isNaN();
  }

  /* --- report --- */

  @Test
  void report_countsConfusionAndPerClassScores() {
    List<String> expected = List.of("emergency", "emergency", "urgent", "urgent", "routine", "routine");
    List<String> predicted = Arrays.asList("emergency", "urgent", "urgent", null, "routine", "urgent");

    ClassificationReport r = ClassificationReport.of(LABELS, expected, predicted);

    assertThat(r.confusion()[0]).containsExactly(1, 1, 0, 0);
    assertThat(r.confusion()[1]).containsExactly(0, 1, 0, 1);
    assertThat(r.confusion()[2]).containsExactly(0, 1, 1, 0);
    assertThat(r.perClass().get("urgent")).isEqualTo(new Prf(1, 2, 1));
    assertThat(r.perClass().get("urgent").precision()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(r.perClass().get("emergency")).isEqualTo(new Prf(1, 0, 1));
    assertThat(r.accuracy()).isCloseTo(0.5, within(1e-12));
    double f1e = 2 * 1.0 * 0.5 / 1.5;
    double f1u = 2 * (1.0 / 3) * 0.5 / (1.0 / 3 + 0.5);
    double f1r = f1e;
    assertThat(r.macroF1()).isCloseTo((f1e + f1u + f1r) / 3, within(1e-12));
    assertThat(r.support("routine")).isEqualTo(2);
  }
}
