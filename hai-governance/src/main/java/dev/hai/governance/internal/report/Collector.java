package dev.hai.governance.internal.report;

import dev.hai.core.audit.AuditEvent;
import dev.hai.core.route.RouteTable;
import dev.hai.core.audit.AuditRecord;
import dev.hai.governance.internal.kill.FlipEvent;
import dev.hai.governance.report.ComplianceReport;
import dev.hai.governance.report.ComplianceReport.CallEntry;
import dev.hai.governance.report.ComplianceReport.Change;
import dev.hai.governance.report.ComplianceReport.Dimension;
import dev.hai.governance.report.ComplianceReport.Tally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Gathers a period's records into a {@link ComplianceReport}. Not thread-safe. */
public final class Collector {
  /** The event kind of a prompt label change (hai-prompts). */
  public static final String PROMPT_LABEL = "prompt.label";
  /** The start of the event kinds of prompt experiments: {@code prompt.experiment.start}, {@code .end}. */
  public static final String PROMPT_EXPERIMENT = "prompt.experiment.";
  /** The outcome of a call the policy denied. */
  public static final String DENIED = "denied";
  /** The outcome of a call a kill switch stopped. */
  public static final String DISABLED = "disabled";
  /** The key of a dimension a record has no value for. */
  public static final String NONE = "(none)";

  private static final Comparator<CallEntry> CALL_ORDER =
      Comparator.comparing(CallEntry::time).thenComparing(CallEntry::callId);
  private static final Comparator<Change> CHANGE_ORDER = Comparator.comparing(Change::time);

  private final Instant from;
  private final Instant to;
  private final Map<Dimension, Map<String, Long>> counts = new EnumMap<>(Dimension.class);
  private final List<CallEntry> denials = new ArrayList<>();
  private final List<CallEntry> breakGlass = new ArrayList<>();
  private final List<CallEntry> disabled = new ArrayList<>();
  private final List<Change> flips = new ArrayList<>();
  private final List<Change> labels = new ArrayList<>();
  private final List<Change> other = new ArrayList<>();
  private long calls;
  private long records;

  public Collector(Instant from, Instant to) {
    this.from = from;
    this.to = to;
    for (Dimension d : Dimension.values()) {
      counts.put(d, new HashMap<>());
    }
  }

  /** Records in the period taken so far. */
  public long records() {
    return records;
  }

  /** Takes one record; one outside the period is skipped. */
  public void add(AuditRecord r) {
    if (r.time().isBefore(from) || !r.time().isBefore(to)) {
      return;
    }
    records++;
    AuditEvent event = r.event();
    String outcome = r.outcome();
    if (event != null && event.kind().equals(RouteTable.SHADOW_EVENT)) {
      // A shadow call is a model call made for the primary's actor and purpose, not an
      // administrative change: it is counted with the calls, its outcome as shadow:<outcome>.
      event = null;
      outcome = "shadow:" + r.event().to();
    }
    if (event != null) {
      Change c = new Change(r.time(), event.kind(), event.subject(), event.from(), event.to(), r.actorId(),
          r.actorRole(), r.tenant(), r.outcomeReason());
      (event.kind().equals(FlipEvent.KIND) ? flips : isPromptChange(event.kind()) ? labels : other).add(c);
      return;
    }
    calls++;
    String prompt = r.promptId() == null ? null : r.promptId() + "@" + r.promptVersion();
    count(Dimension.OUTCOME, outcome);
    count(Dimension.TENANT, r.tenant());
    count(Dimension.ACTOR, r.actorId());
    count(Dimension.ROLE, r.actorRole());
    count(Dimension.PURPOSE, r.purposeOfUse());
    count(Dimension.PROMPT, prompt);
    count(Dimension.MODEL, r.model());
    if (r.outcome().equals(DENIED)) {
      denials.add(entry(r, prompt, r.outcomeReason()));
    } else if (r.outcome().equals(DISABLED)) {
      disabled.add(entry(r, prompt, r.outcomeReason()));
    }
    String justification = DecisionFacts.breakGlassJustification(r);
    if (justification != null) {
      breakGlass.add(entry(r, prompt, justification));
    }
  }

  /** A label move or an experiment start or end: each changes which version a label serves. */
  private static boolean isPromptChange(String kind) {
    return kind.equals(PROMPT_LABEL) || kind.startsWith(PROMPT_EXPERIMENT);
  }

  private void count(Dimension d, @Nullable String key) {
    counts.get(d).merge(key == null ? NONE : key, 1L, Long::sum);
  }

  private static CallEntry entry(AuditRecord r, @Nullable String prompt, @Nullable String text) {
    return new CallEntry(r.time(), r.callId(), r.tenant(), r.actorId(), r.actorRole(), r.purposeOfUse(), prompt,
        r.model(), r.outcome(), r.outcomeDetail(), DecisionFacts.decisionId(r), text);
  }

  /** The report of what was taken. */
  public ComplianceReport report(List<ComplianceReport.Source> sources) {
    Map<Dimension, List<Tally>> tallies = new EnumMap<>(Dimension.class);
    counts.forEach((d, m) -> tallies.put(d, m.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(e -> new Tally(e.getKey(), e.getValue()))
        .toList()));
    return new ComplianceReport(from, to, sources, calls, tallies,
        sorted(denials, CALL_ORDER), sorted(breakGlass, CALL_ORDER), sorted(disabled, CALL_ORDER),
        sorted(flips, CHANGE_ORDER), sorted(labels, CHANGE_ORDER), sorted(other, CHANGE_ORDER));
  }

  private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
    List<T> copy = new ArrayList<>(list);
    copy.sort(order);
    return copy;
  }
}
