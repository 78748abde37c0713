package dev.hai.gpu.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Short HTTP GETs for readiness and health probes and the served-model list, on a client of its
 * own: probes must not wait behind model calls in the backend's connection pool, and a dead server
 * must answer "down" within the probe's timeout.
 *
 * <p>Thread-safe. {@link #close()} releases the client's threads and connections.
 */
public final class HttpProbe implements AutoCloseable {
  /** The largest probe body read (a served-model list is a few KiB). */
  static final long MAX_BODY_BYTES = 1024 * 1024;

  private final OkHttpClient client;

  public HttpProbe(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    this.client = new OkHttpClient.Builder()
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .callTimeout(timeout)
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        // No kept connections: each probe asks "can I connect now?", and a connection kept from
        // a server that has since died would fail the first probe of its successor.
        .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
        .build();
  }

  /**
   * One GET of {@code url}.
   *
   * @return the status and body, or a reply with status {@code -1} and the failure's class name
   *     when no response came (refused, reset, timed out)
   */
  public Reply get(String url, @Nullable String bearerToken) {
    Request.Builder request = new Request.Builder().url(url).get();
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    try (Response response = client.newCall(request.build()).execute()) {
      BufferedSource source = response.body().source();
      if (source.request(MAX_BODY_BYTES + 1)) {
        return new Reply(response.code(), new byte[0], "body over " + MAX_BODY_BYTES + " bytes");
      }
      return new Reply(response.code(), source.readByteArray(), null);
    } catch (InterruptedIOException e) {
      return new Reply(-1, new byte[0], "no answer within the probe timeout (" + e.getClass().getSimpleName() + ")");
    } catch (IOException e) {
      return new Reply(-1, new byte[0], e.getClass().getSimpleName());
    }
  }

  /** Whether {@code url}'s host and port accept a TCP connection within {@code timeout}. */
  public static boolean connects(String url, Duration timeout) {
    HttpUrl parsed = HttpUrl.get(url);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(parsed.host(), parsed.port()), (int) Math.max(1, timeout.toMillis()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether a GET of {@code url} answers 200 in time. */
  public boolean ok(String url) {
    return get(url, null).code() == 200;
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /**
   * A probe's outcome.
   *
   * @param code the HTTP status, or -1 when no response came
   * @param body the body (empty when none)
   * @param failure why no usable body came, if so
   */
  public record Reply(int code, byte[] body, @Nullable String failure) {
    /** Whether the server accepted the request but did not answer in time (busy or hung). */
    public boolean timedOut() {
      return code < 0 && failure != null && failure.startsWith("no answer");
    }
  }
}
