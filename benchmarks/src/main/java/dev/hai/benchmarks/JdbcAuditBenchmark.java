package dev.hai.benchmarks;

import dev.hai.core.audit.AuditRecord;
import dev.hai.store.jdbc.JdbcAuditSink;
import dev.hai.store.jdbc.JdbcStore;
import dev.hai.store.jdbc.TestPool;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PostgreSQL audit sink: records committed per second by {@code JdbcAuditSink.append} from 8
 * threads, each waiting for its commit, with group commit ({@code maxBatch} 256) and without it
 * ({@code maxBatch} 1, one transaction per record). Needs PostgreSQL (see {@link BenchPostgres}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JdbcAudit}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class JdbcAuditBenchmark {
  @Param({"1", "256"})
  int maxBatch;

  private TestPool pool;
  private JdbcAuditSink sink;

  @Setup(Level.Trial)
  public void setUp() {
    pool = BenchPostgres.freshStore(4);
    sink = JdbcStore.builder(pool).build().auditSink().maxBatch(maxBatch).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sink.close();
    pool.close();
  }

  /** The file sink benchmark's record, with a cost for the reporting columns. */
  private static final AuditRecord RECORD = AuditThroughputBenchmark.RECORD.toBuilder().cost("USD 0.000123").build();

  @Benchmark
  @Threads(8)
  public AuditRecord committedAppend() {
    // a fresh id per record: ids are unique in the table
    return sink.append(RECORD.toBuilder().id(UUID.randomUUID()).build());
  }
}
