package dev.hai.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Where HAI looks for a local model file, and how to check one. Nothing here downloads anything:
 * {@code scripts/fetch-model.sh} fetches the default model ahead of time.
 *
 * <pre>{@code
 * Path model = LocalModels.defaultModelPath();   // $HAI_MODEL, else the cache directory
 * if (!LocalModels.verifySha256(model, LocalModels.DEFAULT_MODEL_SHA256)) { ... }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class LocalModels {

  /** The environment variable that names a model file, overriding the default location. */
  public static final String MODEL_ENV = "HAI_MODEL";

  /** The default model: SmolLM2 135M Instruct, 4-bit quantised (Q4_1), about 94 MiB. */
  public static final String DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf";

  /** SHA-256 of {@link #DEFAULT_MODEL_FILE}, lower-case hex. */
  public static final String DEFAULT_MODEL_SHA256 =
      "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53";

  /** The script, relative to the repository root, that fetches and verifies the default model. */
  public static final String FETCH_SCRIPT = "scripts/fetch-model.sh";

  private LocalModels() {}

  /**
   * The model file to use: {@code $HAI_MODEL} when set and not blank, else {@code
   * ~/.cache/hai/models/}{@value #DEFAULT_MODEL_FILE}. The file may not exist.
   */
  public static Path defaultModelPath() {
    return defaultModelPath(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** {@link #defaultModelPath()} over a given environment and home directory, for tests. */
  static Path defaultModelPath(Map<String, String> env, Path home) {
    String override = env.get(MODEL_ENV);
    if (override != null && !override.isBlank()) {
      return Path.of(override.strip());
    }
    return home.resolve(".cache").resolve("hai").resolve("models").resolve(DEFAULT_MODEL_FILE);
  }

  /**
   * Whether a file's SHA-256 equals {@code expectedHex} (case-insensitive).
   *
   * @throws UncheckedIOException if the file cannot be read
   */
  public static boolean verifySha256(Path file, String expectedHex) {
    Objects.requireNonNull(expectedHex, "expectedHex");
    return sha256(file).equalsIgnoreCase(expectedHex.strip());
  }

  /**
   * The SHA-256 of a file, lower-case hex.
   *
   * @throws UncheckedIOException if the file cannot be read
   */
  public static String sha256(Path file) {
    Objects.requireNonNull(file, "file");
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
