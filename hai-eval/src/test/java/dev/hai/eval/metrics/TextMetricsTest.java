package dev.hai.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hai.eval.TestItems;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextMetricsTest {

  /* --- exact match --- */

  @Test
  void exactMatch_default_ignoresCasePunctuationAndSpacing() {
    ExactMatch em = ExactMatch.of(Normalization.DEFAULT);

    assertThat(em.score(TestItems.text("emergency"), "  Emergency. ")).isEqualTo(1.0);
    assertThat(em.score(TestItems.text("emergency"), "urgent")).isEqualTo(0.0);
  }

  @Test
  void exactMatch_none_onlyTrims() {
    ExactMatch strict = ExactMatch.of(Normalization.NONE);

    assertThat(strict.score(TestItems.text("emergency"), " emergency\n")).isEqualTo(1.0);
    assertThat(strict.score(TestItems.text("emergency"), "Emergency")).isEqualTo(0.0);
    assertThat(strict.name()).isEqualTo("exact_match_strict");
  }

  @Test
  void normalization_squad_dropsArticles() {
    assertThat(Normalization.SQUAD.apply("The  patient, a man!")).isEqualTo("patient man");
    assertThat(Normalization.DEFAULT.apply("The  patient, a man!")).isEqualTo("the patient a man");
  }

  /* --- token F1 --- */

  @Test
  void tokenF1_partialOverlap_isTheHarmonicMean() {
    // answer: metformin 500 mg daily (4 tokens); reference: metformin 500 mg twice daily (5)
    Prf prf = TokenF1.normalised().prf("Metformin 500 mg daily", "metformin 500 mg twice daily");

    assertThat(prf).isEqualTo(new Prf(4, 0, 1));
    assertThat(prf.precision()).isEqualTo(1.0);
    assertThat(prf.recall()).isEqualTo(0.8);
    assertThat(prf.f1()).isCloseTo(2 * 0.8 / 1.8, within(1e-12));
  }

  @Test
  void tokenF1_repeatedTokens_countAsAMultiset() {
    Prf prf = TokenF1.overlap(List.of("a", "a", "a"), List.of("a", "b"));

    assertThat(prf).isEqualTo(new Prf(1, 2, 1));
  }

  @Test
  void prf_emptyBothSides_isPerfect_emptyAnswerOnly_isZero() {
    assertThat(new Prf(0, 0, 0).f1()).isEqualTo(1.0);
    assertThat(new Prf(0, 0, 3).f1()).isEqualTo(0.0);
    assertThat(new Prf(0, 2, 0).f1()).isEqualTo(0.0);
  }

  /* --- set F1 --- */

  @Test
  void setF1_linesWithBulletsAndGluedUnits_matchExpectedItems() {
    String answer = "- Metformin 500mg\n* lisinopril 10 mg.\n\n3) aspirin 75 mg";

    Prf prf = SetF1.prf(SetF1.items(answer), List.of("metformin 500 mg", "lisinopril 10 mg", "apixaban 5 mg"));

    assertThat(prf).isEqualTo(new Prf(2, 1, 1));
    assertThat(SetF1.normalised().score(TestItems.items(List.of("metformin 500 mg", "lisinopril 10 mg",
        "apixaban 5 mg")), answer)).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void setF1_jsonArray_isReadAsItems() {
    assertThat(SetF1.items("[\"metformin 500 mg\", \"lisinopril 10 mg\"]"))
        .containsExactly("metformin 500 mg", "lisinopril 10 mg");
  }

  @Test
  void setF1_duplicates_countOnce() {
    Prf prf = SetF1.prf(List.of("a 1 mg", "A 1 MG"), List.of("a 1 mg"));

    assertThat(prf).isEqualTo(new Prf(1, 0, 0));
  }

  /* --- BLEU and semantic similarity as per-item metrics --- */

  @Test
  void bleu_perItem_isSentenceBleuOverHundred() {
    String ref = "Continue lisinopril 10 mg once daily.";

    assertThat(new Bleu().score(TestItems.text(ref), ref)).isCloseTo(1.0, within(1e-12));
    assertThat(new Bleu().score(TestItems.text(ref), "Continue lisinopril 20 mg once daily."))
        .isCloseTo(Bleu.sentence("Continue lisinopril 20 mg once daily.", List.of(ref)) / 100, within(1e-12));
  }

  @Test
  void semanticSimilarity_isTheClippedCosine() {
    SimilarityModel model = text -> text.startsWith("-") ? new float[] {-1, 0} : new float[] {1, text.length() % 3};
    SemanticSimilarity sim = new SemanticSimilarity(model);

    assertThat(sim.score(TestItems.text("abc"), "xyz")).isCloseTo(1.0, within(1e-9));
    assertThat(sim.score(TestItems.text("abc"), "-opposite")).isZero();
    assertThat(SimilarityModel.cosine(new float[] {1, 0}, new float[] {1, 1})).isCloseTo(Math.sqrt(0.5), within(1e-9));
    assertThat(SimilarityModel.cosine(new float[] {0, 0}, new float[] {1, 1})).isZero();
  }

  /* --- heuristics --- */

  @Test
  void heuristics_redFlagWithoutEscalation_fails_andNamesTheRule() {
    Heuristics h = Heuristics.builder("escalation")
        .redFlagEscalation(Heuristics.DEFAULT_RED_FLAGS, Heuristics.DEFAULT_ESCALATION)
        .build();
    var redFlag = TestItems.label("r", "Caller with crushing chest pain and sweating", "emergency", java.util.Map.of());
    var benign = TestItems.label("b", "Mild hay fever", "routine", java.util.Map.of());

    assertThat(h.score(redFlag, "Routine: book a GP appointment.")).isEqualTo(0.0);
    assertThat(h.failures(redFlag, "Routine.")).containsExactly("red flag must escalate");
    assertThat(h.score(redFlag, "EMERGENCY - call 999 now")).isEqualTo(1.0);
    assertThat(h.score(benign, "Routine.")).isEqualTo(1.0);
  }

  @Test
  void heuristics_containRegexLengthAndDiagnosticPhrasing() {
    Heuristics h = Heuristics.builder("rules")
        .mustContain("dose")
        .mustNotContain("as an AI")
        .matches("\\d+ ?mg")
        .maxLength(40)
        .forbidDiagnosticPhrasing()
        .build();
    var item = TestItems.text("x");

    assertThat(h.failures(item, "The dose is 5 mg.")).isEmpty();
    assertThat(h.failures(item, "As an AI, you have diabetes; the dosage is 5 mg"))
        .containsExactly("must contain 'dose'", "must not contain 'as an AI'", "at most 40 characters",
            "no diagnostic phrasing");
  }
}
