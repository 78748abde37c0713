package dev.hai.governance.kill;

import dev.hai.core.KillSwitch;
import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditSink;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.internal.io.AtomicFiles;
import dev.hai.governance.internal.kill.FlipEvent;
import dev.hai.governance.internal.kill.SwitchFile;
import dev.hai.core.internal.io.Watcher;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Implementation notes.
 *
 * State: an immutable Snapshot (switches by target, and the bytes they were read from) in a
 * volatile field; find() is one map lookup in it. The watcher thread and flips replace it whole.
 *
 * Reading: refresh() reads the file and compares it with the bytes it read last; only new content
 * is parsed. Good content replaces the snapshot. Bad content (a hand edit gone wrong), or a file that
 * disappeared, keeps the snapshot: the switches in force stay in force, and the error is logged
 * once per distinct content and kept in lastError() until good content is read. Fail-safe rather
 * than fail-open: an unreadable file never revives a model that was stopped in an incident.
 *
 * Writing: a flip holds a JVM lock (one per file, shared by every instance in the JVM) and an OS
 * lock on "<file>.lock" (for other processes: the CLI, other JVMs), reads the file afresh, applies
 * the change, writes a temporary file in the same directory, forces it, renames it over the file
 * (atomic: a reader sees the old or the new file, never a part) and forces the directory. If the
 * file held bad content, the flip starts from the last good switches and the bad file is kept
 * beside it as "<file>.rejected-<millis>": an operator stopping a model in an incident must not be
 * blocked by someone else's typo. The audit event is appended while the locks are held, so the
 * events' order is the file's order.
 */
/**
 * Kill switches kept in one small JSON file, watched so that a flip made anywhere on the machine
 * (this JVM, another JVM, the {@code hai-governance kill} command) reaches new calls within a
 * second. The embedded default {@link KillSwitchStore}.
 *
 * <pre>{@code
 * FileKillSwitches switches = FileKillSwitches.builder(Path.of("/var/lib/myapp/kill-switches.json"))
 *     .auditSink(audit)                   // every flip is an audit event; needed to flip
 *     .build();
 * ClinicalModelClient client = ClinicalModelClient.builder()
 *     .backend(backend).auditSink(audit)
 *     .killSwitches(switches)
 *     .build();
 *
 * switches.kill(KillSwitch.Target.model("gpt-4o"), "ops-7", "INC-4411: wrong doses in summaries");
 * }</pre>
 *
 * <p>The file format, the fail-safe rule for bad content and the runbook are in {@code
 * docs/kill-switches.md}. A missing file means nothing is disabled; the first flip creates it.
 *
 * <p>Thread-safe; share one instance per file in a JVM. Close it to stop its watcher thread.
 */
public final class FileKillSwitches implements KillSwitchStore {
  private static final Logger log = LoggerFactory.getLogger(FileKillSwitches.class);
  /** One lock per file for every instance in this JVM: the OS file lock is per process. */
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  /** The switches in force and the bytes they were read from ({@code null}: no file). */
  private record Snapshot(Map<KillSwitch.Target, KillSwitch> switches, byte @Nullable [] content) {}

  private final Path file;
  private final Path lockFile;
  private final @Nullable AuditSink sink;
  private final Clock clock;
  private final String operatorRole;
  private final ReentrantLock jvmLock;
  private final @Nullable Watcher watcher;
  private volatile Snapshot snapshot;
  /** The content last read, good or bad, so that the same bad content is parsed and logged once. */
  private volatile byte @Nullable [] lastSeen;
  private volatile @Nullable KillSwitchException lastError;

  private FileKillSwitches(Builder b) {
    this.file = b.file;
    this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    this.sink = b.sink;
    this.clock = b.clock;
    this.operatorRole = b.operatorRole;
    this.jvmLock = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
    byte[] content = readOrNull();
    // At start there is no last good state to keep: bad content stops the build.
    this.snapshot = new Snapshot(content == null ? Map.of() : SwitchFile.parse(file, content), content);
    this.lastSeen = content;
    this.watcher = b.watch
        ? new Watcher(file.getParent(), b.pollInterval, b.useWatchService, this::refresh, "hai-kill-switches")
        : null;
    log.info("kill switches from {}: {} in force", file, snapshot.switches().size());
  }

  /** A builder for the switches in {@code file} (which need not exist yet). */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  @Override
  public Optional<KillSwitch> find(KillSwitch.Target target) {
    return Optional.ofNullable(snapshot.switches().get(target));
  }

  @Override
  public List<KillSwitch> list() {
    return List.copyOf(snapshot.switches().values());
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /**
   * Why the file's current content is not in force (bad content, file gone, unreadable), or empty
   * when the switches in force are the file's. While there is an error the last good switches stay
   * in force.
   */
  public Optional<KillSwitchException> lastError() {
    return Optional.ofNullable(lastError);
  }

  @Override
  public String describe() {
    KillSwitchException e = lastError;
    return "file " + file + ", " + snapshot.switches().size() + " in force"
        + (watcher == null ? ", not watched" : watcher.watching() ? ", watched" : ", polled")
        + (e == null ? "" : "; FILE NOT READ, last good switches kept: " + e.getMessage());
  }

  /**
   * Reads the file now if it changed; the watcher does this on every change and at least every
   * poll interval.
   *
   * @return whether the switches in force changed
   */
  public boolean refresh() {
    // Under the flips' lock: a read that raced a flip must not put back the state before it.
    jvmLock.lock();
    try {
      return refreshLocked();
    } finally {
      jvmLock.unlock();
    }
  }

  private boolean refreshLocked() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      content = null;
    } catch (IOException e) {
      fail(new KillSwitchException(file, "cannot be read (" + e + "); the last good switches stay in force", e));
      return false;
    }
    if (Arrays.equals(content, lastSeen)) {
      return false;
    }
    lastSeen = content;
    Snapshot current = snapshot;
    if (content == null) {
      if (current.content() == null) {
        return false;
      }
      fail(new KillSwitchException(file, "is gone; the " + current.switches().size()
          + " switches last read stay in force (revive them with the command or restore the file)", null));
      return false;
    }
    Map<KillSwitch.Target, KillSwitch> parsed;
    try {
      parsed = SwitchFile.parse(file, content);
    } catch (KillSwitchException e) {
      fail(e);
      return false;
    }
    lastError = null;
    snapshot = new Snapshot(parsed, content);
    boolean changed = !parsed.equals(current.switches());
    if (changed) {
      log.warn("kill switches changed: {} in force {}", parsed.size(), parsed.keySet());
    }
    return changed;
  }

  private void fail(KillSwitchException e) {
    KillSwitchException before = lastError;
    lastError = e;
    if (before != null && String.valueOf(before.getMessage()).equals(e.getMessage())) {
      return; // said already; the poll would repeat it every interval
    }
    log.error("{}; {} switches stay in force", e.getMessage(), snapshot.switches().size());
  }

  @Override
  public KillSwitch kill(KillSwitch.Target target, String by, String why) {
    KillSwitch wanted = new KillSwitch(required(target, "target"), by, why, clock.instant());
    KillSwitch[] inForce = {wanted};
    flip(target, by, why, current -> {
      KillSwitch existing = current.get(target);
      if (existing != null) {
        inForce[0] = existing;
        return null;
      }
      current.put(target, wanted);
      return new String[] {ENABLED, DISABLED};
    });
    return inForce[0];
  }

  @Override
  public boolean revive(KillSwitch.Target target, String by, String why) {
    // Validates who and why as a switch would.
    new KillSwitch(required(target, "target"), by, why, clock.instant());
    return flip(target, by, why, current -> current.remove(target) == null ? null : new String[] {DISABLED, ENABLED});
  }

  /** The change to make to the current switches; returns {from, to}, or null when there is nothing to do. */
  private interface Change {
    String @Nullable [] apply(Map<KillSwitch.Target, KillSwitch> current);
  }

  /** Applies a change under both locks; returns whether anything was written. */
  private boolean flip(KillSwitch.Target target, String by, String why, Change change) {
    if (sink == null) {
      throw new IllegalStateException("FileKillSwitches: flips are audit events and need an audit sink; "
          + "set one with FileKillSwitches.Builder.auditSink");
    }
    jvmLock.lock();
    try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock osLock = lockChannel.lock()) {
      Map<KillSwitch.Target, KillSwitch> current = new TreeMap<>(SwitchFile::byTarget);
      current.putAll(readForFlip());
      String[] fromTo = change.apply(current);
      if (fromTo == null) {
        return false;
      }
      byte[] content = SwitchFile.write(current.values());
      AtomicFiles.write(file, content);
      lastSeen = content;
      lastError = null;
      snapshot = new Snapshot(java.util.Collections.unmodifiableMap(current), content); // keeps list() ordered
      log.warn("kill switch {}: {} -> {} by {}: {}", target, fromTo[0], fromTo[1], by, why);
      try {
        sink.append(FlipEvent.of(target, fromTo[0], fromTo[1], by, operatorRole, why, clock));
      } catch (AuditException e) {
        throw new KillSwitchException(file, target + " is now " + fromTo[1]
            + ", but the audit event of the flip could not be written (" + e.getMessage()
            + "); record this flip by hand", e);
      }
      return true;
    } catch (IOException e) {
      throw new KillSwitchException(file, "the flip of " + target + " could not be stored: " + e, e);
    } finally {
      jvmLock.unlock();
    }
  }

  /** The switches on disk now; the last good ones when the file holds bad content. */
  private Map<KillSwitch.Target, KillSwitch> readForFlip() throws IOException {
    byte[] content = readOrNull();
    if (content == null) {
      return snapshot.content() == null ? Map.of() : snapshot.switches();
    }
    try {
      return SwitchFile.parse(file, content);
    } catch (KillSwitchException e) {
      Path aside = file.resolveSibling(file.getFileName() + ".rejected-" + clock.millis());
      Files.write(aside, content);
      log.warn("{}; the flip starts from the {} last good switches and the bad file is kept as {}",
          e.getMessage(), snapshot.switches().size(), aside);
      return snapshot.switches();
    }
  }

  private byte @Nullable [] readOrNull() {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new KillSwitchException(file, "cannot be read: " + e, e);
    }
  }

  private static <T> T required(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, "is required");
    }
    return value;
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }

  /** Builds {@link FileKillSwitches}. Only the file is required; flipping also needs an audit sink. */
  public static final class Builder {
    /** How often the file is read when no change event came: well under the one-second promise. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
    /** The role recorded with a flip unless {@link #operatorRole} says otherwise. */
    public static final String DEFAULT_OPERATOR_ROLE = "operations";

    private final Path file;
    private @Nullable AuditSink sink;
    private Clock clock = Clock.systemUTC();
    private String operatorRole = DEFAULT_OPERATOR_ROLE;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private boolean useWatchService = true;
    private boolean watch = true;

    private Builder(Path file) {
      Path abs = required(file, "file").toAbsolutePath().normalize();
      if (abs.getParent() == null || !Files.isDirectory(abs.getParent())) {
        throw new KillSwitchException(abs, "its directory does not exist; create it first", null);
      }
      if (Files.isDirectory(abs)) {
        throw new KillSwitchException(abs, "is a directory; name a file such as kill-switches.json", null);
      }
      this.file = abs;
    }

    /** Where each flip is recorded as an administrative event. Required to flip; not closed by the store. */
    public Builder auditSink(AuditSink sink) {
      this.sink = required(sink, "auditSink");
      return this;
    }

    /** The clock of {@code since} and of the events. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = required(clock, "clock");
      return this;
    }

    /** The role recorded with flips. Default: {@link #DEFAULT_OPERATOR_ROLE}. */
    public Builder operatorRole(String role) {
      if (required(role, "operatorRole").isBlank()) {
        throw new InvalidRequestException("operatorRole", "must not be blank");
      }
      this.operatorRole = role;
      return this;
    }

    /**
     * How often the file is read when no change event came (10 ms to 1 s). Default: {@link
     * #DEFAULT_POLL_INTERVAL}.
     */
    public Builder pollInterval(Duration interval) {
      if (required(interval, "pollInterval").toMillis() < 10 || interval.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new InvalidRequestException("pollInterval", "must be 10 ms to 1 s, was " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * Whether to use the platform's file-change events besides polling. Default: true. Polling
     * alone still meets the one-second promise; turn events off where they misbehave.
     */
    public Builder useWatchService(boolean use) {
      this.useWatchService = use;
      return this;
    }

    /**
     * Whether to watch the file at all. Default: true. A short-lived tool that only flips (the
     * command line) turns it off.
     */
    public Builder watch(boolean watch) {
      this.watch = watch;
      return this;
    }

    /**
     * Reads the file (a missing file: nothing disabled) and starts watching it.
     *
     * @throws KillSwitchException if the file holds bad content: at start there is no last good
     *     state to fall back on, so the application must not start with unknown switches
     */
    public FileKillSwitches build() {
      return new FileKillSwitches(this);
    }
  }

  @Override
  public String toString() {
    return "FileKillSwitches[" + describe() + "]";
  }
}
