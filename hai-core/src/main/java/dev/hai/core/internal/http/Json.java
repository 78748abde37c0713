package dev.hai.core.internal.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * The one Jackson {@link ObjectMapper} of the backends, and null-safe readers for the fields of a
 * provider's JSON. The mapper is configured once and never changed, so it is safe to share.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** The shared mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A new empty JSON object, for building request bodies. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The text of {@code node.field}, or {@code null} when absent, null or not a string. */
  public static @Nullable String text(@Nullable JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** The integer {@code node.field}, or 0 when absent or null (providers omit zero counts). */
  public static long count(@Nullable JsonNode node, String field) {
    if (node == null) {
      return 0;
    }
    JsonNode value = node.get(field);
    return value != null && value.canConvertToLong() && value.asLong() > 0 ? value.asLong() : 0;
  }
}
