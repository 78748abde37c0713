package dev.hai.benchmarks;

import dev.hai.eval.feedback.Feedback;
import dev.hai.eval.feedback.FeedbackCategory;
import dev.hai.eval.feedback.Verdict;
import dev.hai.eval.rollout.ArmCall;
import dev.hai.eval.rollout.DecisionEngine;
import dev.hai.eval.rollout.RolloutCriteria;
import dev.hai.eval.rollout.RolloutData;
import dev.hai.eval.rollout.RolloutDecision;
import dev.hai.eval.rollout.RolloutReport;
import dev.hai.eval.stats.Alternative;
import dev.hai.eval.stats.Fisher;
import dev.hai.eval.stats.Table2x2;
import dev.hai.eval.stats.TestResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rollout decision on 20,000 routed calls (half to the challenger), 80 % with feedback:
 * {@code decide} (per-arm counts, Wilson intervals, the accuracy test, Newcombe, the UNSAFE test,
 * both sample sizes), {@code report} (the decision plus response rates, traffic buckets, HTML and
 * JSON), and {@code fisherLarge}, Fisher's exact test on [[15000, 5000], [14800, 5200]] (a support of
 * 19,801 tables). {@code baselineCount} only counts correct answers per arm over the same data: the
 * least a decision must do.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RolloutDecision -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RolloutDecisionBenchmark {
  private static final int CALLS = 20_000;

  private RolloutData data;
  private final DecisionEngine engine = DecisionEngine.of(RolloutCriteria.builder().nonInferiorityMargin(0.02).build());
  private final Table2x2 large = Table2x2.of(15_000, 5_000, 14_800, 5_200);

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    List<ArmCall> calls = new ArrayList<>();
    List<Feedback> feedback = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      boolean challenger = random.nextBoolean();
      UUID id = new UUID(i, 42);
      Instant at = t0.plusSeconds(30L * i);
      calls.add(new ArmCall(id, at, "discharge-summary", challenger ? "v2" : "v1",
          challenger ? ArmCall.Role.CHALLENGER : ArmCall.Role.CHAMPION, "u-" + random.nextInt(40), true, 5_000));
      if (random.nextDouble() < 0.8) {
        boolean wrong = random.nextDouble() < (challenger ? 0.12 : 0.15);
        Feedback.Builder f = Feedback.builder(id, wrong ? Verdict.INCORRECT : Verdict.CORRECT)
            .clinician("u-" + random.nextInt(40), "attending-physician").submittedAt(at.plusSeconds(600));
        if (wrong) {
          f.category(FeedbackCategory.values()[random.nextInt(4) == 0 ? 1 : 0]);
        }
        feedback.add(f.build().withTimeToRespond(java.time.Duration.ofSeconds(600)));
      }
    }
    data = RolloutData.of(calls, feedback);
  }

  @Benchmark
  public long baselineCount() {
    long[] correct = new long[2];
    for (ArmCall c : data.calls()) {
      Feedback f = data.feedback().get(c.callId());
      if (f != null && f.verdict() == Verdict.CORRECT) {
        correct[c.role().ordinal()]++;
      }
    }
    return correct[0] + 31 * correct[1];
  }

  @Benchmark
  public RolloutDecision decide() {
    return engine.decide(data);
  }

  @Benchmark
  public int report() {
    RolloutReport r = RolloutReport.of("discharge-summary", data, engine);
    return r.html().length() + r.json().length();
  }

  @Benchmark
  public TestResult fisherLarge() {
    return Fisher.test(large, Alternative.TWO_SIDED);
  }
}
