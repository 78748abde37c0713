package dev.hai.core.internal.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hai.core.Usage;
import dev.hai.core.cost.BudgetStoreException;
import dev.hai.core.cost.LedgerEntry;
import dev.hai.core.cost.Money;
import dev.hai.core.spi.Hosting;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One ledger entry as one JSON line, and back. The format is in docs/cost-and-budgets.md. */
public final class LedgerJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LedgerJson() {}

  public static String write(LedgerEntry e) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("callId", e.callId().toString());
    o.put("time", e.time().toString());
    o.put("tenant", e.tenant());
    o.put("actorId", e.actorId());
    o.put("promptId", e.promptId());
    o.put("promptVersion", e.promptVersion());
    o.put("backend", e.backend());
    o.put("model", e.model());
    o.put("hosting", e.hosting() == null ? null : e.hosting().name());
    ObjectNode u = o.putObject("usage");
    u.put("inputTokens", e.usage().inputTokens());
    u.put("outputTokens", e.usage().outputTokens());
    u.put("cacheWriteTokens", e.usage().cacheWriteTokens());
    u.put("cacheReadTokens", e.usage().cacheReadTokens());
    o.put("busyMicros", e.busyMicros());
    o.put("cost", e.cost() == null ? null : e.cost().toString());
    o.put("outcome", e.outcome());
    return o.toString();
  }

  /**
   * Reads one line.
   *
   * @throws BudgetStoreException naming {@code where} when the line is not an entry
   */
  public static LedgerEntry read(String line, String where) {
    try {
      JsonNode o = MAPPER.readTree(line);
      JsonNode u = o.path("usage");
      String hosting = text(o, "hosting");
      String cost = text(o, "cost");
      return new LedgerEntry(UUID.fromString(o.path("callId").asText()), Instant.parse(o.path("time").asText()),
          o.path("tenant").asText(), o.path("actorId").asText(), text(o, "promptId"), text(o, "promptVersion"),
          text(o, "backend"), text(o, "model"), hosting == null ? null : Hosting.valueOf(hosting),
          new Usage(u.path("inputTokens").asLong(), u.path("outputTokens").asLong(),
              u.path("cacheWriteTokens").asLong(), u.path("cacheReadTokens").asLong()),
          o.path("busyMicros").asLong(), cost == null ? null : Money.parse(cost), o.path("outcome").asText());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new BudgetStoreException(where + " is not a ledger entry: " + e.getMessage(), e);
    }
  }

  private static @Nullable String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
