package dev.hai.eval;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptSource;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a dataset item into the request an evaluation sends. Two ready-made ones cover the usual
 * cases: a versioned prompt from the registry ({@link #promptReference}), which is what a clinical
 * safety team compares, and an inline template ({@link #inline}) for quick experiments.
 *
 * <pre>{@code
 * RequestFactory v2 = RequestFactory.promptReference(caller, "triage", "2.0.0", params);
 * RequestFactory draft = RequestFactory.inline(caller, "You triage messages...", "Message: {{message}}", params);
 * }</pre>
 *
 * <p>Implementations must be thread-safe: the runner calls them from several threads.
 */
@FunctionalInterface
public interface RequestFactory {

  /** The request for one item. */
  ClinicalRequest request(DatasetItem item);

  /**
   * A request for a versioned prompt ({@link PromptSource.Reference}) whose variables are the
   * item's inputs; the client's prompt resolver renders it. Without a resolver, the client rejects
   * the calls and the run records them as {@code rejected}.
   */
  static RequestFactory promptReference(
      Caller caller, String promptId, String selector, GenerationParameters parameters) {
    return item -> ClinicalRequest.builder()
        .prompt(new PromptSource.Reference(promptId, selector, item.input()))
        .caller(caller)
        .parameters(parameters)
        .build();
  }

  /**
   * A system message and a user message template; {@code {{name}}} in the template is replaced by
   * the item's input {@code name}. A placeholder the item lacks is an {@link EvalException} naming
   * the item and the placeholder.
   */
  static RequestFactory inline(
      Caller caller, String system, String userTemplate, GenerationParameters parameters) {
    Pattern placeholder = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");
    return item -> {
      Map<String, String> input = item.input();
      Matcher m = placeholder.matcher(userTemplate);
      StringBuilder user = new StringBuilder();
      while (m.find()) {
        String value = input.get(m.group(1));
        if (value == null) {
          throw new EvalException("item " + item.id() + ": the template uses {{" + m.group(1)
              + "}} but the item's input has only " + input.keySet());
        }
        m.appendReplacement(user, Matcher.quoteReplacement(value));
      }
      m.appendTail(user);
      ClinicalRequest.Builder b = ClinicalRequest.builder().caller(caller).parameters(parameters);
      if (!system.isBlank()) {
        b.system(system);
      }
      return b.user(user.toString()).build();
    };
  }
}
