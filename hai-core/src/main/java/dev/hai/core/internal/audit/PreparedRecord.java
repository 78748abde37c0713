package dev.hai.core.internal.audit;

import dev.hai.core.audit.AuditRecord;
import dev.hai.core.internal.Checks;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A record in its canonical form with gaps for the chain fields {@code hash}, {@code prev} and
 * {@code seq}, made on the caller's thread so that the sink's writer only fills the gaps and
 * hashes. The bytes produced are exactly those of {@link dev.hai.core.audit.AuditChain#sealToLine}
 * for the same record, {@code seq} and {@code prev}.
 *
 * <p>In sorted key order, {@code hash} comes after {@code event}, {@code prev} after {@code
 * policyDecision} and {@code seq} after {@code schema}; none is first or last, so the canonical
 * form is {@code a "hash":"H", b "prev":"P", c "seq":N, d}, and the hashed form (without {@code
 * hash}) is {@code a b "prev":"P", c "seq":N, d}.
 */
final class PreparedRecord {
  /** Length of a hash, and of {@code prev}, in hex. */
  static final int HEX_LENGTH = 64;

  private static final String[] HOLES = {"hash", "prev", "seq"};
  private static final byte[] HASH_KEY = ascii("\"hash\":\"");
  private static final byte[] PREV_KEY = ascii("\"prev\":\"");
  private static final byte[] SEQ_KEY = ascii("\"seq\":");
  private static final byte[] QUOTE_COMMA = ascii("\",");
  private static final byte[] COMMA = ascii(",");
  private static final int FIXED = HASH_KEY.length + HEX_LENGTH + QUOTE_COMMA.length + PREV_KEY.length
      + HEX_LENGTH + QUOTE_COMMA.length + SEQ_KEY.length + COMMA.length + 1; // + 1: the newline

  final AuditRecord record;
  final String chain;
  private final byte[] a;
  private final byte[] b;
  private final byte[] c;
  private final byte[] d;

  private PreparedRecord(AuditRecord record, String chain, String[] parts) {
    this.record = record;
    this.chain = chain;
    this.a = parts[0].getBytes(StandardCharsets.UTF_8);
    this.b = parts[1].getBytes(StandardCharsets.UTF_8);
    this.c = parts[2].getBytes(StandardCharsets.UTF_8);
    this.d = parts[3].getBytes(StandardCharsets.UTF_8);
  }

  /** Serialises an unsealed record for a chain of kind {@code chain} ({@code sha256} or {@code hmac-sha256}). */
  static PreparedRecord of(AuditRecord record, String chain) {
    Checks.required(record, "record");
    Map<String, Object> tree = RecordTree.of(record, false);
    tree.remove("seq");
    tree.remove("prev");
    tree.put("chain", chain);
    return new PreparedRecord(record, chain, CanonicalJson.writeWithHoles(tree, HOLES));
  }

  /** The stored line's length in bytes, newline included, at position {@code seq}. */
  int lineLength(long seq) {
    return a.length + b.length + c.length + d.length + FIXED + digits(seq);
  }

  /**
   * Hashes the record at {@code seq} after {@code prev}, writing the hash as hex into {@code
   * hashHex} at {@code hashOffset}.
   */
  void hash(Hasher h, long seq, byte[] prevHex, int prevOffset, byte[] hashHex, int hashOffset) {
    h.update(a, 0, a.length);
    h.update(b, 0, b.length);
    h.update(PREV_KEY, 0, PREV_KEY.length);
    h.update(prevHex, prevOffset, HEX_LENGTH);
    h.update(QUOTE_COMMA, 0, QUOTE_COMMA.length);
    h.update(c, 0, c.length);
    h.update(SEQ_KEY, 0, SEQ_KEY.length);
    int n = h.seqDigits(seq);
    h.update(h.digits, h.digits.length - n, n);
    h.update(COMMA, 0, COMMA.length);
    h.update(d, 0, d.length);
    h.finishHex(hashHex, hashOffset);
  }

  /** Puts the stored line, newline included, into {@code out}. */
  void writeLine(ByteBuffer out, Hasher h, long seq, byte[] chainHex, int prevOffset, int hashOffset) {
    out.put(a);
    out.put(HASH_KEY);
    out.put(chainHex, hashOffset, HEX_LENGTH);
    out.put(QUOTE_COMMA);
    out.put(b);
    out.put(PREV_KEY);
    out.put(chainHex, prevOffset, HEX_LENGTH);
    out.put(QUOTE_COMMA);
    out.put(c);
    out.put(SEQ_KEY);
    int n = h.seqDigits(seq);
    out.put(h.digits, h.digits.length - n, n);
    out.put(COMMA);
    out.put(d);
    out.put((byte) '\n');
  }

  /** The record with its chain fields set, as {@link dev.hai.core.audit.AuditChain#seal} returns it. */
  AuditRecord sealed(long seq, String prev, String hash) {
    return record.toBuilder().seq(seq).prev(prev).chain(chain).hash(hash).build();
  }

  private static int digits(long seq) {
    int n = 1;
    for (long v = seq; v >= 10; v /= 10) {
      n++;
    }
    return n;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** SHA-256 or HMAC-SHA-256 with reusable buffers; one per writer thread, not thread-safe. */
  static final class Hasher {
    private static final byte[] HEX = ascii("0123456789abcdef");
    private final @Nullable MessageDigest digest;
    private final @Nullable Mac mac;
    private final byte[] out = new byte[32];
    final byte[] digits = new byte[20];

    Hasher(byte @Nullable [] chainKey) {
      try {
        if (chainKey == null) {
          digest = MessageDigest.getInstance("SHA-256");
          mac = null;
        } else {
          digest = null;
          mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(chainKey, "HmacSHA256"));
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 and HmacSHA256 are required of every Java platform", e);
      }
    }

    void update(byte[] bytes, int offset, int length) {
      if (mac != null) {
        mac.update(bytes, offset, length);
      } else {
        digest.update(bytes, offset, length);
      }
    }

    /** Finishes the hash (and resets for the next), writing 64 hex digits into {@code dst}. */
    void finishHex(byte[] dst, int offset) {
      try {
        if (mac != null) {
          mac.doFinal(out, 0);
        } else {
          digest.digest(out, 0, out.length);
        }
      } catch (DigestException | ShortBufferException e) {
        throw new IllegalStateException(e);
      }
      for (int i = 0; i < out.length; i++) {
        dst[offset + 2 * i] = HEX[(out[i] >> 4) & 0xF];
        dst[offset + 2 * i + 1] = HEX[out[i] & 0xF];
      }
    }

    /** Writes {@code seq} in decimal at the end of {@link #digits}; returns how many digits. */
    int seqDigits(long seq) {
      int i = digits.length;
      long v = seq;
      do {
        digits[--i] = (byte) ('0' + (v % 10));
        v /= 10;
      } while (v > 0);
      return digits.length - i;
    }
  }
}
