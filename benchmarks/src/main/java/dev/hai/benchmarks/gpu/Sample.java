package dev.hai.benchmarks.gpu;

import org.jspecify.annotations.Nullable;

/**
 * One request of a load run.
 *
 * @param endNanos when it ended ({@link System#nanoTime()})
 * @param latencyNanos from sending (or queueing, at saturation) to the answer
 * @param outputTokens the server's {@code usage.completion_tokens}; 0 for a failure
 * @param error why it failed, {@code null} for a success
 */
record Sample(long endNanos, long latencyNanos, long outputTokens, @Nullable String error) {
  boolean ok() {
    return error == null;
  }
}
