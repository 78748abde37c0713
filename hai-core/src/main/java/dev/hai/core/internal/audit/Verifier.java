package dev.hai.core.internal.audit;

import dev.hai.core.audit.AuditChain;
import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerification.Break;
import dev.hai.core.audit.AuditVerification.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * How the first break is classified. Walk the records in log order, expecting seq E and prev P
 * (1 and 64 zeros at the start). A record r that is complete, hashes right and has seq E and prev P
 * is good. At the first record that is not:
 *  - an incomplete last line of a file: TRUNCATED;
 *  - r's hash does not match: INSERTED if the record after r fits (E, P), else EDITED;
 *  - r.seq > E: INSERTED if the next record fits and nothing later links to r; else REORDERED if a
 *    later record has seq E; else DELETED;
 *  - r.seq < E: INSERTED. If r links where the previous record should have (same seq, same prev)
 *    and the record after r links to r, the previous record was the forgery and is named instead;
 *  - r.seq = E but prev != P: INSERTED if the next record fits, else EDITED (this record or the one
 *    before it was rewritten and re-hashed, which only someone without an HMAC key can do undetected
 *    up to here).
 */
/** The verifier behind {@link dev.hai.core.audit.AuditVerifier}. */
public final class Verifier {
  private Verifier() {}

  private record Entry(Path file, long line, boolean complete, LineCheck.Parsed p) {
    boolean fits(long seq, String prev) {
      return complete && p.ok() && p.seq() == seq && prev.equals(p.prev());
    }
  }

  public static AuditVerification verify(Path dir, byte @Nullable [] key) {
    List<Entry> entries = new ArrayList<>();
    List<LogFiles.LogFile> files;
    List<Path> quarantine;
    try {
      files = LogFiles.list(dir);
      quarantine = LogFiles.quarantined(dir);
      for (LogFiles.LogFile f : files) {
        String text = Files.readString(f.path(), StandardCharsets.UTF_8);
        int pos = 0;
        long line = 0;
        while (pos < text.length()) {
          int nl = text.indexOf('\n', pos);
          line++;
          String s = nl < 0 ? text.substring(pos) : text.substring(pos, nl);
          entries.add(new Entry(f.path(), line, nl >= 0, LineCheck.parse(s, key)));
          pos = nl < 0 ? text.length() : nl + 1;
        }
      }
    } catch (IOException e) {
      throw new AuditException("cannot read the audit log in " + dir + ": " + e, e);
    }

    long expectedSeq = 1;
    String expectedPrev = AuditChain.GENESIS;
    String prevStatePrev = AuditChain.GENESIS; // P before the previous record
    for (int i = 0; i < entries.size(); i++) {
      Entry r = entries.get(i);
      if (r.fits(expectedSeq, expectedPrev)) {
        prevStatePrev = expectedPrev;
        expectedSeq++;
        expectedPrev = r.p().hash();
        continue;
      }
      Entry next = i + 1 < entries.size() ? entries.get(i + 1) : null;
      boolean nextFits = next != null && next.fits(expectedSeq, expectedPrev);
      Break b;
      if (!r.complete()) {
        b = brk(r, Problem.TRUNCATED, "the file ends in an incomplete record (" + r.p().error() + ")");
      } else if (!r.p().ok()) {
        b = nextFits
            ? brk(r, Problem.INSERTED, "a record that does not belong to the chain (" + r.p().error() + ")")
            : brk(r, Problem.EDITED, r.p().error());
      } else if (r.p().seq() > expectedSeq) {
        if (nextFits && !referenced(entries, i)) {
          b = brk(r, Problem.INSERTED, "a record with seq " + r.p().seq() + " that nothing links to, where seq "
              + expectedSeq + " was expected");
        } else if (laterHasSeq(entries, i, expectedSeq)) {
          b = brk(r, Problem.REORDERED, "seq " + r.p().seq() + " comes before seq " + expectedSeq);
        } else {
          b = brk(r, Problem.DELETED, "records with seq " + expectedSeq
              + (r.p().seq() - 1 > expectedSeq ? " to " + (r.p().seq() - 1) : "") + " are missing before this one");
        }
      } else if (r.p().seq() < expectedSeq) {
        Entry before = i > 0 ? entries.get(i - 1) : null;
        boolean previousWasForged = before != null
            && !r.p().hash().equals(before.p().hash())
            && r.p().seq() == expectedSeq - 1
            && r.p().prev().equals(prevStatePrev)
            && (next == null || r.p().hash().equals(next.p().prev()));
        b = previousWasForged
            ? brk(before, Problem.INSERTED, "a record that takes the place of seq " + before.p().seq()
                + "; the genuine one follows it")
            : brk(r, Problem.INSERTED, "seq " + r.p().seq() + " appears again (a copy or a forgery)");
      } else {
        b = nextFits
            ? brk(r, Problem.INSERTED, "a record that does not link to the one before it, while the next one does")
            : brk(r, Problem.EDITED, "does not link to the previous record: this record or the one before it"
                + " was changed");
      }
      return new AuditVerification(i, files.size(), b, quarantine, expectedPrev);
    }
    return new AuditVerification(entries.size(), files.size(), null, quarantine, expectedPrev);
  }

  private static Break brk(Entry e, Problem problem, @Nullable String detail) {
    return new Break(e.file(), e.line(), e.p().id(), problem, detail == null ? problem.name() : detail);
  }

  private static boolean referenced(List<Entry> entries, int i) {
    String hash = entries.get(i).p().hash();
    for (int j = i + 1; j < entries.size(); j++) {
      if (hash.equals(entries.get(j).p().prev())) {
        return true;
      }
    }
    return false;
  }

  private static boolean laterHasSeq(List<Entry> entries, int i, long seq) {
    for (int j = i + 1; j < entries.size(); j++) {
      if (entries.get(j).p().ok() && entries.get(j).p().seq() == seq) {
        return true;
      }
    }
    return false;
  }
}
