package dev.hai.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hai.core.route.ShadowComparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShadowComparatorsTest {

  @Test
  void labelAgreement_sameLabelInBoth_isOne_otherwiseZero() {
    ShadowComparator c = ShadowComparators.labelAgreement(LabelExtractor.among(List.of("urgent", "routine")));
    assertThat(c.name()).isEqualTo("label_agreement");
    assertThat(c.score("Triage: urgent.", "URGENT")).isEqualTo(1.0);
    assertThat(c.score("Triage: urgent.", "routine follow-up")).isEqualTo(0.0);
    assertThat(c.score("Triage: urgent.", "cannot say")).isEqualTo(0.0);
    assertThat(c.score("cannot say", "unclear")).isEqualTo(1.0);
  }

  @Test
  void of_tokenF1_usesThePrimaryAsReference() {
    ShadowComparator c = ShadowComparators.of(TokenF1.normalised());
    assertThat(c.name()).isEqualTo("token_f1");
    assertThat(c.score("stable no acute findings", "stable no acute findings")).isEqualTo(1.0);
    // 2 of 4 tokens shared each way: precision 0.5, recall 0.5.
    assertThat(c.score("stable no acute findings", "stable no new lesions")).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void semanticSimilarity_isTheCosineOfTheEmbeddings() {
    SimilarityModel letters = text -> new float[] {text.chars().filter(ch -> ch == 'a').count(),
        text.chars().filter(ch -> ch == 'b').count()};
    ShadowComparator c = ShadowComparators.semanticSimilarity(letters);
    assertThat(c.name()).isEqualTo("semantic_similarity");
    assertThat(c.score("aa", "a")).isCloseTo(1.0, within(1e-9));
    assertThat(c.score("a", "b")).isCloseTo(0.0, within(1e-9));
  }
}
