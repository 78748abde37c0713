package dev.hai.benchmarks;

import com.styra.opa.wasm.OpaPolicy;
import dev.hai.core.phi.PhiType;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.policy.PolicyInput;
import dev.hai.core.spi.Hosting;
import dev.hai.governance.OpaServer;
import dev.hai.governance.RemoteOpaPolicyEngine;
import dev.hai.governance.WasmPolicyEngine;
import dev.hai.governance.internal.PolicyBundle;
import dev.hai.governance.internal.PolicyJson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One policy decision on the starter policy ({@code policies/}), for a typical call: an attending
 * physician, treatment, the discharge-summary prompt, PHI in the note, a BAA cloud backend and a
 * local one. The same input is in {@code src/main/resources/dev/hai/benchmarks/policy-input.json}
 * for {@code opa bench} (checked equal at setup).
 *
 * <ul>
 *   <li>{@code wasmDecision}: {@link WasmPolicyEngine#evaluate}, in-process (sample time: read
 *       {@code p0.50}); target under 50 µs at the median.
 *   <li>{@code wasmDecision8}: the same from 8 threads (throughput).
 *   <li>{@code baselineWasmRaw}: opa-java-wasm's {@code OpaPolicy.evaluate} on the input already
 *       serialised, on one instance: the Wasm evaluation alone, without HAI's input document,
 *       instance pool, decision parsing and decision id.
 *   <li>{@code remoteDecision}: {@link RemoteOpaPolicyEngine#evaluate} against a real {@code opa
 *       run --server} on loopback, started here (needs {@code opa}: {@code $HAI_OPA}, the PATH or
 *       {@code ~/go/bin}); the ratio to {@code wasmDecision} is the point.
 * </ul>
 *
 * <p>The native limit, for comparison: {@code opa bench -d policies/hai/authz/policy.rego -i
 * benchmarks/src/main/resources/dev/hai/benchmarks/policy-input.json 'data.hai.authz.decision'}.
 *
 * <p>Run (from the repository root): {@code java -jar benchmarks/target/benchmarks.jar PolicyDecision}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyDecisionBenchmark {
  static final String INPUT_RESOURCE = "dev/hai/benchmarks/policy-input.json";

  private PolicyInput input;
  private String inputJson;
  private WasmPolicyEngine wasm;
  private OpaPolicy raw;

  /** The benchmark's input: a typical allowed call with PHI. */
  static PolicyInput input() {
    List<PolicyInput.Model> models = List.of(
        new PolicyInput.Model("anthropic", "claude-sonnet-4-5", "anthropic", Hosting.EXTERNAL, true),
        new PolicyInput.Model("gpu", "llama-3.1-8b", "llama.cpp", Hosting.LOCAL, false));
    return new PolicyInput(
        new PolicyInput.Actor("u-4711", "attending-physician", Map.of("department", "cardiology")),
        "TREATMENT", "cardiology", new PolicyInput.Patient("hmac-sha256:" + "3f".repeat(32), Map.of("research", false)),
        new PolicyInput.Prompt("discharge-summary", "1.2.0", "9c".repeat(32), List.of("prod"), null),
        models.get(0), models, new PolicyInput.Phi(Map.of(PhiType.NAME, 3, PhiType.DATE, 4, PhiType.MRN, 1)),
        PolicyInput.BreakGlass.off(), Instant.parse("2026-11-26T05:00:00Z"));
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    input = input();
    inputJson = PolicyJson.input(input);
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(INPUT_RESOURCE)) {
      Object onDisk = PolicyJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), INPUT_RESOURCE);
      if (!onDisk.equals(PolicyJson.parse(inputJson, "input"))) {
        throw new IllegalStateException(
            INPUT_RESOURCE + " is not the benchmark's input; rewrite it from PolicyJson.input(input())");
      }
    }
    // the default pool (one instance per processor); a long wait for an instance on a loaded
    // machine is the machine's, not the engine's, so the benchmark waits instead of failing
    wasm = WasmPolicyEngine.builder().bundleResource("bundles/starter.tar.gz")
        .borrowTimeout(Duration.ofSeconds(30)).build();
    byte[] bundle;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("bundles/starter.tar.gz")) {
      bundle = in.readAllBytes();
    }
    PolicyBundle b = PolicyBundle.read(bundle, WasmPolicyEngine.DEFAULT_ENTRYPOINT);
    raw = OpaPolicy.builder().withPolicy(b.wasm()).build()
        .entrypoint(WasmPolicyEngine.DEFAULT_ENTRYPOINT).data(b.data());
    PolicyDecision d = wasm.evaluate(input);
    if (!d.allow()) {
      throw new IllegalStateException("the benchmark input should be allowed: " + d.reasons());
    }
  }

  /** Starts the OPA server only for the remote benchmark, so the Wasm ones run without opa. */
  @State(Scope.Benchmark)
  public static class Server {
    RemoteOpaPolicyEngine remote;
    OpaServer opa;

    @Setup(Level.Trial)
    public void start() throws Exception {
      opa = OpaServer.start();
      remote = RemoteOpaPolicyEngine.builder().url(opa.url()).timeout(Duration.ofSeconds(5)).build();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      opa.close();
    }
  }

  @Benchmark
  public PolicyDecision wasmDecision() {
    return wasm.evaluate(input);
  }

  @Benchmark
  @Threads(8)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public PolicyDecision wasmDecision8() {
    return wasm.evaluate(input);
  }

  @Benchmark
  public String baselineWasmRaw() {
    return raw.evaluate(inputJson);
  }

  @Benchmark
  public PolicyDecision remoteDecision(Server server) {
    return server.remote.evaluate(input);
  }
}
