package dev.hai.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BLEU and ROUGE against the reference packages' own output, committed with the scripts that made
 * them (src/test/resources/dev/hai/eval/metrics/make_*_vectors.py).
 */
class ReferenceMetricsTest {

  private static JsonNode vectors(String name) throws IOException {
    try (InputStream in = ReferenceMetricsTest.class.getResourceAsStream(name)) {
      return new ObjectMapper().readTree(in);
    }
  }

  /* --- BLEU (sacreBLEU 2.6.0) --- */

  @Test
  void tokenize13a_matchesSacrebleu() throws IOException {
    for (JsonNode c : vectors("bleu-vectors.json").get("tokenized")) {
      assertThat(Bleu.tokenize13a(c.get("text").asText())).as(c.get("text").asText())
          .isEqualTo(c.get("tokens").asText());
    }
  }

  @Test
  void sentence_matchesSacrebleuSentenceBleu() throws IOException {
    JsonNode sentences = vectors("bleu-vectors.json").get("sentence");
    assertThat(sentences.size()).isGreaterThanOrEqualTo(10);
    for (JsonNode c : sentences) {
      List<String> refs = new ArrayList<>();
      c.get("references").forEach(r -> refs.add(r.asText()));

      assertThat(Bleu.sentence(c.get("hypothesis").asText(), refs)).as(c.get("hypothesis").asText())
          .isCloseTo(c.get("bleu").asDouble(), within(1e-9));
    }
  }

  @Test
  void corpus_matchesSacrebleuCorpusBleu() throws IOException {
    JsonNode corpus = vectors("bleu-vectors.json").get("corpus");
    List<String> hyps = new ArrayList<>();
    List<List<String>> refs = new ArrayList<>();
    corpus.get("hypotheses").forEach(h -> hyps.add(h.asText()));
    corpus.get("references").forEach(r -> refs.add(List.of(r.asText())));

    assertThat(Bleu.corpus(hyps, refs)).isCloseTo(corpus.get("bleu").asDouble(), within(1e-9));
  }

  /* --- ROUGE (rouge-score 0.1.2, no stemming) --- */

  @Test
  void rouge_matchesRougeScore() throws IOException {
    for (JsonNode c : vectors("rouge-vectors.json")) {
      String a = c.get("answer").asText();
      String r = c.get("reference").asText();

      assertThat(Rouge.rouge1().score(a, r)).as("rouge1 " + a).isCloseTo(c.get("rouge1").asDouble(), within(1e-12));
      assertThat(Rouge.rouge2().score(a, r)).as("rouge2 " + a).isCloseTo(c.get("rouge2").asDouble(), within(1e-12));
      assertThat(Rouge.rougeL().score(a, r)).as("rougeL " + a).isCloseTo(c.get("rougeL").asDouble(), within(1e-12));
    }
  }

  @Test
  void rouge_names() {
    assertThat(List.of(Rouge.rouge1().name(), Rouge.rouge2().name(), Rouge.rougeL().name()))
        .containsExactly("rouge1", "rouge2", "rougel");
  }
}
