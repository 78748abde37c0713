package dev.hai.core.route;

import dev.hai.core.internal.Checks;
import dev.hai.core.internal.route.Levenshtein;

/**
 * Scores a shadow's answer against the primary answer of the same request, at once, when the shadow
 * answers. Scores are kept in {@link ShadowResult#scores()} under {@link #name()}.
 *
 * <p>Implementations must be thread-safe and should be fast: they run on the shadow pool. One that
 * throws loses only its own score (logged without content).
 */
public interface ShadowComparator {

  /** The score's name, such as {@code "exact"}; unique among a route table's comparators. */
  String name();

  /** The score of {@code shadowText} against {@code primaryText}. */
  double score(String primaryText, String shadowText);

  /**
   * {@code exact}: 1 when the answers are equal after trimming surrounding white space, else 0.
   */
  static ShadowComparator exactAgreement() {
    return ExactAgreement.INSTANCE;
  }

  /**
   * {@code edit_distance}: the Levenshtein distance between the answers (in UTF-16 code units)
   * divided by the longer one's length; 0 for equal answers, 1 for entirely different ones (and 0
   * when both are empty).
   */
  static ShadowComparator normalizedEditDistance() {
    return EditDistance.INSTANCE;
  }

  /** A comparator named {@code name} that scores with {@code score}. */
  static ShadowComparator of(String name, java.util.function.ToDoubleBiFunction<String, String> score) {
    Checks.notBlank(name, "comparator.name");
    Checks.required(score, "comparator.score");
    return new ShadowComparator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double score(String primaryText, String shadowText) {
        return score.applyAsDouble(primaryText, shadowText);
      }
    };
  }
}

final class ExactAgreement implements ShadowComparator {
  static final ExactAgreement INSTANCE = new ExactAgreement();

  private ExactAgreement() {}

  @Override
  public String name() {
    return "exact";
  }

  @Override
  public double score(String primaryText, String shadowText) {
    return primaryText.strip().equals(shadowText.strip()) ? 1.0 : 0.0;
  }
}

final class EditDistance implements ShadowComparator {
  static final EditDistance INSTANCE = new EditDistance();

  private EditDistance() {}

  @Override
  public String name() {
    return "edit_distance";
  }

  @Override
  public double score(String primaryText, String shadowText) {
    int max = Math.max(primaryText.length(), shadowText.length());
    return max == 0 ? 0.0 : (double) Levenshtein.distance(primaryText, shadowText) / max;
  }
}
