package dev.hai.store.jdbc.internal;

import dev.hai.core.Usage;
import dev.hai.core.cost.BudgetStoreException;
import dev.hai.core.cost.LedgerEntry;
import dev.hai.core.cost.Money;
import dev.hai.core.spi.Hosting;
import dev.hai.store.jdbc.JdbcCostLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** The {@link JdbcCostLedger} for PostgreSQL. */
public final class PgCostLedger implements JdbcCostLedger {
  private static final String INSERT = "INSERT INTO hai_cost_ledger (call_id, time, tenant, actor_id, prompt_id,"
      + " prompt_version, backend, model, hosting, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,"
      + " busy_micros, currency, cost_micros, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (call_id) DO NOTHING";
  private static final String SELECT = "SELECT call_id, time, tenant, actor_id, prompt_id, prompt_version, backend,"
      + " model, hosting, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, busy_micros, currency,"
      + " cost_micros, outcome FROM hai_cost_ledger WHERE time >= ? AND time < ? ORDER BY time, call_id";

  private final DataSource dataSource;

  public PgCostLedger(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void record(LedgerEntry e) {
    if (e == null) {
      throw new IllegalArgumentException("entry is required");
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setObject(1, e.callId());
      ps.setObject(2, e.time().atOffset(ZoneOffset.UTC));
      ps.setString(3, e.tenant());
      ps.setString(4, e.actorId());
      ps.setString(5, e.promptId());
      ps.setString(6, e.promptVersion());
      ps.setString(7, e.backend());
      ps.setString(8, e.model());
      ps.setString(9, e.hosting() == null ? null : e.hosting().name());
      Usage u = e.usage();
      ps.setLong(10, u.inputTokens());
      ps.setLong(11, u.outputTokens());
      ps.setLong(12, u.cacheWriteTokens());
      ps.setLong(13, u.cacheReadTokens());
      ps.setLong(14, e.busyMicros());
      if (e.cost() == null) {
        ps.setNull(15, Types.CHAR);
        ps.setNull(16, Types.BIGINT);
      } else {
        ps.setString(15, e.cost().currency());
        ps.setLong(16, e.cost().micros());
      }
      ps.setString(17, e.outcome());
      ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit(); // record returns only once the entry is committed, whatever the pool's default
      }
    } catch (SQLException ex) {
      throw new BudgetStoreException("cannot record the ledger entry of call " + e.callId() + ": "
          + Sql.describe(ex), ex);
    }
  }

  @Override
  public void read(java.time.Instant from, java.time.Instant to, Consumer<? super LedgerEntry> sink) {
    if (from == null || to == null || sink == null) {
      throw new IllegalArgumentException("from, to and sink are required");
    }
    try (Borrowed borrowed = new Borrowed(dataSource.getConnection())) {
      Connection c = borrowed.connection();
      c.setAutoCommit(false); // a cursor: entries are streamed, never all held in memory
      c.setReadOnly(true);
      try (PreparedStatement ps = c.prepareStatement(SELECT)) {
        ps.setFetchSize(1000);
        ps.setObject(1, from.atOffset(ZoneOffset.UTC));
        ps.setObject(2, to.atOffset(ZoneOffset.UTC));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink.accept(entry(rs));
          }
        }
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new BudgetStoreException("cannot read the cost ledger: " + Sql.describe(e), e);
    }
  }

  private static LedgerEntry entry(ResultSet rs) throws SQLException {
    String hosting = rs.getString(9);
    String currency = rs.getString(15);
    long micros = rs.getLong(16);
    Money cost = currency == null ? null : Money.ofMicros(currency.trim(), micros);
    return new LedgerEntry(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant(),
        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
        hosting == null ? null : Hosting.valueOf(hosting),
        new Usage(rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13)), rs.getLong(14), cost,
        rs.getString(17));
  }

  @Override
  public String describe() {
    return "PostgreSQL (hai_cost_ledger)";
  }
}
