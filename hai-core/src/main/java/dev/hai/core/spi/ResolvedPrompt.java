package dev.hai.core.spi;

import dev.hai.core.ChatMessage;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.internal.Checks;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A prompt ready to send: its rendered messages, which versioned prompt they came from (if any),
 * the prompt's default generation parameters and the JSON Schema its answer must satisfy (if it
 * declares one). Stages after the prompt stage read it from {@link CallContext#prompt()}.
 *
 * @param messages the rendered messages
 * @param info the versioned prompt, or {@code null} for inline messages
 * @param defaults the prompt's model defaults; the request's own parameters win over them
 * @param outputSchema the JSON Schema (as JSON text) the prompt declares for the answer, or {@code
 *     null}; carried for an output-validation stage, which this version does not have: nothing
 *     checks answers against it yet
 */
public record ResolvedPrompt(
    List<ChatMessage> messages, @Nullable PromptInfo info, GenerationParameters defaults,
    @Nullable String outputSchema) {
  public ResolvedPrompt {
    messages = List.copyOf(Checks.required(messages, "messages"));
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a resolved prompt needs at least one message");
    }
    Checks.required(defaults, "defaults");
    if (outputSchema != null) {
      Checks.notBlank(outputSchema, "outputSchema");
    }
  }

  /** A prompt that declares no output schema. */
  public ResolvedPrompt(List<ChatMessage> messages, @Nullable PromptInfo info, GenerationParameters defaults) {
    this(messages, info, defaults, null);
  }

  /** Inline messages: no version, no defaults. */
  public static ResolvedPrompt inline(List<ChatMessage> messages) {
    return new ResolvedPrompt(messages, null, GenerationParameters.none());
  }

  public Optional<PromptInfo> promptInfo() {
    return Optional.ofNullable(info);
  }

  /** The declared output schema, if any. */
  public Optional<String> outputSchemaJson() {
    return Optional.ofNullable(outputSchema);
  }
}
