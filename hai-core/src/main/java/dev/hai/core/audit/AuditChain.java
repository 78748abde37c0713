package dev.hai.core.audit;

import dev.hai.core.Usage;
import dev.hai.core.internal.Checks;
import dev.hai.core.internal.audit.CanonicalJson;
import dev.hai.core.internal.audit.Digests;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The hash chain every {@link AuditSink} keeps: the canonical JSON form of a record and its hash.
 * A sink calls {@link #seal} for each record in the order it stores them, passing the previous
 * record's hash ({@link #GENESIS} for the first).
 *
 * <p>{@code hash = hex(SHA-256(canonical))}, or {@code hex(HMAC-SHA-256(key, canonical))} when the
 * sink has a chain key, where {@code canonical} is the UTF-8 canonical JSON of the record without
 * its {@code hash} field (docs/audit-format.md). Stateless and thread-safe.
 */
public final class AuditChain {
  /** The {@code prev} of the first record of a log: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);
  /** {@code chain} value of records hashed with plain SHA-256. */
  public static final String SHA256 = "sha256";
  /** {@code chain} value of records hashed with HMAC-SHA-256 under the sink's chain key. */
  public static final String HMAC_SHA256 = "hmac-sha256";

  private AuditChain() {}

  /**
   * Links {@code record} after a record whose hash is {@code prev}.
   *
   * @param record an unsealed record
   * @param seq its position in the chain, from 1
   * @param prev the previous record's hash, or {@link #GENESIS}
   * @param chainKey the HMAC key, or {@code null} for plain SHA-256
   */
  public static AuditRecord seal(AuditRecord record, long seq, String prev, byte @Nullable [] chainKey) {
    return sealToLine(record, seq, prev, chainKey).record();
  }

  /**
   * A sealed record and its stored form.
   *
   * @param record the record with its chain fields set
   * @param line its canonical JSON with the {@code hash} field, without a trailing newline
   */
  public record Sealed(AuditRecord record, String line) {}

  /** Like {@link #seal}, and also returns the line to store, with one canonical pass less. */
  public static Sealed sealToLine(AuditRecord record, long seq, String prev, byte @Nullable [] chainKey) {
    Checks.required(record, "record");
    Checks.notBlank(prev, "prev");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be at least 1, was " + seq);
    }
    String chain = chainKey == null ? SHA256 : HMAC_SHA256;
    Map<String, Object> tree = tree(record.withChain(seq, prev, chain, ""), false);
    String hash = hash(CanonicalJson.write(tree), chainKey);
    tree.put("hash", hash);
    return new Sealed(record.withChain(seq, prev, chain, hash), CanonicalJson.write(tree));
  }

  /** The hex hash of a canonical form, with or without a key. */
  public static String hash(String canonical, byte @Nullable [] chainKey) {
    return chainKey == null ? Digests.sha256Hex(canonical) : Digests.hmacSha256Hex(chainKey, canonical);
  }

  /**
   * The record's canonical JSON (one line, no trailing newline).
   *
   * @param withHash whether to include the {@code hash} field: {@code true} for the stored line,
   *     {@code false} for the form that is hashed
   */
  public static String canonicalJson(AuditRecord r, boolean withHash) {
    return CanonicalJson.write(tree(r, withHash));
  }

  static Map<String, Object> tree(AuditRecord r, boolean withHash) {
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
      m.put("prompt", p);
    }
    m.put("backend", r.backend());
    m.put("model", r.model());
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
    m.put("policyDecision", r.policyDecision());
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
    m.put("prev", r.prev());
    m.put("chain", r.chain());
    if (withHash) {
      m.put("hash", r.hash());
    }
    return m;
  }
}
