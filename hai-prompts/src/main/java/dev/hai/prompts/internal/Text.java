package dev.hai.prompts.internal;

/** How prompt text is normalised before it is hashed and sent (docs/prompts.md, "Content hash"). */
public final class Text {
  private Text() {}

  /** CRLF and lone CR become LF. */
  public static String lineEndings(String s) {
    return s.indexOf('\r') < 0 ? s : s.replace("\r\n", "\n").replace('\r', '\n');
  }

  /**
   * Line endings as LF, spaces and tabs at the end of each line removed, and blank lines at the start
   * and the end removed: what YAML's block styles and editors vary without meaning to.
   */
  public static String normalise(String s) {
    String[] lines = lineEndings(s).split("\n", -1);
    StringBuilder out = new StringBuilder(s.length());
    int first = 0;
    int last = lines.length - 1;
    while (first <= last && lines[first].isBlank()) {
      first++;
    }
    while (last >= first && lines[last].isBlank()) {
      last--;
    }
    for (int i = first; i <= last; i++) {
      if (i > first) {
        out.append('\n');
      }
      out.append(stripTrailing(lines[i]));
    }
    return out.toString();
  }

  private static String stripTrailing(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    return line.substring(0, end);
  }
}
