package dev.hai.governance.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/** Where a Wasm bundle comes from, and how to tell cheaply whether it changed. */
public interface BundleSource {

  /** The bundle's bytes. */
  byte[] load() throws IOException;

  /**
   * A cheap token that changes when the bundle does (a file's time and size), or null when this
   * source cannot tell without loading (then a reload check loads and compares hashes).
   */
  @Nullable Object stamp() throws IOException;

  /** Whether the bundle can change at all (a class-path resource cannot). */
  boolean reloadable();

  String describe();

  static BundleSource file(Path file) {
    Objects.requireNonNull(file, "file");
    return new BundleSource() {
      @Override
      public byte[] load() throws IOException {
        if (Files.size(file) > PolicyBundle.MAX_BYTES) {
          throw new IOException("bundle file " + file + " is larger than " + PolicyBundle.MAX_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
      }

      @Override
      public Object stamp() throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
      }

      @Override
      public boolean reloadable() {
        return true;
      }

      @Override
      public String describe() {
        return "file " + file;
      }
    };
  }

  static BundleSource resource(String name, ClassLoader loader) {
    Objects.requireNonNull(name, "resource");
    return new BundleSource() {
      @Override
      public byte[] load() throws IOException {
        try (InputStream in = loader.getResourceAsStream(name.startsWith("/") ? name.substring(1) : name)) {
          if (in == null) {
            throw new IOException("no class-path resource '" + name + "'");
          }
          return PolicyBundle.readAtMost(in, PolicyBundle.MAX_BYTES, "class-path resource '" + name + "'");
        }
      }

      @Override
      public @Nullable Object stamp() {
        return null;
      }

      @Override
      public boolean reloadable() {
        return false;
      }

      @Override
      public String describe() {
        return "class-path resource " + name;
      }
    };
  }

  /**
   * A bundle server. Each load after the first sends the last answer's {@code ETag} in {@code
   * If-None-Match}; a {@code 304 Not Modified} returns the bytes already held, so an unchanged
   * bundle is not downloaded again.
   */
  static BundleSource url(String url, OkHttpClient http) {
    Objects.requireNonNull(url, "url");
    return new BundleSource() {
      private volatile @Nullable String etag;
      private volatile byte @Nullable [] last;

      @Override
      public byte[] load() throws IOException {
        Request.Builder request = new Request.Builder().url(url).get();
        String tag = etag;
        byte[] held = last;
        if (tag != null && held != null) {
          request.header("If-None-Match", tag);
        }
        try (Response r = http.newCall(request.build()).execute()) {
          if (r.code() == 304 && held != null) {
            return held;
          }
          if (!r.isSuccessful()) {
            throw new IOException("GET " + url + " answered HTTP " + r.code());
          }
          ResponseBody body = r.body();
          if (body.contentLength() > PolicyBundle.MAX_BYTES) {
            throw new IOException("the bundle at " + url + " is larger than " + PolicyBundle.MAX_BYTES + " bytes");
          }
          byte[] bytes; // the declared length may be absent (chunked): count what arrives
          try (InputStream in = body.byteStream()) {
            bytes = PolicyBundle.readAtMost(in, PolicyBundle.MAX_BYTES, "the bundle at " + url);
          }
          last = bytes;
          etag = r.header("ETag");
          return bytes;
        }
      }

      @Override
      public @Nullable Object stamp() {
        return null;
      }

      @Override
      public boolean reloadable() {
        return true;
      }

      @Override
      public String describe() {
        return "URL " + url;
      }
    };
  }
}
