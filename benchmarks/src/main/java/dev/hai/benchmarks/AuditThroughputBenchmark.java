package dev.hai.benchmarks;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.Usage;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded audit sink: durable group commit under 8 threads, and what it adds to a call.
 *
 * <ul>
 *   <li>{@code durableAppend} (8 threads, throughput): records made durable per second by {@code
 *       FileAuditSink.append}, each caller waiting for its fsync. Target: at least 20,000/s.
 *   <li>{@code callWithFileAudit8} (8 threads, throughput): whole calls per second with the sink.
 *   <li>{@code baselineNoAudit} / {@code callWithFileAudit} (1 thread, sample time): one call
 *       without and with the audit stage; the difference is the added latency per call (one fsync
 *       when nothing else is writing).
 * </ul>
 *
 * <p>Writes to a temporary directory under {@code java.io.tmpdir} (pass {@code
 * -Djava.io.tmpdir=/path} to measure another disk); deleted afterwards.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AuditThroughput}
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AuditThroughputBenchmark {
  private Path dir;
  private FileAuditSink sink;
  private ClinicalModelClient audited;
  private ClinicalModelClient plain;
  private ClinicalRequest request;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("hai-audit-bench");
    sink = FileAuditSink.builder(dir).build();
    byte[] key = new byte[32];
    audited = ClinicalModelClient.builder()
        .backend(new InstantBackend())
        .auditSink(sink)
        .auditPatientKey(key)
        .build();
    plain = ClinicalModelClient.builder().backend(new InstantBackend()).build();
    request = BenchmarkRequests.summary().patientId("MRN-0047113").build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    audited.close();
    plain.close();
    sink.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One unsealed record, appended over and over: measures the sink, not record building. */
  static final AuditRecord RECORD = record();

  private static AuditRecord record() {
    return AuditRecord.builder()
        .id(UUID.randomUUID())
        .time(Instant.now())
        .callId(UUID.randomUUID())
        .tenant("cardiology")
        .actorId("u-4711")
        .actorRole("attending-physician")
        .purposeOfUse("TREATMENT")
        .patientRef("hmac-sha256:" + "0".repeat(64))
        .backend("instant")
        .model("instant-1")
        .outcome("success")
        .attempts(1)
        .usage(Usage.of(42, 11))
        .latencyMicros(35)
        .inputSha256("a".repeat(64))
        .outputSha256("b".repeat(64))
        .build();
  }

  @Benchmark
  @Threads(8)
  @BenchmarkMode(Mode.Throughput)
  public AuditRecord durableAppend() {
    return sink.append(RECORD);
  }

  @Benchmark
  @Threads(8)
  @BenchmarkMode(Mode.Throughput)
  public ClinicalResult callWithFileAudit8() {
    return audited.call(request);
  }

  @Benchmark
  @Threads(1)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public ClinicalResult baselineNoAudit() {
    return plain.call(request);
  }

  @Benchmark
  @Threads(1)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public ClinicalResult callWithFileAudit() {
    return audited.call(request);
  }
}
