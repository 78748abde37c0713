/**
 * Local models for HAI: {@link dev.hai.gpu.LlamaCppBackend} runs a GGUF model in this process
 * through llama.cpp, and {@link dev.hai.gpu.LocalModels} finds and verifies the default model file.
 *
 * <pre>{@code
 * try (ClinicalModelClient client = ClinicalModelClient.builder()
 *     .backend(LlamaCppBackend.builder().modelPath(LocalModels.defaultModelPath()).build())
 *     .build()) {
 *   ClinicalResult result = client.call(request);
 * }
 * }</pre>
 *
 * <p>Everything in this package is public API; {@code dev.hai.gpu.internal} is not.
 */
@NullMarked
package dev.hai.gpu;

import org.jspecify.annotations.NullMarked;
