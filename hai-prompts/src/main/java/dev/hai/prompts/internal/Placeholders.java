package dev.hai.prompts.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits template text at its {@code {{name}}} placeholders. A template is compiled once when its
 * file is loaded; rendering only concatenates literals and values, so a value is never read as
 * template syntax.
 *
 * @param literals the text around the placeholders; one more than {@code names}
 * @param names the placeholder names, in order
 */
public record Placeholders(String[] literals, String[] names) {

  /** A placeholder that cannot be read: where it is (0-based offset) and what is wrong. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    MalformedException(int offset, String message) {
      super(message);
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }
  }

  /**
   * Compiles {@code text}. Every <code>{{</code> must open a placeholder {@code {{name}}} (spaces inside
   * the braces allowed, the name a letter or underscore followed by letters, digits or underscores).
   */
  public static Placeholders compile(String text) throws MalformedException {
    List<String> literals = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int from = 0;
    int open;
    while ((open = text.indexOf("{{", from)) >= 0) {
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        throw new MalformedException(open, "'{{' without a closing '}}'");
      }
      String name = text.substring(open + 2, close).strip();
      if (!isName(name)) {
        throw new MalformedException(open, "'" + text.substring(open, close + 2) + "' is not a placeholder:"
            + " write {{name}} with a name of letters, digits and underscores, starting with a letter or underscore");
      }
      literals.add(text.substring(from, open));
      names.add(name);
      from = close + 2;
    }
    literals.add(text.substring(from));
    return new Placeholders(literals.toArray(String[]::new), names.toArray(String[]::new));
  }

  /**
   * {@code text} with every placeholder written {@code {{name}}}, without spaces inside the braces;
   * text whose placeholders are malformed is returned as it is, for {@link #compile} to report.
   */
  public static String tidy(String text) {
    if (text.indexOf("{{") < 0) {
      return text;
    }
    try {
      Placeholders p = compile(text);
      StringBuilder sb = new StringBuilder(text.length());
      sb.append(p.literals[0]);
      for (int i = 0; i < p.names.length; i++) {
        sb.append("{{").append(p.names[i]).append("}}").append(p.literals[i + 1]);
      }
      return sb.toString();
    } catch (MalformedException e) {
      return text;
    }
  }

  /** Whether {@code s} is a valid variable name. */
  public static boolean isName(String s) {
    if (s.isEmpty() || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The 0-based line of {@code offset} within {@code text}. */
  public static int lineOf(String text, int offset) {
    int n = 0;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }
}
