package dev.hai.core.route;

import dev.hai.core.internal.Checks;
import dev.hai.core.internal.route.ShadowJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link ShadowStore}: an append-only file, one JSON object per line (the format is in
 * {@code docs/rollout.md}).
 *
 * <pre>{@code
 * ShadowStore store = JsonlShadowStore.open(Path.of("/var/lib/myapp/shadows.jsonl"));
 * }</pre>
 *
 * <p>Thread-safe: each result is written as one whole line under this store's lock, so concurrent
 * shadows never interleave. One JVM should write a file; readers may read it at any time (a last
 * line still being written is skipped). A new file is created readable and writable by its owner
 * only: it holds clinical content (see {@link ShadowResult}).
 *
 * <p>Durability: with {@link #open(Path)} every line is forced to the disk before {@link #append}
 * returns ({@code fsync} per result; shadows run off the primary call's path, so this costs the
 * shadow pool only). {@link #open(Path, boolean)} with {@code false} leaves flushing to the
 * operating system: a crash may lose the last results, never corrupt earlier ones.
 */
public final class JsonlShadowStore implements ShadowStore {
  private static final Logger log = LoggerFactory.getLogger(JsonlShadowStore.class);

  private final Path file;
  private final boolean fsync;
  private final Object lock = new Object();
  private final FileChannel channel; // guarded by lock for writes
  private boolean closed; // guarded by lock

  private JsonlShadowStore(Path file, boolean fsync) throws IOException {
    this.file = file;
    this.fsync = fsync;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file); // not a POSIX file system
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // created concurrently: fine
      }
    }
    this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /**
   * Opens (creating if needed) a store that forces every result to the disk.
   *
   * @throws UncheckedIOException when the file cannot be opened for appending
   */
  public static JsonlShadowStore open(Path file) {
    return open(file, true);
  }

  /**
   * Opens (creating if needed) a store; {@code fsync} says whether each result is forced to the disk
   * before {@link #append} returns.
   *
   * @throws UncheckedIOException when the file cannot be opened for appending
   */
  public static JsonlShadowStore open(Path file, boolean fsync) {
    Checks.required(file, "file");
    try {
      return new JsonlShadowStore(file, fsync);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the shadow store " + file + ": " + e.getMessage(), e);
    }
  }

  /** The file. */
  public Path file() {
    return file;
  }

  @Override
  public void append(ShadowResult result) {
    Checks.required(result, "result");
    ByteBuffer line = ByteBuffer.wrap((ShadowJson.write(result) + "\n").getBytes(StandardCharsets.UTF_8));
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the shadow store " + file + " is closed");
      }
      try {
        while (line.hasRemaining()) {
          channel.write(line);
        }
        if (fsync) {
          channel.force(false);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to the shadow store " + file + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public List<ShadowResult> read(@Nullable String route) {
    List<ShadowResult> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        ShadowResult r;
        try {
          r = ShadowJson.read(line);
        } catch (RuntimeException e) {
          // A torn last line (a crash mid-write) or a damaged one: skipped, said without its content.
          log.warn("shadow store {}: line {} is not a shadow result ({}); skipped", file, n, e.getClass().getSimpleName());
          continue;
        }
        if (route == null || route.equals(r.route())) {
          out.add(r);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the shadow store " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public String describe() {
    return "JSON Lines " + file + (fsync ? ", fsync per result" : ", no fsync");
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        channel.close();
      } catch (IOException e) {
        log.warn("closing the shadow store {} failed: {}", file, e.getMessage());
      }
    }
  }
}
