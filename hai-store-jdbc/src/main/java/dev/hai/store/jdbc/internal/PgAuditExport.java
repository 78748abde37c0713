package dev.hai.store.jdbc.internal;

import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.store.jdbc.JdbcAuditLog.ChainVerification;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** Export of a chain to JSON Lines files, and verification through that export. */
public final class PgAuditExport {
  private static final Pattern LOG_FILE = Pattern.compile("audit-\\d{8}-\\d{8}\\.jsonl");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private PgAuditExport() {}

  /** What an export wrote, and the head row seen in the same snapshot. */
  public record Exported(long records, int files, long headSeq, String headHash) {}

  public static Exported export(DataSource dataSource, String chainName, Path dir, long maxFileBytes) {
    try {
      Files.createDirectories(dir);
      try (Stream<Path> s = Files.list(dir)) {
        if (s.anyMatch(p -> LOG_FILE.matcher(p.getFileName().toString()).matches())) {
          throw new AuditException("the export directory " + dir + " already holds audit log files");
        }
      }
    } catch (IOException e) {
      throw new AuditException("cannot write the export directory " + dir + ": " + e, e);
    }
    try (Borrowed borrowed = new Borrowed(dataSource.getConnection())) {
      Connection c = borrowed.connection();
      c.setAutoCommit(false);
      c.setReadOnly(true);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        PgAuditSink.Head head = PgAuditTable.head(c, chainName, false);
        Exported e = write(c, chainName, dir, maxFileBytes, head);
        c.commit();
        return e;
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw Sql.failure("export audit chain '" + chainName + "'", e);
    } catch (UncheckedIOException e) {
      throw new AuditException("cannot write the export to " + dir + ": " + e.getCause(), e.getCause());
    }
  }

  private static Exported write(Connection c, String chainName, Path dir, long maxFileBytes, PgAuditSink.Head head)
      throws SQLException {
    long records = 0;
    int files = 0;
    long bytes = 0;
    BufferedWriter out = null;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT line, time FROM hai_audit_record WHERE chain_name = ? ORDER BY seq")) {
      ps.setFetchSize(1000); // a cursor: the chain is streamed, never held in memory
      ps.setString(1, chainName);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String line = rs.getString(1);
          int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
          if (out == null || bytes + size > maxFileBytes && bytes > 0) {
            if (out != null) {
              out.close();
            }
            files++;
            String day = rs.getObject(2, java.time.OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)
                .toLocalDate().format(DAY);
            out = Files.newBufferedWriter(dir.resolve(String.format("audit-%08d-%s.jsonl", files, day)),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            bytes = 0;
          }
          out.write(line);
          out.write('\n');
          bytes += size;
          records++;
        }
      }
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (out != null) {
        try {
          out.close();
        } catch (IOException ignored) {
          // reported by the close above when it matters
        }
      }
    }
    return new Exported(records, files, head.seq(), head.hash());
  }

  public static void read(DataSource dataSource, String chainName, Instant from, Instant to,
      Consumer<? super AuditRecord> sink) {
    try (Borrowed borrowed = new Borrowed(dataSource.getConnection())) {
      Connection c = borrowed.connection();
      c.setAutoCommit(false); // a cursor: the records are streamed, never all held in memory
      try (PreparedStatement ps = c.prepareStatement("SELECT line FROM hai_audit_record"
          + " WHERE chain_name = ? AND time >= ? AND time < ? ORDER BY seq")) {
        ps.setFetchSize(1000);
        ps.setString(1, chainName);
        ps.setObject(2, from.atOffset(ZoneOffset.UTC));
        ps.setObject(3, to.atOffset(ZoneOffset.UTC));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink.accept(AuditLogReader.parse(rs.getString(1)));
          }
        }
      }
    } catch (SQLException e) {
      throw Sql.failure("read audit chain '" + chainName + "'", e);
    }
  }

  public static ChainVerification verify(DataSource dataSource, String chainName, Optional<byte[]> key) {
    Path tmp;
    try {
      tmp = Files.createTempDirectory("hai-audit-verify-");
    } catch (IOException e) {
      throw new AuditException("cannot create a temporary directory to verify the chain in: " + e, e);
    }
    try {
      Exported e = export(dataSource, chainName, tmp, dev.hai.store.jdbc.JdbcAuditLog.EXPORT_FILE_BYTES);
      AuditVerification v = AuditVerifier.verify(tmp, key);
      return new ChainVerification(chainName, v, e.headSeq(), e.headHash());
    } finally {
      deleteTree(tmp);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a temporary directory left behind holds only what the database holds
    }
  }
}
