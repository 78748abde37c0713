package dev.hai.core.audit;

import dev.hai.core.internal.Checks;
import dev.hai.core.internal.audit.JsonlFileSink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The embedded audit sink: append-only JSON Lines files in one directory, one record per line,
 * hash-chained across files.
 *
 * <p>A single writer thread takes the records queued by all calls, writes them in one batch and
 * makes the batch durable with one {@code fsync} (group commit); each call waits until its record
 * is durable. A file is closed and a new one started when it would pass {@link
 * Builder#maxFileBytes} or the UTC day changes; the first record of the new file links to the last
 * of the previous one. On open the last file is checked: an incomplete or unreadable tail (a crash
 * mid-write) is moved to a {@code .quarantine} file and reported by {@link #recovery()}, and the
 * chain continues from the last good record. A damaged record before the tail is not repaired: the
 * sink refuses to open, because that is not what a crash leaves behind.
 *
 * <p>{@link #ready()} is false after a failed write until a probe write succeeds, and while the
 * file system has less than {@link Builder#minFreeBytes} free.
 *
 * <p>Thread-safe. One sink per directory: two writers would each chain from the last record they
 * saw and break the chain, so the sink holds an OS file lock on {@code .audit.lock} in the directory
 * while it is open, and a second sink on the same directory, in this process or another one, fails to
 * open with an {@link AuditException} that says so. The lock is released by {@link #close()}, or by
 * the OS when the process dies. Administrative tools that run beside an application write their
 * events to a directory of their own.
 */
public interface FileAuditSink extends AuditSink {

  /** What was recovered when the sink opened, if the last file had a bad tail. */
  Optional<RecoveryReport> recovery();

  /** The directory the log is in. */
  Path directory();

  static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** Builds a {@link FileAuditSink}. */
  final class Builder {
    /** Default size after which a file is closed and a new one started: 64 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** Default most records written with one fsync. */
    public static final int DEFAULT_MAX_BATCH = 1024;
    /** Default most records waiting for the writer; appends beyond it wait (back-pressure). */
    public static final int DEFAULT_QUEUE_CAPACITY = 16_384;
    /** Default free space below which the sink is not {@link FileAuditSink#ready() ready}: 16 MiB. */
    public static final long DEFAULT_MIN_FREE_BYTES = 16L * 1024 * 1024;

    private final Path directory;
    private byte @Nullable [] chainKey;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private boolean rotateDaily = true;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private Clock clock = Clock.systemUTC();
    private long minFreeBytes = DEFAULT_MIN_FREE_BYTES;

    private Builder(Path directory) {
      this.directory = Checks.required(directory, "directory");
    }

    /**
     * Hashes the chain with HMAC-SHA-256 under this key instead of plain SHA-256, so that someone
     * who can edit the files but does not hold the key cannot re-compute a consistent chain. Keep
     * the key outside the log's host (a vault); the verifier needs it. Default: no key. At least
     * 32 bytes.
     */
    public Builder chainKey(byte[] key) {
      Checks.required(key, "chainKey");
      if (key.length < 32) {
        throw new IllegalArgumentException("chainKey must be at least 32 bytes, was " + key.length);
      }
      this.chainKey = key.clone();
      return this;
    }

    /** Size at which a file is rotated. Default {@link #DEFAULT_MAX_FILE_BYTES}; at least 4096. */
    public Builder maxFileBytes(long maxFileBytes) {
      if (maxFileBytes < 4096) {
        throw new IllegalArgumentException("maxFileBytes must be at least 4096, was " + maxFileBytes);
      }
      this.maxFileBytes = maxFileBytes;
      return this;
    }

    /** Whether a new file starts when the UTC day changes. Default {@code true}. */
    public Builder rotateDaily(boolean rotateDaily) {
      this.rotateDaily = rotateDaily;
      return this;
    }

    /** Most records per fsync. Default {@link #DEFAULT_MAX_BATCH}. */
    public Builder maxBatch(int maxBatch) {
      this.maxBatch = Checks.atLeast(maxBatch, 1, "maxBatch");
      return this;
    }

    /** Most records queued for the writer. Default {@link #DEFAULT_QUEUE_CAPACITY}. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = Checks.atLeast(queueCapacity, 1, "queueCapacity");
      return this;
    }

    /**
     * Free space on the log's file system below which {@link FileAuditSink#ready()} says no, so
     * that calls are refused before the model while the records of calls already running still
     * fit. Checked at most every 200 ms. Default {@link #DEFAULT_MIN_FREE_BYTES}; 0 turns the check off.
     */
    public Builder minFreeBytes(long minFreeBytes) {
      if (minFreeBytes < 0) {
        throw new IllegalArgumentException("minFreeBytes must not be negative, was " + minFreeBytes);
      }
      this.minFreeBytes = minFreeBytes;
      return this;
    }

    /** The clock that decides the day of daily rotation. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.required(clock, "clock");
      return this;
    }

    /**
     * Opens the log (creating the directory if needed), recovers its last file and starts the
     * writer thread.
     *
     * @throws AuditException if the directory cannot be created or written, or the last file holds
     *     a damaged record before its tail
     */
    public FileAuditSink build() {
      return new JsonlFileSink(new JsonlFileSink.Options(
          directory, chainKey, maxFileBytes, rotateDaily, maxBatch, queueCapacity, clock, minFreeBytes),
          JsonlFileSink.Opener.DEFAULT);
    }
  }
}
