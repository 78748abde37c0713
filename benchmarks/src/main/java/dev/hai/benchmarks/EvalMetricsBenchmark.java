package dev.hai.benchmarks;

import dev.hai.eval.metrics.Normalization;
import dev.hai.eval.metrics.Rouge;
import dev.hai.eval.metrics.TokenF1;
import java.util.List;
import java.util.Random;
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
 * Metric throughput on 4 KB texts: ROUGE-L ({@link Rouge#rougeL()}, an O(n·m) longest common
 * subsequence over ~650 tokens each) and token F1 ({@link TokenF1}), an answer against a reference
 * that shares most of its words. {@code baselineTokenize} only tokenises both texts the way ROUGE
 * does: the least either metric does.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EvalMetrics}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvalMetricsBenchmark {

  private static final String[] WORDS = ("patient admitted with community acquired pneumonia treated with "
      + "ceftriaxone afebrile for 48 hours discharged on oral amoxicillin 500 mg three times daily follow up "
      + "with the gp in one week return if breathless or feverish blood pressure 132/84 heart rate 72 "
      + "metformin 850 mg twice daily lisinopril 10 mg once daily review renal function").split(" ");

  private String reference;
  private String answer;
  private final Rouge rougeL = Rouge.rougeL();
  private final TokenF1 tokenF1 = new TokenF1(Normalization.DEFAULT);

  @Setup
  public void setUp() {
    Random random = new Random(42);
    reference = text(random, 4096);
    // The answer: the reference with one word in eight replaced, like a paraphrase.
    StringBuilder b = new StringBuilder();
    for (String w : reference.split(" ")) {
      b.append(random.nextInt(8) == 0 ? WORDS[random.nextInt(WORDS.length)] : w).append(' ');
    }
    answer = b.toString().strip();
  }

  static String text(Random random, int chars) {
    StringBuilder b = new StringBuilder();
    while (b.length() < chars) {
      b.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ". " : " ");
    }
    return b.substring(0, chars);
  }

  @Benchmark
  public double rougeL4k() {
    return rougeL.score(answer, reference);
  }

  @Benchmark
  public double tokenF1_4k() {
    return tokenF1.prf(answer, reference).f1();
  }

  @Benchmark
  public int baselineTokenize() {
    List<String> a = Rouge.tokens(answer);
    List<String> r = Rouge.tokens(reference);
    return a.size() + r.size();
  }
}
