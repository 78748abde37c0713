package dev.hai.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server that answers every POST with a fixed OpenAI Chat Completions response,
 * in the real wire format, and {@code GET .../models} with a one-model list. Both sides of the HTTP
 * benchmarks talk to it.
 */
final class LoopbackOpenAiServer implements AutoCloseable {
  static final String RESPONSE = """
      {"id":"chatcmpl-bench","object":"chat.completion","created":1795660000,"model":"gpt-4.1-2025-04-14",\
      "choices":[{"index":0,"message":{"role":"assistant","content":"Stable; discharge with follow-up in 2 weeks.",\
      "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],\
      "usage":{"prompt_tokens":42,"completion_tokens":11,"total_tokens":53,\
      "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},\
      "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,\
      "rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_bench"}""";

  /** The answer to {@code GET /v1/models}: the model list an OpenAI-compatible server serves. */
  static final String MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4.1\",\"object\":\"model\"}]}";

  static {
    // Without TCP_NODELAY the server's header and body writes meet the client's delayed ACK and
    // every exchange takes ~40 ms, which would hide everything the benchmark is meant to measure.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;

  LoopbackOpenAiServer() throws IOException {
    byte[] body = RESPONSE.getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    byte[] models = MODELS.getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().endsWith("/models")) {
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(200, models.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(models);
        }
        return;
      }
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.getResponseHeaders().add("x-request-id", "req_bench");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
  }

  /** The base URL, as an OpenAI-compatible client expects it ({@code http://127.0.0.1:PORT/v1}). */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
