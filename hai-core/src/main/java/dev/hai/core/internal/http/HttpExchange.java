package dev.hai.core.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.internal.Checks;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.FailureKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Runs one HTTP exchange for a backend and reads its body in full, turning every transport failure
 * into a {@link BackendException}:
 *
 * <ul>
 *   <li>no response within the attempt's timeout (connect, headers or body) → {@link FailureKind#TIMEOUT}
 *   <li>any other I/O failure before the response headers (refused, reset, DNS) → {@link
 *       FailureKind#CONNECTION}
 *   <li>a body that cannot be read in full (truncated, connection dropped mid-body) → {@link
 *       FailureKind#MALFORMED_RESPONSE}; so are, in {@link Reply#json()}, a wrong content type and
 *       malformed JSON
 * </ul>
 *
 * <p>Nothing here logs or quotes request or response content: messages name the failure, the
 * status and the host, never the prompt.
 */
public final class HttpExchange {
  /** The largest response body read; a larger one is a malformed response, not a memory problem. */
  public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
  /** Provider error messages are clipped to this many characters in exception messages. */
  public static final int MAX_ERROR_MESSAGE_CHARS = 500;

  private static final MediaType JSON = MediaType.get("application/json");

  private HttpExchange() {}

  /**
   * Executes {@code request} with a call timeout of {@code timeout} covering connect, write, wait
   * and the whole body, and returns the reply with its body read.
   *
   * @param requestIdHeader the header carrying the provider's request id, reported on failures
   * @throws BackendException for every failure
   */
  public static Reply execute(OkHttpClient client, Request request, Duration timeout, String requestIdHeader) {
    Call call = client.newCall(request);
    call.timeout().timeout(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    String host = request.url().host();
    long start = System.nanoTime();
    Response response;
    try {
      response = call.execute();
    } catch (InterruptedIOException e) {
      throw timeout("no response from " + host + " within " + timeout.toMillis() + " ms", 0, null, e);
    } catch (IOException e) {
      if (call.isCanceled() || elapsed(start).compareTo(timeout) >= 0) {
        throw timeout("no response from " + host + " within " + timeout.toMillis() + " ms", 0, null, e);
      }
      throw BackendException.builder(
              FailureKind.CONNECTION, "could not reach " + host + ": " + e.getClass().getSimpleName() + describe(e))
          .cause(e)
          .build();
    } catch (RuntimeException e) {
      // OkHttp misconfigured or shut down: not worth retrying here, but the next backend may work.
      throw BackendException.builder(
              FailureKind.UNAVAILABLE, "could not send to " + host + ": " + e.getClass().getSimpleName())
          .cause(e)
          .build();
    }
    try (response) {
      String requestId = response.header(requestIdHeader);
      byte[] bytes;
      try {
        BufferedSource source = response.body().source();
        if (source.request(MAX_BODY_BYTES + 1)) {
          throw BackendException.builder(
                  FailureKind.MALFORMED_RESPONSE,
                  "HTTP " + response.code() + " response body from " + host + " exceeds " + MAX_BODY_BYTES + " bytes")
              .statusCode(response.code())
              .providerRequestId(requestId)
              .build();
        }
        bytes = source.readByteArray();
      } catch (InterruptedIOException e) {
        throw timeout("the response body from " + host + " did not arrive within " + timeout.toMillis() + " ms",
            response.code(), requestId, e);
      } catch (IOException e) {
        if (call.isCanceled() || elapsed(start).compareTo(timeout) >= 0) {
          throw timeout("the response body from " + host + " did not arrive within " + timeout.toMillis() + " ms",
              response.code(), requestId, e);
        }
        throw BackendException.builder(
                FailureKind.MALFORMED_RESPONSE,
                "HTTP " + response.code() + " response body from " + host + " was truncated or unreadable: "
                    + e.getClass().getSimpleName() + describe(e))
            .statusCode(response.code())
            .providerRequestId(requestId)
            .cause(e)
            .build();
      }
      return new Reply(response.code(), response.headers(), bytes, response.body().contentType(), requestId);
    }
  }

  /**
   * The failure kind an HTTP error status means when the provider's error body says nothing more
   * specific: 429 rate limited; 503 and 529 overloaded; 408 timeout; other 5xx server error; 401
   * and 403 authentication; other 4xx invalid request; anything else (an unfollowed redirect) a
   * malformed response.
   */
  public static FailureKind kindForStatus(int code) {
    if (code == 429) {
      return FailureKind.RATE_LIMITED;
    }
    if (code == 503 || code == 529) {
      return FailureKind.OVERLOADED;
    }
    if (code == 408) {
      return FailureKind.TIMEOUT;
    }
    if (code >= 500 && code <= 599) {
      return FailureKind.SERVER_ERROR;
    }
    if (code == 401 || code == 403) {
      return FailureKind.AUTHENTICATION;
    }
    if (code >= 400 && code <= 499) {
      return FailureKind.INVALID_REQUEST;
    }
    return FailureKind.MALFORMED_RESPONSE;
  }

  /** The timeout of one attempt: the backend's cap or the call's remaining time, whichever is shorter. */
  public static Duration attemptTimeout(Duration cap, Duration callTimeout) {
    return callTimeout.compareTo(cap) < 0 ? callTimeout : cap;
  }

  /**
   * Checks a configured base URL and returns it without a trailing slash.
   *
   * @throws InvalidRequestException naming {@code field} if it is not an http(s) URL
   */
  public static String baseUrl(String value, String field) {
    Checks.notBlank(value, field);
    String trimmed = value.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (HttpUrl.parse(trimmed) == null) {
      throw new InvalidRequestException(field, "must be an http or https URL, was '" + value + "'");
    }
    return trimmed;
  }

  /** {@code body} serialised as an {@code application/json} request body. */
  public static RequestBody jsonBody(ObjectNode body) {
    try {
      return RequestBody.create(Json.mapper().writeValueAsBytes(body), JSON);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises; this is a bug, not a backend failure.
      throw new IllegalStateException("could not serialise a request body", e);
    }
  }

  /** {@code s} clipped to {@link #MAX_ERROR_MESSAGE_CHARS}. */
  public static String clip(String s) {
    return s.length() <= MAX_ERROR_MESSAGE_CHARS ? s : s.substring(0, MAX_ERROR_MESSAGE_CHARS) + "…";
  }

  private static BackendException timeout(String message, int status, @Nullable String requestId, IOException e) {
    return BackendException.builder(FailureKind.TIMEOUT, message)
        .statusCode(status)
        .providerRequestId(requestId)
        .cause(e)
        .build();
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? "" : ": " + clip(e.getMessage());
  }

  /**
   * A reply whose body has been read in full.
   *
   * @param code the HTTP status
   * @param headers the response headers
   * @param body the body's bytes
   * @param contentType the body's declared media type, if any
   * @param requestId the provider's request id header, if sent
   */
  public record Reply(
      int code, Headers headers, byte[] body, @Nullable MediaType contentType, @Nullable String requestId) {

    /** Whether the status is 2xx. */
    public boolean successful() {
      return code >= 200 && code < 300;
    }

    /** The last value of the response header {@code name}, if sent. */
    public @Nullable String header(String name) {
      return headers.get(name);
    }

    /**
     * The body as a JSON object.
     *
     * @throws BackendException {@link FailureKind#MALFORMED_RESPONSE} if the content type is not
     *     JSON or the body is not one JSON object
     */
    public JsonNode json() {
      if (contentType != null && !isJson(contentType)) {
        throw malformed("content type " + contentType.type() + "/" + contentType.subtype() + ", expected JSON");
      }
      JsonNode node = parse();
      if (node == null) {
        throw malformed("the body is not a JSON object");
      }
      return node;
    }

    /** The body as a JSON object, or {@code null} when it is not one (an HTML error page, say). */
    public @Nullable JsonNode jsonOrNull() {
      return parse();
    }

    /** A {@link FailureKind#MALFORMED_RESPONSE} failure of this reply. */
    public BackendException malformed(String why) {
      return BackendException.builder(FailureKind.MALFORMED_RESPONSE, "HTTP " + code + " response malformed: " + why)
          .statusCode(code)
          .providerRequestId(requestId)
          .build();
    }

    private @Nullable JsonNode parse() {
      try {
        JsonNode node = Json.mapper().readTree(body);
        return node != null && node.isObject() ? node : null;
      } catch (IOException e) {
        return null;
      }
    }

    private static boolean isJson(MediaType type) {
      String subtype = type.subtype().toLowerCase(java.util.Locale.ROOT);
      return subtype.equals("json") || subtype.endsWith("+json");
    }
  }
}
