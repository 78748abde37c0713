package dev.hai.store.jdbc;

import dev.hai.core.Usage;
import dev.hai.core.audit.AuditRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Records and queries shared by the store's tests. */
public final class StoreFixtures {
  private StoreFixtures() {}

  /** An unsealed call record with a fresh id. */
  public static AuditRecord record(String tenant) {
    return AuditRecord.builder()
        .id(UUID.randomUUID())
        .time(Instant.parse("2026-11-26T08:00:00Z"))
        .callId(UUID.randomUUID())
        .tenant(tenant)
        .actorId("u-1")
        .actorRole("physician")
        .purposeOfUse("TREATMENT")
        .backend("fake")
        .model("fake-model")
        .outcome("success")
        .attempts(1)
        .usage(Usage.of(12, 5))
        .latencyMicros(1234)
        .inputSha256("a".repeat(64))
        .outputSha256("b".repeat(64))
        .build();
  }

  /** The first column of every row of {@code sql}, as text. */
  public static List<String> column(DataSource ds, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The single number {@code sql} returns. */
  public static long number(DataSource ds, String sql) throws SQLException {
    return Long.parseLong(column(ds, sql).get(0));
  }

  /** Runs statements in one connection, auto-commit. */
  public static void execute(DataSource ds, String... sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }
}
