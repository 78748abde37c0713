package dev.hai.governance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * An OPA bundle built with {@code opa build -t wasm}: a gzipped tar holding {@code /policy.wasm},
 * {@code /data.json} and {@code /.manifest}. Read with a small tar reader (ustar, regular files
 * only), as nothing else in the bundle matters here.
 *
 * @param wasm the compiled policy
 * @param data the bundle's base data document, as JSON ({@code {}} when absent)
 * @param revision the manifest's revision, or null when the bundle has none
 * @param sha256 the hex SHA-256 of the bundle file, to tell bundles apart
 */
public record PolicyBundle(byte[] wasm, String data, @Nullable String revision, String sha256) {

  /** The longest bundle read (64 MiB), so that a wrong file cannot exhaust memory. */
  public static final int MAX_BYTES = 64 * 1024 * 1024;

  /**
   * Reads a whole stream of at most {@code max} bytes.
   *
   * @throws IOException if the stream holds more, naming {@code what} and the limit: a bundle is
   *     refused, never cut short
   */
  public static byte[] readAtMost(InputStream in, int max, String what) throws IOException {
    byte[] bytes = in.readNBytes(max);
    if (bytes.length == max && in.read() != -1) {
      throw new IOException(what + " is larger than the limit of " + max + " bytes (" + (max >> 20)
          + " MiB); a policy bundle is not that large: check that it is the right file");
    }
    return bytes;
  }

  /**
   * Reads a bundle.
   *
   * @param entrypoint the entrypoint that must be compiled into it, for example {@code
   *     hai/authz/decision}
   * @throws IOException if the bytes are not such a bundle, or lack the entrypoint
   */
  public static PolicyBundle read(byte[] gz, String entrypoint) throws IOException {
    Map<String, byte[]> files = untar(gz);
    byte[] wasm = files.get("policy.wasm");
    byte[] manifest = files.get(".manifest");
    String revision = null;
    if (manifest != null) {
      JsonNode m = PolicyJson.MAPPER.readTree(manifest);
      revision = m.path("revision").isTextual() && !m.path("revision").asText().isEmpty()
          ? m.path("revision").asText() : null;
      boolean found = false;
      String module = null;
      for (JsonNode w : m.path("wasm")) {
        if (entrypoint.equals(w.path("entrypoint").asText())) {
          found = true;
          module = w.path("module").asText();
        }
      }
      if (!found && m.has("wasm")) {
        throw new IOException("the bundle has no Wasm entrypoint '" + entrypoint
            + "'; build it with: opa build -t wasm -e " + entrypoint + " ...");
      }
      if (module != null) {
        wasm = files.get(module.startsWith("/") ? module.substring(1) : module);
      }
    }
    if (wasm == null) {
      throw new IOException("the bundle holds no policy.wasm; build it with: opa build -t wasm -e " + entrypoint + " ...");
    }
    byte[] data = files.get("data.json");
    return new PolicyBundle(wasm, data == null ? "{}" : new String(data, StandardCharsets.UTF_8), revision,
        PolicyJson.sha256Hex(gz));
  }

  /** Regular files of a gzipped tar, by path without a leading "/" or "./". */
  static Map<String, byte[]> untar(byte[] gz) throws IOException {
    byte[] tar;
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      tar = readAll(in);
    } catch (java.util.zip.ZipException e) {
      throw new IOException("not a gzipped tar (an OPA bundle is .tar.gz): " + e.getMessage(), e);
    }
    Map<String, byte[]> files = new HashMap<>();
    int at = 0;
    String longName = null;
    while (at + 512 <= tar.length) {
      if (isZero(tar, at)) {
        break;
      }
      String name = field(tar, at, 100);
      String prefix = field(tar, at + 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      long size = octal(tar, at + 124, 12);
      char type = (char) tar[at + 156];
      int body = at + 512;
      if (size < 0 || body + size > tar.length) {
        throw new IOException("truncated tar entry '" + name + "'");
      }
      if (type == 'L') { // GNU long name for the next entry
        longName = new String(tar, body, (int) size, StandardCharsets.UTF_8).replace("\0", "");
      } else {
        if (longName != null) {
          name = longName;
          longName = null;
        }
        if (type == '0' || type == '\0') {
          while (name.startsWith("/") || name.startsWith("./")) {
            name = name.substring(name.charAt(0) == '/' ? 1 : 2);
          }
          files.put(name, java.util.Arrays.copyOfRange(tar, body, body + (int) size));
        }
      }
      at = body + (int) ((size + 511) / 512 * 512);
    }
    return files;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0; ) {
      out.write(buf, 0, n);
      if (out.size() > MAX_BYTES) {
        throw new IOException("the bundle is larger than " + MAX_BYTES + " bytes unpacked");
      }
    }
    return out.toByteArray();
  }

  private static boolean isZero(byte[] b, int at) {
    for (int i = at; i < at + 512; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] b, int at, int len) {
    int end = at;
    while (end < at + len && b[end] != 0) {
      end++;
    }
    return new String(b, at, end - at, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int at, int len) throws IOException {
    String s = field(b, at, len).trim();
    try {
      return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new IOException("not a tar file (bad size field)");
    }
  }
}
