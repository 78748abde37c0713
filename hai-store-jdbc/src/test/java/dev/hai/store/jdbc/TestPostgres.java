package dev.hai.store.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import dev.hai.store.jdbc.internal.UrlDataSource;

/**
 * A real PostgreSQL server for the integration tests and benchmarks. With {@code HAI_PG_URL} set
 * (and optionally {@code HAI_PG_USER}, {@code HAI_PG_PASSWORD}) it uses that server; otherwise it
 * finds PostgreSQL's binaries ({@code initdb} on the PATH or under {@code /usr/lib/postgresql/<v>/bin}),
 * creates a throwaway cluster under {@code target/} with trust authentication, starts it on a free
 * loopback port and stops and deletes it when the JVM exits. As root, the cluster is made and run
 * as the {@code postgres} user (initdb refuses to run as root), in the temporary directory.
 *
 * <p>Each test takes a fresh schema ({@link #freshSchema}) so that tests never see each other's
 * tables.
 */
public final class TestPostgres {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static TestPostgres shared;

  private final String url;
  private final String user;
  private final String password;

  private TestPostgres(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** The server for this JVM, started on first use. */
  public static synchronized TestPostgres get() {
    if (shared == null) {
      String url = System.getenv("HAI_PG_URL");
      shared = url != null && !url.isBlank()
          ? new TestPostgres(url, envOr("HAI_PG_USER", "postgres"), envOr("HAI_PG_PASSWORD", ""))
          : startCluster();
    }
    return shared;
  }

  /** Whether a server can be had: {@code HAI_PG_URL} is set or PostgreSQL's binaries are installed. */
  public static boolean available() {
    String url = System.getenv("HAI_PG_URL");
    return (url != null && !url.isBlank()) || findBin() != null;
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** A DataSource on the database's default schema. */
  public DataSource dataSource() {
    return dataSource(null);
  }

  /** A new, empty schema and a DataSource whose connections use it. */
  public DataSource freshSchema() {
    String schema = "t_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
    }
    return dataSource(schema);
  }

  /** A DataSource on {@code schema} (null: the default). */
  public DataSource dataSource(String schema) {
    return new UrlDataSource(schema == null ? url : url(schema), user, password);
  }

  /** The JDBC URL of {@code schema}, for a child JVM. */
  public String url(String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  static Path findBin() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
        return Path.of(dir);
      }
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        return versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparing(b -> versionOf(b.getParent())))
            .orElse(null);
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }

  private static int versionOf(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static TestPostgres startCluster() {
    Path bin = findBin();
    if (bin == null) {
      throw new IllegalStateException("no PostgreSQL server for the integration tests: set HAI_PG_URL, or install"
          + " PostgreSQL (Debian: apt-get install -y postgresql; .ci/run does it) so that initdb can be found");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      // As root the cluster belongs to the postgres user, who may not be able to reach target/ (a
      // checkout under /root, say): it then lives in the system's temporary directory instead.
      Path parent = root ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of("target").toAbsolutePath();
      Files.createDirectories(parent);
      Path dir = Files.createTempDirectory(parent, "hai-pg-");
      Path data = dir.resolve("data");
      if (root) {
        run(List.of("chown", "postgres:postgres", dir.toString()), false);
      }
      run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "hai", "-A", "trust",
          "-E", "UTF8", "--no-sync", "--locale=C"), root);
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
          "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200",
          "start"), root);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), root);
          deleteTree(dir);
        } catch (IOException | RuntimeException e) {
          System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e);
        }
      }));
      return new TestPostgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "hai", "");
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a test PostgreSQL: " + e, e);
    }
  }

  private static void run(List<String> command, boolean asPostgres) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
