package dev.hai.store.jdbc.internal;

import dev.hai.eval.feedback.CallIndex;
import dev.hai.eval.feedback.FeedbackStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The calls in {@code hai_audit_record} (any chain; administrative events left out), by call id. */
public final class PgCallIndex implements CallIndex {
  private static final String SQL = "SELECT time FROM hai_audit_record WHERE call_id = ? AND outcome <> 'event'"
      + " ORDER BY time LIMIT 1";

  private final DataSource dataSource;

  public PgCallIndex(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Optional<Instant> callTime(UUID callId) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setObject(1, callId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new FeedbackStoreException("cannot look call " + callId + " up in the audit trail: " + Sql.describe(e), e);
    }
  }
}
