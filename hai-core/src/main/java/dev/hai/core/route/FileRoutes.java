package dev.hai.core.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.internal.Checks;
import dev.hai.core.internal.http.Json;
import dev.hai.core.internal.io.AtomicFiles;
import dev.hai.core.internal.io.Watcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route file: the challenger shares of a running service's {@link RouteTable}, in a JSON file
 * that a command line ({@code hai-eval rollout apply}) or an operator edits. The service watches the
 * file and moves its shares when the file changes; each move goes through {@link
 * RouteTable#setShares}, so it is audited as a {@code route.shares} event like a change made in
 * code.
 *
 * <pre>{@code
 * // in the service
 * FileRoutes file = FileRoutes.watch(Path.of("/etc/myapp/routes.json"), routes);
 * // from a command line or another process
 * FileRoutes.write(Path.of("/etc/myapp/routes.json"), "discharge-summary", 1_000, "u-ml-lead",
 *     "week 2: 1% -> 10%", Clock.systemUTC());
 * }</pre>
 *
 * <p>The file:
 *
 * <pre>{@code
 * {"schema":1,"routes":{"discharge-summary":{"challengerShare":1000,"by":"u-ml-lead",
 *   "reason":"week 2: 1% -> 10%","at":"2026-11-26T08:00:00Z"}}}
 * }</pre>
 *
 * <p>Routes the file does not name keep their shares; a route the table does not have, or a share
 * the route cannot take, is logged and skipped; an unreadable file is logged and changes nothing.
 * Writes are atomic (a new file renamed over the old), so a reader never sees half a file. The
 * watcher reacts to the platform's change events and polls every {@link #DEFAULT_POLL_INTERVAL} as
 * well. Thread-safe; close it to stop watching.
 */
public final class FileRoutes implements AutoCloseable {
  /** How often the file is read besides change events. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
  /** The file's schema version. */
  public static final int SCHEMA = 1;

  private static final Logger log = LoggerFactory.getLogger(FileRoutes.class);

  /**
   * One route's entry.
   *
   * @param challengerShare the share in basis points
   * @param by who set it
   * @param reason why
   * @param at when
   */
  public record Entry(int challengerShare, String by, String reason, Instant at) {
    public Entry {
      Route.checkShare(challengerShare, "challengerShare");
      Checks.notBlank(by, "by");
      Checks.notBlank(reason, "reason");
      Checks.required(at, "at");
    }
  }

  private final Path file;
  private final RouteTable table;
  private final Object lock = new Object();
  private byte @Nullable [] applied; // guarded by lock: the bytes last applied in full
  private final @Nullable Watcher watcher;

  private FileRoutes(Path file, RouteTable table, @Nullable Duration poll) {
    this.file = file.toAbsolutePath();
    this.table = table;
    refresh();
    this.watcher = poll == null ? null
        : new Watcher(this.file.getParent(), poll, true, this::refresh, "hai-route-file");
  }

  /** Applies the file's shares to {@code table} now and whenever the file changes. */
  public static FileRoutes watch(Path file, RouteTable table) {
    return watch(file, table, DEFAULT_POLL_INTERVAL);
  }

  /** As {@link #watch(Path, RouteTable)}, polling every {@code pollInterval} (10 ms to 10 s). */
  public static FileRoutes watch(Path file, RouteTable table, Duration pollInterval) {
    Checks.required(file, "file");
    Checks.required(table, "table");
    if (pollInterval.toMillis() < 10 || pollInterval.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new InvalidRequestException("pollInterval", "must be 10 ms to 10 s, was " + pollInterval);
    }
    return new FileRoutes(file, table, pollInterval);
  }

  /** Applies the file's shares to {@code table} once, without watching; call {@link #refresh()} to re-read. */
  public static FileRoutes unwatched(Path file, RouteTable table) {
    return new FileRoutes(Checks.required(file, "file"), Checks.required(table, "table"), null);
  }

  /**
   * Reads the file and applies what changed since the last read.
   *
   * @return whether the file's content was new (read and applied)
   */
  public boolean refresh() {
    synchronized (lock) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        return false; // no file yet: the table's own shares stand
      } catch (IOException e) {
        log.error("route file {}: cannot read it ({}); shares unchanged", file, e.toString());
        return false;
      }
      if (applied != null && Arrays.equals(applied, bytes)) {
        return false;
      }
      Map<String, Entry> entries;
      try {
        entries = parse(bytes);
      } catch (IllegalArgumentException e) {
        log.error("route file {}: {}; shares unchanged", file, e.getMessage());
        applied = bytes; // said once; a fixed file is new content again
        return false;
      }
      boolean complete = true;
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        if (table.route(e.getKey()).isEmpty()) {
          log.warn("route file {}: no route named '{}' in this service; skipped", file, e.getKey());
          continue;
        }
        Entry entry = e.getValue();
        try {
          table.setShares(e.getKey(), entry.challengerShare(), entry.by(), entry.reason() + " (route file)");
        } catch (InvalidRequestException ex) {
          log.error("route file {}: route '{}': {}; skipped", file, e.getKey(), ex.getMessage());
        } catch (RuntimeException ex) {
          // The audit sink refused: the share did not move; try again at the next read.
          log.error("route file {}: route '{}' share not moved: {}", file, e.getKey(), ex.toString());
          complete = false;
        }
      }
      applied = complete ? bytes : null;
      return true;
    }
  }

  /**
   * The entries of a route file.
   *
   * @throws UncheckedIOException when it cannot be read
   * @throws IllegalArgumentException when it is not a route file
   */
  public static Map<String, Entry> read(Path file) {
    try {
      return parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the route file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sets one route's share in the file (creating it if needed), atomically; the watching service
   * applies and audits it. Other routes' entries are kept. Writers on one machine are serialised by
   * this JVM only: run one writer at a time.
   *
   * @throws InvalidRequestException for a share out of range or a blank route, actor or reason
   * @throws UncheckedIOException when the file cannot be written
   */
  public static Map<String, Entry> write(Path file, String route, int challengerShare, String actor, String reason,
      Clock clock) {
    Arm.checkName(route, "route");
    Entry entry = new Entry(challengerShare, actor, reason, clock.instant());
    synchronized (FileRoutes.class) {
      Map<String, Entry> entries = new LinkedHashMap<>(read(file));
      entries.put(route, entry);
      ObjectNode root = Json.object();
      root.put("schema", SCHEMA);
      ObjectNode routes = root.putObject("routes");
      entries.forEach((name, e) -> {
        ObjectNode o = routes.putObject(name);
        o.put("challengerShare", e.challengerShare());
        o.put("by", e.by());
        o.put("reason", e.reason());
        o.put("at", e.at().toString());
      });
      try {
        AtomicFiles.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the route file " + file + ": " + e.getMessage(), e);
      }
      return Map.copyOf(entries);
    }
  }

  private static Map<String, Entry> parse(byte[] bytes) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON (" + e.getClass().getSimpleName() + ")");
    }
    if (root == null || !root.isObject() || root.path("schema").asInt() != SCHEMA || !root.path("routes").isObject()) {
      throw new IllegalArgumentException("not a route file: expected {\"schema\":1,\"routes\":{...}}");
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("routes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode o = e.getValue();
      try {
        if (!o.path("challengerShare").isInt()) {
          throw new IllegalArgumentException("challengerShare must be an integer (basis points)");
        }
        out.put(e.getKey(), new Entry(o.path("challengerShare").asInt(), o.path("by").asText(""),
            o.path("reason").asText(""), Instant.parse(o.path("at").asText())));
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException("route '" + e.getKey() + "': " + ex.getMessage());
      }
    }
    return out;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** Stops watching. The table keeps the shares it has. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
