/**
 * A {@link dev.hai.core.spi.ModelBackend} for OpenAI's Chat Completions API and the servers that
 * speak it: OpenAI, Azure OpenAI, and OpenAI-compatible local servers (vLLM, llama.cpp server,
 * Ollama, TGI). See {@link dev.hai.core.backend.openai.OpenAiBackend}.
 */
@NullMarked
package dev.hai.core.backend.openai;

import org.jspecify.annotations.NullMarked;
