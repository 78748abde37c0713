package dev.hai.core.internal.audit;

import dev.hai.core.audit.AuditException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What the end of a log file looks like: how many bytes hold good, chained records, and whether
 * what follows is a torn tail (a crash) or damage in the middle (not a crash: refused).
 *
 * @param goodBytes the length up to and including the last good line's newline
 * @param lastSeq the last good record's seq, 0 if none
 * @param lastHash its hash
 * @param tornBytes bytes after {@code goodBytes}
 * @param reason why those bytes are not accepted
 */
record TailScan(long goodBytes, long lastSeq, String lastHash, long tornBytes, String reason) {

  static TailScan scan(Path file, byte @Nullable [] key) throws IOException {
    byte[] all = Files.readAllBytes(file);
    long goodEnd = 0;
    long lastSeq = 0;
    String lastHash = "";
    String reason = "";
    int pos = 0;
    boolean bad = false;
    while (pos < all.length) {
      int nl = indexOf(all, (byte) '\n', pos);
      if (nl < 0) {
        if (!bad) {
          reason = "the last line has no newline (an incomplete write)";
        }
        break;
      }
      String line = new String(all, pos, nl - pos, StandardCharsets.UTF_8);
      LineCheck.Parsed p = LineCheck.parse(line, key);
      boolean linked = p.ok() && (lastSeq == 0 || (p.prev().equals(lastHash) && p.seq() == lastSeq + 1));
      if (!bad && linked) {
        goodEnd = nl + 1;
        lastSeq = p.seq();
        lastHash = p.hash();
      } else if (!bad) {
        bad = true;
        reason = p.ok() ? "a record does not link to the one before it" : p.error();
      } else if (p.ok()) {
        // A good record after a bad one: damage, not a torn tail. Refuse to guess.
        throw new AuditException("audit file " + file + " holds an unreadable or unlinked record before "
            + "good records (at byte " + goodEnd + "): " + reason + ". This is not what a crash leaves; "
            + "run the verifier and investigate before writing to this log again");
      }
      pos = nl + 1;
    }
    return new TailScan(goodEnd, lastSeq, lastHash, all.length - goodEnd, reason);
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
