package dev.hai.core.cost;

import dev.hai.core.ChatMessage;
import java.util.List;

/**
 * Estimates, before a call, how many input tokens its messages will be billed as: the input part of
 * the worst-case reservation. Must be thread-safe and fast; it runs for every budgeted call.
 */
@FunctionalInterface
public interface TokenEstimator {
  /** Tokens added per message for the chat template's role markers. */
  int PER_MESSAGE_OVERHEAD = 8;

  long inputTokens(List<ChatMessage> messages);

  /**
   * The default: an upper bound, never an underestimate, for byte-level BPE tokenizers (Claude's,
   * OpenAI's, Llama's): one token per UTF-8 byte, plus {@value #PER_MESSAGE_OVERHEAD} per message.
   * English text has about four bytes per token, so this holds roughly four times the real input
   * cost while the call runs; the settlement returns the difference.
   */
  static TokenEstimator utf8Bytes() {
    return messages -> {
      long n = 0;
      for (ChatMessage m : messages) {
        n += utf8Length(m.content()) + PER_MESSAGE_OVERHEAD;
      }
      return n;
    };
  }

  /**
   * An estimate of one token per {@code charsPerToken} characters (rounded up), plus the per-message
   * overhead: tighter than {@link #utf8Bytes()} but not a bound, so a hard budget may be overspent by
   * the underestimate of the calls in flight.
   */
  static TokenEstimator charsPerToken(int charsPerToken) {
    if (charsPerToken < 1) {
      throw new IllegalArgumentException("charsPerToken must be at least 1, was " + charsPerToken);
    }
    return messages -> {
      long n = 0;
      for (ChatMessage m : messages) {
        n += (m.content().length() + charsPerToken - 1) / charsPerToken + PER_MESSAGE_OVERHEAD;
      }
      return n;
    };
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
