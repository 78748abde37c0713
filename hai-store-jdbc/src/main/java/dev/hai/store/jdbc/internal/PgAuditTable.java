package dev.hai.store.jdbc.internal;

import dev.hai.core.audit.AuditChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads of the audit tables shared by the sink and the verifier. */
final class PgAuditTable {
  private PgAuditTable() {}

  record Last(long seq, String hash) {}

  /** The chain's head row, locked for update when {@code lock}. */
  static PgAuditSink.Head head(Connection c, String chainName, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash, chain_kind FROM hai_audit_chain"
        + " WHERE chain_name = ?" + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, chainName);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("audit chain '" + chainName + "' has no head row in hai_audit_chain");
        }
        return new PgAuditSink.Head(rs.getLong(1), rs.getString(2).trim(), rs.getString(3));
      }
    }
  }

  /** The chain's last record ({@code 0} and {@link AuditChain#GENESIS} when it has none). */
  static Last last(Connection c, String chainName) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, hash FROM hai_audit_record WHERE chain_name = ? ORDER BY seq DESC LIMIT 1")) {
      ps.setString(1, chainName);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Last(rs.getLong(1), rs.getString(2).trim()) : new Last(0, AuditChain.GENESIS);
      }
    }
  }
}
