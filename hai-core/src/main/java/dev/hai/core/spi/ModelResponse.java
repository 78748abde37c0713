package dev.hai.core.spi;

import dev.hai.core.FinishReason;
import dev.hai.core.Usage;
import dev.hai.core.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * A backend's answer.
 *
 * @param text the generated text (text blocks joined in order)
 * @param model the model that answered, as the provider reported it (may be more specific than
 *     the one asked for, for example a dated snapshot)
 * @param usage token counts as reported
 * @param finishReason why generation stopped, normalised
 * @param rawFinishReason the provider's own value, for example {@code "end_turn"}
 * @param providerRequestId the provider's id for the response or request, if any
 * @param scheduling what a scheduler in front of the backend did with the call, or {@code null}
 *     when no scheduler was involved
 */
public record ModelResponse(
    String text,
    String model,
    Usage usage,
    FinishReason finishReason,
    @Nullable String rawFinishReason,
    @Nullable String providerRequestId,
    @Nullable SchedulingInfo scheduling) {
  public ModelResponse {
    Checks.required(text, "text");
    Checks.notBlank(model, "model");
    Checks.required(usage, "usage");
    Checks.required(finishReason, "finishReason");
  }

  /** An answer without scheduling information: the constructor of responses made before that field. */
  public ModelResponse(
      String text,
      String model,
      Usage usage,
      FinishReason finishReason,
      @Nullable String rawFinishReason,
      @Nullable String providerRequestId) {
    this(text, model, usage, finishReason, rawFinishReason, providerRequestId, null);
  }

  /** A copy carrying {@code scheduling}: how a scheduling backend reports what it did. */
  public ModelResponse withScheduling(SchedulingInfo scheduling) {
    return new ModelResponse(text, model, usage, finishReason, rawFinishReason, providerRequestId,
        Checks.required(scheduling, "scheduling"));
  }

  /** Shows the text's length, never the text: it may hold PHI. */
  @Override
  public String toString() {
    return "ModelResponse[text=<" + text.length() + " chars>, model=" + model + ", usage=" + usage
        + ", finishReason=" + finishReason + ", rawFinishReason=" + rawFinishReason
        + ", providerRequestId=" + providerRequestId + ", scheduling=" + scheduling + "]";
  }
}
