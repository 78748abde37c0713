package dev.hai.eval.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hai.eval.DatasetItem;
import dev.hai.eval.EvalException;
import dev.hai.eval.Metric;
import dev.hai.eval.internal.Jsons;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * JSON-schema validity: 1 when the answer is one JSON value (surrounding whitespace and one
 * Markdown code fence allowed) that the schema accepts, else 0.
 *
 * <p>A subset of JSON Schema (draft 2020-12 keywords) is implemented, and a schema using any other
 * keyword is refused when the metric is built, so nothing is silently ignored: {@code type}
 * (a name or a list), {@code properties}, {@code required}, {@code additionalProperties} (boolean
 * or schema), {@code items} (one schema), {@code minItems}, {@code maxItems}, {@code enum}, {@code
 * const}, {@code minLength}, {@code maxLength}, {@code pattern} (Java regex, searched), {@code
 * minimum}, {@code maximum}; and the annotations {@code $schema}, {@code $id}, {@code title},
 * {@code description}. A keyword with a value of the wrong kind (an unknown type name, a pattern
 * that does not compile, a text minimum) is refused when the metric is built too. {@link
 * #violations} lists what failed, with JSON-pointer paths.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonSchemaValidity implements Metric {
  private static final Set<String> KEYWORDS = Set.of("type", "properties", "required",
      "additionalProperties", "items", "minItems", "maxItems", "enum", "const", "minLength",
      "maxLength", "pattern", "minimum", "maximum", "$schema", "$id", "title", "description");
  private static final Set<String> TYPES = Set.of("object", "array", "string", "boolean", "null", "number", "integer");
  private static final List<String> COUNTS = List.of("minItems", "maxItems", "minLength", "maxLength");
  private static final Pattern FENCE = Pattern.compile("(?s)^```[a-zA-Z]*\\s*(.*?)\\s*```$");

  private final JsonNode schema;

  private JsonSchemaValidity(JsonNode schema) {
    checkSupported(schema, "#");
    this.schema = schema;
  }

  /** A metric for this schema (JSON text). */
  public static JsonSchemaValidity of(String schemaJson) {
    try {
      return new JsonSchemaValidity(Jsons.MAPPER.readTree(schemaJson));
    } catch (IOException e) {
      throw new EvalException("JSON schema: not valid JSON: " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return "json_valid";
  }

  @Override
  public double score(DatasetItem item, String output) {
    return violations(output).isEmpty() ? 1.0 : 0.0;
  }

  /** What is wrong with the answer; empty when it is valid. */
  public List<String> violations(String output) {
    String text = output.strip();
    var fenced = FENCE.matcher(text);
    if (fenced.matches()) {
      text = fenced.group(1);
    }
    JsonNode value;
    try {
      value = Jsons.MAPPER.readTree(text);
    } catch (IOException e) {
      return List.of("#: not valid JSON");
    }
    if (value == null || value.isMissingNode()) {
      return List.of("#: empty answer");
    }
    List<String> out = new ArrayList<>();
    validate(schema, value, "#", out);
    return out;
  }

  private static void checkSupported(JsonNode schema, String path) {
    if (schema.isBoolean()) {
      return;
    }
    if (!schema.isObject()) {
      throw new EvalException("JSON schema " + path + ": a schema must be an object or a boolean");
    }
    for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYWORDS.contains(k)) {
        throw new EvalException("JSON schema " + path + ": keyword '" + k + "' is not supported; supported: "
            + new java.util.TreeSet<>(KEYWORDS));
      }
    }
    checkValues(schema, path);
    JsonNode props = schema.get("properties");
    if (props != null) {
      props.fields().forEachRemaining(e -> checkSupported(e.getValue(), path + "/properties/" + e.getKey()));
    }
    JsonNode items = schema.get("items");
    if (items != null) {
      checkSupported(items, path + "/items");
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null) {
      checkSupported(additional, path + "/additionalProperties");
    }
  }

  // Keyword values the validator reads: a wrong one would throw on every answer or be ignored.
  private static void checkValues(JsonNode schema, String path) {
    JsonNode type = schema.get("type");
    if (type != null && !(isType(type) || type.isArray() && type.size() > 0
        && java.util.stream.StreamSupport.stream(type.spliterator(), false).allMatch(JsonSchemaValidity::isType))) {
      throw new EvalException("JSON schema " + path + ": 'type' must be one of " + new java.util.TreeSet<>(TYPES)
          + " or a non-empty array of them");
    }
    for (String k : COUNTS) {
      JsonNode n = schema.get(k);
      if (n != null && !(n.isIntegralNumber() && n.canConvertToInt() && n.asInt() >= 0)) {
        throw new EvalException("JSON schema " + path + ": '" + k + "' must be a whole number of at least 0");
      }
    }
    for (String k : List.of("minimum", "maximum")) {
      if (schema.has(k) && !schema.get(k).isNumber()) {
        throw new EvalException("JSON schema " + path + ": '" + k + "' must be a number");
      }
    }
    JsonNode required = schema.get("required");
    if (required != null && !(required.isArray()
        && java.util.stream.StreamSupport.stream(required.spliterator(), false).allMatch(JsonNode::isTextual))) {
      throw new EvalException("JSON schema " + path + ": 'required' must be an array of strings");
    }
    if (schema.has("enum") && !schema.get("enum").isArray()) {
      throw new EvalException("JSON schema " + path + ": 'enum' must be an array");
    }
    if (schema.has("properties") && !schema.get("properties").isObject()) {
      throw new EvalException("JSON schema " + path + ": 'properties' must be an object");
    }
    JsonNode pattern = schema.get("pattern");
    if (pattern != null) {
      if (!pattern.isTextual()) {
        throw new EvalException("JSON schema " + path + ": 'pattern' must be a string");
      }
      try {
        Pattern.compile(pattern.asText());
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new EvalException("JSON schema " + path + ": 'pattern' is not a valid regular expression ("
            + e.getDescription() + ")");
      }
    }
  }

  private static boolean isType(JsonNode t) {
    return t.isTextual() && TYPES.contains(t.asText());
  }

  private static void validate(JsonNode s, JsonNode v, String path, List<String> out) {
    if (s.isBoolean()) {
      if (!s.asBoolean()) {
        out.add(path + ": not allowed");
      }
      return;
    }
    JsonNode type = s.get("type");
    if (type != null && !typeMatches(type, v)) {
      out.add(path + ": expected type " + type + ", was " + typeName(v));
      return;
    }
    JsonNode en = s.get("enum");
    if (en != null) {
      boolean found = false;
      for (JsonNode option : en) {
        found |= jsonEquals(option, v);
      }
      if (!found) {
        out.add(path + ": not one of the allowed values");
      }
    }
    JsonNode constant = s.get("const");
    if (constant != null && !jsonEquals(constant, v)) {
      out.add(path + ": not the required constant");
    }
    if (v.isTextual()) {
      int len = v.asText().codePointCount(0, v.asText().length());
      if (s.has("minLength") && len < s.get("minLength").asInt()) {
        out.add(path + ": shorter than " + s.get("minLength").asInt());
      }
      if (s.has("maxLength") && len > s.get("maxLength").asInt()) {
        out.add(path + ": longer than " + s.get("maxLength").asInt());
      }
      if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(v.asText()).find()) {
        out.add(path + ": does not match the pattern");
      }
    }
    if (v.isNumber()) {
      if (s.has("minimum") && v.decimalValue().compareTo(s.get("minimum").decimalValue()) < 0) {
        out.add(path + ": below the minimum " + s.get("minimum"));
      }
      if (s.has("maximum") && v.decimalValue().compareTo(s.get("maximum").decimalValue()) > 0) {
        out.add(path + ": above the maximum " + s.get("maximum"));
      }
    }
    if (v.isArray()) {
      if (s.has("minItems") && v.size() < s.get("minItems").asInt()) {
        out.add(path + ": fewer than " + s.get("minItems").asInt() + " items");
      }
      if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
        out.add(path + ": more than " + s.get("maxItems").asInt() + " items");
      }
      JsonNode items = s.get("items");
      if (items != null) {
        for (int i = 0; i < v.size(); i++) {
          validate(items, v.get(i), path + "/" + i, out);
        }
      }
    }
    if (v.isObject()) {
      JsonNode required = s.get("required");
      if (required != null) {
        for (JsonNode r : required) {
          if (!v.has(r.asText())) {
            out.add(path + ": missing required property '" + r.asText() + "'");
          }
        }
      }
      JsonNode props = s.get("properties");
      JsonNode additional = s.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String child = path + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
        if (props != null && props.has(e.getKey())) {
          validate(props.get(e.getKey()), e.getValue(), child, out);
        } else if (additional != null) {
          validate(additional, e.getValue(), child, out);
        }
      }
    }
  }

  private static boolean typeMatches(JsonNode type, JsonNode v) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(t, v)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      case "number" -> v.isNumber();
      case "integer" -> v.isIntegralNumber()
          || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0);
      default -> throw new EvalException("JSON schema: unknown type '" + type.asText() + "'");
    };
  }

  private static boolean jsonEquals(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static String typeName(JsonNode v) {
    return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
