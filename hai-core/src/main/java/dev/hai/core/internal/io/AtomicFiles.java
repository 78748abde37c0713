package dev.hai.core.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see the old content or the new, never a part, and the new content
 * survives a crash once {@link #commit} returned: the bytes go to a temporary file in the same
 * directory, are forced to disk, and the file is renamed over the target, then the directory is
 * forced. The new file keeps the permissions of the one it replaces ({@code rw-r--r--} when there
 * was none), not the private ones of a temporary file. Used by the prompt labels and lock file
 * (hai-prompts) and the kill-switch file (hai-governance).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * A temporary file beside {@code target} holding {@code content}, forced to disk; rename it with
   * {@link #commit}, or delete it to drop the change.
   */
  public static Path stage(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      keepPermissions(target, tmp);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  /** {@link #stage} of the UTF-8 bytes of {@code text}. */
  public static Path stage(Path target, String text) throws IOException {
    return stage(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Renames {@code staged} over {@code target} atomically and forces the directory. A file system
   * that cannot rename atomically is an {@link IOException} (the staged file is deleted), never a
   * copy that a reader could see half-written.
   */
  public static void commit(Path staged, Path target) throws IOException {
    try {
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(staged);
      throw new IOException("the file system cannot rename atomically; keep the file on a local disk", e);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(staged);
      throw e;
    }
    forceDirectory(target.toAbsolutePath().getParent());
  }

  /** {@link #stage} then {@link #commit}. */
  public static void write(Path target, byte[] content) throws IOException {
    commit(stage(target, content), target);
  }

  /** {@link #stage} then {@link #commit} of the UTF-8 bytes of {@code text}. */
  public static void write(Path target, String text) throws IOException {
    commit(stage(target, text), target);
  }

  /** A temporary file is private to its owner; the file it replaces keeps its permissions. */
  private static void keepPermissions(Path target, Path temp) throws IOException {
    if (Files.getFileAttributeView(temp, PosixFileAttributeView.class) == null) {
      return;
    }
    Files.setPosixFilePermissions(temp, Files.exists(target)
        ? Files.getPosixFilePermissions(target)
        : PosixFilePermissions.fromString("rw-r--r--"));
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every platform can open a directory; the rename itself is still atomic.
    }
  }
}
