package dev.hai.governance.internal;

import dev.hai.governance.DecisionLog;
import dev.hai.governance.DecisionLogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One JSON line per decision, appended and flushed under a lock. */
public final class JsonlDecisionLog implements DecisionLog {
  private final Path file;
  private final Writer out;

  public JsonlDecisionLog(Path file) throws IOException {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }

  @Override
  public void log(DecisionLogEntry entry) {
    String line = PolicyJson.write(entry.toDocument());
    synchronized (this) {
      try {
        out.write(line);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("decision log " + file + " could not be written", e);
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("decision log " + file + " could not be closed", e);
    }
  }

  @Override
  public String toString() {
    return "decision log " + file;
  }
}
