package dev.hai.eval.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hai.core.phi.PhiRedactor;
import dev.hai.eval.internal.FeedbackAdmission;
import dev.hai.eval.internal.Jsons;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes. One file, one JSON object per line, appended; nothing is ever rewritten
 * except a torn last line (bytes after the last newline, left by a process that died while
 * appending), which is cut off under the lock before the next append. Every access takes an
 * exclusive FileLock on the file (other processes) inside this object's monitor (other threads:
 * FileLock is per JVM), then reads the lines other processes appended since this object last read,
 * so the duplicate check and the append are one atomic step across processes. A submission is
 * forced to disk before submit returns.
 */
/**
 * The embedded {@link FeedbackStore}: a JSON Lines file, append-only, safe for concurrent use by
 * threads and by processes sharing the file, durable (each accepted submission is forced to disk),
 * and duplicate-proof across restarts (the file is the index: reopening reads it).
 *
 * <pre>{@code
 * JsonlFeedbackStore store = JsonlFeedbackStore.builder(Path.of("/var/lib/myapp/feedback.jsonl"))
 *     .callIndex(CallIndex.auditLog(Path.of("/var/lib/myapp/hai-audit")))
 *     .redactCorrections(PhiRedactor.defaults())     // optional: mask identifiers in corrections
 *     .build();
 * }</pre>
 *
 * <p>Line format (schema 1): {@code {"schema":1,"call_id":"…","verdict":"INCORRECT",
 * "category":"OMISSION","correction":"…","clinician_id":"…","clinician_role":"…",
 * "submitted_at":"2026-11-26T08:00:00Z","time_to_respond_ms":5400000}}; {@code category} and {@code
 * correction} are omitted when absent. The file is created owner-only (rw-------) where the file
 * system supports it, since corrections may hold PHI.
 */
public final class JsonlFeedbackStore implements FeedbackStore {
  /** The line format's version. */
  public static final int SCHEMA = 1;

  // A FileLock is held by the JVM, not the thread: two stores on one file in one JVM take turns here.
  private static final java.util.concurrent.ConcurrentMap<Path, Object> JVM_LOCKS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Path file;
  private final CallIndex calls;
  private final @Nullable PhiRedactor redactor;
  private final FileChannel channel;
  private final Object jvmLock;
  private final Map<UUID, Feedback> byCall = new LinkedHashMap<>();
  private long readOffset;
  private int lineNumber;
  private boolean closed;

  private JsonlFeedbackStore(Builder b) {
    this.file = b.file;
    this.calls = Objects.requireNonNull(b.calls);
    this.redactor = b.redactor;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!Files.exists(file)) {
        createOwnerOnly(file);
      }
      this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      this.jvmLock = JVM_LOCKS.computeIfAbsent(file.toRealPath(), k -> new Object());
    } catch (IOException e) {
      throw new FeedbackStoreException("cannot open feedback file " + file + ": " + e.getMessage(), e);
    }
    synchronized (this) {
      locked(() -> null);
    }
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // another process created it first
    }
  }

  /** A builder of a store kept in {@code file} (created with its directories if missing). */
  public static Builder builder(Path file) {
    return new Builder(Objects.requireNonNull(file, "file"));
  }

  /** The file this store keeps. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized SubmitResult submit(Feedback feedback) {
    Objects.requireNonNull(feedback, "feedback");
    SubmitResult admitted = FeedbackAdmission.admit(feedback, calls, redactor);
    if (!(admitted instanceof SubmitResult.Accepted accepted)) {
      return admitted;
    }
    Feedback f = accepted.feedback();
    return locked(() -> {
      Feedback existing = byCall.get(f.callId());
      if (existing != null) {
        return new SubmitResult.Duplicate(f.callId(), existing.submittedAt());
      }
      byte[] line = (Jsons.MAPPER.writeValueAsString(toJson(f)) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer buf = ByteBuffer.wrap(line);
      long at = readOffset;
      while (buf.hasRemaining()) {
        at += channel.write(buf, at);
      }
      channel.force(false);
      readOffset = at;
      lineNumber++;
      byCall.put(f.callId(), f);
      return accepted;
    });
  }

  @Override
  public synchronized Optional<Feedback> get(UUID callId) {
    Objects.requireNonNull(callId, "callId");
    return locked(() -> Optional.ofNullable(byCall.get(callId)));
  }

  @Override
  public synchronized Stream<Feedback> query(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    List<Feedback> snapshot = locked(() -> new ArrayList<>(byCall.values()));
    return snapshot.stream()
        .filter(f -> !f.submittedAt().isBefore(from) && f.submittedAt().isBefore(to))
        .sorted(Comparator.comparing(Feedback::submittedAt));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      throw new FeedbackStoreException("cannot close feedback file " + file + ": " + e.getMessage(), e);
    }
  }

  private interface IoAction<T> {
    T run() throws IOException;
  }

  // Runs under the file lock, after reading what other processes appended. Callers hold the monitor.
  private <T> T locked(IoAction<T> action) {
    if (closed) {
      throw new IllegalStateException("feedback store " + file + " is closed");
    }
    synchronized (jvmLock) {
      try (FileLock lock = channel.lock()) {
        catchUp();
        return action.run();
      } catch (IOException e) {
        throw new FeedbackStoreException("feedback file " + file + ": " + e.getMessage(), e);
      }
    }
  }

  private void catchUp() throws IOException {
    long size = channel.size();
    if (size < readOffset) {
      throw new FeedbackStoreException("feedback file " + file + " shrank from " + readOffset + " to " + size
          + " bytes while open: it is append-only; restore it from a backup");
    }
    if (size == readOffset) {
      return;
    }
    ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - readOffset));
    long at = readOffset;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, at);
      if (n < 0) {
        break;
      }
      at += n;
    }
    byte[] bytes = buf.array();
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    int start = 0;
    for (int i = 0; i < end; i++) {
      if (bytes[i] == '\n') {
        lineNumber++;
        if (i > start) {
          Feedback f = parse(new String(bytes, start, i - start, StandardCharsets.UTF_8), lineNumber);
          byCall.putIfAbsent(f.callId(), f); // the first line for a call stands
        }
        start = i + 1;
      }
    }
    readOffset += end;
    if (end < bytes.length) {
      // A torn line: a writer died mid-append (writers hold the lock, so none is writing now).
      channel.truncate(readOffset);
      channel.force(false);
    }
  }

  private static ObjectNode toJson(Feedback f) {
    ObjectNode o = Jsons.MAPPER.createObjectNode();
    o.put("schema", SCHEMA);
    o.put("call_id", f.callId().toString());
    o.put("verdict", f.verdict().name());
    if (f.category() != null) {
      o.put("category", f.category().name());
    }
    if (f.correction() != null) {
      o.put("correction", f.correction());
    }
    o.put("clinician_id", f.clinicianId());
    o.put("clinician_role", f.clinicianRole());
    o.put("submitted_at", f.submittedAt().toString());
    if (f.timeToRespond() != null) {
      o.put("time_to_respond_ms", f.timeToRespond().toMillis());
    }
    return o;
  }

  // Never quotes the line: it may hold a correction with PHI.
  private Feedback parse(String line, int number) {
    try {
      JsonNode o = Jsons.MAPPER.readTree(line);
      int schema = o.path("schema").asInt(-1);
      if (schema != SCHEMA) {
        throw new FeedbackStoreException(file + ":" + number + ": unsupported feedback schema " + schema
            + " (this version reads " + SCHEMA + ")");
      }
      JsonNode category = o.get("category");
      JsonNode correction = o.get("correction");
      JsonNode ttr = o.get("time_to_respond_ms");
      return new Feedback(UUID.fromString(o.get("call_id").asText()), Verdict.valueOf(o.get("verdict").asText()),
          category == null ? null : FeedbackCategory.valueOf(category.asText()),
          correction == null ? null : correction.asText(), o.get("clinician_id").asText(),
          o.get("clinician_role").asText(), Instant.parse(o.get("submitted_at").asText()),
          ttr == null ? null : Duration.ofMillis(ttr.asLong()));
    } catch (FeedbackStoreException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new FeedbackStoreException(file + ":" + number + ": not a feedback line (" + e.getClass().getSimpleName()
          + ")");
    }
  }

  /** Builds a {@link JsonlFeedbackStore}; not thread-safe. */
  public static final class Builder {
    private final Path file;
    private @Nullable CallIndex calls;
    private @Nullable PhiRedactor redactor;

    private Builder(Path file) {
      this.file = file;
    }

    /** The known calls; required (an unknown call id is refused). */
    public Builder callIndex(CallIndex calls) {
      this.calls = Objects.requireNonNull(calls, "calls");
      return this;
    }

    /**
     * Redacts each correction with {@code redactor} before it is written, so the file holds no
     * identifier the redactor finds. Off by default: corrections are stored as given (protect the
     * file as PHI).
     */
    public Builder redactCorrections(PhiRedactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /**
     * Opens the file, reading what it holds.
     *
     * @throws IllegalStateException if no call index was set
     * @throws FeedbackStoreException if the file cannot be opened or a line is not feedback
     */
    public JsonlFeedbackStore build() {
      if (calls == null) {
        throw new IllegalStateException("JsonlFeedbackStore needs a callIndex (the known calls, e.g. "
            + "CallIndex.auditLog(dir)) to refuse feedback on unknown call ids");
      }
      return new JsonlFeedbackStore(this);
    }
  }
}
