package dev.hai.core.backend.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hai.core.ChatMessage;
import dev.hai.core.FinishReason;
import dev.hai.core.GenerationParameters;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.Usage;
import dev.hai.core.internal.Checks;
import dev.hai.core.internal.http.HttpExchange;
import dev.hai.core.internal.http.Json;
import dev.hai.core.internal.http.RetryAfter;
import dev.hai.core.internal.http.SharedHttpClient;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}, version {@value #API_VERSION}), one
 * non-streaming request per attempt.
 *
 * <pre>{@code
 * ModelBackend claude = AnthropicBackend.builder()
 *     .apiKey(System.getenv("ANTHROPIC_API_KEY"))
 *     .defaultModel("claude-sonnet-4-5")
 *     .build();
 * }</pre>
 *
 * <p>What is sent: system messages joined by a blank line as {@code system}, the other messages as
 * {@code messages}, {@code max_tokens} (required by Anthropic: the request's, else {@link
 * Builder#defaultMaxTokens}), and {@code temperature}, {@code top_p} and {@code stop_sequences}
 * only when set. Anthropic has no sampling seed: {@link GenerationParameters#seed()} is ignored.
 *
 * <p>What comes back: the {@code text} content blocks joined in order; {@code stop_reason}
 * {@code end_turn} → {@link FinishReason#STOP}, {@code max_tokens} → {@link FinishReason#LENGTH},
 * {@code stop_sequence} → {@link FinishReason#STOP_SEQUENCE}, {@code tool_use} → {@link
 * FinishReason#TOOL_USE}, {@code refusal} → a {@link FailureKind#CONTENT_REFUSED} failure, anything
 * else ({@code pause_turn}, new values) → {@link FinishReason#OTHER} with the raw value kept. The
 * provider request id is the {@code request-id} header, else the message {@code id}.
 *
 * <p>Errors: 429 → {@link FailureKind#RATE_LIMITED}; 529, 503 and {@code overloaded_error} → {@link
 * FailureKind#OVERLOADED}; other 5xx → {@link FailureKind#SERVER_ERROR}; 401, 403 and {@code
 * billing_error} → {@link FailureKind#AUTHENTICATION}; other 4xx → {@link
 * FailureKind#INVALID_REQUEST}. The wait the server asks for is {@code retry-after} (seconds or an
 * HTTP-date); on a 429 without it, the reset time of the exhausted limit ({@code
 * anthropic-ratelimit-requests-reset}, {@code anthropic-ratelimit-tokens-reset}; the later one
 * when neither or both are exhausted).
 *
 * <p>Immutable and thread-safe. Neither the API key nor any content appears in messages, logs or
 * {@link #toString()}.
 */
public final class AnthropicBackend implements ModelBackend {
  /** The API's base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
  /** The {@code anthropic-version} header sent. */
  public static final String API_VERSION = "2023-06-01";
  /** The backend's default name in the client. */
  public static final String DEFAULT_NAME = "anthropic";
  /** The model used when neither request nor prompt names one. */
  public static final String DEFAULT_MODEL = "claude-sonnet-4-5";
  /** {@code max_tokens} when the request sets none (Anthropic requires one). */
  public static final int DEFAULT_MAX_TOKENS = 1024;
  /** The longest one attempt may take; a call's shorter remaining time wins. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  static final String PROVIDER = "anthropic";
  private static final String REQUEST_ID_HEADER = "request-id";

  private final BackendInfo info;
  private final String apiKey;
  private final String messagesUrl;
  private final int defaultMaxTokens;
  private final Duration timeout;
  private final OkHttpClient httpClient;
  private final Headers extraHeaders;
  private final Clock clock;

  private AnthropicBackend(Builder b, String apiKey) {
    this.info = new BackendInfo(b.name, PROVIDER, b.hosting, b.defaultModel);
    this.apiKey = apiKey;
    this.messagesUrl = b.baseUrl + "/v1/messages";
    this.defaultMaxTokens = b.defaultMaxTokens;
    this.timeout = b.timeout;
    this.httpClient = b.httpClient != null ? b.httpClient : SharedHttpClient.get();
    this.extraHeaders = Headers.of(b.headers);
    this.clock = b.clock;
  }

  /** A builder with every default; only {@link Builder#apiKey} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public BackendInfo info() {
    return info;
  }

  @Override
  public ModelResponse generate(ModelCall call) {
    Request request = new Request.Builder()
        .url(messagesUrl)
        .headers(extraHeaders)
        .header("x-api-key", apiKey)
        .header("anthropic-version", API_VERSION)
        .post(HttpExchange.jsonBody(requestBody(call)))
        .build();
    HttpExchange.Reply reply =
        HttpExchange.execute(httpClient, request, HttpExchange.attemptTimeout(timeout, call.timeout()), REQUEST_ID_HEADER);
    if (!reply.successful()) {
      throw error(reply);
    }
    return response(reply, call);
  }

  ObjectNode requestBody(ModelCall call) {
    GenerationParameters p = call.parameters();
    ObjectNode body = Json.object();
    body.put("model", call.model());
    body.put("max_tokens", p.maxTokens() != null ? p.maxTokens() : defaultMaxTokens);
    List<String> system = new ArrayList<>();
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage m : call.messages()) {
      if (m.role() == ChatMessage.Role.SYSTEM) {
        system.add(m.content());
      } else {
        messages.addObject()
            .put("role", m.role() == ChatMessage.Role.USER ? "user" : "assistant")
            .put("content", m.content());
      }
    }
    if (!system.isEmpty()) {
      body.put("system", String.join("\n\n", system));
    }
    if (p.temperature() != null) {
      body.put("temperature", p.temperature());
    }
    if (p.topP() != null) {
      body.put("top_p", p.topP());
    }
    if (!p.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop_sequences");
      p.stop().forEach(stop::add);
    }
    // p.seed() is deliberately not sent: the Messages API has no seed and rejects unknown fields.
    return body;
  }

  private ModelResponse response(HttpExchange.Reply reply, ModelCall call) {
    JsonNode json = reply.json();
    JsonNode content = json.get("content");
    if (content == null || !content.isArray()) {
      throw reply.malformed("no 'content' array");
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if ("text".equals(Json.text(block, "type"))) {
        String t = Json.text(block, "text");
        if (t == null) {
          throw reply.malformed("a text block without 'text'");
        }
        text.append(t);
      }
    }
    String requestId = reply.requestId() != null ? reply.requestId() : Json.text(json, "id");
    String stopReason = Json.text(json, "stop_reason");
    if ("refusal".equals(stopReason)) {
      throw BackendException.builder(FailureKind.CONTENT_REFUSED, "the model refused to answer (stop_reason refusal)")
          .statusCode(reply.code())
          .providerErrorType("refusal")
          .providerRequestId(requestId)
          .build();
    }
    JsonNode usage = json.get("usage");
    String model = Json.text(json, "model");
    return new ModelResponse(
        text.toString(),
        model == null || model.isBlank() ? call.model() : model,
        new Usage(
            Json.count(usage, "input_tokens"),
            Json.count(usage, "output_tokens"),
            Json.count(usage, "cache_creation_input_tokens"),
            Json.count(usage, "cache_read_input_tokens")),
        finishReason(stopReason),
        stopReason,
        requestId);
  }

  static FinishReason finishReason(@Nullable String stopReason) {
    if (stopReason == null) {
      return FinishReason.OTHER;
    }
    switch (stopReason) {
      case "end_turn":
        return FinishReason.STOP;
      case "max_tokens":
        return FinishReason.LENGTH;
      case "stop_sequence":
        return FinishReason.STOP_SEQUENCE;
      case "tool_use":
        return FinishReason.TOOL_USE;
      default:
        return FinishReason.OTHER;
    }
  }

  private BackendException error(HttpExchange.Reply reply) {
    JsonNode body = reply.jsonOrNull();
    JsonNode error = body == null ? null : body.get("error");
    String type = Json.text(error, "type");
    String message = Json.text(error, "message");
    FailureKind kind = HttpExchange.kindForStatus(reply.code());
    if ("overloaded_error".equals(type)) {
      kind = FailureKind.OVERLOADED;
    } else if ("billing_error".equals(type)) {
      kind = FailureKind.AUTHENTICATION;
    }
    return BackendException.builder(
            kind,
            "HTTP " + reply.code() + (type == null ? "" : " " + type)
                + (message == null ? "" : ": " + HttpExchange.clip(message)))
        .statusCode(reply.code())
        .retryAfter(retryAfter(reply, clock.instant()))
        .providerErrorType(type)
        .providerRequestId(reply.requestId())
        .build();
  }

  static @Nullable Duration retryAfter(HttpExchange.Reply reply, Instant now) {
    Duration asked = RetryAfter.parseRetryAfter(reply.header("retry-after"), now);
    if (asked != null || reply.code() != 429) {
      return asked;
    }
    Duration requests = RetryAfter.parseInstant(reply.header("anthropic-ratelimit-requests-reset"), now);
    Duration tokens = RetryAfter.parseInstant(reply.header("anthropic-ratelimit-tokens-reset"), now);
    boolean requestsOut = "0".equals(reply.header("anthropic-ratelimit-requests-remaining"));
    boolean tokensOut = "0".equals(reply.header("anthropic-ratelimit-tokens-remaining"));
    if (requestsOut && !tokensOut && requests != null) {
      return requests;
    }
    if (tokensOut && !requestsOut && tokens != null) {
      return tokens;
    }
    return RetryAfter.later(requests, tokens);
  }

  @Override
  public String toString() {
    return "AnthropicBackend{name=" + info.name() + ", url=" + messagesUrl + ", defaultModel=" + info.defaultModel() + "}";
  }

  /**
   * Configures an {@link AnthropicBackend}. Each setter checks its value at once; {@link #build()}
   * checks that an API key was given.
   */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private @Nullable String apiKey;
    private String baseUrl = DEFAULT_BASE_URL;
    private String defaultModel = DEFAULT_MODEL;
    private Hosting hosting = Hosting.EXTERNAL;
    private int defaultMaxTokens = DEFAULT_MAX_TOKENS;
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable OkHttpClient httpClient;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The backend's name in the client, unique among its backends. Default: {@link AnthropicBackend#DEFAULT_NAME}. */
    public Builder name(String name) {
      this.name = Checks.notBlank(name, "anthropic.name");
      return this;
    }

    /** The API key, sent as {@code x-api-key}. Required. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Checks.notBlank(apiKey, "anthropic.apiKey");
      return this;
    }

    /**
     * The API's base URL, without {@code /v1}; requests go to {@code {baseUrl}/v1/messages}.
     * Default: {@link AnthropicBackend#DEFAULT_BASE_URL}. Set it for a gateway or a test server.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = HttpExchange.baseUrl(baseUrl, "anthropic.baseUrl");
      return this;
    }

    /** The model used when neither request nor prompt names one. Default: {@link AnthropicBackend#DEFAULT_MODEL}. */
    public Builder defaultModel(String defaultModel) {
      this.defaultModel = Checks.notBlank(defaultModel, "anthropic.defaultModel");
      return this;
    }

    /**
     * Where the model runs, as policies see it. Default: {@link Hosting#EXTERNAL}; change it only
     * for a gateway inside the hospital that serves the same API from the hospital's hardware.
     */
    public Builder hosting(Hosting hosting) {
      this.hosting = Checks.required(hosting, "anthropic.hosting");
      return this;
    }

    /**
     * {@code max_tokens} for requests that set none. Default: {@link AnthropicBackend#DEFAULT_MAX_TOKENS}.
     */
    public Builder defaultMaxTokens(int defaultMaxTokens) {
      this.defaultMaxTokens = Checks.atLeast(defaultMaxTokens, 1, "anthropic.defaultMaxTokens");
      return this;
    }

    /**
     * The longest one attempt may take, connect to last byte. Each attempt ends at this or at the
     * call's remaining time ({@link ModelCall#timeout()}), whichever comes first. Default: {@link
     * AnthropicBackend#DEFAULT_TIMEOUT}.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "anthropic.timeout");
      return this;
    }

    /**
     * The OkHttp client to send with, to share its connection pool with the application. The
     * backend sets a call timeout per request and never closes this client. Build it with {@code
     * retryOnConnectionFailure(false)} so that only the client's retry policy repeats a request.
     * Default: a client shared by all backends ({@code SharedHttpClient}).
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.httpClient = Checks.required(okHttpClient, "anthropic.okHttpClient");
      return this;
    }

    /**
     * An extra header on every request, for example {@code anthropic-beta} or a gateway's own
     * header. Set again to replace. The API key and version headers cannot be replaced this way.
     */
    public Builder header(String name, String value) {
      Checks.notBlank(name, "anthropic.header.name");
      Checks.required(value, "anthropic.header.value");
      Headers.of(name, value); // validates characters now rather than on the first call
      headers.put(name, value);
      return this;
    }

    /** The clock that reset times in rate-limit headers are measured against (tests). */
    Builder clock(Clock clock) {
      this.clock = Checks.required(clock, "anthropic.clock");
      return this;
    }

    /**
     * Builds the backend.
     *
     * @throws InvalidRequestException if no API key was set
     */
    public AnthropicBackend build() {
      if (apiKey == null) {
        throw new InvalidRequestException("anthropic.apiKey", "is required");
      }
      return new AnthropicBackend(this, apiKey);
    }
  }
}
