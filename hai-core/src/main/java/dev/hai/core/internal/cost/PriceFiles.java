package dev.hai.core.internal.cost;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.ModelPrice;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads price files: {@code {"format":1,"currency":"USD","takenOn":"...","prices":[{"model",
 * "provider","effectiveFrom","input","output","cacheWrite","cacheRead"}...]}}, prices per million
 * tokens as decimal strings or numbers (read exactly, never through a double).
 */
public final class PriceFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PriceFiles() {}

  /** A parsed file. */
  public record Parsed(String currency, String takenOn, List<ModelPrice> prices) {}

  public static Parsed parse(InputStream in, String source) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidRequestException("prices", source + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("prices", source + " must hold a JSON object");
    }
    int format = root.path("format").asInt(-1);
    if (format != 1) {
      throw new InvalidRequestException("prices.format", source + ": expected \"format\": 1, was " + root.get("format"));
    }
    String currency = text(root, "currency", source);
    String takenOn = text(root, "takenOn", source);
    JsonNode list = root.get("prices");
    if (list == null || !list.isArray()) {
      throw new InvalidRequestException("prices", source + ": \"prices\" must be an array");
    }
    List<ModelPrice> prices = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      String where = source + " prices[" + i + "]";
      String model = text(e, "model", where);
      where = where + " (" + model + ")";
      LocalDate from;
      try {
        from = LocalDate.parse(text(e, "effectiveFrom", where));
      } catch (DateTimeParseException ex) {
        throw new InvalidRequestException("prices.effectiveFrom", where + ": effectiveFrom must be a date like 2025-11-24");
      }
      prices.add(new ModelPrice(model, text(e, "provider", where), from,
          money(e, "input", currency, where), money(e, "output", currency, where),
          money(e, "cacheWrite", currency, where), money(e, "cacheRead", currency, where)));
    }
    return new Parsed(currency, takenOn, prices);
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new InvalidRequestException("prices." + field, where + ": \"" + field + "\" must be a non-blank string");
    }
    return v.asText();
  }

  private static Money money(JsonNode node, String field, String currency, String where) {
    JsonNode v = node.get(field);
    if (v == null || !(v.isTextual() || v.isNumber())) {
      throw new InvalidRequestException("prices." + field,
          where + ": \"" + field + "\" must be the price of a million tokens, as a decimal string such as \"3.00\"");
    }
    try {
      return v.isNumber() ? Money.of(currency, v.decimalValue()) : Money.of(currency, v.asText());
    } catch (InvalidRequestException ex) {
      throw new InvalidRequestException("prices." + field, where + ": " + ex.getMessage());
    }
  }
}
