package dev.hai.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the model is asked to do with the messages. Every field is optional: an unset field means
 * "the prompt's default, else the backend's default".
 *
 * @param model the model id at the backend, for example {@code "claude-sonnet-4-5"} or {@code "gpt-4.1"}
 * @param temperature sampling temperature, 0 to 2
 * @param topP nucleus sampling mass, greater than 0 and at most 1
 * @param maxTokens the most output tokens the model may produce, at least 1
 * @param seed a sampling seed, for backends that honour one (OpenAI, llama.cpp; Anthropic ignores it)
 * @param stop stop sequences, at most {@value #MAX_STOP_SEQUENCES}
 */
public record GenerationParameters(
    @Nullable String model,
    @Nullable Double temperature,
    @Nullable Double topP,
    @Nullable Integer maxTokens,
    @Nullable Long seed,
    List<String> stop) {

  /** The most stop sequences a request may carry (OpenAI's limit is 4; Anthropic's is higher). */
  public static final int MAX_STOP_SEQUENCES = 16;

  private static final GenerationParameters NONE =
      new GenerationParameters(null, null, null, null, null, List.of());

  public GenerationParameters {
    if (model != null && model.isBlank()) {
      throw new InvalidRequestException("parameters.model", "must not be blank when set");
    }
    if (temperature != null && (temperature.isNaN() || temperature < 0.0 || temperature > 2.0)) {
      throw new InvalidRequestException("parameters.temperature", "must be between 0 and 2, was " + temperature);
    }
    if (topP != null && (topP.isNaN() || topP <= 0.0 || topP > 1.0)) {
      throw new InvalidRequestException("parameters.topP", "must be greater than 0 and at most 1, was " + topP);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw new InvalidRequestException("parameters.maxTokens", "must be at least 1, was " + maxTokens);
    }
    stop = List.copyOf(stop == null ? List.of() : stop);
    if (stop.size() > MAX_STOP_SEQUENCES) {
      throw new InvalidRequestException(
          "parameters.stop", "at most " + MAX_STOP_SEQUENCES + " stop sequences, was " + stop.size());
    }
    for (String s : stop) {
      if (s.isEmpty()) {
        throw new InvalidRequestException("parameters.stop", "stop sequences must not be empty");
      }
    }
  }

  /** Parameters with nothing set. */
  public static GenerationParameters none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .model(model)
        .temperature(temperature)
        .topP(topP)
        .maxTokens(maxTokens)
        .seed(seed)
        .stop(stop);
  }

  /** These parameters, with each unset field taken from {@code defaults}. */
  public GenerationParameters orElse(GenerationParameters defaults) {
    return new GenerationParameters(
        model != null ? model : defaults.model,
        temperature != null ? temperature : defaults.temperature,
        topP != null ? topP : defaults.topP,
        maxTokens != null ? maxTokens : defaults.maxTokens,
        seed != null ? seed : defaults.seed,
        stop.isEmpty() ? defaults.stop : stop);
  }

  /** Builds {@link GenerationParameters}; each setter validates its value at once. */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable Double temperature;
    private @Nullable Double topP;
    private @Nullable Integer maxTokens;
    private @Nullable Long seed;
    private List<String> stop = List.of();

    private Builder() {}

    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    public Builder temperature(@Nullable Double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder topP(@Nullable Double topP) {
      this.topP = topP;
      return this;
    }

    public Builder maxTokens(@Nullable Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder seed(@Nullable Long seed) {
      this.seed = seed;
      return this;
    }

    public Builder stop(List<String> stop) {
      this.stop = List.copyOf(stop);
      return this;
    }

    public GenerationParameters build() {
      return new GenerationParameters(model, temperature, topP, maxTokens, seed, stop);
    }
  }
}
