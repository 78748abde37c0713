package dev.hai.core.phi;

/**
 * One identifier found in a text: its type and where it is in the <em>original</em> text
 * ({@code start} inclusive, {@code end} exclusive). It never holds the identifier itself, so it is
 * safe to log.
 *
 * @param type what was found
 * @param start index of its first character in the original text
 * @param end index one past its last character in the original text
 */
public record Finding(PhiType type, int start, int end) {
  public Finding {
    if (type == null) {
      throw new NullPointerException("type");
    }
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("need 0 <= start < end, was [" + start + ", " + end + ")");
    }
  }

  /** The number of characters found. */
  public int length() {
    return end - start;
  }

  @Override
  public String toString() {
    return type + "[" + start + ", " + end + ")";
  }
}
