package dev.hai.core;

/** Why the model stopped generating, normalised across providers. */
public enum FinishReason {
  /** The model ended its answer (Anthropic {@code end_turn}, OpenAI {@code stop}). */
  STOP,
  /** A stop sequence was generated (Anthropic {@code stop_sequence}). */
  STOP_SEQUENCE,
  /** The output token limit was reached: the answer may be cut short. */
  LENGTH,
  /** The model asked to call a tool. */
  TOOL_USE,
  /** The provider's content filter intervened (OpenAI/Azure {@code content_filter}). */
  CONTENT_FILTER,
  /** Anything else; the raw value is kept in the response. */
  OTHER
}
