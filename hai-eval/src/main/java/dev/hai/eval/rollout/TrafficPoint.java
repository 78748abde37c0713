package dev.hai.eval.rollout;

import java.time.Instant;

/**
 * The traffic of one time bucket: how many calls each arm served, against the share configured.
 *
 * @param start the bucket's start (inclusive)
 * @param end the bucket's end (exclusive, except for the last bucket)
 * @param champion calls the champion served
 * @param challenger calls the challenger served
 * @param configuredShare the mean configured challenger share of the bucket's calls, in [0, 1], or
 *     NaN when their records carried none
 */
public record TrafficPoint(Instant start, Instant end, long champion, long challenger, double configuredShare) {

  /** challenger / (champion + challenger), NaN for an empty bucket. */
  public double actualShare() {
    long n = champion + challenger;
    return n == 0 ? Double.NaN : (double) challenger / n;
  }
}
