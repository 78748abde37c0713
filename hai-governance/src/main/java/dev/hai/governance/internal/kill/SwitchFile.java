package dev.hai.governance.internal.kill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hai.core.KillSwitch;
import dev.hai.governance.kill.KillSwitchException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The kill-switch file: {@code {"format": 1, "switches": [{"target", "by", "why", "since"}, ...]}},
 * read strictly (unknown or missing fields, duplicate targets and bad values are errors that name
 * the entry), written with the switches ordered by target.
 */
public final class SwitchFile {
  /** The format version this code reads and writes. */
  public static final int FORMAT = 1;
  private static final Set<String> ENTRY_FIELDS = Set.of("target", "by", "why", "since");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private SwitchFile() {}

  /** The switches of a file's content, by target. */
  public static Map<KillSwitch.Target, KillSwitch> parse(Path file, byte[] content) {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (JsonProcessingException e) {
      throw bad(file, "not valid JSON (" + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw new KillSwitchException(file, "cannot be read: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw bad(file, "must hold a JSON object {\"format\": 1, \"switches\": [...]}, found "
          + (root == null || root.isMissingNode() ? "nothing (an empty file)" : root.getNodeType().name().toLowerCase()));
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("format") && !name.equals("switches")) {
        throw bad(file, "unknown field '" + name + "'; the file holds only 'format' and 'switches'");
      }
    }
    JsonNode format = root.get("format");
    if (format == null || !format.isInt() || format.intValue() != FORMAT) {
      throw bad(file, "'format' must be " + FORMAT + ", found " + format);
    }
    JsonNode list = root.get("switches");
    if (list == null || !list.isArray()) {
      throw bad(file, "'switches' must be a list (empty when nothing is disabled), found " + list);
    }
    Map<KillSwitch.Target, KillSwitch> switches = new TreeMap<>(SwitchFile::byTarget);
    for (int i = 0; i < list.size(); i++) {
      KillSwitch s = entry(file, i, list.get(i));
      if (switches.put(s.target(), s) != null) {
        throw bad(file, "switches[" + i + "]: target '" + s.target() + "' is listed twice");
      }
    }
    return switches;
  }

  private static KillSwitch entry(Path file, int i, JsonNode node) {
    String where = "switches[" + i + "]";
    if (!node.isObject()) {
      throw bad(file, where + " must be an object {\"target\", \"by\", \"why\", \"since\"}");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ENTRY_FIELDS.contains(name)) {
        throw bad(file, where + ": unknown field '" + name + "'; an entry holds target, by, why and since");
      }
    }
    try {
      KillSwitch.Target target = KillSwitch.Target.parse(text(file, where, node, "target"));
      Instant since = Instant.parse(text(file, where, node, "since"));
      return new KillSwitch(target, text(file, where, node, "by"), text(file, where, node, "why"), since);
    } catch (DateTimeParseException e) {
      throw bad(file, where + ".since must be an instant such as 2026-11-26T04:00:00Z");
    } catch (IllegalArgumentException e) {
      throw bad(file, where + ": " + e.getMessage());
    }
  }

  private static String text(Path file, String where, JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw bad(file, where + "." + field + " is required and must be a string");
    }
    return v.textValue();
  }

  /** The file content for these switches, ordered by target, ending with a newline. */
  public static byte[] write(Collection<KillSwitch> switches) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode list = root.putArray("switches");
    switches.stream().sorted((a, b) -> byTarget(a.target(), b.target())).forEach(s -> {
      ObjectNode e = list.addObject();
      e.put("target", s.target().toString());
      e.put("by", s.by());
      e.put("why", s.why());
      e.put("since", s.since().toString());
    });
    try {
      byte[] body = JSON.writeValueAsBytes(root);
      byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
      out[body.length] = '\n';
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write kill switches as JSON", e);
    }
  }

  /** Orders targets by their written form. */
  public static int byTarget(KillSwitch.Target a, KillSwitch.Target b) {
    return a.toString().compareTo(b.toString());
  }

  private static KillSwitchException bad(Path file, String message) {
    return new KillSwitchException(file, message, null);
  }
}
