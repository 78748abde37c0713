package dev.hai.core.backend.anthropic;

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
import dev.hai.core.backend.openai.OpenAiBackend;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicBackendTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String KEY = "sk-ant-api03-test-key";

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

  private AnthropicBackend.Builder backend() {
    return AnthropicBackend.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/").toString())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private ClinicalModelClient client(AnthropicBackend backend, RetryPolicy policy) {
    return ClinicalModelClient.builder().backend(backend).retryPolicy(policy).sleeper(sleeper).build();
  }

  /* --- generate: request and success --- */

  @Test
  void generate_success_sendsExactRequestAndParsesEveryField() throws Exception {
    // given
    server.enqueue(json(200, "anthropic/success.json").setHeader("request-id", "req_018EeWyXxfu5pfWkrYcMdjWG").build());
    AnthropicBackend backend = backend().header("anthropic-beta", "prompt-caching-2024-07-31").build();
    GenerationParameters params = GenerationParameters.builder()
        .temperature(0.2).topP(0.9).maxTokens(300).seed(42L).stop(List.of("###", "END")).build();

    // when
    ModelResponse response = backend.generate(
        new ModelCall(
            UUID.randomUUID(), 1, "claude-sonnet-4-5",
            List.of(ChatMessage.system("You are a careful clinical assistant."),
                ChatMessage.system("Answer in English."),
                ChatMessage.user("Which tests for new-onset atrial fibrillation?"),
                ChatMessage.assistant("Do you mean in the emergency department?"),
                ChatMessage.user("Yes.")),
            params, Duration.ofSeconds(5), null));

    // then
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(request.getHeaders().get("x-api-key")).isEqualTo(KEY);
    assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.getHeaders().get("content-type")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31");
    assertThat(request.getHeaders().get("authorization")).isNull();
    assertThat(Wire.body(request)).isEqualTo(Wire.parse("""
        {
          "model": "claude-sonnet-4-5",
          "max_tokens": 300,
          "messages": [
            {"role": "user", "content": "Which tests for new-onset atrial fibrillation?"},
            {"role": "assistant", "content": "Do you mean in the emergency department?"},
            {"role": "user", "content": "Yes."}
          ],
          "system": "You are a careful clinical assistant.\\n\\nAnswer in English.",
          "temperature": 0.2,
          "top_p": 0.9,
          "stop_sequences": ["###", "END"]
        }"""));
    assertThat(response.text()).isEqualTo("Consider a basic metabolic panel and an ECG.");
    assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(response.usage()).isEqualTo(new Usage(2095, 503, 1024, 512));
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.rawFinishReason()).isEqualTo("end_turn");
    assertThat(response.providerRequestId()).isEqualTo("req_018EeWyXxfu5pfWkrYcMdjWG");
  }

  @Test
  void generate_noOptionalParameters_sendsOnlyRequiredFieldsWithDefaultMaxTokens() throws Exception {
    // given
    server.enqueue(json(200, "anthropic/success.json").build());
    AnthropicBackend backend = backend().build();

    // when
    ModelResponse response = backend.generate(new ModelCall(
        UUID.randomUUID(), 1, "claude-3-5-haiku-latest",
        List.of(ChatMessage.user("Hello")), GenerationParameters.none(), Duration.ofSeconds(5), null));

    // then
    assertThat(Wire.body(server.takeRequest())).isEqualTo(Wire.parse("""
        {"model": "claude-3-5-haiku-latest", "max_tokens": 1024,
         "messages": [{"role": "user", "content": "Hello"}]}"""));
    assertThat(response.providerRequestId()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
  }

  @Test
  void generate_defaultMaxTokensSet_usesIt() throws Exception {
    server.enqueue(json(200, "anthropic/success.json").build());

    backend().defaultMaxTokens(4096).build().generate(Wire.call("claude-sonnet-4-5"));

    assertThat(Wire.body(server.takeRequest()).get("max_tokens").asInt()).isEqualTo(4096);
  }

  @Test
  void generate_textAndToolUseBlocks_joinsTextBlocksAndReportsToolUse() {
    server.enqueue(json(200, "anthropic/tool_use.json").build());

    ModelResponse response = backend().build().generate(Wire.call("claude-sonnet-4-5"));

    assertThat(response.text())
        .isEqualTo("I'll look up the latest potassium value. Then I will compare it with the reference range.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_USE);
    assertThat(response.rawFinishReason()).isEqualTo("tool_use");
    assertThat(response.usage()).isEqualTo(new Usage(472, 91, 0, 0));
  }

  @Test
  void generate_maxTokensWithoutCacheFields_isLengthWithZeroCacheCounts() {
    server.enqueue(json(200, "anthropic/max_tokens.json").build());

    ModelResponse response = backend().build().generate(Wire.call("claude-3-5-haiku-latest"));

    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.usage()).isEqualTo(new Usage(25, 5, 0, 0));
    assertThat(response.model()).isEqualTo("claude-3-5-haiku-20241022");
  }

  @Test
  void generate_stopSequenceWithNullCacheFields_isStopSequence() {
    server.enqueue(json(200, "anthropic/stop_sequence.json").build());

    ModelResponse response = backend().build().generate(Wire.call("claude-sonnet-4-5"));

    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
    assertThat(response.text()).isEqualTo("Assessment: stable");
    assertThat(response.usage()).isEqualTo(new Usage(40, 4, 0, 0));
  }

  @Test
  void generate_pauseTurn_isOtherWithRawValue() {
    server.enqueue(json(200, "anthropic/pause_turn.json").build());

    ModelResponse response = backend().build().generate(Wire.call("claude-sonnet-4-5"));

    assertThat(response.finishReason()).isEqualTo(FinishReason.OTHER);
    assertThat(response.rawFinishReason()).isEqualTo("pause_turn");
    assertThat(response.text()).isEmpty();
  }

  @Test
  void generate_refusal_throwsContentRefused() {
    server.enqueue(json(200, "anthropic/refusal.json").setHeader("request-id", "req_refused").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("claude-sonnet-4-5")));

    assertThat(e.kind()).isEqualTo(FailureKind.CONTENT_REFUSED);
    assertThat(e.providerRequestId()).contains("req_refused");
  }

  /* --- generate: errors --- */

  @ParameterizedTest
  @CsvSource({
    "400, invalid_request, INVALID_REQUEST, invalid_request_error",
    "401, authentication, AUTHENTICATION, authentication_error",
    "402, billing, AUTHENTICATION, billing_error",
    "403, permission, AUTHENTICATION, permission_error",
    "404, not_found, INVALID_REQUEST, not_found_error",
    "413, request_too_large, INVALID_REQUEST, request_too_large",
    "429, rate_limit, RATE_LIMITED, rate_limit_error",
    "500, api, SERVER_ERROR, api_error",
    "503, api, OVERLOADED, api_error",
    "529, overloaded, OVERLOADED, overloaded_error",
  })
  void generate_errorStatus_mapsToKind(int status, String fixture, FailureKind kind, String type) {
    server.enqueue(json(status, "anthropic/error_" + fixture + ".json").setHeader("request-id", "req_err").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("claude-sonnet-4-5")));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.statusCode()).hasValue(status);
    assertThat(e.providerErrorType()).contains(type);
    assertThat(e.providerRequestId()).contains("req_err");
    assertThat(e.getMessage()).contains(type).doesNotContain(KEY).doesNotContain("atrial fibrillation");
  }

  @Test
  void generate_errorWithHtmlBody_mapsByStatus() {
    server.enqueue(new MockResponse.Builder().code(502)
        .setHeader("Content-Type", "text/html").body("<html><body>Bad Gateway</body></html>").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("claude-sonnet-4-5")));

    assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(e.providerErrorType()).isEmpty();
  }

  @Test
  void generate_retryAfterSeconds_isReported() {
    server.enqueue(json(429, "anthropic/error_rate_limit.json").setHeader("retry-after", "17").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("claude-sonnet-4-5")));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(17));
  }

  @Test
  void generate_retryAfterHttpDate_isRelativeToNow() {
    server.enqueue(json(529, "anthropic/error_overloaded.json")
        .setHeader("retry-after", "Sun, 01 Jun 2025 12:00:09 GMT").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("claude-sonnet-4-5")));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(9));
  }

  /* --- generate: transport failures --- */

  @Test
  void generate_malformedJson_throwsMalformedResponse() {
    server.enqueue(new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json").body("{\"id\":\"msg_1\",\"content\":[").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("claude-sonnet-4-5")));

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
  }

  @Test
  void generate_wrongContentType_throwsMalformedResponse() {
    server.enqueue(new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "text/html").body(Wire.fixture("anthropic/success.json")).build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("claude-sonnet-4-5")));

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("text/html");
  }

  @Test
  void generate_missingContent_throwsMalformedResponse() {
    server.enqueue(json(200, "anthropic/missing_content.json").build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("claude-sonnet-4-5")));

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
  }

  @Test
  void generate_truncatedBody_throwsMalformedResponse() {
    server.enqueue(json(200, "anthropic/success.json")
        .setHeader("Content-Length", "4000")
        .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
        .build());

    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend().build().generate(Wire.call("claude-sonnet-4-5")));

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
    assertThat(e.statusCode()).hasValue(200);
  }

  @Test
  void generate_slowBodyPastTimeout_throwsTimeout() {
    server.enqueue(json(200, "anthropic/success.json").bodyDelay(1, TimeUnit.SECONDS).build());
    AnthropicBackend backend = backend().timeout(Duration.ofMillis(200)).build();

    long start = System.nanoTime();
    BackendException e = catchThrowableOfType(
        BackendException.class, () -> backend.generate(Wire.call("claude-sonnet-4-5")));

    assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
  }

  @Test
  void generate_callTimeoutShorterThanBackendTimeout_winsAndThrowsTimeout() {
    server.enqueue(json(200, "anthropic/success.json").headersDelay(1, TimeUnit.SECONDS).build());

    long start = System.nanoTime();
    BackendException e = catchThrowableOfType(BackendException.class, () -> backend().build()
        .generate(Wire.call("claude-sonnet-4-5", GenerationParameters.none(), Duration.ofMillis(150))));

    assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
  }

  @Test
  void generate_nothingListening_throwsConnection() throws Exception {
    MockWebServer closed = new MockWebServer();
    closed.start();
    String url = closed.url("/").toString();
    closed.close();

    BackendException e = catchThrowableOfType(BackendException.class,
        () -> AnthropicBackend.builder().apiKey(KEY).baseUrl(url).build().generate(Wire.call("claude-sonnet-4-5")));

    assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION);
    assertThat(e.getMessage()).doesNotContain(KEY);
  }

  /* --- through the client: retry, deadline, fallback --- */

  @Test
  void call_retryAfterSeconds_waitsWhatTheServerAsked() {
    server.enqueue(json(429, "anthropic/error_rate_limit.json").setHeader("retry-after", "7").build());
    server.enqueue(json(529, "anthropic/error_overloaded.json").setHeader("retry-after", "3").build());
    server.enqueue(json(200, "anthropic/success.json").build());

    try (ClinicalModelClient client = client(backend().build(), RetryPolicy.defaults().withJitter(true))) {
      ClinicalResult result = client.call(Wire.request().build());

      assertThat(result).isInstanceOf(ClinicalResult.Success.class);
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(3));
      assertThat(((ClinicalResult.Success) result).failures())
          .extracting(BackendFailure::kind, BackendFailure::retryAfter)
          .containsExactly(
              tuple(FailureKind.RATE_LIMITED, Duration.ofSeconds(7)),
              tuple(FailureKind.OVERLOADED, Duration.ofSeconds(3)));
    }
  }

  @Test
  void call_rateLimitResetHeaders_waitsUntilTheExhaustedLimitResets() {
    server.enqueue(json(429, "anthropic/error_rate_limit.json")
        .setHeader("anthropic-ratelimit-requests-remaining", "12")
        .setHeader("anthropic-ratelimit-requests-reset", "2025-06-01T12:00:40Z")
        .setHeader("anthropic-ratelimit-tokens-remaining", "0")
        .setHeader("anthropic-ratelimit-tokens-reset", "2025-06-01T12:00:05Z")
        .build());
    server.enqueue(json(429, "anthropic/error_rate_limit.json")
        .setHeader("anthropic-ratelimit-requests-reset", "2025-06-01T12:00:04Z")
        .setHeader("anthropic-ratelimit-tokens-reset", "2025-06-01T12:00:12.500Z")
        .build());
    server.enqueue(json(200, "anthropic/success.json").build());

    try (ClinicalModelClient client = client(backend().build(), RetryPolicy.defaults())) {
      ClinicalResult result = client.call(Wire.request().build());

      assertThat(result.isSuccess()).isTrue();
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(5), Duration.ofMillis(12_500));
    }
  }

  @Test
  void call_retryAfterAboveCap_waitsTheCap() {
    server.enqueue(json(429, "anthropic/error_rate_limit.json").setHeader("retry-after", "600").build());
    server.enqueue(json(200, "anthropic/success.json").build());

    try (ClinicalModelClient client =
        client(backend().build(), RetryPolicy.defaults().withMaxRetryAfter(Duration.ofSeconds(20)))) {
      assertThat(client.call(Wire.request().build()).isSuccess()).isTrue();
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(20));
    }
  }

  @Test
  void call_invalidRequest_isAttemptedOnce() {
    server.enqueue(json(400, "anthropic/error_invalid_request.json").build());

    try (ClinicalModelClient client = client(backend().build(), RetryPolicy.defaults())) {
      ClinicalResult result = client.call(Wire.request().build());

      assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class, u -> {
        assertThat(u.kind()).isEqualTo(FailureKind.INVALID_REQUEST);
        assertThat(u.failures()).hasSize(1);
      });
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThat(sleeper.waits()).isEmpty();
    }
  }

  @Test
  void call_serverSlowerThanDeadline_isUnavailableNearTheDeadline() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(200, "anthropic/success.json").headersDelay(1, TimeUnit.SECONDS).build());
    }

    try (ClinicalModelClient client = client(backend().build(), RetryPolicy.defaults())) {
      long start = System.nanoTime();
      ClinicalResult result = client.call(Wire.request().timeout(Duration.ofMillis(300)).build());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class, u -> {
        assertThat(u.failures()).isNotEmpty();
        assertThat(u.failures().get(0).kind()).isEqualTo(FailureKind.TIMEOUT);
      });
      assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(900));
    }
  }

  @Test
  void call_primaryOverloaded_fallsBackToSecondBackend() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(529, "anthropic/error_overloaded.json").setHeader("request-id", "req_" + i).build());
    }
    try (MockWebServer second = new MockWebServer()) {
      second.start();
      second.enqueue(json(200, "openai/compatible_success.json").build());
      OpenAiBackend local = OpenAiBackend.compatible(second.url("/v1").toString())
          .defaultModel("meta-llama/Llama-3.1-8B-Instruct").build();

      try (ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(backend().build())
          .backend(local)
          .retryPolicy(RetryPolicy.defaults())
          .sleeper(sleeper)
          .build()) {
        ClinicalResult result = client.call(Wire.request().build());

        assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
          assertThat(s.text()).isEqualTo("Consider a basic metabolic panel and an ECG.");
          assertThat(s.metadata().backend()).isEqualTo("openai-compatible");
          assertThat(s.metadata().model()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
          assertThat(s.metadata().attempts()).isEqualTo(4);
          assertThat(s.failures())
              .extracting(BackendFailure::backend, BackendFailure::attempt, BackendFailure::kind,
                  BackendFailure::statusCode, BackendFailure::providerRequestId)
              .containsExactly(
                  tuple("anthropic", 1, FailureKind.OVERLOADED, 529, "req_0"),
                  tuple("anthropic", 2, FailureKind.OVERLOADED, 529, "req_1"),
                  tuple("anthropic", 3, FailureKind.OVERLOADED, 529, "req_2"));
        });
        assertThat(sleeper.waits()).hasSize(2)
            .allSatisfy(w -> assertThat(w).isBetween(Duration.ZERO, Duration.ofSeconds(1)));
      }
    }
  }

  /* --- builder --- */

  @Test
  void build_withoutApiKey_throws() {
    assertThatThrownBy(() -> AnthropicBackend.builder().build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("anthropic.apiKey");
  }

  @Test
  void info_defaults_areDocumentedConstants() {
    AnthropicBackend backend = AnthropicBackend.builder().apiKey(KEY).build();

    assertThat(backend.info().name()).isEqualTo(AnthropicBackend.DEFAULT_NAME);
    assertThat(backend.info().provider()).isEqualTo("anthropic");
    assertThat(backend.info().hosting()).isEqualTo(Hosting.EXTERNAL);
    assertThat(backend.info().defaultModel()).isEqualTo(AnthropicBackend.DEFAULT_MODEL);
    assertThat(backend.toString()).contains("https://api.anthropic.com/v1/messages").doesNotContain(KEY);
  }

  @Test
  void baseUrl_notAUrl_throws() {
    assertThatThrownBy(() -> AnthropicBackend.builder().baseUrl("not a url"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("anthropic.baseUrl");
  }
}
