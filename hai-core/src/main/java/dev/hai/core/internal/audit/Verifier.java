package dev.hai.core.internal.audit;

import dev.hai.core.audit.AuditChain;
import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerification.Break;
import dev.hai.core.audit.AuditVerification.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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
/**
 * The verifier behind {@link dev.hai.core.audit.AuditVerifier}. Streams the log: one file in memory
 * at a time, constant state besides.
 */
public final class Verifier {
  private Verifier() {}

  private record Entry(Path file, long line, boolean complete, LineCheck.Parsed p) {
    boolean fits(long seq, String prev) {
      return complete && p.ok() && p.seq() == seq && prev.equals(p.prev());
    }
  }

  /** The log's lines in order, one file in memory at a time. */
  private static final class Entries implements Iterator<Entry> {
    private final Iterator<LogFiles.LogFile> files;
    private final byte @Nullable [] key;
    private @Nullable Path file;
    private String text = "";
    private int pos;
    private long line;
    private @Nullable Entry peeked;

    Entries(List<LogFiles.LogFile> files, byte @Nullable [] key) {
      this.files = files.iterator();
      this.key = key;
    }

    @Override
    public boolean hasNext() {
      if (peeked != null) {
        return true;
      }
      while (file == null || pos >= text.length()) {
        if (!files.hasNext()) {
          return false;
        }
        file = files.next().path();
        try {
          // Lenient decoding: bytes that are not UTF-8 become U+FFFD and fail their hash (EDITED).
          text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        pos = 0;
        line = 0;
      }
      int nl = text.indexOf('\n', pos);
      line++;
      String s = nl < 0 ? text.substring(pos) : text.substring(pos, nl);
      pos = nl < 0 ? text.length() : nl + 1;
      peeked = new Entry(file, line, nl >= 0, LineCheck.parse(s, key));
      return true;
    }

    @Override
    public Entry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Entry e = peeked;
      peeked = null;
      return e;
    }
  }

  public static AuditVerification verify(Path dir, byte @Nullable [] key) {
    try {
      return run(dir, key);
    } catch (IOException e) {
      throw new AuditException("cannot read the audit log in " + dir + ": " + e, e);
    } catch (UncheckedIOException e) {
      throw new AuditException("cannot read the audit log in " + dir + ": " + e.getCause(), e.getCause());
    }
  }

  private static AuditVerification run(Path dir, byte @Nullable [] key) throws IOException {
    List<LogFiles.LogFile> files = LogFiles.list(dir);
    List<Path> quarantine = LogFiles.quarantined(dir);
    Entries entries = new Entries(files, key);

    long verified = 0;
    long expectedSeq = 1;
    String expectedPrev = AuditChain.GENESIS;
    String prevStatePrev = AuditChain.GENESIS; // expected prev before the previous record
    Entry before = null;
    while (entries.hasNext()) {
      Entry r = entries.next();
      if (r.fits(expectedSeq, expectedPrev)) {
        prevStatePrev = expectedPrev;
        expectedSeq++;
        expectedPrev = r.p().hash();
        verified++;
        before = r;
        continue;
      }
      // The first break. What follows is read once more, to tell the kinds apart.
      Entry next = entries.hasNext() ? entries.next() : null;
      boolean nextFits = next != null && next.fits(expectedSeq, expectedPrev);
      boolean laterHasExpectedSeq = next != null && next.p().ok() && next.p().seq() == expectedSeq;
      boolean rReferenced = r.p().hash() != null && next != null && r.p().hash().equals(next.p().prev());
      while (entries.hasNext()) {
        Entry later = entries.next();
        laterHasExpectedSeq |= later.p().ok() && later.p().seq() == expectedSeq;
        rReferenced |= r.p().hash() != null && r.p().hash().equals(later.p().prev());
      }
      Break b;
      if (!r.complete()) {
        b = brk(r, Problem.TRUNCATED, "the file ends in an incomplete record (" + r.p().error() + ")");
      } else if (!r.p().ok()) {
        b = nextFits
            ? brk(r, Problem.INSERTED, "a record that does not belong to the chain (" + r.p().error() + ")")
            : brk(r, Problem.EDITED, r.p().error());
      } else if (r.p().seq() > expectedSeq) {
        if (nextFits && !rReferenced) {
          b = brk(r, Problem.INSERTED, "a record with seq " + r.p().seq() + " that nothing links to, where seq "
              + expectedSeq + " was expected");
        } else if (laterHasExpectedSeq) {
          b = brk(r, Problem.REORDERED, "seq " + r.p().seq() + " comes before seq " + expectedSeq);
        } else {
          b = brk(r, Problem.DELETED, "records with seq " + expectedSeq
              + (r.p().seq() - 1 > expectedSeq ? " to " + (r.p().seq() - 1) : "") + " are missing before this one");
        }
      } else if (r.p().seq() < expectedSeq) {
        boolean previousWasForged = before != null
            && !r.p().hash().equals(before.p().hash())
            && r.p().seq() == expectedSeq - 1
            && r.p().prev().equals(prevStatePrev)
            && (next == null || r.p().hash().equals(next.p().prev()));
        if (previousWasForged) {
          verified--;
          expectedPrev = prevStatePrev;
        }
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
      return new AuditVerification(verified, files.size(), b, quarantine, expectedPrev);
    }
    return new AuditVerification(verified, files.size(), null, quarantine, expectedPrev);
  }

  private static Break brk(Entry e, Problem problem, @Nullable String detail) {
    return new Break(e.file(), e.line(), e.p().id(), problem, detail == null ? problem.name() : detail);
  }
}
