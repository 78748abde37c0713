package dev.hai.governance;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One policy decision, as OPA's decision logs record it, so that tools that read OPA decision logs
 * read HAI's too. {@link #toDocument()} is the JSON form:
 *
 * <pre>{@code
 * {"decision_id": "...", "path": "hai/authz/decision", "input": {...}, "result": {...},
 *  "bundles": {"hai": {"revision": "..."}}, "timestamp": "2026-11-26T05:00:00.123Z",
 *  "labels": {"app": "hai", "engine": "wasm"}, "metrics": {"timer_eval_ns": 41250}}
 * }</pre>
 *
 * <p>The input is HAI's policy input, which holds no PHI by construction: the patient is a keyed
 * hash, PHI in the messages appears as types and counts only, and the break-glass justification is
 * redacted before the policy sees it.
 *
 * @param decisionId the decision's id; the call's audit record holds the same id
 * @param path the policy path asked, for example {@code hai/authz/decision}
 * @param input the input document
 * @param result the decision document, or null when the rule was undefined
 * @param bundleName the bundle's name under {@code bundles}
 * @param bundleRevision the bundle's revision, when known
 * @param timestamp when the decision was made
 * @param engine {@code wasm} or {@code remote}
 * @param evalNanos how long the evaluation took
 */
public record DecisionLogEntry(
    String decisionId,
    String path,
    Map<String, Object> input,
    @Nullable Object result,
    String bundleName,
    @Nullable String bundleRevision,
    Instant timestamp,
    String engine,
    long evalNanos) {

  public DecisionLogEntry {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(bundleName, "bundleName");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(engine, "engine");
  }

  /** The entry in OPA's decision-log shape. */
  public Map<String, Object> toDocument() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("decision_id", decisionId);
    doc.put("path", path);
    doc.put("input", input);
    doc.put("result", result);
    Map<String, Object> revision = new LinkedHashMap<>();
    revision.put("revision", bundleRevision == null ? "" : bundleRevision);
    doc.put("bundles", Map.of(bundleName, revision));
    doc.put("timestamp", timestamp.toString());
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("app", "hai");
    labels.put("engine", engine);
    doc.put("labels", labels);
    doc.put("metrics", Map.of("timer_eval_ns", evalNanos));
    return doc;
  }
}
