package dev.hai.core;

import dev.hai.core.internal.Checks;

/**
 * The exact versioned prompt a call used.
 *
 * @param promptId the prompt's id
 * @param version its version, for example {@code "1.2.0"}
 * @param sha256 the lowercase hex SHA-256 of the prompt's canonical content
 */
public record PromptInfo(String promptId, String version, String sha256) {
  public PromptInfo {
    Checks.notBlank(promptId, "prompt.promptId");
    Checks.notBlank(version, "prompt.version");
    Checks.notBlank(sha256, "prompt.sha256");
  }
}
