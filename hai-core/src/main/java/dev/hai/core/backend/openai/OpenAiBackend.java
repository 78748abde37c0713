package dev.hai.core.backend.openai;

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
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's Chat Completions API ({@code POST /chat/completions}), non-streaming, for three kinds
 * of server that speak it. One class, configured by the factory that made its builder:
 *
 * <pre>{@code
 * // OpenAI
 * ModelBackend openai = OpenAiBackend.builder().apiKey(System.getenv("OPENAI_API_KEY")).build();
 *
 * // Azure OpenAI: the deployment is the model; api-key header; api-version query parameter
 * ModelBackend azure = OpenAiBackend.azure("https://my-resource.openai.azure.com", "gpt-4o-eu", "2024-10-21")
 *     .apiKey(System.getenv("AZURE_OPENAI_API_KEY"))
 *     .build();
 *
 * // A server on the hospital's own GPUs (vLLM, llama.cpp server, Ollama, TGI): no key needed
 * ModelBackend local = OpenAiBackend.compatible("http://gpu-01:8000/v1")
 *     .defaultModel("meta-llama/Llama-3.1-8B-Instruct")
 *     .build();
 * }</pre>
 *
 * <p>What is sent: {@code model}, {@code messages} (roles {@code system}, {@code user}, {@code
 * assistant}) and, only when set, {@code temperature}, {@code top_p}, the token limit (as {@link
 * MaxTokensParameter}), {@code seed} and {@code stop}.
 *
 * <p>What comes back: {@code choices[0].message.content}; a non-null {@code message.refusal} is a
 * {@link FailureKind#CONTENT_REFUSED} failure; {@code finish_reason} {@code stop} → {@link
 * FinishReason#STOP}, {@code length} → {@link FinishReason#LENGTH}, {@code tool_calls} and {@code
 * function_call} → {@link FinishReason#TOOL_USE}, {@code content_filter} → {@link
 * FinishReason#CONTENT_FILTER} when some content survived, else a {@link
 * FailureKind#CONTENT_REFUSED} failure; anything else → {@link FinishReason#OTHER}. Usage: {@code
 * prompt_tokens} (cached ones included), {@code completion_tokens}, and {@code
 * prompt_tokens_details.cached_tokens} as cache reads. The provider request id is the {@code
 * x-request-id} header, else the completion's {@code id}.
 *
 * <p>Errors: 429 → {@link FailureKind#RATE_LIMITED}, except {@code insufficient_quota} (the
 * account is out of credit or over its monthly budget: waiting does not help) → {@link
 * FailureKind#AUTHENTICATION}, which is not retried and moves the call to the next backend; 503 →
 * {@link FailureKind#OVERLOADED}; other 5xx → {@link FailureKind#SERVER_ERROR}; 401 and 403 →
 * {@link FailureKind#AUTHENTICATION}; Azure's {@code content_filter} (400) → {@link
 * FailureKind#CONTENT_REFUSED}; other 4xx → {@link FailureKind#INVALID_REQUEST}. The provider
 * error type reported is the error's {@code code}, else its {@code type}. The wait the server asks
 * for is {@code retry-after-ms}, else {@code retry-after} (seconds or an HTTP-date), else on a 429
 * the reset time of the exhausted limit ({@code x-ratelimit-reset-requests}, {@code
 * x-ratelimit-reset-tokens}; the later one when neither or both are exhausted).
 *
 * <p>Immutable and thread-safe. Neither the API key nor any content appears in messages, logs or
 * {@link #toString()}.
 */
public final class OpenAiBackend implements ModelBackend {
  /** OpenAI's base URL; requests go to {@code {baseUrl}/chat/completions}. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  /** The name, and provider, of a backend made by {@link #builder()}. */
  public static final String DEFAULT_NAME = "openai";
  /** The name, and provider, of a backend made by {@link #azure}. */
  public static final String AZURE_NAME = "azure-openai";
  /** The name, and provider, of a backend made by {@link #compatible}. */
  public static final String COMPATIBLE_NAME = "openai-compatible";
  /** The default model of a backend made by {@link #builder()}. */
  public static final String DEFAULT_MODEL = "gpt-4.1";
  /** The longest one attempt may take; a call's shorter remaining time wins. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private static final String REQUEST_ID_HEADER = "x-request-id";

  /** The three servers this class speaks to; they differ in URL, auth and defaults only. */
  private enum Flavor {
    OPENAI(DEFAULT_NAME, Hosting.EXTERNAL, MaxTokensParameter.MAX_COMPLETION_TOKENS, true),
    AZURE(AZURE_NAME, Hosting.EXTERNAL, MaxTokensParameter.MAX_TOKENS, true),
    COMPATIBLE(COMPATIBLE_NAME, Hosting.LOCAL, MaxTokensParameter.MAX_TOKENS, false);

    final String provider;
    final Hosting hosting;
    final MaxTokensParameter maxTokens;
    final boolean keyRequired;

    Flavor(String provider, Hosting hosting, MaxTokensParameter maxTokens, boolean keyRequired) {
      this.provider = provider;
      this.hosting = hosting;
      this.maxTokens = maxTokens;
      this.keyRequired = keyRequired;
    }
  }

  private final Flavor flavor;
  private final BackendInfo info;
  private final @Nullable String apiKey;
  private final String baseUrl;
  private final @Nullable String apiVersion;
  private final @Nullable HttpUrl fixedUrl;
  private final MaxTokensParameter maxTokensParameter;
  private final Duration timeout;
  private final OkHttpClient httpClient;
  private final Headers extraHeaders;
  private final Clock clock;

  private OpenAiBackend(Builder b, String defaultModel) {
    this.flavor = b.flavor;
    this.info = new BackendInfo(b.name, b.flavor.provider, b.hosting, defaultModel);
    this.apiKey = b.apiKey;
    this.baseUrl = b.baseUrl;
    this.apiVersion = b.apiVersion;
    this.fixedUrl = b.flavor == Flavor.AZURE ? null : HttpUrl.get(b.baseUrl + "/chat/completions");
    this.maxTokensParameter = b.maxTokensParameter != null ? b.maxTokensParameter : b.flavor.maxTokens;
    this.timeout = b.timeout;
    this.httpClient = b.httpClient != null ? b.httpClient : SharedHttpClient.get();
    this.extraHeaders = Headers.of(b.headers);
    this.clock = b.clock;
  }

  /**
   * A builder for OpenAI: name and provider {@value #DEFAULT_NAME}, {@link Hosting#EXTERNAL},
   * {@link #DEFAULT_BASE_URL}, {@code Authorization: Bearer} auth, {@link #DEFAULT_MODEL}, {@link
   * MaxTokensParameter#MAX_COMPLETION_TOKENS}. {@link Builder#apiKey} is required.
   */
  public static Builder builder() {
    return new Builder(Flavor.OPENAI, DEFAULT_BASE_URL, DEFAULT_MODEL, null);
  }

  /**
   * A builder for an Azure OpenAI deployment: requests go to {@code
   * {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={apiVersion}} with an
   * {@code api-key} header; name and provider {@value #AZURE_NAME}, {@link Hosting#EXTERNAL},
   * default model = {@code deployment}, {@link MaxTokensParameter#MAX_TOKENS}. On Azure the model
   * is the deployment: a request that names another model is sent to that deployment. {@link
   * Builder#apiKey} is required.
   *
   * @param endpoint the resource endpoint, for example {@code https://my-resource.openai.azure.com}
   * @param deployment the deployment name
   * @param apiVersion the API version, for example {@code 2024-10-21}
   */
  public static Builder azure(String endpoint, String deployment, String apiVersion) {
    return new Builder(
        Flavor.AZURE,
        HttpExchange.baseUrl(endpoint, "azure.endpoint"),
        Checks.notBlank(deployment, "azure.deployment"),
        Checks.notBlank(apiVersion, "azure.apiVersion"));
  }

  /**
   * A builder for any OpenAI-compatible server (vLLM, llama.cpp server, Ollama, TGI): requests go
   * to {@code {baseUrl}/chat/completions}; name and provider {@value #COMPATIBLE_NAME}, {@link
   * Hosting#LOCAL}, {@link MaxTokensParameter#MAX_TOKENS}; the API key is optional (without one no
   * {@code Authorization} header is sent). {@link Builder#defaultModel} is required: the name the
   * server serves the model under.
   *
   * @param baseUrl the server's base URL including its version path, for example {@code
   *     http://gpu-01:8000/v1}
   */
  public static Builder compatible(String baseUrl) {
    return new Builder(Flavor.COMPATIBLE, HttpExchange.baseUrl(baseUrl, "openai.baseUrl"), null, null);
  }

  @Override
  public BackendInfo info() {
    return info;
  }

  @Override
  public ModelResponse generate(ModelCall call) {
    Request.Builder request = new Request.Builder()
        .url(url(call.model()))
        .headers(extraHeaders)
        .post(HttpExchange.jsonBody(requestBody(call)));
    if (apiKey != null) {
      if (flavor == Flavor.AZURE) {
        request.header("api-key", apiKey);
      } else {
        request.header("Authorization", "Bearer " + apiKey);
      }
    }
    HttpExchange.Reply reply = HttpExchange.execute(
        httpClient, request.build(), HttpExchange.attemptTimeout(timeout, call.timeout()), REQUEST_ID_HEADER);
    if (!reply.successful()) {
      throw error(reply);
    }
    return response(reply, call);
  }

  private HttpUrl url(String model) {
    if (fixedUrl != null) {
      return fixedUrl;
    }
    return HttpUrl.get(baseUrl).newBuilder()
        .addPathSegment("openai")
        .addPathSegment("deployments")
        .addPathSegment(model)
        .addPathSegment("chat")
        .addPathSegment("completions")
        .addQueryParameter("api-version", apiVersion)
        .build();
  }

  ObjectNode requestBody(ModelCall call) {
    GenerationParameters p = call.parameters();
    ObjectNode body = Json.object();
    body.put("model", call.model());
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage m : call.messages()) {
      messages.addObject().put("role", role(m.role())).put("content", m.content());
    }
    if (p.temperature() != null) {
      body.put("temperature", p.temperature());
    }
    if (p.topP() != null) {
      body.put("top_p", p.topP());
    }
    if (p.maxTokens() != null) {
      body.put(maxTokensParameter.field(), p.maxTokens());
    }
    if (p.seed() != null) {
      body.put("seed", p.seed());
    }
    if (!p.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      p.stop().forEach(stop::add);
    }
    return body;
  }

  private static String role(ChatMessage.Role role) {
    switch (role) {
      case SYSTEM:
        return "system";
      case USER:
        return "user";
      default:
        return "assistant";
    }
  }

  private ModelResponse response(HttpExchange.Reply reply, ModelCall call) {
    JsonNode json = reply.json();
    JsonNode choices = json.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw reply.malformed("no 'choices'");
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.get("message");
    if (message == null || !message.isObject()) {
      throw reply.malformed("no 'choices[0].message'");
    }
    String requestId = reply.requestId() != null ? reply.requestId() : Json.text(json, "id");
    String finish = Json.text(choice, "finish_reason");
    String content = Json.text(message, "content");
    String text = content == null ? "" : content;
    JsonNode refusal = message.get("refusal");
    if (refusal != null && !refusal.isNull()) {
      // The refusal text is model output and may quote the prompt: it is not put in the message.
      throw refused("the model refused to answer (message.refusal)", "refusal", reply, requestId);
    }
    if ("content_filter".equals(finish) && text.isEmpty()) {
      throw refused("the provider's content filter withheld the answer (finish_reason content_filter)",
          "content_filter", reply, requestId);
    }
    JsonNode usage = json.get("usage");
    JsonNode details = usage == null ? null : usage.get("prompt_tokens_details");
    String model = Json.text(json, "model");
    return new ModelResponse(
        text,
        model == null || model.isBlank() ? call.model() : model,
        new Usage(
            Json.count(usage, "prompt_tokens"),
            Json.count(usage, "completion_tokens"),
            0,
            Json.count(details, "cached_tokens")),
        finishReason(finish),
        finish,
        requestId);
  }

  static FinishReason finishReason(@Nullable String finish) {
    if (finish == null) {
      return FinishReason.OTHER;
    }
    switch (finish) {
      case "stop":
        return FinishReason.STOP;
      case "length":
        return FinishReason.LENGTH;
      case "content_filter":
        return FinishReason.CONTENT_FILTER;
      case "tool_calls":
      case "function_call":
        return FinishReason.TOOL_USE;
      default:
        return FinishReason.OTHER;
    }
  }

  private static BackendException refused(
      String message, String type, HttpExchange.Reply reply, @Nullable String requestId) {
    return BackendException.builder(FailureKind.CONTENT_REFUSED, message)
        .statusCode(reply.code())
        .providerErrorType(type)
        .providerRequestId(requestId)
        .build();
  }

  private BackendException error(HttpExchange.Reply reply) {
    JsonNode body = reply.jsonOrNull();
    JsonNode error = body == null ? null : body.get("error");
    String code = scalar(error, "code");
    String type = scalar(error, "type");
    String message = Json.text(error, "message");
    FailureKind kind = HttpExchange.kindForStatus(reply.code());
    if ("insufficient_quota".equals(code) || "insufficient_quota".equals(type)) {
      // Out of credit: retrying cannot help, so it must not count as a rate limit.
      kind = FailureKind.AUTHENTICATION;
    } else if ("content_filter".equals(code) && reply.code() >= 400 && reply.code() < 500) {
      kind = FailureKind.CONTENT_REFUSED;
    }
    String errorType = code != null ? code : type;
    return BackendException.builder(
            kind,
            "HTTP " + reply.code() + (errorType == null ? "" : " " + errorType)
                + (message == null ? "" : ": " + HttpExchange.clip(message)))
        .statusCode(reply.code())
        .retryAfter(retryAfter(reply, clock.instant()))
        .providerErrorType(errorType)
        .providerRequestId(reply.requestId())
        .build();
  }

  private static @Nullable String scalar(@Nullable JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
  }

  static @Nullable Duration retryAfter(HttpExchange.Reply reply, Instant now) {
    Duration asked = RetryAfter.parseMillis(reply.header("retry-after-ms"));
    if (asked == null) {
      asked = RetryAfter.parseRetryAfter(reply.header("retry-after"), now);
    }
    if (asked != null || reply.code() != 429) {
      return asked;
    }
    Duration requests = RetryAfter.parseGoDuration(reply.header("x-ratelimit-reset-requests"));
    Duration tokens = RetryAfter.parseGoDuration(reply.header("x-ratelimit-reset-tokens"));
    boolean requestsOut = "0".equals(reply.header("x-ratelimit-remaining-requests"));
    boolean tokensOut = "0".equals(reply.header("x-ratelimit-remaining-tokens"));
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
    return "OpenAiBackend{name=" + info.name() + ", provider=" + info.provider()
        + ", url=" + (fixedUrl != null ? fixedUrl : url(info.defaultModel())) + ", defaultModel=" + info.defaultModel() + "}";
  }

  /**
   * Configures an {@link OpenAiBackend}; made by {@link OpenAiBackend#builder()}, {@link
   * OpenAiBackend#azure} or {@link OpenAiBackend#compatible}, whose documentation gives each one's
   * defaults. Each setter checks its value at once; {@link #build()} checks that what the server
   * needs (an API key, a model name) was given.
   */
  public static final class Builder {
    private final Flavor flavor;
    private final @Nullable String apiVersion;
    private String name;
    private @Nullable String apiKey;
    private String baseUrl;
    private @Nullable String defaultModel;
    private Hosting hosting;
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable OkHttpClient httpClient;
    private @Nullable MaxTokensParameter maxTokensParameter;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder(Flavor flavor, String baseUrl, @Nullable String defaultModel, @Nullable String apiVersion) {
      this.flavor = flavor;
      this.name = flavor.provider;
      this.baseUrl = baseUrl;
      this.defaultModel = defaultModel;
      this.hosting = flavor.hosting;
      this.apiVersion = apiVersion;
    }

    /**
     * The backend's name in the client, unique among its backends. Default: the provider ({@value
     * OpenAiBackend#DEFAULT_NAME}, {@value OpenAiBackend#AZURE_NAME} or {@value
     * OpenAiBackend#COMPATIBLE_NAME}); set it when a client has two backends of one kind.
     */
    public Builder name(String name) {
      this.name = Checks.notBlank(name, "openai.name");
      return this;
    }

    /**
     * The API key: sent as {@code Authorization: Bearer <key>}, or as {@code api-key} on Azure.
     * Required except for {@link OpenAiBackend#compatible} servers.
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Checks.notBlank(apiKey, "openai.apiKey");
      return this;
    }

    /**
     * The server's base URL: requests go to {@code {baseUrl}/chat/completions} (on Azure, the
     * resource endpoint). Default: {@link OpenAiBackend#DEFAULT_BASE_URL}, or the URL given to the
     * factory.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = HttpExchange.baseUrl(baseUrl, "openai.baseUrl");
      return this;
    }

    /**
     * The model used when neither request nor prompt names one. Default: {@link
     * OpenAiBackend#DEFAULT_MODEL}; on Azure the deployment; none (required) for compatible servers.
     */
    public Builder defaultModel(String defaultModel) {
      this.defaultModel = Checks.notBlank(defaultModel, "openai.defaultModel");
      return this;
    }

    /**
     * Where the model runs, as policies see it. Default: {@link Hosting#EXTERNAL} for OpenAI and
     * Azure, {@link Hosting#LOCAL} for compatible servers; set {@link Hosting#EXTERNAL} for a
     * compatible server outside the hospital.
     */
    public Builder hosting(Hosting hosting) {
      this.hosting = Checks.required(hosting, "openai.hosting");
      return this;
    }

    /**
     * The longest one attempt may take, connect to last byte. Each attempt ends at this or at the
     * call's remaining time ({@link ModelCall#timeout()}), whichever comes first. Default: {@link
     * OpenAiBackend#DEFAULT_TIMEOUT}.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "openai.timeout");
      return this;
    }

    /**
     * The OkHttp client to send with, to share its connection pool with the application. The
     * backend sets a call timeout per request and never closes this client. Build it with {@code
     * retryOnConnectionFailure(false)} so that only the client's retry policy repeats a request.
     * Default: a client shared by all backends ({@code SharedHttpClient}).
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.httpClient = Checks.required(okHttpClient, "openai.okHttpClient");
      return this;
    }

    /**
     * The request field for the output token limit. Default: {@link
     * MaxTokensParameter#MAX_COMPLETION_TOKENS} for OpenAI, {@link MaxTokensParameter#MAX_TOKENS}
     * for Azure and compatible servers.
     */
    public Builder maxTokensParameter(MaxTokensParameter maxTokensParameter) {
      this.maxTokensParameter = Checks.required(maxTokensParameter, "openai.maxTokensParameter");
      return this;
    }

    /**
     * An extra header on every request, for example {@code OpenAI-Organization} or a gateway's
     * own header. Set again to replace. The authentication header is set by the backend and
     * overrides one given here.
     */
    public Builder header(String name, String value) {
      Checks.notBlank(name, "openai.header.name");
      Checks.required(value, "openai.header.value");
      Headers.of(name, value); // validates characters now rather than on the first call
      headers.put(name, value);
      return this;
    }

    /** The clock that HTTP-dates in Retry-After are measured against (tests). */
    Builder clock(Clock clock) {
      this.clock = Checks.required(clock, "openai.clock");
      return this;
    }

    /**
     * Builds the backend.
     *
     * @throws InvalidRequestException if the API key is missing for OpenAI or Azure, or the
     *     default model for a compatible server
     */
    public OpenAiBackend build() {
      if (flavor.keyRequired && apiKey == null) {
        throw new InvalidRequestException("openai.apiKey", "is required for " + flavor.provider);
      }
      if (defaultModel == null) {
        throw new InvalidRequestException(
            "openai.defaultModel", "is required for an OpenAI-compatible server: the name it serves the model under");
      }
      return new OpenAiBackend(this, defaultModel);
    }
  }
}
