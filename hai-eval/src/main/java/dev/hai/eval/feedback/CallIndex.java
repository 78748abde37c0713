package dev.hai.eval.feedback;

import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The calls feedback may be given on: a store asks it whether a call id is known, and when the call
 * ended (for the time to respond).
 *
 * <pre>{@code
 * CallIndex calls = CallIndex.auditLog(Path.of("/var/lib/myapp/hai-audit"));
 * }</pre>
 *
 * <p>Implementations must be safe for concurrent use and should answer quickly; a store asks once
 * per submission.
 */
@FunctionalInterface
public interface CallIndex {

  /** When the call with this id ended, or empty if no such call is known. */
  Optional<Instant> callTime(UUID callId);

  /**
   * The calls of a {@code FileAuditSink} directory, read with {@link AuditLogReader}: every record
   * that is not an administrative event. The log is read once at first use and read again when an
   * id is not found (the call may have ended since), so an unknown id costs a scan of the log.
   */
  static CallIndex auditLog(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return new AuditLogIndex(directory);
  }

  /** The calls of these audit records (events are left out). */
  static CallIndex of(Stream<AuditRecord> records) {
    Map<UUID, Instant> m = new HashMap<>();
    records.filter(r -> !r.isEvent()).forEach(r -> m.put(r.callId(), r.time()));
    return of(m);
  }

  /** The calls in this map of call id to time. */
  static CallIndex of(Map<UUID, Instant> calls) {
    Map<UUID, Instant> copy = Map.copyOf(calls);
    return id -> Optional.ofNullable(copy.get(id));
  }

  /** An index of an audit log directory, rescanned on a miss. */
  final class AuditLogIndex implements CallIndex {
    private final Path directory;
    private volatile Map<UUID, Instant> calls = Map.of();
    private volatile boolean loaded;

    private AuditLogIndex(Path directory) {
      this.directory = directory;
    }

    @Override
    public Optional<Instant> callTime(UUID callId) {
      Instant t = loaded ? calls.get(callId) : null;
      if (t == null) {
        t = reload().get(callId);
      }
      return Optional.ofNullable(t);
    }

    private synchronized Map<UUID, Instant> reload() {
      Map<UUID, Instant> m = new HashMap<>();
      try (Stream<AuditRecord> s = AuditLogReader.stream(directory)) {
        s.filter(r -> !r.isEvent()).forEach(r -> m.put(r.callId(), r.time()));
      }
      calls = Map.copyOf(m);
      loaded = true;
      return calls;
    }
  }
}
