package dev.hai.store.jdbc.internal;

import dev.hai.store.jdbc.SchemaException;
import dev.hai.store.jdbc.SchemaStatus;
import dev.hai.store.jdbc.SchemaStatus.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/*
 * How migrations are applied. One transaction does everything: take a transaction-scoped advisory
 * lock (so that two migrating processes run one after the other, and the second finds nothing to
 * do), create hai_schema_version if it is missing, check every recorded migration against the
 * scripts shipped (same checksum, none unknown, no gap), run the pending scripts in version order
 * and record each. PostgreSQL's DDL is transactional, so a failing script leaves the database as it
 * was before the call.
 */
/** The versioned SQL migrations shipped under {@code db/migration}, and the code that applies them. */
public final class Migrations {
  /** The advisory lock every migrating process takes: "HAI" and 1. */
  private static final long LOCK_KEY = 0x4841_4900_0001L;
  /** The scripts this jar ships, in order. A new migration adds its file here. */
  private static final List<String> BUNDLED = List.of("V1__audit.sql", "V2__cost.sql", "V3__shadow.sql",
      "V4__feedback.sql");
  private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
  static final String VERSION_TABLE = "hai_schema_version";

  private Migrations() {}

  /** One script. */
  public record Script(int version, String description, String sql, String checksum) {
    Migration pending() {
      return new Migration(version, description, checksum, null);
    }
  }

  /** The scripts shipped in this jar, oldest first. */
  public static List<Script> bundled() {
    List<Script> scripts = new ArrayList<>();
    for (String file : BUNDLED) {
      try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + file)) {
        if (in == null) {
          throw new IllegalStateException("migration " + file + " is missing from the jar");
        }
        scripts.add(script(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return List.copyOf(scripts);
  }

  /** A script from its file name ({@code V<n>__<description>.sql}) and text. */
  public static Script script(String fileName, String sql) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      throw new IllegalArgumentException("a migration file is named V<version>__<description>.sql, not " + fileName);
    }
    return new Script(Integer.parseInt(m.group(1)), m.group(2), sql, checksum(sql));
  }

  static String checksum(String sql) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** Reads where the schema stands; changes nothing. */
  public static SchemaStatus status(DataSource dataSource, List<Script> scripts) {
    try (Connection c = dataSource.getConnection()) {
      return status(c, scripts, List.of());
    } catch (SQLException e) {
      throw Sql.failure("read the schema version", e);
    }
  }

  /**
   * Applies the pending scripts.
   *
   * @throws SchemaException if a recorded migration does not match the scripts (nothing is applied)
   */
  public static SchemaStatus migrate(DataSource dataSource, List<Script> scripts) {
    try (Borrowed borrowed = new Borrowed(dataSource.getConnection())) {
      Connection c = borrowed.connection();
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
          s.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
              + "version integer PRIMARY KEY, description text NOT NULL, checksum char(64) NOT NULL, "
              + "applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT current_user, "
              + "execution_millis bigint NOT NULL)");
        }
        SchemaStatus before = status(c, scripts, List.of());
        if (!before.problems().isEmpty()) {
          throw new SchemaException("cannot migrate: " + String.join("; ", before.problems()));
        }
        List<Integer> applied = new ArrayList<>();
        for (Script script : scripts) {
          if (before.pending().stream().noneMatch(p -> p.version() == script.version())) {
            continue;
          }
          long start = System.nanoTime();
          try (Statement s = c.createStatement()) {
            s.execute(script.sql());
          } catch (SQLException e) {
            throw Sql.failure("apply migration V" + script.version() + "__" + script.description(), e);
          }
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + VERSION_TABLE
              + " (version, description, checksum, execution_millis) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, script.version());
            ps.setString(2, script.description());
            ps.setString(3, script.checksum());
            ps.setLong(4, (System.nanoTime() - start) / 1_000_000);
            ps.executeUpdate();
          }
          applied.add(script.version());
        }
        SchemaStatus after = status(c, scripts, applied);
        c.commit();
        return after;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Sql.failure("migrate the schema", e);
    }
  }

  private static SchemaStatus status(Connection c, List<Script> scripts, List<Integer> appliedNow)
      throws SQLException {
    Map<Integer, Script> known = new LinkedHashMap<>();
    for (Script s : scripts) {
      known.put(s.version(), s);
    }
    int latest = scripts.stream().mapToInt(Script::version).max().orElse(0);
    List<Migration> applied = new ArrayList<>();
    if (versionTableExists(c)) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT version, description, checksum, applied_at FROM "
              + VERSION_TABLE + " ORDER BY version")) {
        while (rs.next()) {
          applied.add(new Migration(rs.getInt(1), rs.getString(2), rs.getString(3),
              rs.getTimestamp(4).toInstant()));
        }
      }
    }
    List<String> problems = new ArrayList<>();
    int current = 0;
    for (Migration m : applied) {
      current = Math.max(current, m.version());
      Script script = known.get(m.version());
      if (script == null) {
        problems.add(m.version() > latest
            ? "the database has migration V" + m.version() + " (" + m.description() + "), newer than this HAI,"
                + " which ships up to V" + latest + ": upgrade HAI"
            : "the database has migration V" + m.version() + " (" + m.description() + "), which this HAI"
                + " does not ship");
      } else if (!script.checksum().equals(m.checksum())) {
        problems.add("migration V" + m.version() + "__" + m.description() + " was changed after it was applied:"
            + " the database recorded checksum " + m.checksum() + ", this jar's script has " + script.checksum()
            + "; ship the original script and put changes in a new migration");
      }
    }
    List<Migration> pending = new ArrayList<>();
    for (Script s : scripts) {
      if (applied.stream().noneMatch(m -> m.version() == s.version())) {
        pending.add(s.pending());
        if (s.version() < current) {
          problems.add("migration V" + s.version() + "__" + s.description() + " is not applied but the later V"
              + current + " is");
        }
      }
    }
    return new SchemaStatus(current, latest, applied, pending, appliedNow, problems);
  }

  private static boolean versionTableExists(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, VERSION_TABLE);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
