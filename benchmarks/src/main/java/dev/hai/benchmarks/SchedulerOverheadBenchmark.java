package dev.hai.benchmarks;

import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalPriority;
import dev.hai.core.GenerationParameters;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.gpu.schedule.GpuScheduler;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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
 * What {@link GpuScheduler} adds to a call, uncontended: one thread, a free slot, a backend that
 * answers at once ({@code scheduled}), against calling that backend directly ({@code
 * baselineDirect}). The difference is the scheduler's bookkeeping (admission, GPU-share accounting,
 * two events to a listener, the scheduling info on the answer). Target: a few microseconds at most,
 * nothing next to a model's service time.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SchedulerOverhead -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SchedulerOverheadBenchmark {
  private InstantBackend backend;
  private GpuScheduler scheduler;
  private ModelCall call;

  @Setup(Level.Trial)
  public void setUp() {
    backend = new InstantBackend();
    // A listener that does something, as a metrics binding would.
    scheduler = GpuScheduler.builder(new InstantBackend()).capacity(8).listener(e -> e.priority().level()).build();
    call = new ModelCall(UUID.randomUUID(), 1, "instant-1", List.of(ChatMessage.user("Triage: chest pain.")),
        GenerationParameters.none(), Duration.ofSeconds(30), null, ClinicalPriority.EMERGENCY, "emergency-dept");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    scheduler.close();
  }

  @Benchmark
  public ModelResponse baselineDirect() {
    return backend.generate(call);
  }

  @Benchmark
  public ModelResponse scheduled() {
    return scheduler.generate(call);
  }
}
