package dev.hai.core.backend.openai;

import static dev.hai.core.backend.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import dev.hai.core.BackendFailure;
import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalResult;
import dev.hai.core.FinishReason;
import dev.hai.core.GenerationParameters;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.RetryPolicy;
import dev.hai.core.Usage;
import dev.hai.core.backend.RecordingSleeper;
import dev.hai.core.backend.Wire;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiBackendTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String KEY = "sk-proj-test-key";

  private MockWebServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void startServer() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private OpenAiBackend.Builder backend() {
    return OpenAiBackend.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/v1").toString())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private ClinicalModelClient client(ModelBackend backend, RetryPolicy policy) {
    return ClinicalModelClient.builder().backend(backend).retryPolicy(policy).sleeper(sleeper).build();
  }

  private static ModelCall fullCall(String model) {
    return new ModelCall(
        UUID.randomUUID(), 1, model,
        List.of(ChatMessage.system("You are a careful clinical assistant."),
            ChatMessage.user("Which tests for new-onset atrial fibrillation?"),
            ChatMessage.assistant("Do you mean in the emergency department?"),
            ChatMessage.user("Yes.")),
        GenerationParameters.builder()
            .temperature(0.2).topP(0.9).maxTokens(300).seed(42L).stop(List.of("###", "END")).build(),
        Duration.ofSeconds(5), null);
  }

  /* --- generate: request and success --- */

  @Test
  void generate_success_sendsExactRequestAndParsesEveryField() throws Exception {
    // given
    server.enqueue(json(200, "openai/success.json").setHeader("x-request-id", "req_3a4b5c6d7e8f").build());
    OpenAiBackend backend = backend().header("OpenAI-Organization", "org-hospital").build();

    // when
    ModelResponse response = backend.generate(fullCall("gpt-4.1"));

    // then
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getUrl().query()).isNull();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("api-key")).isNull();
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("OpenAI-Organization")).isEqualTo("org-hospital");
    assertThat(Wire.body(request)).isEqualTo(Wire.parse("""
        {
          "model": "gpt-4.1",
          "messages": [
            {"role": "system", "content": "You are a careful clinical assistant."},
            {"role": "user", "content": "Which tests for new-onset atrial fibrillation?"},
            {"role": "assistant", "content": "Do you mean in the emergency department?"},
            {"role": "user", "content": "Yes."}
          ],
          "temperature": 0.2,
          "top_p": 0.9,
          "max_completion_tokens": 300,
          "seed": 42,
          "stop": ["###", "END"]
        }"""));
    assertThat(response.text()).isEqualTo("Consider a basic metabolic panel and an ECG.");
    assertThat(response.model()).isEqualTo("gpt-4.1-2025-04-14");
    assertThat(response.usage()).isEqualTo(new Usage(2095, 503, 0, 1024));
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.rawFinishReason()).isEqualTo("stop");
    assertThat(response.providerRequestId()).isEqualTo("req_3a4b5c6d7e8f");
  }

  @Test
  void generate_noOptionalParameters_sendsOnlyModelAndMessages() throws Exception {
    server.enqueue(json(200, "openai/success.json").build());

    ModelResponse response = backend().build().generate(Wire.call("gpt-4.1-mini"));

    assertThat(Wire.body(server.takeRequest())).isEqualTo(Wire.parse("""
        {"model": "gpt-4.1-mini", "messages": [
          {"role": "system", "content": "You are a careful clinical assistant."},
          {"role": "user", "content": "Which tests for new-onset atrial fibrillation?"}]}"""));
    assertThat(response.providerRequestId()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
  }

  @Test
  void generate_maxTokensParameterSet_usesThatField() throws Exception {
    server.enqueue(json(200, "openai/success.json").build());

    backend().maxTokensParameter(MaxTokensParameter.MAX_TOKENS).build().generate(fullCall("gpt-4.1"));

    var body = Wire.body(server.takeRequest());
    assertThat(body.get("max_tokens").asInt()).isEqualTo(300);
    assertThat(body.has("max_completion_tokens")).isFalse();
  }

  @Test
  void generate_length_isLengthWithoutCacheDetails() {
    server.enqueue(json(200, "openai/length.json").build());

    ModelResponse response = backend().build().generate(Wire.call("gpt-4.1"));

    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.usage()).isEqualTo(new Usage(25, 5, 0, 0));
  }

  @Test
  void generate_toolCalls_isToolUseWithEmptyText() {
    server.enqueue(json(200, "openai/tool_calls.json").build());

    ModelResponse response = backend().build().generate(Wire.call("gpt-4.1"));

    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_USE);
    assertThat(response.rawFinishReason()).isEqualTo("tool_calls");
    assertThat(response.text()).isEmpty();
  }

  @Test
  void generate_refusal_throwsContentRefusedWithoutQuotingIt() {
    server.enqueue(json(200, "openai/refusal.json").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("gpt-4o")));

    assertThat(e.kind()).isEqualTo(FailureKind.CONTENT_REFUSED);
    assertThat(e.getMessage()).doesNotContain("I'm sorry");
  }

  @Test
  void generate_contentFilterWithoutContent_throwsContentRefused() {
    server.enqueue(json(200, "openai/azure_content_filter_empty.json").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("gpt-4o")));

    assertThat(e.kind()).isEqualTo(FailureKind.CONTENT_REFUSED);
    assertThat(e.providerErrorType()).contains("content_filter");
  }

  @Test
  void generate_contentFilterWithPartialContent_isContentFilter() {
    server.enqueue(json(200, "openai/content_filter_partial.json").build());

    ModelResponse response = backend().build().generate(Wire.call("gpt-4.1"));

    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(response.text()).isEqualTo("Assessment: the patient reports");
  }

  /* --- generate: errors --- */

  @ParameterizedTest
  @CsvSource({
    "400, error_invalid_request, INVALID_REQUEST, invalid_type",
    "400, error_context_length, INVALID_REQUEST, context_length_exceeded",
    "400, azure_error_content_filter, CONTENT_REFUSED, content_filter",
    "401, error_invalid_api_key, AUTHENTICATION, invalid_api_key",
    "403, error_permission, AUTHENTICATION, model_not_allowed",
    "404, error_model_not_found, INVALID_REQUEST, model_not_found",
    "429, error_rate_limit, RATE_LIMITED, rate_limit_exceeded",
    "429, error_insufficient_quota, AUTHENTICATION, insufficient_quota",
    "429, azure_error_rate_limit, RATE_LIMITED, 429",
    "500, error_server, SERVER_ERROR, server_error",
    "503, error_overloaded, OVERLOADED, server_error",
  })
  void generate_errorStatus_mapsToKind(int status, String fixture, FailureKind kind, String type) {
    server.enqueue(json(status, "openai/" + fixture + ".json").setHeader("x-request-id", "req_err").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("gpt-4.1")));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.statusCode()).hasValue(status);
    assertThat(e.providerErrorType()).contains(type);
    assertThat(e.providerRequestId()).contains("req_err");
    assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("atrial fibrillation");
  }

  @Test
  void generate_retryAfterMs_winsOverRetryAfter() {
    server.enqueue(json(429, "openai/error_rate_limit.json")
        .setHeader("retry-after-ms", "2752").setHeader("retry-after", "3").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("gpt-4.1")));

    assertThat(e.retryAfter()).contains(Duration.ofMillis(2752));
  }

  /* --- generate: transport failures --- */

  @Test
  void generate_malformedJson_throwsMalformedResponse() {
    server.enqueue(new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json").body("{\"choices\": [{\"message\": ").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("gpt-4.1")));

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
  }

  @Test
  void generate_noChoices_throwsMalformedResponse() {
    server.enqueue(json(200, "openai/missing_choices.json").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("gpt-4.1")));

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
  }

  @Test
  void generate_truncatedBody_throwsMalformedResponse() {
    server.enqueue(json(200, "openai/success.json")
        .setHeader("Content-Length", "4000")
        .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
        .build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("gpt-4.1")));

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
  }

  @Test
  void generate_slowBodyPastTimeout_throwsTimeout() {
    server.enqueue(json(200, "openai/success.json").bodyDelay(1, TimeUnit.SECONDS).build());

    long start = System.nanoTime();
    BackendException e = catchThrowableOfType(BackendException.class, () -> backend().build()
        .generate(Wire.call("gpt-4.1", GenerationParameters.none(), Duration.ofMillis(200))));

    assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
  }

  /* --- through the client: retry and fallback --- */

  @Test
  void call_retryAfterMs_waitsWhatTheServerAsked() {
    server.enqueue(json(429, "openai/error_rate_limit.json").setHeader("retry-after-ms", "2752").build());
    server.enqueue(json(503, "openai/error_overloaded.json").setHeader("retry-after", "4").build());
    server.enqueue(json(200, "openai/success.json").build());

    try (ClinicalModelClient client = client(backend().build(), RetryPolicy.defaults().withJitter(true))) {
      ClinicalResult result = client.call(Wire.request().build());

      assertThat(result.isSuccess()).isTrue();
      assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(2752), Duration.ofSeconds(4));
    }
  }

  @Test
  void call_rateLimitResetHeaders_waitsUntilTheExhaustedLimitResets() {
    server.enqueue(json(429, "openai/error_rate_limit.json")
        .setHeader("x-ratelimit-remaining-requests", "499")
        .setHeader("x-ratelimit-reset-requests", "6m0s")
        .setHeader("x-ratelimit-remaining-tokens", "0")
        .setHeader("x-ratelimit-reset-tokens", "1.5s")
        .build());
    server.enqueue(json(429, "openai/error_rate_limit.json")
        .setHeader("x-ratelimit-reset-requests", "120ms")
        .setHeader("x-ratelimit-reset-tokens", "2s")
        .build());
    server.enqueue(json(429, "openai/error_rate_limit.json")
        .setHeader("retry-after", "Sun, 01 Jun 2025 12:00:06 GMT")
        .build());
    server.enqueue(json(200, "openai/success.json").build());

    try (ClinicalModelClient client = client(backend().build(), RetryPolicy.defaults().withMaxAttempts(4))) {
      ClinicalResult result = client.call(Wire.request().build());

      assertThat(result.isSuccess()).isTrue();
      assertThat(sleeper.waits())
          .containsExactly(Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(6));
    }
  }

  @Test
  void call_retryAfterAboveCap_waitsTheCap() {
    server.enqueue(json(429, "openai/error_rate_limit.json").setHeader("x-ratelimit-reset-requests", "1h2m3.5s").build());
    server.enqueue(json(200, "openai/success.json").build());

    try (ClinicalModelClient client = client(backend().build(), RetryPolicy.defaults())) {
      assertThat(client.call(Wire.request().build()).isSuccess()).isTrue();
      assertThat(sleeper.waits()).containsExactly(RetryPolicy.DEFAULT_MAX_RETRY_AFTER);
    }
  }

  @Test
  void call_insufficientQuota_isNotRetriedAndFallsBack() throws Exception {
    server.enqueue(json(429, "openai/error_insufficient_quota.json").setHeader("retry-after", "1").build());
    try (MockWebServer azureServer = new MockWebServer()) {
      azureServer.start();
      azureServer.enqueue(json(200, "openai/azure_success.json").build());
      OpenAiBackend azure = OpenAiBackend.azure(azureServer.url("/").toString(), "gpt-4o-eu", "2024-10-21")
          .apiKey("azure-key").build();

      try (ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(backend().build()).backend(azure).sleeper(sleeper).build()) {
        ClinicalResult result = client.call(Wire.request().build());

        assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
          assertThat(s.metadata().backend()).isEqualTo("azure-openai");
          assertThat(s.failures()).extracting(BackendFailure::backend, BackendFailure::kind)
              .containsExactly(tuple("openai", FailureKind.AUTHENTICATION));
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
      }
    }
  }

  @Test
  void call_invalidRequest_isAttemptedOnce() {
    server.enqueue(json(400, "openai/error_context_length.json").build());

    try (ClinicalModelClient client = client(backend().build(), RetryPolicy.defaults())) {
      ClinicalResult result = client.call(Wire.request().build());

      assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class,
          u -> assertThat(u.kind()).isEqualTo(FailureKind.INVALID_REQUEST));
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void call_serverSlowerThanDeadline_isUnavailableNearTheDeadline() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(200, "openai/success.json").headersDelay(1, TimeUnit.SECONDS).build());
    }

    try (ClinicalModelClient client = client(backend().build(), RetryPolicy.defaults())) {
      long start = System.nanoTime();
      ClinicalResult result = client.call(Wire.request().timeout(Duration.ofMillis(300)).build());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(result).isInstanceOf(ClinicalResult.Unavailable.class);
      assertThat(((ClinicalResult.Unavailable) result).failures().get(0).kind()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(900));
    }
  }

  @Test
  void call_primaryFailsEveryAttempt_fallsBackToSecondBackend() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(500, "openai/error_server.json").build());
    }
    try (MockWebServer second = new MockWebServer()) {
      second.start();
      second.enqueue(json(200, "openai/compatible_success.json").build());
      OpenAiBackend local = OpenAiBackend.compatible(second.url("/v1").toString())
          .defaultModel("meta-llama/Llama-3.1-8B-Instruct").build();

      try (ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(backend().build()).backend(local).sleeper(sleeper).build()) {
        ClinicalResult result = client.call(Wire.request().build());

        assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
          assertThat(s.metadata().backend()).isEqualTo("openai-compatible");
          assertThat(s.metadata().usage()).isEqualTo(new Usage(48, 12, 0, 0));
          assertThat(s.failures()).extracting(BackendFailure::backend, BackendFailure::kind, BackendFailure::statusCode)
              .containsExactly(
                  tuple("openai", FailureKind.SERVER_ERROR, 500),
                  tuple("openai", FailureKind.SERVER_ERROR, 500),
                  tuple("openai", FailureKind.SERVER_ERROR, 500));
        });
      }
    }
  }

  /* --- azure --- */

  @Test
  void azure_generate_usesDeploymentPathApiVersionAndApiKeyHeader() throws Exception {
    server.enqueue(json(200, "openai/azure_success.json").setHeader("x-request-id", "azreq-1").build());
    OpenAiBackend azure = OpenAiBackend.azure(server.url("/").toString(), "gpt-4o-eu", "2024-10-21")
        .apiKey("azure-key").build();

    ModelResponse response = azure.generate(fullCall(azure.info().defaultModel()));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/openai/deployments/gpt-4o-eu/chat/completions");
    assertThat(request.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
    assertThat(request.getHeaders().get("api-key")).isEqualTo("azure-key");
    assertThat(request.getHeaders().get("Authorization")).isNull();
    var body = Wire.body(request);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(300);
    assertThat(body.has("max_completion_tokens")).isFalse();
    assertThat(body.get("model").asText()).isEqualTo("gpt-4o-eu");
    assertThat(response.text()).isEqualTo("Consider a basic metabolic panel and an ECG.");
    assertThat(response.model()).isEqualTo("gpt-4o-2024-11-20");
    assertThat(response.usage()).isEqualTo(new Usage(30, 12, 0, 0));
    assertThat(response.providerRequestId()).isEqualTo("azreq-1");
    assertThat(azure.info()).satisfies(info -> {
      assertThat(info.name()).isEqualTo("azure-openai");
      assertThat(info.provider()).isEqualTo("azure-openai");
      assertThat(info.hosting()).isEqualTo(Hosting.EXTERNAL);
      assertThat(info.defaultModel()).isEqualTo("gpt-4o-eu");
    });
  }

  @Test
  void azure_otherModel_isSentToThatDeployment() throws Exception {
    server.enqueue(json(200, "openai/azure_success.json").build());
    OpenAiBackend azure = OpenAiBackend.azure(server.url("/").toString(), "gpt-4o-eu", "2024-10-21")
        .apiKey("azure-key").build();

    azure.generate(Wire.call("gpt-4o-mini-eu"));

    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/openai/deployments/gpt-4o-mini-eu/chat/completions");
  }

  @Test
  void azure_withoutApiKey_throws() {
    assertThatThrownBy(() -> OpenAiBackend.azure("https://r.openai.azure.com", "d", "2024-10-21").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("openai.apiKey");
  }

  /* --- compatible --- */

  @Test
  void compatible_withoutKey_sendsNoAuthorizationHeader() throws Exception {
    server.enqueue(json(200, "openai/compatible_success.json").build());
    OpenAiBackend local = OpenAiBackend.compatible(server.url("/v1/").toString())
        .defaultModel("meta-llama/Llama-3.1-8B-Instruct")
        .okHttpClient(new OkHttpClient())
        .build();

    ModelResponse response = local.generate(fullCall(local.info().defaultModel()));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getHeaders().get("api-key")).isNull();
    var body = Wire.body(request);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(300);
    assertThat(body.get("seed").asLong()).isEqualTo(42);
    assertThat(response.text()).isEqualTo("Consider a basic metabolic panel and an ECG.");
    assertThat(response.usage()).isEqualTo(new Usage(48, 12, 0, 0));
    assertThat(response.providerRequestId()).isEqualTo("chatcmpl-3f2c0d0a8e6b4c8d9b1c2a3e4f5a6b7c");
    assertThat(local.info().provider()).isEqualTo("openai-compatible");
    assertThat(local.info().name()).isEqualTo("openai-compatible");
    assertThat(local.info().hosting()).isEqualTo(Hosting.LOCAL);
  }

  @Test
  void compatible_withKey_sendsBearer() throws Exception {
    server.enqueue(json(200, "openai/compatible_success.json").build());

    OpenAiBackend.compatible(server.url("/v1").toString()).defaultModel("m").apiKey("local-token").build()
        .generate(Wire.call("m"));

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer local-token");
  }

  @Test
  void compatible_withoutDefaultModel_throws() {
    assertThatThrownBy(() -> OpenAiBackend.compatible("http://localhost:8000/v1").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("openai.defaultModel");
  }

  /* --- builder --- */

  @Test
  void builder_defaults_areDocumentedConstants() {
    OpenAiBackend openai = OpenAiBackend.builder().apiKey(KEY).build();

    assertThat(openai.info().name()).isEqualTo(OpenAiBackend.DEFAULT_NAME);
    assertThat(openai.info().provider()).isEqualTo("openai");
    assertThat(openai.info().hosting()).isEqualTo(Hosting.EXTERNAL);
    assertThat(openai.info().defaultModel()).isEqualTo(OpenAiBackend.DEFAULT_MODEL);
    assertThat(openai.toString()).contains("https://api.openai.com/v1/chat/completions").doesNotContain(KEY);
  }

  @Test
  void builder_withoutApiKey_throws() {
    assertThatThrownBy(() -> OpenAiBackend.builder().build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("openai.apiKey");
  }

  @Test
  void builder_nameAndHosting_areApplied() {
    OpenAiBackend b = OpenAiBackend.compatible("https://llm.example.org/v1")
        .name("vllm-external").hosting(Hosting.EXTERNAL).defaultModel("m").build();

    assertThat(b.info().name()).isEqualTo("vllm-external");
    assertThat(b.info().hosting()).isEqualTo(Hosting.EXTERNAL);
  }
}
