package dev.hai.core.backend.openai;

/**
 * Which request field carries the output token limit. OpenAI deprecated {@code max_tokens} in
 * favour of {@code max_completion_tokens} (its reasoning models reject the old one), while Azure
 * API versions before 2024-09-01 and most OpenAI-compatible servers only know {@code max_tokens}.
 */
public enum MaxTokensParameter {
  /** {@code max_tokens}: Azure OpenAI and OpenAI-compatible servers. */
  MAX_TOKENS("max_tokens"),
  /** {@code max_completion_tokens}: OpenAI. */
  MAX_COMPLETION_TOKENS("max_completion_tokens");

  private final String field;

  MaxTokensParameter(String field) {
    this.field = field;
  }

  /** The JSON field name. */
  public String field() {
    return field;
  }
}
