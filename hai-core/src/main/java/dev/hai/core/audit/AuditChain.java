package dev.hai.core.audit;

import dev.hai.core.internal.Checks;
import dev.hai.core.internal.audit.CanonicalJson;
import dev.hai.core.internal.audit.Digests;
import dev.hai.core.internal.audit.RecordTree;
import java.util.Map;
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
    return RecordTree.of(r, withHash);
  }
}
