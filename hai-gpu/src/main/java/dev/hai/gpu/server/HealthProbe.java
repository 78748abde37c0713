package dev.hai.gpu.server;

/**
 * Which URL tells whether an OpenAI-compatible server is up. A probe passes on HTTP 200 only.
 */
public enum HealthProbe {
  /**
   * {@code GET /health} at the server's root (not under the base URL's {@code /v1}): llama.cpp's
   * {@code llama-server} and vLLM answer 200 there once the model is loaded, 503 while loading.
   */
  HEALTH,
  /**
   * {@code GET {baseUrl}/models}: every OpenAI-compatible server has it (llama-cpp-python's server,
   * TGI, {@code transformers serve}, NIM), so it is the generic probe and the default.
   */
  MODELS
}
