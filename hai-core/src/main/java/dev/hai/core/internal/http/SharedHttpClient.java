package dev.hai.core.internal.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The {@link OkHttpClient} that backends share unless they are given one, so that all of them use
 * one connection pool and one set of threads. Created on first use.
 *
 * <p>Its timeouts are backstops: every backend call also sets its own call timeout (the attempt's
 * timeout), which is what normally ends a slow call. It does not retry on connection failure: the
 * client's retry policy decides about retries, not OkHttp.
 */
public final class SharedHttpClient {
  /** How long a TCP/TLS connect may take. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** How long a read may wait for the next bytes; long, since a model can think for minutes. */
  public static final Duration READ_TIMEOUT = Duration.ofMinutes(10);
  /** How long a write may wait. */
  public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
  /** Idle connections kept per pool. */
  public static final int MAX_IDLE_CONNECTIONS = 16;
  /** How long an idle connection is kept. */
  public static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

  private SharedHttpClient() {}

  /** The shared client. */
  public static OkHttpClient get() {
    return Holder.CLIENT;
  }

  private static final class Holder {
    static final OkHttpClient CLIENT =
        new OkHttpClient.Builder()
            .connectTimeout(CONNECT_TIMEOUT)
            .readTimeout(READ_TIMEOUT)
            .writeTimeout(WRITE_TIMEOUT)
            .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMinutes(), TimeUnit.MINUTES))
            .retryOnConnectionFailure(false)
            .build();
  }
}
