package dev.hai.core.internal.audit;

import dev.hai.core.audit.AuditChain;
import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.audit.RecoveryReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Implementation notes.
 *
 * One writer thread owns the file channel and the chain state (lastSeq, lastHash, the current
 * file); nothing else touches them, so they need no lock. Callers put an Append item on a bounded
 * queue and wait on its future. Each caller makes its record's canonical form itself, with gaps for
 * the chain fields (PreparedRecord), so that the writer's serial work per record is only filling in
 * seq, prev and hash and hashing: the writer is what every caller waits for. The writer takes what is queued (up to maxBatch), seals each record
 * onto the chain, writes the lines and forces the channel once: group commit. Only after force()
 * returns are the futures completed, so a caller never hears "durable" for a record that is not.
 * Before it writes, the writer waits up to 100 microseconds for as many records as the last batch
 * had (gather()): the callers it just told usually come straight back, and without the wait the
 * first of them would take an fsync of its own while the others queue behind it.
 *
 * A batch may span a rotation: the part before it is written and forced (and its callers told)
 * before the next file is opened. If a write or force fails, every record of the batch not yet
 * forced fails, the chain state stays at the last forced record, the sink turns unhealthy and the
 * file is cut back to the last forced byte, so no partial line stays behind. While unhealthy, every
 * append and every ready() first tries to recover: reopen the file, cut it back, write and force a
 * probe file. Only a probe that succeeds makes the sink healthy again.
 */
/** The JSON Lines {@link FileAuditSink}. */
public final class JsonlFileSink implements FileAuditSink {
  private static final Logger log = LoggerFactory.getLogger(JsonlFileSink.class);
  private static final long READY_PROBE_TIMEOUT_SECONDS = 10;
  private static final long SPACE_CHECK_INTERVAL_NANOS = 200_000_000L;
  /** The writer's reused output buffer; a batch of larger records grows it for that batch only. */
  private static final int OUT_BUFFER_BYTES = 64 * 1024;
  /** The longest the writer waits for more records before an fsync; see gather(). */
  static final long GATHER_NANOS = 100_000L;

  /** What the builder collected. */
  public record Options(
      Path directory,
      byte @Nullable [] chainKey,
      long maxFileBytes,
      boolean rotateDaily,
      int maxBatch,
      int queueCapacity,
      Clock clock,
      long minFreeBytes) {}

  /** Opens files for writing; tests replace it to inject faults. */
  @FunctionalInterface
  public interface Opener {
    Opener DEFAULT = file -> FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);

    FileChannel open(Path file) throws IOException;
  }

  private sealed interface Item permits Append, Probe, Stop {}

  /**
   * A record serialised by its caller; the writer fills in seq and the chain hashes (prev at 0,
   * hash at 64) before completing done, which publishes them to the caller.
   */
  private static final class Append implements Item {
    final PreparedRecord record;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final byte[] chainHex = new byte[2 * PreparedRecord.HEX_LENGTH];
    long seq;

    Append(PreparedRecord record) {
      this.record = record;
    }
  }

  private record Probe(CompletableFuture<Boolean> done) implements Item {}

  private record Stop() implements Item {}

  /** The name of the lock file that marks a directory's one writer; not a log file, the verifier skips it. */
  static final String LOCK_FILE = ".audit.lock";

  private final FileChannel writerLock;
  private final Options options;
  private final Opener opener;
  private final Path dir;
  private final BlockingQueue<Item> queue;
  private final Thread writer;
  private final @Nullable RecoveryReport recovery;
  private volatile boolean healthy = true;
  private volatile boolean closed;
  private volatile @Nullable String lastError;
  private volatile long nextSpaceCheck = System.nanoTime();
  private volatile boolean spaceOk = true;

  // Owned by the writer thread after the constructor.
  private @Nullable FileChannel channel;
  private Path currentFile;
  private long currentIndex;
  private LocalDate currentDay;
  private long durableSize;
  private long lastSeq;
  private int lastBatchSize;
  private final byte[] lastHash = new byte[PreparedRecord.HEX_LENGTH];
  private final String chain;
  private final PreparedRecord.Hasher hasher;
  private ByteBuffer out = ByteBuffer.allocateDirect(OUT_BUFFER_BYTES);

  public JsonlFileSink(Options options, Opener opener) {
    this.options = options;
    this.opener = opener;
    this.dir = options.directory();
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    this.chain = options.chainKey() == null ? AuditChain.SHA256 : AuditChain.HMAC_SHA256;
    this.hasher = new PreparedRecord.Hasher(options.chainKey());
    try {
      Files.createDirectories(dir);
      if (!Files.isDirectory(dir)) {
        throw new AuditException("audit directory " + dir + " is not a directory");
      }
      this.writerLock = lockDirectory(dir);
      try {
        this.recovery = open();
      } catch (IOException | RuntimeException e) {
        releaseLock();
        throw e;
      }
    } catch (IOException e) {
      throw new AuditException("cannot open the audit log in " + dir + ": " + e, e);
    }
    this.writer = new Thread(this::run, "hai-audit-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Takes the directory's writer lock: one writer per directory keeps the hash chain whole (two
   * writers would each chain from the last record they saw, and the verifier would find the log
   * broken). The lock is an OS file lock on {@value #LOCK_FILE}, so it holds across processes and is
   * released by the OS if this process dies; within this JVM a second sink is refused too.
   */
  private static FileChannel lockDirectory(Path dir) throws IOException {
    FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new AuditException("the audit directory " + dir + " is already being written by another audit sink "
          + "(in this process or another one); a directory has one writer, so that its hash chain stays whole. "
          + "Record the event through the running application's sink, give this writer a directory of its own, "
          + "or stop the other writer first");
    }
    return ch;
  }

  private void releaseLock() {
    try {
      writerLock.close(); // closing the channel releases the lock
    } catch (IOException e) {
      log.warn("could not release the audit directory lock in {}: {}", dir, e.toString());
    }
  }

  /** Finds the last file, recovers its tail, and opens it for appending. */
  private @Nullable RecoveryReport open() throws IOException {
    List<LogFiles.LogFile> files = LogFiles.list(dir);
    RecoveryReport report = null;
    lastSeq = 0;
    setLastHash(AuditChain.GENESIS);
    // The chain continues from the last record of the newest file that has one.
    for (int i = files.size() - 1; i >= 0; i--) {
      TailScan scan = TailScan.scan(files.get(i).path(), options.chainKey());
      if (i == files.size() - 1 && scan.tornBytes() > 0) {
        report = quarantine(files.get(i).path(), scan);
      }
      if (scan.lastSeq() > 0) {
        lastSeq = scan.lastSeq();
        setLastHash(scan.lastHash());
        break;
      }
    }
    LocalDate today = LocalDate.ofInstant(options.clock().instant(), ZoneOffset.UTC);
    if (files.isEmpty()) {
      currentIndex = 1;
      currentDay = today;
      currentFile = LogFiles.name(dir, currentIndex, currentDay);
    } else {
      LogFiles.LogFile last = files.get(files.size() - 1);
      currentIndex = last.index();
      currentDay = last.day();
      currentFile = last.path();
    }
    channel = opener.open(currentFile);
    durableSize = channel.size();
    channel.position(durableSize);
    syncDirectory();
    probe();
    return report;
  }

  private void setLastHash(String hex) {
    byte[] b = hex.getBytes(StandardCharsets.US_ASCII);
    if (b.length != lastHash.length) {
      throw new AuditException("the last audit record's hash is not " + lastHash.length + " hex digits");
    }
    System.arraycopy(b, 0, lastHash, 0, b.length);
  }

  private RecoveryReport quarantine(Path file, TailScan scan) throws IOException {
    Path q = file.resolveSibling(file.getFileName() + "." + System.currentTimeMillis() + ".quarantine");
    byte[] tail;
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long n = in.size() - scan.goodBytes();
      tail = new byte[(int) n];
      ByteBuffer buf = ByteBuffer.wrap(tail);
      long pos = scan.goodBytes();
      while (buf.hasRemaining()) {
        int r = in.read(buf, pos);
        if (r < 0) {
          break;
        }
        pos += r;
      }
    }
    try (FileChannel out = FileChannel.open(q, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      writeFully(out, ByteBuffer.wrap(tail));
      out.force(true);
    }
    try (FileChannel f = FileChannel.open(file, StandardOpenOption.WRITE)) {
      f.truncate(scan.goodBytes());
      f.force(true);
    }
    syncDirectory();
    RecoveryReport report = new RecoveryReport(
        file, scan.goodBytes(), tail.length, q, scan.lastSeq(), scan.lastSeq() > 0 ? scan.lastHash() : null,
        scan.reason());
    log.warn("audit log recovery: {} ended in {} bytes that are not a complete record ({}); "
        + "moved them to {}; the log continues after record seq {}",
        file, tail.length, scan.reason(), q, scan.lastSeq());
    return report;
  }

  @Override
  public Optional<RecoveryReport> recovery() {
    return Optional.ofNullable(recovery);
  }

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public AuditRecord append(AuditRecord record) {
    if (closed) {
      throw new AuditException("the audit sink is closed");
    }
    // The canonical form is made here, on the caller's thread; the writer only links and hashes.
    Append a = new Append(PreparedRecord.of(record, chain));
    try {
      queue.put(a);
      a.done.get();
      return a.record.sealed(a.seq,
          new String(a.chainHex, 0, PreparedRecord.HEX_LENGTH, StandardCharsets.ISO_8859_1),
          new String(a.chainHex, PreparedRecord.HEX_LENGTH, PreparedRecord.HEX_LENGTH, StandardCharsets.ISO_8859_1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException("interrupted while waiting for the audit record to be durable", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AuditException ae) {
        throw new AuditException(ae.getMessage(), ae);
      }
      throw new AuditException("audit write failed: " + cause, cause);
    }
  }

  @Override
  public boolean ready() {
    if (closed) {
      return false;
    }
    if (healthy) {
      return enoughSpace();
    }
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    try {
      if (!queue.offer(new Probe(done))) {
        return false;
      }
      return done.get(READY_PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** Whether the file system has at least minFreeBytes free; re-checked at most every 200 ms. */
  private boolean enoughSpace() {
    if (options.minFreeBytes() == 0) {
      return true;
    }
    long now = System.nanoTime();
    if (now - nextSpaceCheck >= 0) {
      nextSpaceCheck = now + SPACE_CHECK_INTERVAL_NANOS;
      boolean ok;
      try {
        ok = Files.getFileStore(dir).getUsableSpace() >= options.minFreeBytes();
      } catch (IOException | RuntimeException e) {
        ok = false;
      }
      if (!ok && spaceOk) {
        log.error("audit log directory {} has less than {} bytes free; calls fail closed until it has",
            dir, options.minFreeBytes());
      }
      spaceOk = ok;
    }
    return spaceOk;
  }

  @Override
  public String describe() {
    return "JSON Lines files in " + dir + ", hash chain " + (options.chainKey() == null ? "SHA-256" : "HMAC-SHA-256")
        + ", group commit (one fsync per batch of up to " + options.maxBatch() + "), rotation at "
        + (options.maxFileBytes() / (1024 * 1024)) + " MiB" + (options.rotateDaily() ? " and daily (UTC)" : "")
        + (healthy ? "" : "; UNHEALTHY: " + lastError)
        + (spaceOk ? "" : "; LOW ON SPACE (under " + options.minFreeBytes() + " bytes free)");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(new Stop());
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!writer.isAlive()) {
      releaseLock(); // a writer still busy keeps the directory until this process ends
    }
  }

  // ---- writer thread ----

  private void run() {
    List<Item> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      batch.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(batch, options.maxBatch() - 1);
      gather(batch);
      List<Append> appends = new ArrayList<>(batch.size());
      for (Item item : batch) {
        if (item instanceof Append a) {
          appends.add(a);
        } else if (item instanceof Stop) {
          stopping = true;
        }
      }
      try {
        if (!healthy) {
          tryRecover();
        }
        if (!appends.isEmpty()) {
          if (healthy) {
            writeBatch(appends);
          } else {
            AuditException failure = new AuditException("the audit log cannot be written: " + lastError);
            appends.forEach(a -> a.done.completeExceptionally(failure));
          }
        }
      } catch (Throwable t) {
        // Never leave a caller waiting forever, whatever went wrong.
        healthy = false;
        lastError = t.toString();
        log.error("audit writer failed unexpectedly", t);
        AuditException failure = new AuditException("the audit writer failed: " + t, t);
        appends.forEach(a -> a.done.completeExceptionally(failure));
      }
      for (Item item : batch) {
        if (item instanceof Probe p) {
          p.done().complete(healthy);
        }
      }
    }
    // Fail whatever arrived after the stop, then release the file.
    List<Item> rest = new ArrayList<>();
    queue.drainTo(rest);
    for (Item item : rest) {
      if (item instanceof Append a) {
        a.done.completeExceptionally(new AuditException("the audit sink is closed"));
      } else if (item instanceof Probe p) {
        p.done().complete(false);
      }
    }
    closeChannel();
  }

  /**
   * Waits a little for the callers told by the last commit to come back, so that they share the
   * next fsync instead of each waiting a whole fsync behind the first one: at most {@link
   * #GATHER_NANOS}, and only while fewer records are queued than the last batch had.
   */
  private void gather(List<Item> batch) {
    int expected = Math.min(lastBatchSize, options.maxBatch());
    if (batch.size() >= expected || closed || !healthy) {
      return;
    }
    long deadline = System.nanoTime() + GATHER_NANOS;
    do {
      Thread.yield();
      queue.drainTo(batch, options.maxBatch() - batch.size());
    } while (batch.size() < expected && System.nanoTime() - deadline < 0);
  }

  private void writeBatch(List<Append> appends) {
    lastBatchSize = appends.size();
    List<Append> pending = new ArrayList<>(appends.size());
    out.clear();
    long seq = lastSeq;
    byte[] prev = lastHash;
    int prevOffset = 0;
    try {
      if (options.rotateDaily() && durableSize > 0) {
        LocalDate today = LocalDate.ofInstant(options.clock().instant(), ZoneOffset.UTC);
        if (!today.equals(currentDay)) {
          rotate(today);
        }
      }
      for (Append a : appends) {
        PreparedRecord r = a.record;
        long s = seq + 1;
        int length = r.lineLength(s);
        if (durableSize + out.position() + length > options.maxFileBytes() && durableSize + out.position() > 0) {
          commit(pending);
          rotate(currentDay.isBefore(today()) && options.rotateDaily() ? today() : currentDay);
        }
        System.arraycopy(prev, prevOffset, a.chainHex, 0, PreparedRecord.HEX_LENGTH);
        r.hash(hasher, s, a.chainHex, 0, a.chainHex, PreparedRecord.HEX_LENGTH);
        a.seq = s;
        ensureRoom(length);
        r.writeLine(out, hasher, s, a.chainHex, 0, PreparedRecord.HEX_LENGTH);
        pending.add(a);
        seq = s;
        prev = a.chainHex;
        prevOffset = PreparedRecord.HEX_LENGTH;
      }
      commit(pending);
    } catch (IOException | RuntimeException e) {
      fail(e);
      AuditException failure = new AuditException("the audit record could not be made durable: " + e, e);
      for (Append a : pending) {
        a.done.completeExceptionally(failure);
      }
      // Appends not yet sealed into pending (after a failed rotation) fail as well.
      for (Append a : appends) {
        a.done.completeExceptionally(failure);
      }
    }
  }

  /** Grows the output buffer, keeping what it holds, so that {@code length} more bytes fit. */
  private void ensureRoom(int length) {
    if (out.remaining() < length) {
      ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(2 * out.capacity(), out.position() + length));
      out.flip();
      bigger.put(out);
      out = bigger;
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(options.clock().instant(), ZoneOffset.UTC);
  }

  /** Writes and forces the buffered lines, then tells their callers. */
  private void commit(List<Append> pending) throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    FileChannel ch = channel;
    if (ch == null) {
      throw new IOException("no open audit file");
    }
    out.flip();
    int size = out.remaining();
    writeFully(ch, out);
    ch.force(false);
    durableSize += size;
    Append last = pending.get(pending.size() - 1);
    lastSeq = last.seq;
    System.arraycopy(last.chainHex, PreparedRecord.HEX_LENGTH, lastHash, 0, PreparedRecord.HEX_LENGTH);
    for (int i = 0; i < pending.size(); i++) {
      pending.get(i).done.complete(null);
    }
    if (out.capacity() > OUT_BUFFER_BYTES) {
      out = ByteBuffer.allocateDirect(OUT_BUFFER_BYTES); // do not keep a large batch's buffer
    } else {
      out.clear();
    }
    pending.clear();
  }

  private void rotate(LocalDate day) throws IOException {
    closeChannel();
    currentIndex++;
    currentDay = day;
    currentFile = LogFiles.name(dir, currentIndex, day);
    durableSize = 0;
    channel = opener.open(currentFile);
    durableSize = channel.size();
    channel.position(durableSize);
    syncDirectory();
  }

  private void fail(Exception e) {
    lastError = e.toString();
    if (healthy) {
      log.error("audit log {} cannot be written ({}); calls fail closed until it can", currentFile, e.toString());
    }
    healthy = false;
    // Cut back any partial batch so that no torn line stays in the file.
    FileChannel ch = channel;
    if (ch != null) {
      try {
        if (ch.size() > durableSize) {
          ch.truncate(durableSize);
        }
      } catch (IOException | RuntimeException ignored) {
        // tryRecover() reopens and cuts back before the next write.
      }
    }
  }

  private void tryRecover() {
    try {
      closeChannel();
      FileChannel ch = opener.open(currentFile);
      channel = ch;
      if (ch.size() > durableSize) {
        ch.truncate(durableSize);
      }
      ch.position(durableSize);
      probe();
      healthy = true;
      lastError = null;
      log.warn("audit log {} is writable again", currentFile);
    } catch (IOException | RuntimeException e) {
      lastError = e.toString();
    }
  }

  /** Writes and forces a small file next to the log, to find out whether the disk takes writes. */
  private void probe() throws IOException {
    Path p = dir.resolve(".hai-audit-probe");
    try (FileChannel ch = opener.open(p)) {
      ch.truncate(0);
      writeFully(ch, ByteBuffer.wrap(new byte[4096]));
      ch.force(false);
    } finally {
      Files.deleteIfExists(p);
    }
  }

  private void syncDirectory() {
    // Makes a new file's directory entry durable; not every platform can open a directory.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException e) {
      log.debug("cannot fsync directory {}: {}", dir, e.toString());
    }
  }

  private void closeChannel() {
    FileChannel ch = channel;
    channel = null;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        log.debug("closing {}: {}", currentFile, e.toString());
      }
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }
}
