package dev.hai.core.cost;

import dev.hai.core.Usage;
import dev.hai.core.internal.Checks;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Spend grouped by tenant, actor, prompt, model, backend, day or outcome, read from any {@link
 * LedgerSource}: an {@link InMemoryLedger}, a {@link JsonlLedger} file, the audit trail ({@link
 * LedgerSource#fromAuditLog}) or PostgreSQL. Immutable.
 *
 * <pre>{@code
 * SpendReport r = SpendReport.of(LedgerSource.fromAuditLog(Path.of("/var/lib/myapp/hai-audit")),
 *     Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"),
 *     List.of(SpendReport.Dimension.TENANT, SpendReport.Dimension.MODEL), ZoneId.of("Europe/Berlin"));
 * System.out.print(r.toTable());
 * }</pre>
 *
 * @param from the first instant included
 * @param to the first instant no longer included
 * @param groupBy the dimensions, in column order
 * @param currency the currency of the costs, or null when no entry had a known cost
 * @param rows one row per distinct key, in key order
 * @param total the sum over all rows (its key is empty)
 */
public record SpendReport(
    Instant from, Instant to, List<Dimension> groupBy, @Nullable String currency, List<Row> rows, Row total) {

  /** What a report can group by. */
  public enum Dimension {
    TENANT, ACTOR, PROMPT, MODEL, BACKEND, DAY, OUTCOME;

    String column() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One group's spend.
   *
   * @param key the group's value per dimension, in {@link SpendReport#groupBy()} order
   * @param calls calls in the group
   * @param tokens their tokens, summed
   * @param cost their known costs, summed exactly; null when the report has no currency
   * @param unknownCostCalls calls whose cost was unknown (unpriced models, or no cost tracking)
   */
  public record Row(List<String> key, long calls, Usage tokens, @Nullable Money cost, long unknownCostCalls) {
    public Row {
      key = List.copyOf(key);
      Checks.required(tokens, "tokens");
    }
  }

  public SpendReport {
    Checks.required(from, "from");
    Checks.required(to, "to");
    groupBy = List.copyOf(groupBy);
    rows = List.copyOf(rows);
    Checks.required(total, "total");
  }

  /**
   * Reads {@code source} for {@code [from, to)} and groups it.
   *
   * @param zone the time zone of the {@link Dimension#DAY} column
   * @throws IllegalArgumentException if the entries' costs are in more than one currency
   */
  public static SpendReport of(LedgerSource source, Instant from, Instant to, List<Dimension> groupBy, ZoneId zone) {
    Checks.required(source, "source");
    Checks.required(zone, "zone");
    List<Dimension> dims = List.copyOf(groupBy);
    Map<List<String>, long[]> sums = new TreeMap<>(Comparator.comparing(Object::toString));
    String[] currency = {null};
    source.read(from, to, e -> {
      List<String> key = new ArrayList<>(dims.size());
      for (Dimension d : dims) {
        key.add(value(d, e, zone));
      }
      long[] s = sums.computeIfAbsent(key, k -> new long[7]);
      s[0]++;
      s[1] += e.usage().inputTokens();
      s[2] += e.usage().outputTokens();
      s[3] += e.usage().cacheWriteTokens();
      s[4] += e.usage().cacheReadTokens();
      if (e.cost() == null) {
        s[6]++;
      } else {
        if (currency[0] == null) {
          currency[0] = e.cost().currency();
        } else if (!currency[0].equals(e.cost().currency())) {
          throw new IllegalArgumentException("the ledger mixes currencies " + currency[0] + " and " + e.cost().currency());
        }
        s[5] = Math.addExact(s[5], e.cost().micros());
      }
    });
    List<Row> rows = new ArrayList<>();
    long[] t = new long[7];
    for (Map.Entry<List<String>, long[]> e : sums.entrySet()) {
      long[] s = e.getValue();
      rows.add(row(e.getKey(), s, currency[0]));
      for (int i = 0; i < t.length; i++) {
        t[i] = Math.addExact(t[i], s[i]);
      }
    }
    return new SpendReport(from, to, dims, currency[0], rows, row(List.of(), t, currency[0]));
  }

  private static Row row(List<String> key, long[] s, @Nullable String currency) {
    return new Row(key, s[0], new Usage(s[1], s[2], s[3], s[4]),
        currency == null ? null : Money.ofMicros(currency, s[5]), s[6]);
  }

  private static String value(Dimension d, LedgerEntry e, ZoneId zone) {
    return switch (d) {
      case TENANT -> e.tenant();
      case ACTOR -> e.actorId();
      case PROMPT -> e.promptId() == null ? "(inline)" : e.promptId() + "@" + e.promptVersion();
      case MODEL -> e.model() == null ? "(none)" : e.model();
      case BACKEND -> e.backend() == null ? "(none)" : e.backend();
      case DAY -> e.time().atZone(zone).toLocalDate().toString();
      case OUTCOME -> e.outcome();
    };
  }

  private List<String> header() {
    List<String> h = new ArrayList<>();
    for (Dimension d : groupBy) {
      h.add(d.column());
    }
    h.addAll(List.of("calls", "input_tokens", "output_tokens", "cache_write_tokens", "cache_read_tokens",
        "cost", "currency", "unknown_cost_calls"));
    return h;
  }

  private List<String> cells(Row r, boolean isTotal) {
    List<String> c = new ArrayList<>(r.key());
    if (isTotal) {
      for (int i = 0; i < groupBy.size(); i++) {
        c.add(i == 0 ? "TOTAL" : "");
      }
    }
    c.add(Long.toString(r.calls()));
    c.add(Long.toString(r.tokens().inputTokens()));
    c.add(Long.toString(r.tokens().outputTokens()));
    c.add(Long.toString(r.tokens().cacheWriteTokens()));
    c.add(Long.toString(r.tokens().cacheReadTokens()));
    c.add(r.cost() == null ? "" : r.cost().amount().toPlainString());
    c.add(currency == null ? "" : currency);
    c.add(Long.toString(r.unknownCostCalls()));
    return c;
  }

  /** The rows as CSV (RFC 4180, header first, costs as exact decimals); the total is not a row. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder();
    csvLine(sb, header());
    for (Row r : rows) {
      csvLine(sb, cells(r, false));
    }
    return sb.toString();
  }

  private static void csvLine(StringBuilder sb, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      String v = cells.get(i);
      if (i > 0) {
        sb.append(',');
      }
      if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
        sb.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(v);
      }
    }
    sb.append("\r\n");
  }

  /** The rows and the total as an aligned text table. */
  public String toTable() {
    List<List<String>> lines = new ArrayList<>();
    lines.add(header());
    for (Row r : rows) {
      lines.add(cells(r, false));
    }
    lines.add(cells(total, true));
    int[] width = new int[lines.get(0).size()];
    for (List<String> l : lines) {
      for (int i = 0; i < l.size(); i++) {
        width[i] = Math.max(width[i], l.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("spend from ").append(from).append(" to ").append(to).append('\n');
    for (int n = 0; n < lines.size(); n++) {
      if (n == lines.size() - 1) {
        for (int i = 0; i < width.length; i++) {
          sb.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        sb.append('\n');
      }
      List<String> l = lines.get(n);
      for (int i = 0; i < l.size(); i++) {
        boolean numeric = i >= groupBy.size() && i != groupBy.size() + 6;
        String cell = l.get(i);
        String pad = " ".repeat(width[i] - cell.length());
        sb.append(i == 0 ? "" : "  ").append(numeric ? pad + cell : cell + pad);
      }
      sb.append('\n');
    }
    return sb.toString().replaceAll(" +\n", "\n");
  }
}
