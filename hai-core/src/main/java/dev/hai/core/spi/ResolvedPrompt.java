package dev.hai.core.spi;

import dev.hai.core.ChatMessage;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.internal.Checks;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A prompt ready to send: its rendered messages, which versioned prompt they came from (if any)
 * and the prompt's default generation parameters.
 *
 * @param messages the rendered messages
 * @param info the versioned prompt, or {@code null} for inline messages
 * @param defaults the prompt's model defaults; the request's own parameters win over them
 */
public record ResolvedPrompt(
    List<ChatMessage> messages, @Nullable PromptInfo info, GenerationParameters defaults) {
  public ResolvedPrompt {
    messages = List.copyOf(Checks.required(messages, "messages"));
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a resolved prompt needs at least one message");
    }
    Checks.required(defaults, "defaults");
  }

  /** Inline messages: no version, no defaults. */
  public static ResolvedPrompt inline(List<ChatMessage> messages) {
    return new ResolvedPrompt(messages, null, GenerationParameters.none());
  }

  public Optional<PromptInfo> promptInfo() {
    return Optional.ofNullable(info);
  }
}
