package dev.hai.core.internal.audit;

import dev.hai.core.audit.AuditChain;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads one stored line and checks its own hash. Shared by recovery and the verifier. */
public final class LineCheck {
  private LineCheck() {}

  /**
   * A parsed line.
   *
   * @param error why the line is not a readable record whose hash matches; null when it is
   */
  public record Parsed(
      @Nullable String id, long seq, @Nullable String prev, @Nullable String hash, @Nullable String error) {
    public boolean ok() {
      return error == null;
    }
  }

  @SuppressWarnings("unchecked")
  public static Parsed parse(String line, byte @Nullable [] key) {
    Object tree;
    try {
      tree = CanonicalJson.parse(line);
    } catch (CanonicalJson.MalformedException e) {
      return new Parsed(null, -1, null, null, "not a JSON record: " + e.getMessage());
    }
    if (!(tree instanceof Map<?, ?>)) {
      return new Parsed(null, -1, null, null, "not a JSON object");
    }
    Map<String, Object> m = (Map<String, Object>) tree;
    String id = m.get("id") instanceof String s ? s : null;
    long seq = -1;
    if (m.get("seq") instanceof CanonicalJson.Num n) {
      try {
        seq = Long.parseLong(n.text());
      } catch (NumberFormatException e) {
        seq = -1;
      }
    }
    String prev = m.get("prev") instanceof String s ? s : null;
    String hash = m.get("hash") instanceof String s ? s : null;
    if (seq < 1 || prev == null || hash == null) {
      return new Parsed(id, seq, prev, hash, "missing or invalid seq, prev or hash");
    }
    String chain = m.get("chain") instanceof String s ? s : "";
    String expectedChain = key == null ? AuditChain.SHA256 : AuditChain.HMAC_SHA256;
    if (!chain.equals(expectedChain)) {
      return new Parsed(id, seq, prev, hash,
          "chain is '" + chain + "' but the verification expects '" + expectedChain + "'");
    }
    m.remove("hash");
    String computed = AuditChain.hash(CanonicalJson.write(m), key);
    if (!computed.equals(hash)) {
      return new Parsed(id, seq, prev, hash, "the record's hash does not match its content");
    }
    return new Parsed(id, seq, prev, hash, null);
  }
}
