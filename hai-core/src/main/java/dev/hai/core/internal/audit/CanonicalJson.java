package dev.hai.core.internal.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The canonical JSON form that audit hashes are computed over (docs/audit-format.md, "Canonical
 * form"): object keys sorted by UTF-16 code unit (Java's {@code String.compareTo}), no whitespace
 * outside strings, strings escaped minimally ({@code \"}, {@code \\}, {@code \b \f \n \r \t}, other
 * characters below U+0020 as backslash-u-00xx with lowercase hex, everything else as itself), numbers
 * exactly as written, {@code null} written out, UTF-8 bytes.
 *
 * <p>A tree is made of {@code Map<String, ?>} (written with sorted keys), {@code List<?>}, {@code
 * String}, {@code Boolean}, {@code null}, {@link Long}/{@link Integer} and {@link Num} (a number
 * kept as its text).
 */
public final class CanonicalJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private CanonicalJson() {}

  /** A number as it was written. */
  public record Num(String text) {}

  /** Thrown for text that is not exactly one JSON value, or has a duplicate key. */
  public static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }

  public static String write(@Nullable Object tree) {
    StringBuilder sb = new StringBuilder(512);
    write(tree, sb);
    return sb.toString();
  }

  /**
   * The canonical form of an object with gaps left for some keys that it does not hold: returns
   * {@code holes.length + 1} parts such that {@code part[0] + "\"k0\":v0," + part[1] + ... +
   * part[n]} is the canonical form of the object with each hole key {@code ki} set to a value
   * whose canonical form is {@code vi}. Each hole must sort after the object's first key and before
   * its last, so that a filled hole is always followed by a comma.
   *
   * @param object the object, without the hole keys
   * @param holes the hole keys, in sorted order
   */
  public static String[] writeWithHoles(Map<String, ?> object, String... holes) {
    Map<String, ?> sorted = object instanceof TreeMap<String, ?> t && t.comparator() == null
        ? object : new TreeMap<>(object);
    String[] parts = new String[holes.length + 1];
    StringBuilder sb = new StringBuilder(512);
    sb.append('{');
    int h = 0;
    int i = 0;
    int n = sorted.size();
    for (Map.Entry<String, ?> e : sorted.entrySet()) {
      String key = e.getKey();
      while (h < holes.length && holes[h].compareTo(key) <= 0) {
        if (holes[h].equals(key) || i == 0 || (h > 0 && holes[h].compareTo(holes[h - 1]) <= 0)) {
          throw new IllegalArgumentException("hole '" + holes[h] + "' is a key, first, or out of order");
        }
        parts[h++] = sb.toString();
        sb.setLength(0);
      }
      string(key, sb);
      sb.append(':');
      write(e.getValue(), sb);
      if (++i < n) {
        sb.append(',');
      }
    }
    if (h < holes.length) {
      throw new IllegalArgumentException("hole '" + holes[h] + "' would sort after the last key");
    }
    sb.append('}');
    parts[holes.length] = sb.toString();
    return parts;
  }

  private static void write(@Nullable Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(s, sb);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Long || v instanceof Integer) {
      sb.append(v);
    } else if (v instanceof Num n) {
      sb.append(n.text());
    } else if (v instanceof Map<?, ?> m) {
      Map<?, ?> sorted = m;
      if (!(m instanceof TreeMap<?, ?> t && t.comparator() == null)) {
        Map<String, Object> copy = new TreeMap<>();
        m.forEach((k, val) -> copy.put((String) k, val));
        sorted = copy;
      }
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : sorted.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string((String) e.getKey(), sb);
        sb.append(':');
        write(e.getValue(), sb);
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(l.get(i), sb);
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON tree value: " + v.getClass().getName());
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Parses one JSON value into a tree; numbers stay as written. */
  public static @Nullable Object parse(String text) throws MalformedException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new MalformedException("empty");
      }
      Object value = read(p, t);
      if (p.nextToken() != null) {
        throw new MalformedException("text after the JSON value");
      }
      return value;
    } catch (IOException e) {
      String msg = String.valueOf(e.getMessage());
      throw new MalformedException(msg.split("\n")[0]);
    }
  }

  private static @Nullable Object read(JsonParser p, JsonToken t) throws IOException, MalformedException {
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new TreeMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          Object v = read(p, p.nextToken());
          if (m.containsKey(name)) {
            throw new MalformedException("duplicate key '" + name + "'");
          }
          m.put(name, v);
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          l.add(read(p, e));
        }
        return l;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new Num(p.getText());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new MalformedException("unexpected " + t);
    }
  }
}
