package dev.hai.benchmarks;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.KillSwitch;
import dev.hai.core.audit.AuditSink;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.governance.kill.FileKillSwitches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What kill switches add to a call: the pipeline with a {@link FileKillSwitches} holding 100
 * switches that do not match the call ({@code withSwitches}: both checks run and pass), and a call
 * that a switch stops ({@code disabledCall}), against the same client without kill switches
 * ({@code baselineNoSwitches}). No audit sink, so that only the switches are measured.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar KillSwitchOverhead -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KillSwitchOverheadBenchmark {
  private Path dir;
  private FileAuditSink adminAudit;
  private FileKillSwitches switches;
  private ClinicalModelClient plain;
  private ClinicalModelClient guarded;
  private ClinicalRequest request;
  private ClinicalRequest stopped;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("hai-kill-bench");
    adminAudit = AuditSink.jsonl(Files.createDirectory(dir.resolve("admin-audit")));
    switches = FileKillSwitches.builder(dir.resolve("kill-switches.json")).auditSink(adminAudit).build();
    for (int i = 0; i < 100; i++) {
      switches.kill(KillSwitch.Target.model("retired-model-" + i), "bench", "benchmark");
    }
    switches.kill(KillSwitch.Target.tenant("stopped-tenant"), "bench", "benchmark");
    plain = ClinicalModelClient.builder().backend(new InstantBackend()).build();
    guarded = ClinicalModelClient.builder().backend(new InstantBackend()).killSwitches(switches).build();
    request = BenchmarkRequests.summary().build();
    stopped = BenchmarkRequests.summary()
        .caller(dev.hai.core.Caller.of("u-4711", "attending-physician", "stopped-tenant",
            dev.hai.core.PurposeOfUse.TREATMENT))
        .build();
    if (!guarded.call(request).isSuccess() || !(guarded.call(stopped) instanceof ClinicalResult.Disabled)) {
      throw new IllegalStateException("the benchmark's clients do not behave as described");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    plain.close();
    guarded.close();
    switches.close();
    adminAudit.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  @Benchmark
  public ClinicalResult baselineNoSwitches() {
    return plain.call(request);
  }

  @Benchmark
  public ClinicalResult withSwitches() {
    return guarded.call(request);
  }

  @Benchmark
  public ClinicalResult disabledCall() {
    return guarded.call(stopped);
  }
}
