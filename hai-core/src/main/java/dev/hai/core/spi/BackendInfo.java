package dev.hai.core.spi;

import dev.hai.core.internal.Checks;

/**
 * What a backend is, for routing, results, audit and policy.
 *
 * @param name this backend's name in the client, unique among its backends, for example
 *     {@code "anthropic"} or {@code "azure-eu"}
 * @param provider the API it speaks: {@code "anthropic"}, {@code "openai"}, {@code "azure-openai"},
 *     {@code "openai-compatible"}, {@code "llama.cpp"}
 * @param hosting where the model runs
 * @param defaultModel the model used when neither the request nor the prompt names one
 */
public record BackendInfo(String name, String provider, Hosting hosting, String defaultModel) {
  public BackendInfo {
    Checks.notBlank(name, "backend.name");
    Checks.notBlank(provider, "backend.provider");
    Checks.required(hosting, "backend.hosting");
    Checks.notBlank(defaultModel, "backend.defaultModel");
  }
}
