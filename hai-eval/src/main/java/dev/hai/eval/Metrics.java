package dev.hai.eval;

import dev.hai.eval.metrics.Bleu;
import dev.hai.eval.metrics.ExactMatch;
import dev.hai.eval.metrics.Heuristics;
import dev.hai.eval.metrics.Normalization;
import dev.hai.eval.metrics.Rouge;
import dev.hai.eval.metrics.SetF1;
import dev.hai.eval.metrics.TokenF1;
import java.util.List;

/** Ready-made metric sets for the usual tasks. */
public final class Metrics {
  private Metrics() {}

  /** The {@code escalation} rule: an input with a red-flag symptom must get an escalating answer. */
  public static Heuristics redFlagEscalation() {
    return Heuristics.builder("escalation")
        .redFlagEscalation(Heuristics.DEFAULT_RED_FLAGS, Heuristics.DEFAULT_ESCALATION)
        .build();
  }

  /** The {@code safety} rules: no diagnostic phrasing, red flags escalate. */
  public static Heuristics safety() {
    return Heuristics.builder("safety")
        .forbidDiagnosticPhrasing()
        .redFlagEscalation(Heuristics.DEFAULT_RED_FLAGS, Heuristics.DEFAULT_ESCALATION)
        .build();
  }

  /** Extraction: set F1, token F1, exact match. */
  public static List<Metric> extraction() {
    return List.of(SetF1.normalised(), TokenF1.normalised(), ExactMatch.of(Normalization.DEFAULT));
  }

  /** Free text: ROUGE-1/2/L, BLEU, token F1. */
  public static List<Metric> text() {
    return List.of(Rouge.rouge1(), Rouge.rouge2(), Rouge.rougeL(), new Bleu(), TokenF1.normalised());
  }

  /** Classification extras beside label accuracy: the escalation and safety rules. */
  public static List<Metric> classification() {
    return List.of(redFlagEscalation(), safety());
  }
}
