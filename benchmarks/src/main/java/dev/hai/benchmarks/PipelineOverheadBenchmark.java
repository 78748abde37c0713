package dev.hai.benchmarks;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.GenerationParameters;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.time.Duration;
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
 * The SDK's own overhead per call: the whole pipeline in front of a backend that answers at once
 * ({@code pipeline}), against calling that backend directly ({@code baselineDirect}). The
 * difference is what HAI adds to every call. Target: under 20 µs at the median.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PipelineOverhead -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineOverheadBenchmark {
  private InstantBackend backend;
  private ClinicalModelClient client;
  private ClinicalRequest request;
  private ModelCall directCall;

  @Setup(Level.Trial)
  public void setUp() {
    backend = new InstantBackend();
    client = ClinicalModelClient.builder().backend(backend).build();
    request = BenchmarkRequests.summary().build();
    directCall = new ModelCall(UUID.randomUUID(), 1, "instant-1",
        ((dev.hai.core.PromptSource.Inline) request.prompt()).messages(), GenerationParameters.none(),
        Duration.ofSeconds(30), null);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
  }

  @Benchmark
  public ModelResponse baselineDirect() {
    return backend.generate(directCall);
  }

  @Benchmark
  public ClinicalResult pipeline() {
    return client.call(request);
  }
}
