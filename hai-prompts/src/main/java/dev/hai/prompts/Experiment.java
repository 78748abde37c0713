package dev.hai.prompts;

import dev.hai.core.internal.route.StableHash;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An A/B experiment: calls that ask for {@code label} are split between versions by weight. Each
 * subject (a patient or encounter reference) is assigned an arm by a hash of the experiment id and
 * the subject key, so the same subject always gets the same arm, and subjects in one experiment are
 * assigned independently of any other experiment.
 *
 * <p>Assignment: the first 8 bytes of SHA-256(UTF-8 of {@code id + "\n" + subjectKey}), read as an
 * unsigned big-endian number, modulo the sum of the weights, pick the arm whose cumulative weight
 * range holds it, arms in the order listed.
 *
 * @param id the experiment's id, unique within its prompt
 * @param label the label whose calls are split
 * @param arms at least two arms with distinct names and positive weights
 */
public record Experiment(String id, String label, List<Arm> arms) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

  /**
   * One arm.
   *
   * @param name the arm's name, recorded with every call it serves ({@code "control"}, {@code "b"})
   * @param version the prompt version it serves
   * @param weight its share, relative to the other arms' weights
   */
  public record Arm(String name, SemVer version, int weight) {
    public Arm {
      checkName(name, "arm name");
      Objects.requireNonNull(version, "version");
      if (weight < 1) {
        throw new IllegalArgumentException("arm '" + name + "': weight must be at least 1, was " + weight);
      }
    }
  }

  public Experiment {
    checkName(id, "experiment id");
    checkName(label, "label");
    arms = List.copyOf(arms);
    if (arms.size() < 2) {
      throw new IllegalArgumentException("experiment '" + id + "' needs at least two arms");
    }
    Set<String> names = new HashSet<>();
    long total = 0;
    for (Arm a : arms) {
      if (!names.add(a.name())) {
        throw new IllegalArgumentException("experiment '" + id + "': arm '" + a.name() + "' is listed twice");
      }
      total += a.weight();
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("experiment '" + id + "': the weights add up to more than 2^31 - 1");
    }
  }

  /** The arm {@code subjectKey} is assigned to; always the same for the same id and key. */
  public Arm assign(String subjectKey) {
    Objects.requireNonNull(subjectKey, "subjectKey");
    long bucket = StableHash.bucket(id, subjectKey, totalWeight());
    for (Arm a : arms) {
      bucket -= a.weight();
      if (bucket < 0) {
        return a;
      }
    }
    throw new AssertionError("unreachable: bucket below the total weight");
  }

  /** The sum of the arms' weights. */
  public int totalWeight() {
    int t = 0;
    for (Arm a : arms) {
      t += a.weight();
    }
    return t;
  }

  /** Whether {@code s} is a valid label, experiment or arm name. */
  public static boolean isName(String s) {
    return NAME.matcher(s).matches();
  }

  static void checkName(String s, String what) {
    Objects.requireNonNull(s, what);
    if (!isName(s)) {
      throw new IllegalArgumentException(what + " '" + s + "' must start with a letter and hold only letters,"
          + " digits, '.', '_' or '-' (at most 64)");
    }
  }
}
