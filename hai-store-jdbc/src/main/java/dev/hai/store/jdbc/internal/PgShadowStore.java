package dev.hai.store.jdbc.internal;

import dev.hai.core.Usage;
import dev.hai.core.cost.Money;
import dev.hai.core.route.ShadowOutcome;
import dev.hai.core.route.ShadowResult;
import dev.hai.store.jdbc.JdbcShadowStore;
import dev.hai.store.jdbc.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The {@link JdbcShadowStore} for PostgreSQL. */
public final class PgShadowStore implements JdbcShadowStore {
  private static final String INSERT = "INSERT INTO hai_shadow_result (shadow_id, primary_call_id, tenant, route,"
      + " arm, backend, model, time, latency_micros, outcome, detail, text, text_redacted, output_sha256,"
      + " input_tokens, output_tokens, currency, cost_micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
      + " ?, ?) ON CONFLICT (shadow_id) DO NOTHING";
  private static final String INSERT_SCORE = "INSERT INTO hai_shadow_score (shadow_id, name, score) VALUES (?, ?, ?)";
  private static final String SELECT = "SELECT shadow_id, primary_call_id, tenant, route, arm, backend, model, time,"
      + " latency_micros, outcome, detail, text, text_redacted, output_sha256, input_tokens, output_tokens, currency,"
      + " cost_micros FROM hai_shadow_result WHERE (?::text IS NULL OR route = ?) ORDER BY seq";
  private static final String SELECT_SCORES = "SELECT s.shadow_id, s.name, s.score FROM hai_shadow_score s"
      + " JOIN hai_shadow_result r ON r.shadow_id = s.shadow_id WHERE (?::text IS NULL OR r.route = ?)";

  private final DataSource dataSource;

  public PgShadowStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void append(ShadowResult r) {
    if (r == null) {
      throw new IllegalArgumentException("result is required");
    }
    try (Borrowed borrowed = new Borrowed(dataSource.getConnection())) {
      Connection c = borrowed.connection();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        ps.setObject(1, r.shadowId());
        ps.setObject(2, r.primaryCallId());
        ps.setString(3, r.tenant());
        ps.setString(4, r.route());
        ps.setString(5, r.arm());
        ps.setString(6, r.backend());
        ps.setString(7, r.model());
        ps.setObject(8, r.time().atOffset(ZoneOffset.UTC));
        ps.setLong(9, r.latency().toNanos() / 1000);
        ps.setString(10, r.outcome().wireName());
        ps.setString(11, r.detail());
        ps.setString(12, r.text());
        ps.setBoolean(13, r.textRedacted());
        ps.setString(14, r.outputSha256());
        ps.setLong(15, r.usage().inputTokens());
        ps.setLong(16, r.usage().outputTokens());
        if (r.cost() == null) {
          ps.setNull(17, Types.CHAR);
          ps.setNull(18, Types.BIGINT);
        } else {
          ps.setString(17, r.cost().currency());
          ps.setLong(18, r.cost().micros());
        }
        if (ps.executeUpdate() == 1 && !r.scores().isEmpty()) {
          try (PreparedStatement sc = c.prepareStatement(INSERT_SCORE)) {
            for (Map.Entry<String, Double> e : r.scores().entrySet()) {
              sc.setObject(1, r.shadowId());
              sc.setString(2, e.getKey());
              sc.setDouble(3, e.getValue());
              sc.addBatch();
            }
            sc.executeBatch();
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      // No content in the message: the result holds PHI.
      throw new StoreException("cannot store shadow result " + r.shadowId() + ": " + Sql.describe(e), e);
    }
  }

  @Override
  public List<ShadowResult> read(@Nullable String route) {
    try (Borrowed borrowed = new Borrowed(dataSource.getConnection())) {
      Connection c = borrowed.connection();
      c.setAutoCommit(false);
      c.setReadOnly(true);
      try {
        Map<UUID, Map<String, Double>> scores = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_SCORES)) {
          ps.setString(1, route);
          ps.setString(2, route);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              scores.computeIfAbsent(rs.getObject(1, UUID.class), k -> new LinkedHashMap<>())
                  .put(rs.getString(2), rs.getDouble(3));
            }
          }
        }
        List<ShadowResult> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
          ps.setFetchSize(1000);
          ps.setString(1, route);
          ps.setString(2, route);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(result(rs, scores));
            }
          }
        }
        return out;
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read shadow results: " + Sql.describe(e), e);
    }
  }

  private static ShadowResult result(ResultSet rs, Map<UUID, Map<String, Double>> scores) throws SQLException {
    UUID id = rs.getObject(1, UUID.class);
    String currency = rs.getString(17);
    Money cost = currency == null ? null : Money.ofMicros(currency.trim(), rs.getLong(18));
    String sha = rs.getString(14);
    return new ShadowResult(rs.getObject(2, UUID.class), id, rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class).toInstant(),
        Duration.ofNanos(rs.getLong(9) * 1000), ShadowOutcome.fromWireName(rs.getString(10)), rs.getString(11),
        rs.getString(12), rs.getBoolean(13), sha == null ? null : sha.trim(),
        Usage.of(rs.getLong(15), rs.getLong(16)), cost, scores.getOrDefault(id, Map.of()));
  }

  @Override
  public String describe() {
    return "PostgreSQL (hai_shadow_result)";
  }
}
