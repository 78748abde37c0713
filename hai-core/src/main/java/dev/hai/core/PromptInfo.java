package dev.hai.core;

import dev.hai.core.internal.Checks;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The exact versioned prompt a call used, and how it was chosen.
 *
 * @param promptId the prompt's id
 * @param version its version, for example {@code "1.2.0"}
 * @param sha256 the lowercase hex SHA-256 of the prompt's canonical content
 * @param label the label the request asked for ({@code "production"}), or {@code null} when it
 *     asked for a version or range
 * @param experiment the experiment that chose the version, or {@code null}
 * @param arm the experiment's arm the call was assigned to, or {@code null}
 */
public record PromptInfo(
    String promptId,
    String version,
    String sha256,
    @Nullable String label,
    @Nullable String experiment,
    @Nullable String arm) {
  public PromptInfo {
    Checks.notBlank(promptId, "prompt.promptId");
    Checks.notBlank(version, "prompt.version");
    Checks.notBlank(sha256, "prompt.sha256");
    if ((experiment == null) != (arm == null)) {
      throw new IllegalArgumentException("prompt.experiment and prompt.arm are set together or not at all");
    }
  }

  /** A prompt chosen by version, not by label or experiment. */
  public PromptInfo(String promptId, String version, String sha256) {
    this(promptId, version, sha256, null, null, null);
  }

  public Optional<String> labelName() {
    return Optional.ofNullable(label);
  }

  public Optional<String> experimentId() {
    return Optional.ofNullable(experiment);
  }

  public Optional<String> armName() {
    return Optional.ofNullable(arm);
  }
}
