package dev.hai.governance.kill;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A kill-switch store could not be read or written: a file with bad content (the message names the
 * file and the entry, and says what to fix), an I/O error, or a flip whose audit event could not be
 * written. Reading a bad file never drops the switches already in force: the store keeps the last
 * good state and reports the error through {@link FileKillSwitches#lastError()}.
 */
public class KillSwitchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable Path file;

  public KillSwitchException(@Nullable Path file, String message, @Nullable Throwable cause) {
    super(file == null ? message : "kill switch file " + file + ": " + message, cause);
    this.file = file;
  }

  /** The store's file, for a file store. */
  public @Nullable Path file() {
    return file;
  }
}
