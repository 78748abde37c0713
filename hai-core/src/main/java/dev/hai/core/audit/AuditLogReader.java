package dev.hai.core.audit;

import dev.hai.core.Usage;
import dev.hai.core.internal.Checks;
import dev.hai.core.internal.audit.CanonicalJson;
import dev.hai.core.internal.audit.LogFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Reads the records of a {@link FileAuditSink}'s directory back as {@link AuditRecord} values, in
 * chain order, for reports (cost, compliance). It reads; it does not prove: run {@link
 * AuditVerifier#verify} first when the report must rest on an untouched log. Fields that this
 * version does not know (written by a later one) are ignored; quarantine files are not read.
 *
 * <pre>{@code
 * try (Stream<AuditRecord> records = AuditLogReader.stream(Path.of("/var/lib/myapp/audit"))) {
 *   long denials = records.filter(r -> r.outcome().equals("denied")).count();
 * }
 * }</pre>
 */
public final class AuditLogReader {
  private AuditLogReader() {}

  /**
   * Every record of the directory, oldest first. The stream holds an open file: close it.
   *
   * @throws AuditException (when read) for a line that is not a record, naming its file and line
   * @throws UncheckedIOException if a file cannot be read
   */
  public static Stream<AuditRecord> stream(Path directory) {
    Checks.required(directory, "directory");
    List<Path> files;
    try {
      files = LogFiles.list(directory).stream().map(LogFiles.LogFile::path).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the audit directory " + directory, e);
    }
    Lines lines = new Lines(files);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines, Spliterator.ORDERED), false)
        .onClose(lines::close);
  }

  /** Every record of the directory, oldest first; for logs that fit in memory. */
  public static List<AuditRecord> readAll(Path directory) {
    try (Stream<AuditRecord> s = stream(directory)) {
      return s.toList();
    }
  }

  /**
   * Parses one stored line.
   *
   * @throws AuditException if it is not a record
   */
  public static AuditRecord parse(String line) {
    Object tree;
    try {
      tree = CanonicalJson.parse(line);
    } catch (CanonicalJson.MalformedException e) {
      throw new AuditException("not a JSON record: " + e.getMessage());
    }
    if (!(tree instanceof Map<?, ?> m)) {
      throw new AuditException("not a JSON object");
    }
    try {
      return fromTree(m);
    } catch (IllegalArgumentException | ClassCastException | DateTimeParseException e) {
      throw new AuditException("not an audit record: " + e.getMessage(), e);
    }
  }

  private static AuditRecord fromTree(Map<?, ?> m) {
    AuditRecord.Builder b = AuditRecord.builder()
        .id(UUID.fromString(required(m, "id")))
        .time(Instant.parse(required(m, "time")))
        .callId(UUID.fromString(required(m, "callId")))
        .tenant(str(m, "tenant"))
        .actorId(str(m, "actorId"))
        .actorRole(str(m, "actorRole"))
        .purposeOfUse(str(m, "purposeOfUse"))
        .patientRef(str(m, "patientRef"))
        .backend(str(m, "backend"))
        .model(str(m, "model"))
        .outcome(str(m, "outcome"))
        .outcomeDetail(str(m, "outcomeDetail"))
        .outcomeReason(str(m, "outcomeReason"))
        .attempts((int) num(m, "attempts"))
        .cost(text(m.get("cost")))
        .latencyMicros(num(m, "latencyMicros"))
        .breakGlass(str(m, "breakGlass"))
        .inputSha256(str(m, "inputSha256"))
        .outputSha256(str(m, "outputSha256"))
        .seq(num(m, "seq"))
        .prev(str(m, "prev"))
        .chain(str(m, "chain"))
        .hash(str(m, "hash"));
    if (m.get("prompt") instanceof Map<?, ?> p) {
      b.promptId(str(p, "id")).promptVersion(str(p, "version")).promptSha256(str(p, "sha256"))
          .promptLabel(str(p, "label")).promptArm(str(p, "experiment"), str(p, "arm"));
    }
    if (m.get("usage") instanceof Map<?, ?> u) {
      b.usage(new Usage(num(u, "inputTokens"), num(u, "outputTokens"), num(u, "cacheWriteTokens"),
          num(u, "cacheReadTokens")));
    }
    if (m.get("content") instanceof Map<?, ?> c) {
      b.contentInput(str(c, "input")).contentOutput(str(c, "output"));
    }
    if (m.get("policyDecision") instanceof Map<?, ?> d) {
      b.policyDecision(new AuditPolicyDecision(str(d, "decisionId"), str(d, "bundleRevision"), str(d, "result"),
          Boolean.TRUE.equals(d.get("breakGlass")), str(d, "justification")));
    }
    if (m.get("route") instanceof Map<?, ?> r) {
      String primary = str(r, "primaryCallId");
      b.route(new AuditRoute(str(r, "name"), str(r, "arm"), str(r, "role"),
          r.get("challengerShare") == null ? null : (int) num(r, "challengerShare"), str(r, "reason"),
          primary == null ? null : UUID.fromString(primary)));
    }
    if (m.get("scheduling") instanceof Map<?, ?> sch) {
      b.scheduling(new AuditScheduling(str(sch, "priority"), (int) num(sch, "level"), num(sch, "waitMillis"),
          str(sch, "admission")));
    }
    if (m.get("event") instanceof Map<?, ?> e) {
      b.event(new AuditEvent(str(e, "kind"), str(e, "subject"), str(e, "from"), str(e, "to")));
    }
    return b.build();
  }

  /** A string as it is; any other JSON value as its canonical JSON text. */
  private static @Nullable String text(@Nullable Object v) {
    return v == null || v instanceof String ? (String) v : CanonicalJson.write(v);
  }

  private static @Nullable String str(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new IllegalArgumentException("field '" + key + "' is not a string");
  }

  /** A string field every record has; a missing one means the line is not a record. */
  private static String required(Map<?, ?> m, String key) {
    String v = str(m, key);
    if (v == null) {
      throw new IllegalArgumentException("field '" + key + "' is missing");
    }
    return v;
  }

  private static long num(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v instanceof CanonicalJson.Num n) {
      return Long.parseLong(n.text());
    }
    if (v == null) {
      return 0;
    }
    throw new IllegalArgumentException("field '" + key + "' is not a number");
  }

  /** Lines of the files in turn, parsed; closes each file when done. Not thread-safe. */
  private static final class Lines implements Iterator<AuditRecord>, AutoCloseable {
    private final List<Path> files;
    private int nextFile;
    private @Nullable BufferedReader reader;
    private @Nullable Path file;
    private long lineNo;
    private @Nullable AuditRecord next;

    Lines(List<Path> files) {
      this.files = new ArrayList<>(files);
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        try {
          if (reader == null) {
            if (nextFile == files.size()) {
              return false;
            }
            file = files.get(nextFile++);
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            lineNo = 0;
          }
          String line = reader.readLine();
          if (line == null) {
            close();
            continue;
          }
          lineNo++;
          if (line.isEmpty()) {
            continue;
          }
          try {
            next = parse(line);
          } catch (AuditException e) {
            throw new AuditException(file + " line " + lineNo + ": " + e.getMessage(), e);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        }
      }
      return true;
    }

    @Override
    public AuditRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      AuditRecord r = next;
      next = null;
      return r;
    }

    @Override
    public void close() {
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException e) {
          // read-only: nothing is lost when closing fails
        }
        reader = null;
      }
    }
  }
}
