package dev.hai.eval;

import java.util.List;
import java.util.Map;

/** Dataset items for tests. */
public final class TestItems {
  private TestItems() {}

  public static DatasetItem text(String expected) {
    return new DatasetItem("t", Map.of("note", "n"), Expected.text(expected), Map.of(), null);
  }

  public static DatasetItem label(String id, String input, String label, Map<String, String> tags) {
    return new DatasetItem(id, Map.of("message", input), Expected.label(label), tags, null);
  }

  public static DatasetItem items(List<String> items) {
    return new DatasetItem("e", Map.of("note", "n"), Expected.items(items), Map.of(), null);
  }
}
