package dev.hai.core.policy;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an allowing policy asks the rest of the pipeline to do. Every obligation is obeyed or the
 * call does not proceed; a decision with an obligation HAI does not know is treated as malformed
 * (fail closed).
 *
 * @param redactPhi {@code redact_phi}: replace PHI in the messages before they go to an external
 *     model (local models get them as written)
 * @param maxOutputTokens {@code max_output_tokens}: cap the answer's tokens at this, or null for no
 *     cap
 * @param allowedModels {@code allowed_models}: the only backends or models the call may use (an
 *     entry matches a backend's name or a model id), or null for no restriction
 * @param requireHumanReview {@code require_human_review}: the answer must be reviewed by a person
 *     before use; set on {@code ClinicalResult.Success}
 * @param auditContent {@code audit_content}: keep the PHI-redacted input and output in this call's
 *     audit record, even when content capture is off
 */
public record Obligations(
    boolean redactPhi,
    @Nullable Integer maxOutputTokens,
    @Nullable List<String> allowedModels,
    boolean requireHumanReview,
    boolean auditContent) {

  private static final Obligations NONE = new Obligations(false, null, null, false, false);

  public Obligations {
    if (maxOutputTokens != null && maxOutputTokens < 1) {
      throw new IllegalArgumentException("max_output_tokens must be at least 1, was " + maxOutputTokens);
    }
    if (allowedModels != null) {
      allowedModels = List.copyOf(allowedModels);
    }
  }

  /** No obligations: the call proceeds as requested. */
  public static Obligations none() {
    return NONE;
  }

  public Optional<Integer> maxOutputTokensCap() {
    return Optional.ofNullable(maxOutputTokens);
  }

  /** Whether a backend with this name, asked for this model, may be used. */
  public boolean permits(String backend, String model) {
    return allowedModels == null || allowedModels.contains(backend) || allowedModels.contains(model);
  }
}
