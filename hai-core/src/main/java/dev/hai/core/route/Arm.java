package dev.hai.core.route;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.internal.Checks;
import dev.hai.core.spi.ModelBackend;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One arm of a {@link Route}: which backend and model answer, and optionally which prompt version.
 *
 * <pre>{@code
 * Arm champion = Arm.builder("claude").backend("anthropic").model("claude-sonnet-4-5").build();
 * Arm challenger = Arm.builder("local-8b").backend(localServer).promptSelector("2.0.0").build();
 * }</pre>
 *
 * @param name the arm's name, recorded with every call it serves; letters, digits, '.', '_', '-'
 * @param backendName the backend that answers: one of the client's backends by name, or the name of
 *     {@code ownBackend}
 * @param ownBackend a backend of the arm's own, not among the client's backends; null to use the
 *     client's backend named {@code backendName}. {@link RouteTable#close()} closes it.
 * @param model the model to ask for; null for the request's model, else the backend's default model
 * @param promptSelector a version or label of the request's prompt for this arm (the request's prompt
 *     id, re-resolved through the client's prompt resolver); null to keep the request's prompt
 */
public record Arm(
    String name,
    String backendName,
    @Nullable ModelBackend ownBackend,
    @Nullable String model,
    @Nullable String promptSelector) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

  public Arm {
    checkName(name, "arm.name");
    Checks.notBlank(backendName, "arm.backend");
    if (ownBackend != null && !ownBackend.info().name().equals(backendName)) {
      throw new InvalidRequestException("arm.backend", "arm '" + name + "': backendName '" + backendName
          + "' differs from its own backend's name '" + ownBackend.info().name() + "'");
    }
    if (model != null) {
      Checks.notBlank(model, "arm.model");
    }
    if (promptSelector != null) {
      Checks.notBlank(promptSelector, "arm.promptSelector");
    }
  }

  /** The arm's own backend, when it has one. */
  public Optional<ModelBackend> backend() {
    return Optional.ofNullable(ownBackend);
  }

  /** Starts an arm named {@code name}; a backend is required. */
  public static Builder builder(String name) {
    return new Builder(checkName(name, "arm.name"));
  }

  static String checkName(@Nullable String name, String field) {
    Checks.required(name, field);
    if (!NAME.matcher(name).matches()) {
      throw new InvalidRequestException(field, "'" + name
          + "' must start with a letter and hold only letters, digits, '.', '_' or '-' (at most 64)");
    }
    return name;
  }

  /** Builds an {@link Arm}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private @Nullable String backendName;
    private @Nullable ModelBackend ownBackend;
    private @Nullable String model;
    private @Nullable String promptSelector;

    private Builder(String name) {
      this.name = name;
    }

    /** Answers with the client's backend of this name (checked when the client is built). */
    public Builder backend(String backendName) {
      this.backendName = Checks.notBlank(backendName, "arm.backend");
      this.ownBackend = null;
      return this;
    }

    /** Answers with a backend of the arm's own, not one of the client's. */
    public Builder backend(ModelBackend backend) {
      this.ownBackend = Checks.required(backend, "arm.backend");
      this.backendName = backend.info().name();
      return this;
    }

    /** The model to ask for. Default: the request's model, else the backend's default model. */
    public Builder model(String model) {
      this.model = Checks.notBlank(model, "arm.model");
      return this;
    }

    /** A version or label of the request's prompt for this arm. Default: the request's own. */
    public Builder promptSelector(String selector) {
      this.promptSelector = Checks.notBlank(selector, "arm.promptSelector");
      return this;
    }

    /**
     * The arm.
     *
     * @throws InvalidRequestException when no backend was given
     */
    public Arm build() {
      if (backendName == null) {
        throw new InvalidRequestException("arm.backend", "arm '" + name + "' needs a backend");
      }
      return new Arm(name, backendName, ownBackend, model, promptSelector);
    }
  }
}
