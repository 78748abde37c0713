package dev.hai.core;

import dev.hai.core.internal.Checks;
import java.util.List;
import java.util.Map;

/**
 * Where a request's prompt comes from: messages given inline, or a reference to a versioned prompt
 * that a {@link dev.hai.core.spi.PromptResolver} (hai-prompts) renders.
 */
public sealed interface PromptSource {

  /**
   * Messages written by the application. Not versioned: prefer a {@link Reference} for anything a
   * clinical safety team must be able to trace and roll back.
   *
   * @param messages at least one, with at least one user message
   */
  record Inline(List<ChatMessage> messages) implements PromptSource {
    public Inline {
      messages = List.copyOf(Checks.required(messages, "prompt.messages"));
      if (messages.stream().noneMatch(m -> m.role() == ChatMessage.Role.USER)) {
        throw new InvalidRequestException("prompt.messages", "must contain at least one USER message");
      }
    }
  }

  /**
   * A versioned prompt, rendered with variables.
   *
   * @param promptId the prompt's id, for example {@code "discharge-summary"}
   * @param selector a label ({@code "production"}), an exact version ({@code "1.2.0"}) or a range
   *     ({@code "^1.2"}); how it is read is up to the resolver
   * @param variables the values for the prompt's placeholders
   */
  record Reference(String promptId, String selector, Map<String, String> variables)
      implements PromptSource {
    public Reference {
      Checks.notBlank(promptId, "prompt.promptId");
      Checks.notBlank(selector, "prompt.selector");
      variables = Map.copyOf(Checks.required(variables, "prompt.variables"));
    }

    /** Shows the variables' names, never their values: they may hold PHI. */
    @Override
    public String toString() {
      return "Reference[promptId=" + promptId + ", selector=" + selector + ", variables="
          + new java.util.TreeSet<>(variables.keySet()) + "]";
    }
  }
}
