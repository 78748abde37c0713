package dev.hai.store.jdbc;

import static dev.hai.store.jdbc.StoreFixtures.column;
import static dev.hai.store.jdbc.StoreFixtures.execute;
import static dev.hai.store.jdbc.StoreFixtures.number;
import static dev.hai.store.jdbc.StoreFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.audit.AuditChain;
import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.store.jdbc.JdbcAuditLog.ChainVerification;
import dev.hai.store.jdbc.internal.UrlDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL audit sink against a real server: same chain as the file sink, linear across writers. */
class JdbcAuditSinkIT {
  private static final byte[] KEY = new byte[32];

  static {
    Arrays.fill(KEY, (byte) 'k');
  }

  private final String schema = "a_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
  private final DataSource ds;

  @TempDir Path tmp;

  @AfterEach
  void killChildren() {
    StoreProcess.killAll();
  }

  JdbcAuditSinkIT() throws SQLException {
    ds = TestPostgres.get().freshSchema();
    JdbcStore.migrate(ds);
  }

  @Test
  void append_storesTheFileSinksExactLines() throws Exception {
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(record("cardiology"));
    }
    try (JdbcAuditSink sink = JdbcStore.builder(ds).build().auditSink().chainKey(KEY).build();
        FileAuditSink file = FileAuditSink.builder(tmp.resolve("file")).chainKey(KEY).build()) {
      for (AuditRecord r : records) {
        AuditRecord stored = sink.append(r);
        AuditRecord filed = file.append(r);
        assertThat(stored).isEqualTo(filed);
      }
    }
    List<String> fileLines = new ArrayList<>();
    try (var files = Files.list(tmp.resolve("file"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        fileLines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    assertThat(column(ds, "SELECT line FROM hai_audit_record ORDER BY seq")).isEqualTo(fileLines);

    Path export = tmp.resolve("export");
    assertThat(JdbcAuditLog.exportJsonl(ds, "main", export)).isEqualTo(5);
    assertThat(AuditLogReader.readAll(export)).extracting(AuditRecord::id)
        .containsExactlyElementsOf(records.stream().map(AuditRecord::id).toList());
    ChainVerification v = JdbcAuditLog.verify(ds, "main", Optional.of(KEY));
    assertThat(v.ok()).as(v.describe()).isTrue();
    assertThat(v.log().records()).isEqualTo(5);
    List<AuditRecord> read = new ArrayList<>();
    JdbcAuditLog.read(ds, "main", Instant.parse("2026-11-26T00:00:00Z"), Instant.parse("2026-11-27T00:00:00Z"),
        read::add);
    assertThat(read).isEqualTo(AuditLogReader.readAll(export));
    List<AuditRecord> none = new ArrayList<>();
    JdbcAuditLog.read(ds, "main", Instant.parse("2026-11-27T00:00:00Z"), Instant.parse("2026-11-28T00:00:00Z"),
        none::add);
    assertThat(none).isEmpty();
    assertThat(JdbcAuditLog.verify(ds, "main", Optional.empty()).ok()).as("a keyed chain needs its key").isFalse();
  }

  @Test
  void append_twoPoolsSixteenThreads_oneLinearChainThatVerifies() throws Exception {
    int perThread = 150;
    try (JdbcAuditSink a = sink(ds).maxBatch(8).build();
        JdbcAuditSink b = sink(TestPostgres.get().dataSource(currentSchema())).maxBatch(8).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<?>> runs = new ArrayList<>();
      Set<String> returned = ConcurrentHashMap.newKeySet();
      for (int t = 0; t < 16; t++) {
        JdbcAuditSink sink = t % 2 == 0 ? a : b;
        runs.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            returned.add(sink.append(record("t")).id().toString());
          }
        }));
      }
      for (Future<?> f : runs) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(returned).hasSize(16 * perThread);
      assertThat(Set.copyOf(column(ds, "SELECT id FROM hai_audit_record"))).isEqualTo(returned);
    }
    assertThat(number(ds, "SELECT max(seq) - min(seq) + 1 - count(*) FROM hai_audit_record")).isZero();
    ChainVerification v = JdbcAuditLog.verify(ds, "main", Optional.empty());
    assertThat(v.ok()).as(v.describe()).isTrue();
    assertThat(v.log().records()).isEqualTo(16L * perThread);
  }

  @Test
  void close_whileAppending_everyAppendReturnsOrFailsAndNoneHangs() throws Exception {
    for (int round = 0; round < 5; round++) {
      JdbcAuditSink sink = sink(ds).maxBatch(4).build();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      Set<String> returned = ConcurrentHashMap.newKeySet();
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        runs.add(pool.submit(() -> {
          while (true) {
            try {
              returned.add(sink.append(record("t")).id().toString());
            } catch (AuditException e) {
              assertThat(e).hasMessageContaining("closed");
              return;
            }
          }
        }));
      }
      Thread.sleep(50);
      sink.close();
      for (Future<?> f : runs) {
        f.get(30, TimeUnit.SECONDS); // before the fix an append racing close() could wait forever
      }
      pool.shutdown();
      assertThat(Set.copyOf(column(ds, "SELECT id FROM hai_audit_record"))).containsAll(returned);
    }
    ChainVerification v = JdbcAuditLog.verify(ds, "main", Optional.empty());
    assertThat(v.ok()).as(v.describe()).isTrue();
  }

  @Test
  void build_chainWithOtherKind_refusedWithTheReason() {
    try (JdbcAuditSink keyed = sink(ds).chainKey(KEY).build()) {
      keyed.append(record("t"));
    }
    assertThatThrownBy(() -> sink(ds).build())
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("hashed with hmac-sha256");
    try (JdbcAuditSink other = sink(ds).chainName("other").build()) {
      assertThat(other.append(record("t")).seq()).as("another chain starts at 1").isEqualTo(1);
    }
  }

  @Test
  void table_isAppendOnly_andVerifyFindsEditsAndCutTails() throws Exception {
    List<AuditRecord> stored = new ArrayList<>();
    try (JdbcAuditSink sink = sink(ds).build()) {
      for (int i = 0; i < 6; i++) {
        stored.add(sink.append(record("t")));
      }
    }
    assertThatThrownBy(() -> execute(ds, "UPDATE hai_audit_record SET tenant = 'x' WHERE seq = 2"))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> execute(ds, "DELETE FROM hai_audit_record WHERE seq = 6"))
        .hasMessageContaining("append-only");

    // the owner can switch the guard off; the chain still tells
    execute(ds, "ALTER TABLE hai_audit_record DISABLE TRIGGER hai_audit_record_append_only",
        "DELETE FROM hai_audit_record WHERE seq = 6");
    ChainVerification cut = JdbcAuditLog.verify(ds, "main", Optional.empty());
    assertThat(cut.log().ok()).isTrue();
    assertThat(cut.ok()).as("the head row still names seq 6").isFalse();
    assertThat(cut.describe()).contains("removed from the end");
    assertThatThrownBy(() -> sink(ds).build()).isInstanceOf(AuditException.class).hasMessageContaining("damaged");

    execute(ds, "UPDATE hai_audit_record SET line = replace(line, '\"tenant\":\"t\"', '\"tenant\":\"x\"')"
        + " WHERE seq = 3");
    ChainVerification edited = JdbcAuditLog.verify(ds, "main", Optional.empty());
    assertThat(edited.ok()).isFalse();
    assertThat(edited.log().firstBreak().problem()).isEqualTo(AuditVerification.Problem.EDITED);
    assertThat(edited.log().firstBreak().recordId()).isEqualTo(stored.get(2).id().toString());
    assertThat(edited.log().records()).isEqualTo(2);
  }

  @Test
  void terminatedBackends_underLoad_loseNoReturnedRecordAndStoreNoFailedOne() throws Exception {
    DataSource named = new UrlDataSource(TestPostgres.get().url(currentSchema()) + "&ApplicationName=victim",
        TestPostgres.get().user(), TestPostgres.get().password());
    Set<String> returned = ConcurrentHashMap.newKeySet();
    Set<String> failed = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    int terminated = 0;
    try (JdbcAuditSink sink = sink(named).maxBatch(4).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(pool.submit(() -> {
          while (!stop.get()) {
            AuditRecord r = record("t");
            try {
              sink.append(r);
              returned.add(r.id().toString());
            } catch (AuditException e) {
              failed.add(r.id().toString());
            }
          }
        }));
      }
      for (int i = 0; i < 10; i++) {
        Thread.sleep(150);
        terminated += column(ds, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE application_name = 'victim'").size();
      }
      stop.set(true);
      for (Future<?> f : runs) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!sink.ready() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(sink.ready()).as("ready again once the database answers").isTrue();
      assertThat(sink.append(record("t")).isSealed()).isTrue();
    }
    assertThat(terminated).as("backends terminated").isGreaterThan(0);
    Set<String> inTable = Set.copyOf(column(ds, "SELECT id FROM hai_audit_record"));
    assertThat(inTable).as("every record whose append returned").containsAll(returned);
    assertThat(inTable.stream().filter(failed::contains)).as("no record whose append failed").isEmpty();
    ChainVerification v = JdbcAuditLog.verify(ds, "main", Optional.empty());
    assertThat(v.ok()).as(v.describe()).isTrue();
  }

  @Test
  void childJvmKilledMidCommit_leavesNothingAndTheChainGoesOn() throws Exception {
    try (JdbcAuditSink sink = sink(ds).lockTimeout(java.time.Duration.ofSeconds(30)).build()) {
      StoreProcess child = StoreProcess.start(TestPostgres.get().url(currentSchema()), "hold");
      child.await("OPEN"::equals, 30);
      AuditRecord before = sink.append(record("parent"));
      child.send("GO");
      String id = child.await(l -> l.startsWith("A "), 30).substring(2);
      child.await("COMMITTING"::equals, 30);
      // the child's transaction holds the head row and its inserted row, uncommitted
      assertThat(number(ds, "SELECT count(*) FROM pg_locks l JOIN pg_class c ON l.relation = c.oid"
          + " WHERE c.relname = 'hai_audit_chain' AND l.mode = 'RowShareLock' AND NOT l.pid = pg_backend_pid()"))
          .isPositive();
      Future<AuditRecord> blocked = Executors.newSingleThreadExecutor().submit(() -> sink.append(record("parent")));
      Thread.sleep(300);
      assertThat(blocked.isDone()).as("the parent waits for the head row").isFalse();

      child.kill();
      AuditRecord after = blocked.get(30, TimeUnit.SECONDS);
      assertThat(after.seq()).as("linked right after the parent's last record").isEqualTo(before.seq() + 1);
      assertThat(after.prev()).isEqualTo(before.hash());
      assertThat(column(ds, "SELECT id FROM hai_audit_record WHERE id = '" + id + "'")).isEmpty();
    }
    assertThat(JdbcAuditLog.verify(ds, "main", Optional.empty()).ok()).isTrue();
  }

  @Test
  void childJvmKilledUnderLoad_keepsEveryCommittedRecord() throws Exception {
    Set<String> told = ConcurrentHashMap.newKeySet();
    try (JdbcAuditSink sink = sink(ds).build()) {
      for (int round = 0; round < 3; round++) {
        StoreProcess child = StoreProcess.start(TestPostgres.get().url(currentSchema()), "audit");
        child.await("READY"::equals, 30);
        for (int i = 0; i < 20; i++) {
          sink.append(record("parent")); // a second JVM writes the same chain meanwhile
        }
        Thread.sleep(200 + 200L * round);
        child.kill();
        told.addAll(child.lines().stream().filter(l -> l.startsWith("D ")).map(l -> l.substring(2)).toList());
        assertThat(sink.append(record("parent")).isSealed()).isTrue();
      }
    }
    assertThat(told).isNotEmpty();
    assertThat(column(ds, "SELECT id FROM hai_audit_record")).containsAll(told);
    ChainVerification v = JdbcAuditLog.verify(ds, "main", Optional.empty());
    assertThat(v.ok()).as(v.describe()).isTrue();
    assertThat(v.log().records()).isEqualTo(number(ds, "SELECT count(*) FROM hai_audit_record"));
  }

  @Test
  void append_batchLargerThanOneStatementsBindLimit_isStoredAndLinked() throws Exception {
    // 2,900 records of 23 columns are more bind parameters than one PostgreSQL statement takes (65,535)
    int records = 2_900;
    try (JdbcAuditSink sink = sink(ds).maxBatch(4_000).build();
        java.sql.Connection holder = ds.getConnection()) {
      // hold the head row so that the records queue up and go out as one batch when it is let go
      holder.setAutoCommit(false);
      try (java.sql.Statement lock = holder.createStatement()) {
        lock.execute("SELECT last_seq FROM hai_audit_chain WHERE chain_name = 'main' FOR UPDATE");
      }
      ExecutorService pool = Executors.newFixedThreadPool(records);
      java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(records);
      List<Future<AuditRecord>> appends = new ArrayList<>();
      for (int i = 0; i < records; i++) {
        appends.add(pool.submit(() -> {
          started.countDown();
          return sink.append(record("t"));
        }));
      }
      started.await(60, TimeUnit.SECONDS);
      Thread.sleep(500); // let the last appends reach the queue
      holder.commit();
      for (Future<AuditRecord> f : appends) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    assertThat(number(ds, "SELECT count(*) FROM hai_audit_record")).isEqualTo(records);
    ChainVerification v = JdbcAuditLog.verify(ds, "main", Optional.empty());
    assertThat(v.ok()).as(v.describe()).isTrue();
  }

  private JdbcAuditSink.Builder sink(DataSource dataSource) {
    return JdbcStore.builder(dataSource).build().auditSink();
  }

  private String currentSchema() throws SQLException {
    return column(ds, "SELECT current_schema()").get(0);
  }
}
