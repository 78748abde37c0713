package dev.hai.store.jdbc;

import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditVerification;
import dev.hai.store.jdbc.internal.PgAuditExport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Reads a chain of {@code hai_audit_record} back: proves it untouched with hai-core's verifier,
 * exports it as the file sink's JSON Lines files, and reads its records for reports.
 *
 * <pre>{@code
 * ChainVerification v = JdbcAuditLog.verify(dataSource, "main", Optional.of(chainKey));
 * if (!v.ok()) alert(v.describe());
 * }</pre>
 *
 * <p>Both read one consistent snapshot of the chain ({@code REPEATABLE READ}, read-only), so they
 * run beside live writers; records committed after the snapshot are left for the next run.
 * Stateless and thread-safe.
 */
public final class JdbcAuditLog {
  /** Size after which an export starts a new file: 64 MiB, as the file sink rotates. */
  public static final long EXPORT_FILE_BYTES = 64L * 1024 * 1024;

  private JdbcAuditLog() {}

  /**
   * Writes the chain's stored lines, in {@code seq} order, as {@code audit-<n>-<yyyyMMdd>.jsonl}
   * files in {@code directory} (created if missing; it must hold no log files yet). The files are
   * a log directory in the file sink's format: {@code hai-audit verify} and {@link
   * dev.hai.core.audit.AuditLogReader} read them.
   *
   * @return the number of records written
   * @throws AuditException if the directory already holds log files or cannot be written
   * @throws StoreException if the database cannot be read
   */
  public static long exportJsonl(DataSource dataSource, String chainName, Path directory) {
    return PgAuditExport.export(required(dataSource), required(chainName), required(directory), EXPORT_FILE_BYTES)
        .records();
  }

  /**
   * Verifies the chain: every record's hash matches its stored line, every record links to the one
   * before it, and the chain's head row matches the last record (so that records cut from the end
   * are found too). The chain is exported to a temporary directory, one file of at most {@link
   * #EXPORT_FILE_BYTES} in memory at a time, and deleted afterwards.
   *
   * @param hmacKey the chain key, if the chain was written with one
   * @throws StoreException if the database cannot be read
   */
  public static ChainVerification verify(DataSource dataSource, String chainName, Optional<byte[]> hmacKey) {
    return PgAuditExport.verify(required(dataSource), required(chainName), required(hmacKey));
  }

  /**
   * Hands the chain's records whose {@code time} is in {@code [from, to)} to {@code sink}, in chain
   * order, parsed from their stored lines with {@link dev.hai.core.audit.AuditLogReader#parse}: the
   * table as a source for reports (compliance, cost). It reads; it does not prove: run {@link
   * #verify} first when the report must rest on an untouched chain. Streams with a cursor.
   *
   * @throws StoreException if the database cannot be read
   * @throws AuditException for a stored line that is not a record
   */
  public static void read(DataSource dataSource, String chainName, Instant from, Instant to,
      Consumer<? super AuditRecord> sink) {
    PgAuditExport.read(required(dataSource), required(chainName), required(from), required(to), required(sink));
  }

  private static <T> T required(T value) {
    if (value == null) {
      throw new IllegalArgumentException("argument is required");
    }
    return value;
  }

  /**
   * The result of {@link #verify}.
   *
   * @param chainName the chain verified
   * @param log the verification of its records; a break's {@code recordId} names the row (its
   *     {@code file} and {@code line} are those of the temporary export, deleted since)
   * @param headSeq the {@code last_seq} of the chain's head row
   * @param headHash the {@code last_hash} of the chain's head row
   */
  public record ChainVerification(String chainName, AuditVerification log, long headSeq, String headHash) {

    /** Whether every record verified and the head row matches the last one. */
    public boolean ok() {
      return log.ok() && headMatches();
    }

    /** Whether the head row names the last record that verified. */
    public boolean headMatches() {
      return log.records() == headSeq && log.lastHash().equals(headHash);
    }

    /** One line for an operator. */
    public String describe() {
      if (!log.ok()) {
        AuditVerification.Break b = log.firstBreak();
        return "BROKEN: chain '" + chainName + "': " + b.problem() + " at record "
            + (b.recordId() == null ? "(id unreadable)" : b.recordId()) + ": " + b.detail() + "; " + log.records()
            + " records verified before it";
      }
      if (!headMatches()) {
        return "BROKEN: chain '" + chainName + "': " + log.records() + " records verified, but the head row says seq "
            + headSeq + " with hash " + headHash + ": records were removed from the end, or the head was changed";
      }
      return "OK: chain '" + chainName + "': " + log.records() + " records verified; last hash " + log.lastHash();
    }
  }
}
