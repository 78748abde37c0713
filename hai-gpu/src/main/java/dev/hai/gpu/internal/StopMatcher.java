package dev.hai.gpu.internal;

import java.util.List;

/**
 * Finds the first stop sequence in text that grows chunk by chunk.
 *
 * <p>Matching happens here rather than in llama.cpp because llama.cpp holds back text that might
 * begin a stop sequence and then sends it merged with the next token, which would make the
 * streamed chunks stop being one per token, and the token count with them.
 */
public final class StopMatcher {
  private final List<String> stops;
  private final int longest;

  /** A matcher for these stop sequences (none is fine: it never matches). */
  public StopMatcher(List<String> stops) {
    this.stops = List.copyOf(stops);
    this.longest = this.stops.stream().mapToInt(String::length).max().orElse(0);
  }

  /**
   * The index in {@code text} where the earliest stop sequence begins, or -1. Only the part of the
   * text that {@code appended} characters may have completed is searched.
   */
  public int find(CharSequence text, int appended) {
    if (stops.isEmpty()) {
      return -1;
    }
    int from = Math.max(0, text.length() - appended - longest + 1);
    String tail = text.subSequence(from, text.length()).toString();
    int best = -1;
    for (String stop : stops) {
      int i = tail.indexOf(stop);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
      }
    }
    return best < 0 ? -1 : from + best;
  }
}
