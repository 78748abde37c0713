package dev.hai.core.cost;

import dev.hai.core.internal.Checks;
import dev.hai.core.internal.cost.LedgerJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A {@link CostLedger} that appends one JSON line per entry to a file, and a {@link LedgerSource}
 * that reads such a file back; the export format of {@code hai-cost report --ledger}. Writes are
 * serialised and flushed to the operating system per entry (not forced to disk: the audit record
 * is the durable copy of each call's cost). Thread-safe; close it after the clients that use it.
 *
 * <pre>{@code
 * try (JsonlLedger ledger = JsonlLedger.open(Path.of("/var/lib/myapp/hai-ledger.jsonl"))) {
 *   ... CostTracking.builder().ledger(ledger) ...
 * }
 * SpendReport.of(JsonlLedger.source(file), from, to, List.of(SpendReport.Dimension.TENANT), ZoneOffset.UTC);
 * }</pre>
 */
public final class JsonlLedger implements CostLedger, LedgerSource, AutoCloseable {
  private final Path file;
  private final Writer out;

  private JsonlLedger(Path file, Writer out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Opens {@code file} for appending, creating it and its directory if needed. A partial last line
   * (a write cut short by a crash or a full disk) is moved to {@code <file>.torn} first.
   *
   * @throws BudgetStoreException if it cannot be opened
   */
  public static JsonlLedger open(Path file) {
    Checks.required(file, "file");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      cutTornTail(file);
      return new JsonlLedger(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new BudgetStoreException("cannot open the ledger file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Moves a last line without its newline (a write that a crash or a full disk cut short) into
   * {@code <file>.torn}, so that the next entry starts a line of its own and the file stays readable.
   */
  private static void cutTornTail(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long end = size;
      ByteBuffer one = ByteBuffer.allocate(1);
      while (end > 0) {
        one.clear();
        ch.read(one, end - 1);
        if (one.get(0) == '\n') {
          break;
        }
        end--;
      }
      if (end == size) {
        return;
      }
      ByteBuffer fragment = ByteBuffer.allocate(Math.toIntExact(size - end + 1)); // as written, and a newline
      while (fragment.position() < size - end && ch.read(fragment, end + fragment.position()) >= 0) {
        // read it all
      }
      fragment.put((byte) '\n');
      Files.write(file.resolveSibling(file.getFileName() + ".torn"), fragment.array(),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      ch.truncate(end);
    }
  }

  /** Reads a ledger file written by {@link #open} (which may still be being written). */
  public static LedgerSource source(Path file) {
    Checks.required(file, "file");
    return (from, to, sink) -> readFile(file, from, to, sink);
  }

  @Override
  public void record(LedgerEntry entry) {
    String line = LedgerJson.write(Checks.required(entry, "entry"));
    synchronized (out) {
      try {
        out.write(line);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new BudgetStoreException("cannot append to the ledger file " + file + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void read(Instant from, Instant to, Consumer<? super LedgerEntry> sink) {
    synchronized (out) {
      try {
        out.flush();
      } catch (IOException e) {
        throw new BudgetStoreException("cannot flush the ledger file " + file + ": " + e.getMessage(), e);
      }
    }
    readFile(file, from, to, sink);
  }

  private static void readFile(Path file, Instant from, Instant to, Consumer<? super LedgerEntry> sink) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        LedgerEntry e = LedgerJson.read(line, file + " line " + n);
        if (!e.time().isBefore(from) && e.time().isBefore(to)) {
          sink.accept(e);
        }
      }
    } catch (IOException e) {
      throw new BudgetStoreException("cannot read the ledger file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "JSON Lines file " + file;
  }

  @Override
  public void close() {
    synchronized (out) {
      try {
        out.close();
      } catch (IOException e) {
        throw new BudgetStoreException("cannot close the ledger file " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
