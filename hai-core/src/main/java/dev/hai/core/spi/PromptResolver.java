package dev.hai.core.spi;

import dev.hai.core.ClinicalRequest;
import dev.hai.core.PromptSource;

/**
 * Renders a {@link PromptSource.Reference} into messages. hai-prompts provides the registry
 * implementation; without a resolver, requests that reference a prompt are rejected.
 *
 * <p>Must be thread-safe. A reference that cannot be rendered (unknown prompt or version, missing
 * or undeclared variables, a value too long) throws {@link PromptResolutionException}, which the
 * client turns into a {@link dev.hai.core.ClinicalResult.Rejected}.
 */
@FunctionalInterface
public interface PromptResolver {

  ResolvedPrompt resolve(PromptSource.Reference reference);

  /**
   * Renders {@code reference} for {@code request}; the client's prompt stage calls this one. A
   * resolver that runs experiments reads the subject (for example {@link
   * ClinicalRequest#patientId()}) from the request to choose an arm. The default ignores the request.
   */
  default ResolvedPrompt resolve(PromptSource.Reference reference, ClinicalRequest request) {
    return resolve(reference);
  }

  /** Why a prompt reference could not be rendered. */
  final class PromptResolutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the request field to blame, for example {@code "prompt.variables.patient_age"}
     * @param message what to fix
     */
    public PromptResolutionException(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }
}
