/**
 * OpenAI-compatible model servers on the hospital's own machines (llama.cpp's server, vLLM, TGI,
 * {@code transformers serve}, NIM): {@link dev.hai.gpu.server.LocalServerBackend} calls one with
 * probes, its served-model list and a connection pool sized to its concurrency, and {@link
 * dev.hai.gpu.server.ServerSupervisor} can run it as a child process, restart it when it dies and
 * stop it with its process tree.
 *
 * <pre>{@code
 * ServerSupervisor server = ServerSupervisor.builder()
 *     .name("llama-server")
 *     .command("python3", "-m", "llama_cpp.server", "--model", "/models/m.gguf", "--port", "8080")
 *     .readinessUrl("http://127.0.0.1:8080/v1/models")
 *     .build()
 *     .start();
 * server.awaitReady(Duration.ofMinutes(2));
 * LocalServerBackend backend = LocalServerBackend.builder("http://127.0.0.1:8080/v1")
 *     .defaultModel("smollm2")
 *     .maxConcurrency(4)
 *     .supervisor(server)            // the backend fails fast while the server is down, and closes it
 *     .build();
 * }</pre>
 */
@NullMarked
package dev.hai.gpu.server;

import org.jspecify.annotations.NullMarked;
