package dev.hai.store.jdbc.internal;

import dev.hai.core.audit.AuditChain;
import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.cost.Money;
import dev.hai.store.jdbc.JdbcAuditSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Implementation notes. One writer thread per sink holds one connection (taken from the
 * application's DataSource when first needed, given back on close or after a failure) and appends
 * the queued records in batches. It remembers the head it last wrote (or read at open), and first
 * tries one auto-committed statement, one round trip:
 *
 *   WITH moved AS (UPDATE hai_audit_chain SET last_seq = <new>, last_hash = <new>
 *                  WHERE chain_name = ? AND last_seq = <known> AND last_hash = <known> RETURNING 1)
 *   INSERT INTO hai_audit_record ... SELECT v.* FROM (VALUES <the sealed rows>) v
 *   WHERE EXISTS (SELECT 1 FROM moved)
 *
 * The UPDATE takes the head row's lock; if another writer moved the head meanwhile (PostgreSQL
 * re-checks the WHERE on the row it committed) nothing is updated and nothing inserted. The writer
 * then falls back, for this batch and the next few, to the locking transaction:
 *
 *   SELECT last_seq, last_hash, chain_kind FROM hai_audit_chain WHERE chain_name = ? FOR UPDATE
 *   INSERT INTO hai_audit_record ... (one row per record, sealed after the head, as a JDBC batch)
 *   UPDATE hai_audit_chain SET last_seq = ?, last_hash = ? WHERE chain_name = ?
 *   COMMIT
 *
 * A batch too large for one statement's bind parameters (MAX_ROWS_PER_STATEMENT) always takes the
 * locking transaction.
 *
 * Either way the head row is the single point every writer of the chain passes, in one transaction
 * with the rows it links. The session runs READ COMMITTED (so that a writer that waited for the
 * lock reads the head the other writer committed, instead of failing with a serialization error),
 * with lock_timeout and idle_in_transaction_session_timeout set to the builder's lock timeout and
 * synchronous_commit raised to on if the server's default is off. A failure while the outcome is in
 * doubt (the statement or the COMMIT was sent) is resolved by looking the batch's last record up on
 * a fresh connection. A batch that was not stored because the connection was lost (SQL state class
 * 08, or 57P01 for a terminated backend) is tried once more on a fresh connection.
 */
/** The {@link JdbcAuditSink} for PostgreSQL. */
public final class PgAuditSink implements JdbcAuditSink {
  private static final Logger log = LoggerFactory.getLogger(PgAuditSink.class);
  /** How often an append waiting on the queue or on its commit checks that the writer still runs. */
  private static final long LIVENESS_CHECK_MILLIS = 500;
  private static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final String INSERT_COLUMNS = "INSERT INTO hai_audit_record (chain_name, seq, id, time, call_id,"
      + " tenant, actor_id, actor_role, purpose_of_use, prompt_id, prompt_version, backend, model, outcome,"
      + " outcome_detail, input_tokens, output_tokens, currency, cost_micros, latency_micros, prev, hash, line)";
  /** Values per record row. */
  private static final int COLUMNS = 23;
  private static final String INSERT = INSERT_COLUMNS + " VALUES (" + "?, ".repeat(COLUMNS - 1) + "?)";
  /**
   * Most records the one-statement append takes: PostgreSQL's protocol allows 65,535 bind parameters
   * per statement, and that statement has 5 besides the records' {@value #COLUMNS} each. A larger
   * batch takes the locking transaction, whose inserts are a JDBC batch of one row each.
   */
  static final int MAX_ROWS_PER_STATEMENT = (65_535 - 5) / COLUMNS;
  /** After another writer moved the head, this many batches lock it first instead of trying their luck. */
  private static final int LOCKING_BATCHES_AFTER_CONFLICT = 16;

  /** What the builder settled. */
  public record Options(DataSource dataSource, String chainName, byte @Nullable [] chainKey, int maxBatch,
      int queueCapacity, Duration lockTimeout) {}

  private static final class Append {
    final AuditRecord record;
    final CompletableFuture<AuditRecord> done = new CompletableFuture<>();

    Append(AuditRecord record) {
      this.record = record;
    }
  }

  private final Options options;
  private final String chainKind;
  private final BlockingQueue<Append> queue;
  private final Thread writer;
  private final ReentrantLock probeLock = new ReentrantLock();
  private @Nullable Connection connection; // the writer thread's
  private @Nullable Head knownHead; // the writer thread's: the head as this sink last wrote it
  private int lockingBatches; // the writer thread's
  private volatile boolean closed;
  private volatile boolean healthy = true;
  private volatile String lastError = "";
  private volatile long nextProbe;

  public PgAuditSink(Options options) {
    this.options = options;
    this.chainKind = options.chainKey() == null ? AuditChain.SHA256 : AuditChain.HMAC_SHA256;
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    open();
    this.writer = new Thread(this::run, "hai-audit-jdbc-" + options.chainName());
    writer.setDaemon(true);
    writer.start();
  }

  /** Creates the chain's head row if it is new and checks it against the chain's last record. */
  private void open() {
    try (Borrowed borrowed = new Borrowed(options.dataSource().getConnection())) {
      Connection c = borrowed.connection();
      c.setAutoCommit(true);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO hai_audit_chain"
          + " (chain_name, chain_kind, last_seq, last_hash) VALUES (?, ?, 0, ?) ON CONFLICT (chain_name) DO NOTHING")) {
        ps.setString(1, options.chainName());
        ps.setString(2, chainKind);
        ps.setString(3, AuditChain.GENESIS);
        ps.executeUpdate();
      }
      // the head and the last record from one snapshot: other JVMs may be appending right now
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      Head head = PgAuditTable.head(c, options.chainName(), false);
      if (!head.kind().equals(chainKind)) {
        throw new AuditException("audit chain '" + options.chainName() + "' is hashed with " + head.kind()
            + " but this sink would hash with " + chainKind + ": " + (options.chainKey() == null
                ? "configure the chain's key" : "the chain was started without a key; use another chainName"));
      }
      PgAuditTable.Last last = PgAuditTable.last(c, options.chainName());
      c.commit();
      knownHead = head;
      if (last.seq() != head.seq() || !last.hash().equals(head.hash())) {
        throw new AuditException("audit chain '" + options.chainName() + "' is damaged: its head says seq "
            + head.seq() + ", its last record is seq " + last.seq() + "; verify it (hai-store verify-audit)"
            + " before writing to it again");
      }
    } catch (SQLException e) {
      throw new AuditException("cannot open audit chain '" + options.chainName() + "': "
          + Sql.describe(e), e);
    }
  }

  @Override
  public String chainName() {
    return options.chainName();
  }

  @Override
  public AuditRecord append(AuditRecord record) {
    if (record == null) {
      throw new IllegalArgumentException("record is required");
    }
    if (record.isSealed()) {
      throw new IllegalArgumentException("record " + record.id() + " is already sealed");
    }
    if (closed) {
      throw new AuditException("the audit sink is closed");
    }
    if (!writer.isAlive()) {
      throw new AuditException("the audit sink's writer thread has stopped: " + lastError);
    }
    Append a = new Append(record);
    try {
      // Bounded waits that re-check the writer: close() may complete between the checks above and
      // the enqueue, and a record the stopped writer never takes must fail, not wait forever.
      while (!queue.offer(a, LIVENESS_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
        if (!writer.isAlive()) {
          throw stopped();
        }
      }
      while (true) {
        try {
          return a.done.get(LIVENESS_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (!writer.isAlive()) {
            queue.remove(a);
            a.done.completeExceptionally(stopped()); // no-op if the writer completed it meanwhile
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException("interrupted while waiting for the audit record to be committed", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new AuditException(cause.getMessage(), cause);
    }
  }

  private AuditException stopped() {
    return closed ? new AuditException("the audit sink is closed")
        : new AuditException("the audit sink's writer thread has stopped: " + lastError);
  }

  @Override
  public boolean ready() {
    if (closed) {
      return false;
    }
    if (healthy) {
      return true;
    }
    long now = System.nanoTime();
    if (now - nextProbe < 0 || !probeLock.tryLock()) {
      return false;
    }
    try {
      nextProbe = now + PROBE_INTERVAL_NANOS;
      probe();
      healthy = true;
      log.info("audit chain '{}' is writable again", options.chainName());
      return true;
    } catch (SQLException e) {
      lastError = Sql.describe(e);
      return false;
    } finally {
      probeLock.unlock();
    }
  }

  /** A locking read of the head row, rolled back: proves the database is reachable and writable. */
  private void probe() throws SQLException {
    try (Borrowed borrowed = new Borrowed(options.dataSource().getConnection())) {
      Connection c = borrowed.connection();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT last_seq FROM hai_audit_chain WHERE chain_name = ? FOR UPDATE SKIP LOCKED")) {
        ps.setString(1, options.chainName());
        ps.executeQuery().close();
      } finally {
        c.rollback();
      }
    }
  }

  @Override
  public String describe() {
    return "PostgreSQL table hai_audit_record, chain '" + options.chainName() + "', hash chain "
        + (options.chainKey() == null ? "SHA-256" : "HMAC-SHA-256") + ", group commit (one transaction per batch"
        + " of up to " + options.maxBatch() + ", linked through the chain's head row)" + (healthy ? "" : "; UNHEALTHY: " + lastError);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Append> batch = new ArrayList<>(options.maxBatch());
    try {
      while (true) {
        boolean stopping = closed; // read before polling: records queued before close() are written
        Append first;
        try {
          first = queue.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          continue;
        }
        if (first == null) {
          if (stopping) {
            break;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, options.maxBatch() - 1);
        write(batch);
        batch.clear();
      }
    } finally {
      releaseConnection();
      AuditException stopped = new AuditException("the audit sink is closed");
      for (Append a = queue.poll(); a != null; a = queue.poll()) {
        a.done.completeExceptionally(stopped);
      }
    }
  }

  private void write(List<Append> batch) {
    for (int attempt = 0; ; attempt++) {
      List<AuditRecord> sealed = new ArrayList<>(batch.size());
      boolean committing = false;
      try {
        Connection c = connection();
        Head head = knownHead;
        if (head != null && lockingBatches == 0 && batch.size() <= MAX_ROWS_PER_STATEMENT) {
          committing = true; // one auto-committed statement: a failure leaves the outcome in doubt
          if (appendAfter(c, head, batch, sealed)) {
            complete(batch, sealed);
            return;
          }
          // another writer moved the head since: lock it, this batch and the next few
          committing = false;
          sealed.clear();
          lockingBatches = LOCKING_BATCHES_AFTER_CONFLICT;
        } else if (lockingBatches > 0) {
          lockingBatches--;
        }
        c.setAutoCommit(false);
        Head moved = appendLocked(c, batch, sealed);
        committing = true;
        c.commit();
        c.setAutoCommit(true);
        knownHead = moved;
        complete(batch, sealed);
        return;
      } catch (SQLException | RuntimeException e) {
        knownHead = null;
        releaseConnection();
        String why = e instanceof SQLException se ? Sql.describe(se) : e.toString();
        if (committing && inDoubtButStored(sealed)) {
          complete(batch, sealed);
          return;
        }
        // Not stored. Once more on a new connection if that was lost; should the lost attempt commit
        // after all, the unique record ids make this one fail rather than store the batch twice.
        if (attempt == 0 && e instanceof SQLException se && connectionLost(se)) {
          log.warn("audit chain '{}': connection lost ({}), trying the batch once more", options.chainName(), why);
          continue;
        }
        fail(batch, why, e);
        return;
      }
    }
  }

  /**
   * Appends the batch after {@code head} in one auto-committed statement that moves the head row
   * only if it is still {@code head}, and inserts the rows only if it moved it.
   *
   * @return false, having stored nothing, when another writer moved the head first
   */
  private boolean appendAfter(Connection c, Head head, List<Append> batch, List<AuditRecord> sealed)
      throws SQLException {
    List<AuditChain.Sealed> lines = seal(head, batch, sealed);
    AuditRecord last = sealed.get(sealed.size() - 1);
    try (PreparedStatement ps = c.prepareStatement(conditionalInsert(batch.size()))) {
      ps.setLong(1, last.seq());
      ps.setString(2, last.hash());
      ps.setString(3, options.chainName());
      ps.setLong(4, head.seq());
      ps.setString(5, head.hash());
      for (int i = 0; i < lines.size(); i++) {
        bind(ps, 5 + i * COLUMNS, lines.get(i));
      }
      int inserted = ps.executeUpdate();
      if (inserted == 0) {
        return false;
      }
      if (inserted != batch.size()) {
        throw new SQLException("the conditional append stored " + inserted + " of " + batch.size() + " records");
      }
    }
    knownHead = new Head(last.seq(), last.hash(), chainKind);
    return true;
  }

  /** The statement of {@link #appendAfter} for {@code rows} records. */
  private static String conditionalInsert(int rows) {
    StringBuilder sql = new StringBuilder("WITH moved AS (UPDATE hai_audit_chain SET last_seq = ?, last_hash = ?,"
        + " updated_at = now() WHERE chain_name = ? AND last_seq = ? AND last_hash = ? RETURNING 1) "
        + INSERT_COLUMNS + " SELECT v.* FROM (VALUES ");
    String row = "(" + "?, ".repeat(COLUMNS - 1) + "?)";
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? row : ", " + row);
    }
    return sql.append(") AS v WHERE EXISTS (SELECT 1 FROM moved)").toString();
  }

  /** Seals the batch after {@code head}, filling {@code sealed}; returns the stored forms. */
  private List<AuditChain.Sealed> seal(Head head, List<Append> batch, List<AuditRecord> sealed) {
    List<AuditChain.Sealed> lines = new ArrayList<>(batch.size());
    long seq = head.seq();
    String prev = head.hash();
    for (Append a : batch) {
      AuditChain.Sealed s = AuditChain.sealToLine(a.record, ++seq, prev, options.chainKey());
      lines.add(s);
      sealed.add(s.record());
      prev = s.record().hash();
    }
    return lines;
  }

  /** Locks the head, seals and inserts the batch, moves the head; returns the new head. */
  private Head appendLocked(Connection c, List<Append> batch, List<AuditRecord> sealed) throws SQLException {
    Head head = PgAuditTable.head(c, options.chainName(), true);
    if (!head.kind().equals(chainKind)) {
      throw new SQLException("audit chain '" + options.chainName() + "' is now hashed with " + head.kind());
    }
    List<AuditChain.Sealed> lines = seal(head, batch, sealed);
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (AuditChain.Sealed line : lines) {
        bind(ps, 0, line);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    AuditRecord last = sealed.get(sealed.size() - 1);
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE hai_audit_chain SET last_seq = ?, last_hash = ?, updated_at = now() WHERE chain_name = ?")) {
      ps.setLong(1, last.seq());
      ps.setString(2, last.hash());
      ps.setString(3, options.chainName());
      ps.executeUpdate();
    }
    return new Head(last.seq(), last.hash(), chainKind);
  }

  /** Binds one record's {@value #COLUMNS} values at parameters {@code base + 1} onwards. */
  private void bind(PreparedStatement ps, int base, AuditChain.Sealed s) throws SQLException {
    AuditRecord r = s.record();
    ps.setString(base + 1, options.chainName());
    ps.setLong(base + 2, r.seq());
    ps.setObject(base + 3, r.id());
    ps.setObject(base + 4, r.time().atOffset(ZoneOffset.UTC));
    ps.setObject(base + 5, r.callId());
    ps.setString(base + 6, r.tenant());
    ps.setString(base + 7, r.actorId());
    ps.setString(base + 8, r.actorRole());
    ps.setString(base + 9, r.purposeOfUse());
    setNullable(ps, base + 10, r.promptId());
    setNullable(ps, base + 11, r.promptVersion());
    setNullable(ps, base + 12, r.backend());
    setNullable(ps, base + 13, r.model());
    ps.setString(base + 14, r.outcome());
    setNullable(ps, base + 15, r.outcomeDetail());
    ps.setLong(base + 16, r.usage().inputTokens());
    ps.setLong(base + 17, r.usage().outputTokens());
    Money cost = cost(r.cost());
    setNullable(ps, base + 18, cost == null ? null : cost.currency());
    if (cost == null) {
      ps.setNull(base + 19, Types.BIGINT);
    } else {
      ps.setLong(base + 19, cost.micros());
    }
    ps.setLong(base + 20, r.latencyMicros());
    ps.setString(base + 21, r.prev());
    ps.setString(base + 22, r.hash());
    ps.setString(base + 23, s.line());
  }

  /** The record's cost ({@code "USD 0.004125"}) for the reporting columns; null when absent or unreadable. */
  private static @Nullable Money cost(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return Money.parse(text);
    } catch (RuntimeException e) {
      return null; // the stored line keeps the text as it was
    }
  }

  private static void setNullable(PreparedStatement ps, int index, @Nullable String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private Connection connection() throws SQLException {
    Connection c = connection;
    if (c == null) {
      c = options.dataSource().getConnection();
      try {
        c.setAutoCommit(true);
        long ms = options.lockTimeout().toMillis();
        try (Statement s = c.createStatement()) {
          s.execute("SET lock_timeout = " + ms);
          s.execute("SET idle_in_transaction_session_timeout = " + ms);
          try (ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            if ("off".equals(rs.getString(1))) {
              s.execute("SET synchronous_commit = on"); // append must not return before the record is durable
            }
          }
        }
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return c;
  }

  /** Gives the writer's connection back, with the session settings it changed reset. */
  private void releaseConnection() {
    Connection c = connection;
    connection = null;
    if (c == null) {
      return;
    }
    try {
      if (!c.isClosed()) {
        if (!c.getAutoCommit()) {
          c.rollback();
          c.setAutoCommit(true);
        }
        try (Statement s = c.createStatement()) {
          s.execute("RESET lock_timeout; RESET idle_in_transaction_session_timeout; RESET synchronous_commit");
        }
      }
    } catch (SQLException ignored) {
      // a broken connection: closing it below is all there is to do
    } finally {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already gone
      }
    }
  }

  private static boolean connectionLost(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.equals("57P01"));
  }

  /** After a failed COMMIT: whether the batch was stored all the same (it is all or nothing). */
  private boolean inDoubtButStored(List<AuditRecord> sealed) {
    if (sealed.isEmpty()) {
      return false;
    }
    try (Connection c = options.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT hash FROM hai_audit_record WHERE id = ?")) {
      AuditRecord last = sealed.get(sealed.size() - 1);
      ps.setObject(1, last.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && last.hash().equals(rs.getString(1).trim());
      }
    } catch (SQLException e) {
      return false;
    }
  }

  private void complete(List<Append> batch, List<AuditRecord> sealed) {
    healthy = true;
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).done.complete(sealed.get(i));
    }
  }

  private void fail(List<Append> batch, String why, Exception e) {
    if (healthy) {
      log.error("audit chain '{}': cannot append {} records: {}", options.chainName(), batch.size(), why);
    }
    healthy = false;
    lastError = why;
    nextProbe = System.nanoTime();
    AuditException failure = new AuditException("cannot append to audit chain '" + options.chainName() + "': " + why, e);
    for (Append a : batch) {
      a.done.completeExceptionally(failure);
    }
  }

  /** The head row of a chain. */
  record Head(long seq, String hash, String kind) {}
}
