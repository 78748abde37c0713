package dev.hai.governance.internal.report;

import dev.hai.governance.report.ComplianceReport;
import dev.hai.governance.report.ComplianceReport.CallEntry;
import dev.hai.governance.report.ComplianceReport.Change;
import dev.hai.governance.report.ComplianceReport.Dimension;
import dev.hai.governance.report.ComplianceReport.Source;
import dev.hai.governance.report.ComplianceReport.Tally;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: every text in a report comes from audit records, which anyone who could
 * make a call (a reason from a user stage, a prompt id, a model name) or flip a switch partly
 * wrote. Each format escapes all of it: HTML escapes & < > " ', Markdown escapes the table's pipes
 * and line breaks and also & < > (Markdown viewers pass HTML through), and CSV quotes per RFC 4180
 * and defuses cells that a spreadsheet would run as a formula (= + - @ tab CR at the start).
 */
/** Renders a {@link ComplianceReport} as Markdown, HTML or CSV from one list of tables. */
public final class Renderers {
  private Renderers() {}

  /** A titled table; {@code empty} is shown instead of a table without rows. */
  record Table(String title, List<String> header, List<List<String>> rows, String empty) {}

  static List<Table> tables(ComplianceReport r) {
    List<Table> tables = new ArrayList<>();
    List<List<String>> sources = new ArrayList<>();
    for (Source s : r.sources()) {
      sources.add(List.of(s.directory().toString(), Long.toString(s.records()), s.verified() ? "yes" : "NO", s.detail()));
    }
    tables.add(new Table("Audit logs read", List.of("directory", "records in period", "chain verified", "verification"),
        sources, "Records given directly; no log was verified."));
    for (Dimension d : Dimension.values()) {
      List<List<String>> rows = new ArrayList<>();
      for (Tally t : r.tallies().getOrDefault(d, List.of())) {
        rows.add(List.of(t.key(), Long.toString(t.calls())));
      }
      tables.add(new Table("Calls by " + d.label(), List.of(d.label(), "calls"), rows, "No calls."));
    }
    tables.add(calls("Denials", "reason", r.denials(), "No call was denied."));
    tables.add(calls("Break-glass uses", "justification", r.breakGlass(), "No call claimed emergency access."));
    tables.add(calls("Calls stopped by kill switches", "reason", r.disabled(), "No call was stopped by a kill switch."));
    tables.add(changes("Kill-switch flips", r.killSwitchFlips(), "No kill switch was flipped."));
    tables.add(changes("Prompt label changes", r.promptLabelChanges(), "No prompt label was moved."));
    tables.add(changes("Other administrative events", r.otherEvents(), "None."));
    return tables;
  }

  private static Table calls(String title, String textColumn, List<CallEntry> entries, String empty) {
    List<List<String>> rows = new ArrayList<>();
    for (CallEntry e : entries) {
      rows.add(Arrays.asList(e.time().toString(), e.callId().toString(), e.tenant(), e.actorId(), e.role(),
          e.purpose(), or(e.prompt()), or(e.model()), e.outcome(), or(e.detail()), or(e.decisionId()),
          or(e.text())));
    }
    return new Table(title, List.of("time", "call", "tenant", "actor", "role", "purpose", "prompt", "model",
        "outcome", "detail", "decision", textColumn), rows, empty);
  }

  private static Table changes(String title, List<Change> changes, String empty) {
    List<List<String>> rows = new ArrayList<>();
    for (Change c : changes) {
      rows.add(Arrays.asList(c.time().toString(), c.kind(), c.subject(), or(c.from()), or(c.to()), c.actorId(),
          c.role(), c.tenant(), or(c.reason())));
    }
    return new Table(title, List.of("time", "kind", "subject", "from", "to", "by", "role", "tenant", "reason"),
        rows, empty);
  }

  private static String or(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static String summary(ComplianceReport r) {
    return r.calls() + " calls from " + r.from() + " (inclusive) to " + r.to() + " (exclusive); "
        + r.denials().size() + " denied, " + r.breakGlass().size() + " break-glass, " + r.disabled().size()
        + " stopped by kill switches; " + r.killSwitchFlips().size() + " kill-switch flips, "
        + r.promptLabelChanges().size() + " prompt label changes.";
  }

  /* --- Markdown --- */

  public static String markdown(ComplianceReport r) {
    StringBuilder sb = new StringBuilder("# HAI compliance report\n\n").append(md(summary(r))).append("\n");
    for (Table t : tables(r)) {
      sb.append("\n## ").append(md(t.title())).append("\n\n");
      if (t.rows().isEmpty()) {
        sb.append(md(t.empty())).append("\n");
        continue;
      }
      row(sb, t.header(), Renderers::md);
      row(sb, t.header().stream().map(h -> "---").toList(), Function.identity());
      for (List<String> cells : t.rows()) {
        row(sb, cells, Renderers::md);
      }
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, List<String> cells, Function<String, String> escape) {
    sb.append('|');
    for (String c : cells) {
      sb.append(' ').append(escape.apply(c)).append(" |");
    }
    sb.append('\n');
  }

  static String md(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '|' -> sb.append("\\|");
        case '\\' -> sb.append("\\\\");
        case '`', '*', '_', '[', ']', '#' -> sb.append('\\').append(c);
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '\n', '\r', '\t' -> sb.append(' ');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /* --- HTML --- */

  public static String html(ComplianceReport r) {
    StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>HAI compliance report ").append(html(r.from().toString())).append(" to ")
        .append(html(r.to().toString())).append("</title>\n")
        .append("<style>body{font-family:sans-serif}table{border-collapse:collapse}"
            + "td,th{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}</style>\n")
        .append("</head>\n<body>\n<h1>HAI compliance report</h1>\n<p>").append(html(summary(r))).append("</p>\n");
    for (Table t : tables(r)) {
      sb.append("<h2>").append(html(t.title())).append("</h2>\n");
      if (t.rows().isEmpty()) {
        sb.append("<p>").append(html(t.empty())).append("</p>\n");
        continue;
      }
      sb.append("<table>\n<tr>");
      for (String h : t.header()) {
        sb.append("<th>").append(html(h)).append("</th>");
      }
      sb.append("</tr>\n");
      for (List<String> cells : t.rows()) {
        sb.append("<tr>");
        for (String c : cells) {
          sb.append("<td>").append(html(c)).append("</td>");
        }
        sb.append("</tr>\n");
      }
      sb.append("</table>\n");
    }
    return sb.append("</body>\n</html>\n").toString();
  }

  static String html(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /* --- CSV --- */

  /** One header for every section: each row fills the columns that apply to it. */
  static final List<String> CSV_HEADER = List.of("section", "key", "count", "time", "call_id", "tenant", "actor",
      "role", "purpose", "prompt", "model", "outcome", "detail", "decision_id", "kind", "subject", "from", "to", "text");

  public static String csv(ComplianceReport r) {
    StringBuilder sb = new StringBuilder();
    csvRow(sb, CSV_HEADER);
    csvRow(sb, line("period", "", Long.toString(r.calls()), r.from() + "/" + r.to()));
    for (Source s : r.sources()) {
      String[] l = line("source", s.directory().toString(), Long.toString(s.records()));
      l[11] = s.verified() ? "verified" : "broken";
      l[18] = s.detail();
      csvRow(sb, l);
    }
    for (Dimension d : Dimension.values()) {
      for (Tally t : r.tallies().getOrDefault(d, List.of())) {
        csvRow(sb, line("calls_by_" + d.name().toLowerCase(java.util.Locale.ROOT), t.key(), Long.toString(t.calls())));
      }
    }
    callRows(sb, "denial", r.denials());
    callRows(sb, "break_glass", r.breakGlass());
    callRows(sb, "disabled", r.disabled());
    changeRows(sb, "kill_switch_flip", r.killSwitchFlips());
    changeRows(sb, "prompt_label_change", r.promptLabelChanges());
    changeRows(sb, "admin_event", r.otherEvents());
    return sb.toString();
  }

  private static String[] line(String section, String key, String count, String... rest) {
    String[] l = new String[CSV_HEADER.size()];
    Arrays.fill(l, "");
    l[0] = section;
    l[1] = key;
    l[2] = count;
    for (int i = 0; i < rest.length; i++) {
      l[3 + i] = rest[i];
    }
    return l;
  }

  private static void callRows(StringBuilder sb, String section, List<CallEntry> entries) {
    for (CallEntry e : entries) {
      String[] l = line(section, "", "", e.time().toString(), e.callId().toString(), e.tenant(), e.actorId(),
          e.role(), e.purpose(), or(e.prompt()), or(e.model()), e.outcome(), or(e.detail()), or(e.decisionId()));
      l[18] = or(e.text());
      csvRow(sb, l);
    }
  }

  private static void changeRows(StringBuilder sb, String section, List<Change> changes) {
    for (Change c : changes) {
      String[] l = line(section, "", "", c.time().toString(), "", c.tenant(), c.actorId(), c.role());
      l[14] = c.kind();
      l[15] = c.subject();
      l[16] = or(c.from());
      l[17] = or(c.to());
      l[18] = or(c.reason());
      csvRow(sb, l);
    }
  }

  private static void csvRow(StringBuilder sb, List<String> cells) {
    csvRow(sb, cells.toArray(String[]::new));
  }

  private static void csvRow(StringBuilder sb, String[] cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(csvCell(cells[i]));
    }
    sb.append("\r\n");
  }

  /** One CSV cell: quoted when needed, a formula defused with a leading {@code '}. */
  public static String csvCell(String s) {
    String v = s;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v; // a spreadsheet would run it as a formula
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(s)) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
