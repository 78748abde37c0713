package dev.hai.benchmarks.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server in the Chat Completions wire format for the driver's own tests: it answers
 * after {@code delayMillis} with {@code usage.completion_tokens} equal to the request's {@code
 * max_tokens}, records each request body, and counts how many requests it held at once.
 */
final class FakeChatServer implements AutoCloseable {
  static {
    // Without TCP_NODELAY each answer waits for the client's delayed ACK (~40 ms).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(32);
  private final ObjectMapper json = new ObjectMapper();
  final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();

  FakeChatServer(long delayMillis, int status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    server.createContext("/v1/chat/completions", exchange -> {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      boolean counted = true;
      try {
        JsonNode body = json.readTree(exchange.getRequestBody());
        bodies.add(body);
        Thread.sleep(delayMillis);
        // Not in flight any more once the answer starts: the client may send its next request
        // before this handler returns.
        inFlight.decrementAndGet();
        counted = false;
        String answer = status == 200
            ? "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"fake\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":" + body.path("max_tokens").asInt()
                + ",\"total_tokens\":" + (20 + body.path("max_tokens").asInt()) + "}}"
            : "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        if (counted) {
          inFlight.decrementAndGet();
        }
        exchange.close();
      }
    });
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
