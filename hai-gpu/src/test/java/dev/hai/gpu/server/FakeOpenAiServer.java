package dev.hai.gpu.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A small OpenAI-compatible server run as a separate JVM by the unit tests, so that the supervisor
 * manages a real child process (started, killed, restarted, stopped) on a machine with only a JDK.
 * The integration tests run the real llama.cpp server instead.
 *
 * <p>Arguments: {@code port} then options: {@code --models a,b} (served ids, default {@code fake}),
 * {@code --ready-after-ms N} (503 before), {@code --unhealthy-after-ms N} (503 after), {@code
 * --delay-ms N} (each completion takes this long), {@code --spawn-child} (starts a sleeping child
 * process, to test that the whole tree is stopped), {@code --ignore-term} (keeps running on SIGTERM),
 * {@code --busy-models} ({@code /v1/models} waits while a completion runs, as llama-cpp-python's does),
 * {@code --term-delay-ms N} (on SIGTERM takes this long to stop, then prints "fake server stopped
 * gracefully").
 * Completions run one at a time.
 */
public final class FakeOpenAiServer {
  private FakeOpenAiServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String models = "fake";
    long readyAfter = 0;
    long unhealthyAfter = Long.MAX_VALUE;
    long delay = 0;
    boolean spawnChild = false;
    boolean ignoreTerm = false;
    boolean busyModels = false;
    long termDelay = -1;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--models": models = args[++i]; break;
        case "--ready-after-ms": readyAfter = Long.parseLong(args[++i]); break;
        case "--unhealthy-after-ms": unhealthyAfter = Long.parseLong(args[++i]); break;
        case "--delay-ms": delay = Long.parseLong(args[++i]); break;
        case "--spawn-child": spawnChild = true; break;
        case "--ignore-term": ignoreTerm = true; break;
        case "--busy-models": busyModels = true; break;
        case "--term-delay-ms": termDelay = Long.parseLong(args[++i]); break;
        default: throw new IllegalArgumentException(args[i]);
      }
    }
    if (spawnChild) {
      new ProcessBuilder("sleep", "600").inheritIO().start();
    }
    long start = System.nanoTime();
    long readyAt = readyAfter;
    long unhealthyAt = unhealthyAfter;
    long delayMs = delay;
    String modelIds = models;
    boolean modelsWait = busyModels;
    // Like llama-cpp-python's server: one lock for generation and the model list.
    Object generation = new Object();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      long ms = (System.nanoTime() - start) / 1_000_000;
      boolean up = ms >= readyAt && ms < unhealthyAt;
      String path = exchange.getRequestURI().getPath();
      exchange.getRequestBody().readAllBytes();
      if (path.equals("/v1/models") && modelsWait) {
        synchronized (generation) {
          // waits for a running completion
        }
      }
      if (path.equals("/health") || path.equals("/v1/models")) {
        if (!up) {
          reply(exchange, 503, "{\"error\":{\"message\":\"loading\"}}");
        } else if (path.equals("/health")) {
          reply(exchange, 200, "{\"status\":\"ok\"}");
        } else {
          List<String> data = new ArrayList<>();
          for (String id : modelIds.split(",")) {
            data.add("{\"id\":\"" + id + "\",\"object\":\"model\",\"owned_by\":\"me\"}");
          }
          reply(exchange, 200, "{\"object\":\"list\",\"data\":[" + String.join(",", data) + "]}");
        }
      } else if (path.equals("/v1/chat/completions")) {
        synchronized (generation) {
          try {
            Thread.sleep(delayMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        reply(exchange, 200, "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"" + modelIds.split(",")[0]
            + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"pid "
            + ProcessHandle.current().pid() + "\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}");
      } else {
        reply(exchange, 404, "{\"error\":{\"message\":\"not found\"}}");
      }
    });
    server.start();
    if (ignoreTerm) {
      // A shutdown hook that never ends keeps the JVM alive after SIGTERM: only SIGKILL stops it.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          Thread.sleep(600_000);
        } catch (InterruptedException ignored) {
          // exit
        }
      }));
    }
    if (termDelay >= 0) {
      // A clean shutdown that takes a while, and says when it is done: proof of the grace period.
      long termDelayMs = termDelay;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          Thread.sleep(termDelayMs);
        } catch (InterruptedException ignored) {
          // exit
        }
        System.out.println("fake server stopped gracefully");
        System.out.flush();
      }));
    }
    System.out.println("fake server listening on " + port);
    Thread.currentThread().join();
  }

  private static void reply(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The command line that runs this server on {@code port} with {@code options}. */
  static List<String> command(int port, String... options) {
    String java = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String classes;
    try {
      classes = Path.of(FakeOpenAiServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-cp", classes, FakeOpenAiServer.class.getName(), Integer.toString(port)));
    cmd.addAll(List.of(options));
    return cmd;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
