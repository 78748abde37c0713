package dev.hai.benchmarks.gpu;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one side (or one priority class) did in a run.
 *
 * @param requests requests answered successfully
 * @param errors requests that failed
 * @param outputTokens the successful requests' output tokens, summed
 * @param seconds the run's wall time, from its start to its last answer
 * @param p50Millis the median latency of the successful requests
 * @param p99Millis their 99th percentile
 * @param firstError the first failure's reason, if any
 */
record SideStats(
    long requests, long errors, long outputTokens, double seconds, double p50Millis, double p99Millis,
    @Nullable String firstError) {

  static SideStats of(List<Sample> samples, double seconds) {
    long ok = 0;
    long errors = 0;
    long tokens = 0;
    String firstError = null;
    long[] latencies = new long[samples.size()];
    for (Sample s : samples) {
      if (s.ok()) {
        latencies[(int) ok++] = s.latencyNanos();
        tokens += s.outputTokens();
      } else {
        errors++;
        if (firstError == null) {
          firstError = s.error();
        }
      }
    }
    long[] okLatencies = Arrays.copyOf(latencies, (int) ok);
    double p50 = Percentiles.of(okLatencies, 50) / 1e6;
    double p99 = Percentiles.of(okLatencies, 99) / 1e6;
    return new SideStats(ok, errors, tokens, seconds, p50, p99, firstError);
  }

  /** Output tokens per second of wall time. */
  double tokensPerSecond() {
    return seconds > 0 ? outputTokens / seconds : 0;
  }

  /** Output tokens per successful request. */
  double tokensPerRequest() {
    return requests > 0 ? (double) outputTokens / requests : 0;
  }
}
