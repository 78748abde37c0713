package dev.hai.core.internal.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hai.core.Usage;
import dev.hai.core.cost.Money;
import dev.hai.core.internal.http.Json;
import dev.hai.core.route.ShadowOutcome;
import dev.hai.core.route.ShadowResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** A {@link ShadowResult} as one JSON object (docs/rollout.md, "Shadow store format"). */
public final class ShadowJson {
  private ShadowJson() {}

  /** The object's one-line form, without a line break. */
  public static String write(ShadowResult r) {
    ObjectNode o = Json.object();
    o.put("primaryCallId", r.primaryCallId().toString());
    o.put("shadowId", r.shadowId().toString());
    o.put("tenant", r.tenant());
    o.put("route", r.route());
    o.put("arm", r.arm());
    o.put("backend", r.backend());
    o.put("model", r.model());
    o.put("time", r.time().toString());
    o.put("latencyMicros", r.latency().toNanos() / 1000);
    o.put("outcome", r.outcome().wireName());
    o.put("detail", r.detail());
    o.put("text", r.text());
    o.put("textRedacted", r.textRedacted());
    o.put("outputSha256", r.outputSha256());
    ObjectNode u = o.putObject("usage");
    u.put("inputTokens", r.usage().inputTokens());
    u.put("outputTokens", r.usage().outputTokens());
    o.put("cost", r.cost() == null ? null : r.cost().toString());
    ObjectNode s = o.putObject("scores");
    r.scores().forEach(s::put);
    try {
      return Json.mapper().writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a shadow result as JSON", e);
    }
  }

  /**
   * Reads one object back.
   *
   * @throws IllegalArgumentException when it is not a shadow result
   */
  public static ShadowResult read(String line) {
    JsonNode o;
    try {
      o = Json.mapper().readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    Map<String, Double> scores = new TreeMap<>();
    JsonNode s = o.path("scores");
    for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      scores.put(e.getKey(), e.getValue().asDouble());
    }
    JsonNode u = o.path("usage");
    String cost = Json.text(o, "cost");
    return new ShadowResult(
        UUID.fromString(o.path("primaryCallId").asText()),
        UUID.fromString(o.path("shadowId").asText()),
        o.path("tenant").asText(),
        o.path("route").asText(),
        o.path("arm").asText(),
        o.path("backend").asText(),
        o.path("model").asText(),
        Instant.parse(o.path("time").asText()),
        Duration.ofNanos(o.path("latencyMicros").asLong() * 1000),
        ShadowOutcome.fromWireName(o.path("outcome").asText()),
        Json.text(o, "detail"),
        Json.text(o, "text"),
        o.path("textRedacted").asBoolean(false),
        Json.text(o, "outputSha256"),
        Usage.of(u.path("inputTokens").asLong(), u.path("outputTokens").asLong()),
        cost == null ? null : Money.parse(cost),
        scores);
  }
}
