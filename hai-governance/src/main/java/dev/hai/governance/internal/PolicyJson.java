package dev.hai.governance.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hai.core.policy.PolicyInput;
import dev.hai.core.spi.PolicyException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON in and out of the engines: one mapper, the input document and the engines' answers. */
public final class PolicyJson {
  /** Thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private PolicyJson() {}

  /** The input document as JSON text. */
  public static String input(PolicyInput input) {
    return write(input.toDocument());
  }

  public static String write(Object tree) {
    try {
      return MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** Lowercase hex SHA-256 of bytes: bundle identity, decision-cache keys. */
  public static String sha256Hex(byte[] bytes) {
    byte[] h;
    try {
      h = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    StringBuilder sb = new StringBuilder(64);
    for (byte b : h) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }

  /** Parses JSON text into maps, lists, strings, numbers and booleans. */
  public static @Nullable Object parse(String json, String what) {
    try {
      return MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new PolicyException(PolicyException.Kind.MALFORMED_DECISION, what + " is not JSON: "
          + e.getOriginalMessage());
    }
  }

  /**
   * The decision document of an OPA Wasm evaluation: its answer is {@code [{"result": ...}]}, or
   * {@code []} when the entrypoint is undefined for the input.
   */
  public static @Nullable Object wasmResult(String answer) {
    Object parsed = parse(answer, "the Wasm policy's answer");
    if (parsed instanceof java.util.List<?> list) {
      if (list.isEmpty()) {
        return null;
      }
      if (list.get(0) instanceof Map<?, ?> first) {
        return first.get("result");
      }
    }
    throw new PolicyException(PolicyException.Kind.MALFORMED_DECISION,
        "the Wasm policy's answer is not a result set");
  }
}
