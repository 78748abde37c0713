package dev.hai.eval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hai.eval.EvalException;
import dev.hai.eval.ItemResult;
import dev.hai.eval.RunResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The run file: JSON Lines, a header line then one line per finished item, appended in the order
 * items finish; each line carries the item's index in the dataset, and reading sorts by it. A later
 * line for the same id replaces an earlier one (a retried failure). Only complete lines count: bytes
 * after the last newline are what a crash left of a line being appended, and are cut off before
 * the file is appended to again.
 */
public final class RunFiles {
  /** The run file format's version, in the header. */
  public static final int FORMAT = 1;

  private RunFiles() {}

  /**
   * What a run file holds.
   *
   * @param result the header and items (last line per id, in file order)
   * @param validBytes the length of the file's complete lines
   */
  public record Contents(RunResult result, long validBytes) {}

  public static Contents read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new EvalException("cannot read run file " + file + ": " + e.getMessage(), e);
    }
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    String[] lines = text.isEmpty() ? new String[0] : text.split("\n");
    if (lines.length == 0) {
      throw new EvalException(file + ": empty run file (no complete header line)");
    }
    JsonNode header = parse(file, 1, lines[0]);
    if (!"header".equals(header.path("type").asText())) {
      throw new EvalException(file + ":1: the first line must be the run header (type \"header\")");
    }
    if (header.path("format").asInt() != FORMAT) {
      throw new EvalException(file + ":1: run file format " + header.path("format") + " is not " + FORMAT);
    }
    Map<String, ItemResult> items = new LinkedHashMap<>();
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      JsonNode node = parse(file, i + 1, lines[i]);
      if (!"item".equals(node.path("type").asText())) {
        throw new EvalException(file + ":" + (i + 1) + ": expected an item line (type \"item\")");
      }
      ItemResult item = item(node);
      items.put(item.id(), item);
      index.put(item.id(), node.path("index").asInt(Integer.MAX_VALUE));
    }
    RunResult result = new RunResult(
        header.path("label").asText(),
        header.path("dataset").asText(),
        header.path("datasetSha256").asText(),
        strings(header.path("metrics")),
        strings(header.path("labels")),
        items.values().stream().sorted(java.util.Comparator.comparing(i -> index.get(i.id()))).toList());
    return new Contents(result, end);
  }

  private static JsonNode parse(Path file, int line, String text) {
    try {
      return Jsons.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new EvalException(file + ":" + line + ": not a valid run line (the file was edited or is corrupt)");
    }
  }

  /** Creates the file with its header; fails if it exists. */
  public static void create(Path file, String label, String dataset, String sha256, List<String> metrics,
      List<String> labels) {
    ObjectNode h = Jsons.MAPPER.createObjectNode();
    h.put("type", "header");
    h.put("format", FORMAT);
    h.put("label", label);
    h.put("dataset", dataset);
    h.put("datasetSha256", sha256);
    ArrayNode m = h.putArray("metrics");
    metrics.forEach(m::add);
    ArrayNode l = h.putArray("labels");
    labels.forEach(l::add);
    h.put("createdAt", java.time.Instant.now().toString());
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, h + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new EvalException("cannot create run file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Cuts the file to its complete lines. */
  public static void truncate(Path file, long validBytes) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (ch.size() > validBytes) {
        ch.truncate(validBytes);
      }
    } catch (IOException e) {
      throw new EvalException("cannot repair run file " + file + ": " + e.getMessage(), e);
    }
  }

  /** One item as its JSON line (without the newline); {@code index} is its place in the dataset. */
  public static String line(ItemResult r, int index) {
    ObjectNode n = Jsons.MAPPER.createObjectNode();
    n.put("type", "item");
    n.put("index", index);
    n.put("id", r.id());
    n.put("outcome", r.outcome());
    n.put("output", r.output());
    if (r.reason() != null) {
      n.put("reason", r.reason());
    }
    ObjectNode tags = n.putObject("tags");
    r.tags().forEach(tags::put);
    ObjectNode scores = n.putObject("scores");
    r.scores().forEach((k, v) -> {
      if (v.isNaN()) {
        scores.putNull(k);
      } else {
        scores.put(k, v);
      }
    });
    putNullable(n, "expectedLabel", r.expectedLabel());
    putNullable(n, "predictedLabel", r.predictedLabel());
    n.put("latencyMillis", r.latencyMillis());
    putNullable(n, "callId", r.callId());
    putNullable(n, "prompt", r.prompt());
    return n.toString();
  }

  private static void putNullable(ObjectNode n, String field, @Nullable String value) {
    if (value == null) {
      n.putNull(field);
    } else {
      n.put(field, value);
    }
  }

  private static ItemResult item(JsonNode n) {
    Map<String, String> tags = new LinkedHashMap<>();
    n.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    Map<String, Double> scores = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("scores").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      scores.put(e.getKey(), e.getValue().isNull() ? Double.NaN : e.getValue().asDouble());
    }
    return new ItemResult(n.path("id").asText(), n.path("outcome").asText(), n.path("output").asText(),
        text(n, "reason"), tags, scores, text(n, "expectedLabel"), text(n, "predictedLabel"),
        n.path("latencyMillis").asLong(), text(n, "callId"), text(n, "prompt"));
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
