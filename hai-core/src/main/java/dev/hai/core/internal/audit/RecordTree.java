package dev.hai.core.internal.audit;

import dev.hai.core.Usage;
import dev.hai.core.audit.AuditRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The JSON tree of an audit record, the input of its canonical form (docs/audit-format.md). */
public final class RecordTree {
  private RecordTree() {}

  /**
   * The record as a sorted tree.
   *
   * @param withHash whether to include the {@code hash} field
   */
  public static Map<String, Object> of(AuditRecord r, boolean withHash) {
    Map<String, Object> m = new TreeMap<>();
    m.put("schema", (long) AuditRecord.SCHEMA);
    m.put("seq", r.seq());
    m.put("id", r.id().toString());
    m.put("time", r.time().toString());
    m.put("callId", r.callId().toString());
    m.put("tenant", r.tenant());
    m.put("actorId", r.actorId());
    m.put("actorRole", r.actorRole());
    m.put("purposeOfUse", r.purposeOfUse());
    m.put("patientRef", r.patientRef());
    if (r.promptId() == null) {
      m.put("prompt", null);
    } else {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", r.promptId());
      p.put("version", r.promptVersion());
      p.put("sha256", r.promptSha256());
      // Only when set, so that records of calls without them keep their form.
      if (r.promptLabel() != null) {
        p.put("label", r.promptLabel());
      }
      if (r.promptExperiment() != null) {
        p.put("experiment", r.promptExperiment());
        p.put("arm", r.promptArm());
      }
      m.put("prompt", p);
    }
    m.put("backend", r.backend());
    m.put("model", r.model());
    if (r.route() != null) {
      // Only when a route matched, so that records of other calls keep their form.
      Map<String, Object> rt = new LinkedHashMap<>();
      rt.put("name", r.route().name());
      rt.put("arm", r.route().arm());
      rt.put("role", r.route().role());
      if (r.route().challengerShare() != null) {
        rt.put("challengerShare", (long) r.route().challengerShare());
      }
      if (r.route().reason() != null) {
        rt.put("reason", r.route().reason());
      }
      if (r.route().primaryCallId() != null) {
        rt.put("primaryCallId", r.route().primaryCallId().toString());
      }
      m.put("route", rt);
    }
    m.put("outcome", r.outcome());
    m.put("outcomeDetail", r.outcomeDetail());
    m.put("outcomeReason", r.outcomeReason());
    m.put("attempts", (long) r.attempts());
    Usage u = r.usage();
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("inputTokens", u.inputTokens());
    usage.put("outputTokens", u.outputTokens());
    usage.put("cacheWriteTokens", u.cacheWriteTokens());
    usage.put("cacheReadTokens", u.cacheReadTokens());
    m.put("usage", usage);
    m.put("cost", r.cost());
    m.put("latencyMicros", r.latencyMicros());
    if (r.policyDecision() == null) {
      m.put("policyDecision", null);
    } else {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("decisionId", r.policyDecision().decisionId());
      d.put("bundleRevision", r.policyDecision().bundleRevision());
      d.put("result", r.policyDecision().result());
      d.put("breakGlass", r.policyDecision().breakGlass());
      d.put("justification", r.policyDecision().justification());
      m.put("policyDecision", d);
    }
    if (r.breakGlass() != null) {
      m.put("breakGlass", r.breakGlass()); // only when claimed, so other records keep their form
    }
    m.put("inputSha256", r.inputSha256());
    m.put("outputSha256", r.outputSha256());
    if (r.contentInput() == null && r.contentOutput() == null) {
      m.put("content", null);
    } else {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("input", r.contentInput());
      c.put("output", r.contentOutput());
      m.put("content", c);
    }
    if (r.event() == null) {
      m.put("event", null);
    } else {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("kind", r.event().kind());
      e.put("subject", r.event().subject());
      e.put("from", r.event().from());
      e.put("to", r.event().to());
      m.put("event", e);
    }
    if (r.scheduling() != null) {
      // Only when a scheduler saw the call, so that other records keep their form.
      Map<String, Object> sch = new LinkedHashMap<>();
      sch.put("priority", r.scheduling().priority());
      sch.put("level", (long) r.scheduling().level());
      sch.put("waitMillis", r.scheduling().waitMillis());
      sch.put("admission", r.scheduling().admission());
      m.put("scheduling", sch);
    }
    m.put("prev", r.prev());
    m.put("chain", r.chain());
    if (withHash) {
      m.put("hash", r.hash());
    }
    return m;
  }
}
