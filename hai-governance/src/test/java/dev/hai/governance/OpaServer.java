package dev.hai.governance;

import dev.hai.governance.internal.PolicyBundle;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OPA server ({@code opa run --server}) on loopback, serving the starter policy's Rego from
 * {@code policies/} with the revision of the committed Wasm bundle, so that both engines answer
 * from the same policy and revision ({@code policies/check.sh} proves the bundle is built from that
 * Rego). The binary is {@code $HAI_OPA}, else {@code opa} on the PATH, else {@code ~/go/bin/opa}
 * (where {@code go install} puts it); without one the test fails, it never skips.
 */
public final class OpaServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final Process process;
  private final String url;
  private final String revision;

  private OpaServer(Process process, String url, String revision) {
    this.process = process;
    this.url = url;
    this.revision = revision;
  }

  /** Starts a server with the starter policy; from a module directory or the repository root. */
  public static OpaServer start() throws Exception {
    PolicyBundle wasm = PolicyBundle.read(WasmPolicyEngineTest.resource(WasmPolicyEngineTest.STARTER),
        WasmPolicyEngine.DEFAULT_ENTRYPOINT);
    Path rego = Path.of("..", "policies", "hai", "authz", "policy.rego");
    if (!Files.isRegularFile(rego)) {
      rego = Path.of("policies", "hai", "authz", "policy.rego");
    }
    if (!Files.isRegularFile(rego)) {
      throw new IllegalStateException("the starter policy is not at " + rego.toAbsolutePath());
    }
    Path dir = Files.createTempDirectory("hai-opa-bundle");
    Files.createDirectories(dir.resolve("hai/authz"));
    Files.copy(rego, dir.resolve("hai/authz/policy.rego"));
    Files.writeString(dir.resolve(".manifest"), "{\"revision\":\"" + wasm.revision() + "\",\"roots\":[\"\"]}");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("opa-server.log");
    Process p = new ProcessBuilder(opa(), "run", "--server", "--addr", "127.0.0.1:" + port,
            "--log-level", "error", "--bundle", dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    String url = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException("opa exited with " + p.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(url + "/health?bundles").toURL().openConnection();
        c.setConnectTimeout(500);
        if (c.getResponseCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // starting
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException("opa did not become healthy within " + STARTUP + ": " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return new OpaServer(p, url, wasm.revision());
  }

  static String opa() {
    String env = System.getenv("HAI_OPA");
    if (env != null && !env.isBlank()) {
      return env;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "opa"))) {
        return Path.of(dir, "opa").toString();
      }
    }
    Path go = Path.of(System.getProperty("user.home"), "go", "bin", "opa");
    if (Files.isExecutable(go)) {
      return go.toString();
    }
    throw new IllegalStateException("no opa binary: install it with "
        + "'go install github.com/open-policy-agent/opa@v1.22.2' or set HAI_OPA");
  }

  public String url() {
    return url;
  }

  /** The revision the server reports: the committed Wasm bundle's. */
  public String revision() {
    return revision;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
