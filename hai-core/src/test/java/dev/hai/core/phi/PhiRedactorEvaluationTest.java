package dev.hai.core.phi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Measures the default {@link PhiRedactor}, configured with the corpus hospital's MRN format, on the held-out {@code test} split of the synthetic
 * corpus (250 notes; {@code src/test/resources/phi/generate_corpus.py}) and asserts the goals:
 * recall ≥ 0.95 for every pattern type, ≥ 0.85 for names. Matching is typed span overlap, defined
 * in {@link PhiEvaluation}. The redactor was tuned on the {@code dev} split only;
 * {@code -Dphi.eval.errors=true} prints the dev split's misses and false alarms, never the test
 * split's. It also reports hand-written notes: {@code handwritten.txt} and {@code handwritten-dev.txt}
 * (tuned on; errors printed with the same property) and {@code handwritten-heldout.txt} (written
 * before any tuning on hand-written text, never tuned on, errors never printed; only floors at the
 * numbers measured before that tuning are asserted).
 *
 * <p>Run: {@code ./mvnw -o -pl hai-core test -Dtest=PhiRedactorEvaluationTest}
 */
class PhiRedactorEvaluationTest {
  static final double PATTERN_RECALL_GOAL = 0.95;
  static final double NAME_RECALL_GOAL = 0.85;
  static final double HELD_OUT_RECALL_FLOOR = 0.85;
  static final double HELD_OUT_NAME_RECALL_FLOOR = NAME_RECALL_GOAL;
  static final double HELD_OUT_PRECISION_FLOOR = 0.95;
  static final Set<PhiType> PATTERN_TYPES = EnumSet.complementOf(EnumSet.of(PhiType.NAME));

  /* --- test split: the reported numbers --- */

  @Test
  void defaults_testSplit_meetsRecallGoals() {
    // given
    List<PhiCorpus.Note> notes = PhiCorpus.load("test");
    PhiRedactor redactor = corpusRedactor();

    // when
    PhiEvaluation eval = evaluate(notes, redactor, false);

    // then
    System.out.println("PHI redaction, test split (" + notes.size() + " notes), typed span overlap:\n" + eval.table());
    SoftAssertions soft = new SoftAssertions();
    for (PhiType t : eval.counts.keySet()) {
      double goal = t == PhiType.NAME ? NAME_RECALL_GOAL : PATTERN_RECALL_GOAL;
      soft.assertThat(eval.recall(t)).as("recall of %s", t).isGreaterThanOrEqualTo(goal);
    }
    soft.assertAll();
    assertThat(eval.counts.keySet()).as("types labelled in the test split").containsAll(PhiRedactor.DEFAULT_TYPES);
  }

  /* --- the first hand-written notes: reported, tuned on since --- */

  @Test
  void defaults_handwrittenNotes_printsTable() {
    List<PhiCorpus.Note> notes = PhiCorpus.loadHandwritten();
    PhiEvaluation eval = evaluate(notes, PhiRedactor.defaults(), Boolean.getBoolean("phi.eval.errors"));
    System.out.println("PHI redaction, hand-written notes (" + notes.size() + " notes, defaults):\n" + eval.table());
    assertThat(notes).hasSizeGreaterThanOrEqualTo(20);
  }

  /* --- tuning notes written for shapes the generator lacks: reported, tuned on --- */

  @Test
  void defaults_handwrittenDevNotes_printsTable() {
    List<PhiCorpus.Note> notes = PhiCorpus.loadHandwritten("handwritten-dev");
    PhiEvaluation eval = evaluate(notes, PhiRedactor.defaults(), Boolean.getBoolean("phi.eval.errors"));
    System.out.println("PHI redaction, hand-written tuning notes (" + notes.size() + " notes, defaults):\n" + eval.table());
    assertThat(notes).isNotEmpty();
  }

  /* --- held-out hand-written notes: written before tuning on hand-written text, never tuned on --- */

  @Test
  void defaults_heldOutHandwrittenNotes_printsTable() {
    List<PhiCorpus.Note> notes = PhiCorpus.loadHandwritten("handwritten-heldout");
    PhiEvaluation eval = evaluate(notes, PhiRedactor.defaults(), false); // errors never printed
    System.out.println("PHI redaction, held-out hand-written notes (" + notes.size() + " notes, defaults):\n" + eval.table());
    assertThat(notes).hasSizeGreaterThanOrEqualTo(40);
    // Floors just under what was measured after the census-name round (overall recall 0.862,
    // names 0.882, precision 0.980; before any tuning on hand-written text: 0.629, 0.662, 0.986),
    // so that a change that loses ground fails. Names meet the names goal here too.
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(eval.microRecall()).as("held-out recall, all types").isGreaterThanOrEqualTo(HELD_OUT_RECALL_FLOOR);
    soft.assertThat(eval.recall(PhiType.NAME)).as("held-out recall of NAME").isGreaterThanOrEqualTo(HELD_OUT_NAME_RECALL_FLOOR);
    soft.assertThat(eval.microPrecision()).as("held-out precision, all types").isGreaterThanOrEqualTo(HELD_OUT_PRECISION_FLOOR);
    soft.assertAll();
  }

  /* --- dev split: for tuning --- */

  @Test
  void defaults_devSplit_printsTableAndErrorsOnRequest() {
    List<PhiCorpus.Note> notes = PhiCorpus.load("dev");
    PhiEvaluation eval = evaluate(notes, corpusRedactor(), Boolean.getBoolean("phi.eval.errors"));
    System.out.println("PHI redaction, dev split (" + notes.size() + " notes):\n" + eval.table());
    assertThat(eval.counts).isNotEmpty();
  }

  /**
   * The defaults plus the one setting a deployment makes for its own records: the corpus
   * hospital's unlabelled MRN format, an H and seven digits.
   */
  static PhiRedactor corpusRedactor() {
    return PhiRedactor.builder().mrnPattern(CORPUS_MRN_PATTERN).build();
  }

  static final String CORPUS_MRN_PATTERN = "\\bH\\d{7}\\b";

  /** Runs {@code redactor} over {@code notes}; prints each note's misses and false alarms if asked. */
  private static PhiEvaluation evaluate(List<PhiCorpus.Note> notes, PhiRedactor redactor, boolean printErrors) {
    PhiEvaluation eval = new PhiEvaluation();
    for (PhiCorpus.Note note : notes) {
      List<Finding> found = redactor.detect(note.text());
      eval.add(note, found);
      if (printErrors) {
        printErrors(note, found);
      }
    }
    return eval;
  }

  private static void printErrors(PhiCorpus.Note note, List<Finding> found) {
    String t = note.text();
    for (PhiCorpus.Span s : note.spans()) {
      boolean hit = found.stream().anyMatch(f -> f.type() == s.type() && f.start() < s.end() && s.start() < f.end());
      if (!hit) {
        System.out.printf("MISS %s %s '%s' in: ...%s...%n", note.id(), s.type(), t.substring(s.start(), s.end()),
            context(t, s.start(), s.end()));
      }
    }
    for (Finding f : found) {
      boolean ok = note.spans().stream().anyMatch(s -> s.type() == f.type() && f.start() < s.end() && s.start() < f.end());
      if (!ok) {
        System.out.printf("FALSE %s %s '%s' in: ...%s...%n", note.id(), f.type(), t.substring(f.start(), f.end()),
            context(t, f.start(), f.end()));
      }
    }
  }

  private static String context(String t, int s, int e) {
    return t.substring(Math.max(0, s - 30), Math.min(t.length(), e + 30)).replace('\n', '|');
  }
}
