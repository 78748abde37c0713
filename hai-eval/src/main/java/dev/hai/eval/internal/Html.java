package dev.hai.eval.internal;

import java.util.Locale;

/** HTML escaping and small inline SVG charts; every text that reaches the page goes through {@link #esc}. */
public final class Html {
  private Html() {}

  /** Escapes text for HTML element content and attribute values. */
  public static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append(' ');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A number with 3 decimals, or "–" for NaN. */
  public static String num(double v) {
    return Double.isNaN(v) ? "\u2013" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** A signed number with 3 decimals. */
  public static String signed(double v) {
    return Double.isNaN(v) ? "\u2013" : String.format(Locale.ROOT, "%+.3f", v);
  }

  /** A p-value, in scientific notation when small. */
  public static String p(double v) {
    if (Double.isNaN(v)) {
      return "\u2013";
    }
    return v < 0.001 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.4f", v);
  }

  /** Cuts text to {@code max} characters with an ellipsis. */
  public static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "\u2026";
  }

  /**
   * A horizontal bar chart on [0, 1]: one row per bar with an interval whisker.
   *
   * @param labels row labels
   * @param values bar lengths in [0, 1] (NaN draws no bar)
   * @param lower whisker starts
   * @param upper whisker ends
   * @param colors bar colours (CSS)
   */
  public static String bars(String[] labels, double[] values, double[] lower, double[] upper, String[] colors) {
    int rowH = 22;
    int longest = 0;
    for (String l : labels) {
      longest = Math.max(longest, Math.min(l.length(), 60));
    }
    int labelW = Math.max(120, 7 * longest + 12);
    int plotW = 360;
    int h = rowH * labels.length + 24;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(labelW + plotW + 70)
        .append("\" height=\"").append(h).append("\" role=\"img\">");
    for (int t = 0; t <= 4; t++) {
      double x = labelW + plotW * t / 4.0;
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", x, x, h - 18));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%.2f</text>",
          x, h - 6, t / 4.0));
    }
    for (int i = 0; i < labels.length; i++) {
      int y = i * rowH + 4;
      s.append("<text x=\"").append(labelW - 6).append("\" y=\"").append(y + 13)
          .append("\" font-size=\"12\" text-anchor=\"end\">").append(esc(cut(labels[i], 60))).append("</text>");
      if (!Double.isNaN(values[i])) {
        double w = plotW * clamp(values[i]);
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>",
            labelW, y, w, esc(colors[i])));
        double x1 = labelW + plotW * clamp(lower[i]);
        double x2 = labelW + plotW * clamp(upper[i]);
        if (lower[i] != upper[i]) { // an interval: draw the whisker
          s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\" "
              + "stroke-width=\"1.5\"/>", x1, y + 8, x2, y + 8));
          s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\"/>",
              x1, y + 3, x1, y + 13));
          s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\"/>",
              x2, y + 3, x2, y + 13));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>",
            labelW + plotW + 6, y + 13, num(values[i])));
      }
    }
    return s.append("</svg>").toString();
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }
}
