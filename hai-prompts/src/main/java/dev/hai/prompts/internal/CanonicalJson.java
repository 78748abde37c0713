package dev.hai.prompts.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON that prompt hashes are taken over (docs/prompts.md, "Content hash"): object
 * keys sorted by UTF-16 code units, no insignificant whitespace, strings with only {@code "}, {@code
 * \} and control characters escaped (control characters other than \b \f \n \r \t as lowercase
 * {@code \}{@code u00xx}), numbers as their shortest plain decimal ({@code 0.70} and {@code 0.7}
 * alike, {@code 1.0} as {@code 1}), literals {@code true}, {@code false}, {@code null}.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** Already-canonical JSON text to embed as it is. */
  public record Raw(String json) {}

  /**
   * Writes a tree of {@link Map} (String keys), {@link List}, {@link String}, {@link BigDecimal},
   * {@link Long}, {@link Integer}, {@link Double}, {@link Boolean}, {@link Raw} and {@code null}.
   */
  public static String write(Object tree) {
    StringBuilder out = new StringBuilder(256);
    write(out, tree);
    return out.toString();
  }

  /** The canonical form of a parsed {@link Node}, strings kept as they are. */
  public static String write(Node node) {
    return write(toTree(node));
  }

  static Object toTree(Node node) {
    if (node instanceof Node.Text t) {
      return t.value();
    } else if (node instanceof Node.Num n) {
      return n.value();
    } else if (node instanceof Node.Bool b) {
      return b.value();
    } else if (node instanceof Node.Null) {
      return NULL;
    } else if (node instanceof Node.Seq s) {
      return s.items().stream().map(CanonicalJson::toTree).toList();
    } else {
      Map<String, Object> m = new TreeMap<>();
      ((Node.Obj) node).entries().forEach((k, v) -> m.put(k, toTree(v)));
      return m;
    }
  }

  /** Stands for JSON null inside collections that refuse Java nulls. */
  static final Object NULL = new Raw("null");

  @SuppressWarnings("unchecked")
  private static void write(StringBuilder out, Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Raw r) {
      out.append(r.json());
    } else if (v instanceof String s) {
      string(out, s);
    } else if (v instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (v instanceof Long || v instanceof Integer) {
      out.append(v);
    } else if (v instanceof Double d) {
      out.append(number(BigDecimal.valueOf(d)));
    } else if (v instanceof BigDecimal d) {
      out.append(number(d));
    } else if (v instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, list.get(i));
      }
      out.append(']');
    } else if (v instanceof Map<?, ?> map) {
      Map<String, Object> sorted = map instanceof TreeMap ? (Map<String, Object>) map : new TreeMap<>((Map<String, Object>) map);
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, e.getKey());
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  static String number(BigDecimal d) {
    if (d.signum() == 0) {
      return "0";
    }
    return d.stripTrailingZeros().toPlainString();
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
