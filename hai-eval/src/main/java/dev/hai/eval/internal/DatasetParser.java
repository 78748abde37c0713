package dev.hai.eval.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hai.eval.Dataset;
import dev.hai.eval.DatasetItem;
import dev.hai.eval.EvalException;
import dev.hai.eval.Expected;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a dataset's JSON Lines. Errors name file and line and the field to fix; they never quote
 * the line, because a real dataset's notes may hold PHI.
 */
public final class DatasetParser {
  private static final Set<String> FIELDS = Set.of("id", "input", "expected", "tags", "notes");
  private static final Set<String> EXPECTED_FIELDS = Set.of("text", "label", "items", "json");

  private DatasetParser() {}

  public static Dataset parse(String name, byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new EvalException(name + ": not UTF-8 text");
    }
    List<DatasetItem> items = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isBlank()) {
        continue;
      }
      String where = name + ":" + (i + 1);
      DatasetItem item = parseLine(where, line);
      Integer first = seen.putIfAbsent(item.id(), i + 1);
      if (first != null) {
        throw new EvalException(where + ": id '" + item.id() + "' was already used on line " + first);
      }
      items.add(item);
    }
    if (items.isEmpty()) {
      throw new EvalException(name + ": holds no items");
    }
    return new Dataset(name, Jsons.sha256Hex(bytes), items);
  }

  private static DatasetItem parseLine(String where, String line) {
    JsonNode node;
    try {
      node = Jsons.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      // Jackson quotes stretches of the input in its messages ('token', "text"): keep its first
      // sentence with every quoted stretch blanked, so no dataset text reaches the message.
      String reason = e.getOriginalMessage();
      int cut = reason.indexOf(": ");
      reason = (cut > 0 ? reason.substring(0, cut) : reason).replaceAll("'[^']*'|\"[^\"]*\"", "'…'")
          .replaceAll("\\(code \\d+\\)", "");
      throw new EvalException(where + ": not valid JSON (" + reason + ", column " + e.getLocation().getColumnNr() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new EvalException(where + ": each line must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new EvalException(where + ": unknown field '" + field + "' (allowed: id, input, expected, tags, notes)");
      }
    }
    String id = string(where, node, "id", true);
    Map<String, String> input = stringMap(where, node.get("input"), "input", true);
    Expected expected = expected(where, node.get("expected"));
    Map<String, String> tags = stringMap(where, node.get("tags"), "tags", false);
    String notes = string(where, node, "notes", false);
    try {
      return new DatasetItem(id, input, expected, tags, notes);
    } catch (EvalException e) {
      throw new EvalException(where + ": " + e.getMessage());
    }
  }

  private static Expected expected(String where, @Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new EvalException(where + ": 'expected' is required and must be an object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!EXPECTED_FIELDS.contains(field)) {
        throw new EvalException(where + ": unknown field 'expected." + field + "' (allowed: text, label, items, json)");
      }
    }
    String text = string(where, node, "text", false);
    String label = string(where, node, "label", false);
    List<String> items = new ArrayList<>();
    JsonNode itemsNode = node.get("items");
    if (itemsNode != null) {
      if (!itemsNode.isArray()) {
        throw new EvalException(where + ": 'expected.items' must be an array of strings");
      }
      for (JsonNode n : itemsNode) {
        if (!n.isTextual() || n.asText().isBlank()) {
          throw new EvalException(where + ": 'expected.items' must hold only non-blank strings");
        }
        items.add(n.asText());
      }
    }
    JsonNode json = node.get("json");
    String jsonText = json == null || json.isNull() ? null : json.toString();
    if (label != null && label.isBlank()) {
      throw new EvalException(where + ": 'expected.label' must not be blank");
    }
    if (text == null && label == null && items.isEmpty() && jsonText == null) {
      throw new EvalException(where + ": 'expected' must set at least one of text, label, items, json");
    }
    return new Expected(text, label, items, jsonText);
  }

  private static @Nullable String string(String where, JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new EvalException(where + ": '" + field + "' is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new EvalException(where + ": '" + field + "' must be a string");
    }
    if (required && value.asText().isBlank()) {
      throw new EvalException(where + ": '" + field + "' must not be blank");
    }
    return value.asText();
  }

  private static Map<String, String> stringMap(
      String where, @Nullable JsonNode node, String field, boolean required) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      if (required) {
        throw new EvalException(where + ": '" + field + "' is required");
      }
      return map;
    }
    if (!node.isObject()) {
      throw new EvalException(where + ": '" + field + "' must be an object of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new EvalException(where + ": '" + field + "." + e.getKey() + "' must be a string");
      }
      map.put(e.getKey(), e.getValue().asText());
    }
    if (required && map.isEmpty()) {
      throw new EvalException(where + ": '" + field + "' must hold at least one variable");
    }
    return map;
  }
}
