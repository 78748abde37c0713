package dev.hai.benchmarks;

import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.FinishReason;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.Usage;
import dev.hai.core.route.Arm;
import dev.hai.core.route.Route;
import dev.hai.core.route.RouteTable;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.ResolvedPrompt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
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
 * Shadow isolation as a latency ratio: a routed call whose primary backend takes 1 ms, with a
 * shadow that hangs ({@code hangingShadow}), is 100x slower ({@code slowShadow}, 100 ms) or throws
 * at once ({@code throwingShadow}), against the same route without a shadow ({@code
 * baselineNoShadow}). Report each median over the baseline's: the shadow must not show beyond noise.
 * The pool is the default (2 threads, queue 64), so hanging and slow shadows soon fill it and the
 * rest are dropped and counted, which is the point: the primary never waits.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ShadowOverhead -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ShadowOverheadBenchmark {
  private static final long PRIMARY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final PromptResolver RESOLVER = ref -> new ResolvedPrompt(
      List.of(ChatMessage.system(BenchmarkRequests.SYSTEM), ChatMessage.user(BenchmarkRequests.NOTE)),
      new PromptInfo(ref.promptId(), "1.0.0", "ab".repeat(32)), GenerationParameters.none());

  private final CountDownLatch release = new CountDownLatch(1);
  private RouteTable[] tables;
  private ClinicalModelClient none;
  private ClinicalModelClient hanging;
  private ClinicalModelClient slow;
  private ClinicalModelClient throwing;
  private ClinicalRequest request;

  /** A backend named {@code name} whose answer takes what {@code work} does. */
  private static ModelBackend backend(String name, Function<ModelCall, String> work) {
    BackendInfo info = new BackendInfo(name, "in-memory", Hosting.LOCAL, name + "-1");
    return new ModelBackend() {
      @Override
      public BackendInfo info() {
        return info;
      }

      @Override
      public ModelResponse generate(ModelCall call) {
        return new ModelResponse(work.apply(call), call.model(), Usage.of(42, 11), FinishReason.STOP, "stop", null);
      }
    };
  }

  private static String primary(ModelCall call) {
    LockSupport.parkNanos(PRIMARY_NANOS);
    return "Stable; discharge with follow-up in 2 weeks.";
  }

  private ClinicalModelClient client(int i, ModelBackend shadow) {
    Route.Builder route = Route.builder("summary").champion(Arm.builder("primary").backend("primary").build());
    if (shadow != null) {
      route.shadow(Arm.builder("shadow").backend(shadow).build());
    }
    tables[i] = RouteTable.builder().route(route.build()).shadowTimeout(Duration.ofSeconds(30)).build();
    return ClinicalModelClient.builder().backend(backend("primary", ShadowOverheadBenchmark::primary))
        .promptResolver(RESOLVER).routes(tables[i]).build();
  }

  @Setup(Level.Trial)
  public void setUp() {
    tables = new RouteTable[4];
    none = client(0, null);
    hanging = client(1, backend("hanging", call -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "never";
    }));
    slow = client(2, backend("slow", call -> {
      LockSupport.parkNanos(100 * PRIMARY_NANOS);
      return "Stable; discharge in 2 weeks.";
    }));
    throwing = client(3, backend("throwing", call -> {
      throw new IllegalStateException("shadow backend failure");
    }));
    request = ClinicalRequest.builder().caller(BenchmarkRequests.summary().build().caller())
        .prompt("summary", "production", Map.of()).patientId("MRN-1").build();
    for (ClinicalModelClient c : List.of(none, hanging, slow, throwing)) {
      ClinicalResult r = c.call(request);
      if (!r.isSuccess() || r.metadata().route() == null) {
        throw new IllegalStateException("the benchmark's clients do not route as described: " + r);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    release.countDown();
    for (int i = 0; i < tables.length; i++) {
      System.out.println("\n" + List.of("none", "hanging", "slow", "throwing").get(i) + " shadow stats: "
          + tables[i].shadowStats());
      tables[i].close();
    }
    for (ClinicalModelClient c : List.of(none, hanging, slow, throwing)) {
      c.close();
    }
  }

  @Benchmark
  public ClinicalResult baselineNoShadow() {
    return none.call(request);
  }

  @Benchmark
  public ClinicalResult hangingShadow() {
    return hanging.call(request);
  }

  @Benchmark
  public ClinicalResult slowShadow() {
    return slow.call(request);
  }

  @Benchmark
  public ClinicalResult throwingShadow() {
    return throwing.call(request);
  }
}
