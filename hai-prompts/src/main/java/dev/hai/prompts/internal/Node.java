package dev.hai.prompts.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parsed YAML or JSON value with the line it starts on, so that every validation error can name
 * its line. Maps keep the file's key order; canonical forms sort them.
 */
public sealed interface Node {

  /** The 1-based line the value starts on. */
  int line();

  /** A human word for the node's type, for error messages. */
  String kind();

  /** A string scalar. */
  record Text(String value, int line) implements Node {
    @Override
    public String kind() {
      return "a string";
    }
  }

  /** A numeric scalar, kept exactly as written. */
  record Num(BigDecimal value, int line) implements Node {
    @Override
    public String kind() {
      return "a number";
    }
  }

  /** {@code true} or {@code false}. */
  record Bool(boolean value, int line) implements Node {
    @Override
    public String kind() {
      return "a boolean";
    }
  }

  /** {@code null} or an empty YAML value. */
  record Null(int line) implements Node {
    @Override
    public String kind() {
      return "null";
    }
  }

  /** A sequence. */
  record Seq(List<Node> items, int line) implements Node {
    public Seq {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A mapping.
   *
   * @param entries the values by key, in file order
   * @param keyLines the line of each key
   */
  record Obj(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {
    @Override
    public String kind() {
      return "a mapping";
    }

    public @Nullable Node get(String key) {
      return entries.get(key);
    }

    public int keyLine(String key) {
      Integer l = keyLines.get(key);
      return l == null ? line : l;
    }
  }
}
