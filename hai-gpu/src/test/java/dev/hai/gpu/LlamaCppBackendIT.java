package dev.hai.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.FinishReason;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.ChatMessage;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.ModelCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backend against the real default model, through a real client. Needs the model at {@link
 * LocalModels#defaultModelPath()} ({@code scripts/fetch-model.sh}); fails, never skips, without it.
 */
class LlamaCppBackendIT {
  private static final String SYSTEM = "You are a concise clinical documentation assistant.";
  private static final String NOTE =
      "Summarise in one sentence: 67-year-old patient (synthetic) admitted with community-acquired "
          + "pneumonia, treated with IV antibiotics for 3 days, afebrile for 48 hours, discharged on "
          + "oral amoxicillin with follow-up in one week.";

  private static LlamaCppBackend backend;
  private static ClinicalModelClient client;

  @BeforeAll
  static void loadModel() {
    Path model = LocalModels.defaultModelPath();
    assertThat(Files.isRegularFile(model))
        .as("model file %s is missing: run scripts/fetch-model.sh or set HAI_MODEL", model)
        .isTrue();
    backend = LlamaCppBackend.builder().modelPath(model).build();
    client = ClinicalModelClient.builder().backend(backend).build();
  }

  @AfterAll
  static void close() {
    if (client != null) {
      client.close();
    }
  }

  private static ClinicalRequest.Builder request() {
    return ClinicalRequest.builder()
        .caller(Caller.of("u-test", "attending-physician", "internal-medicine", PurposeOfUse.TREATMENT))
        .system(SYSTEM)
        .user(NOTE)
        .temperature(0.0)
        .seed(42)
        .timeout(Duration.ofSeconds(60));
  }

  /* --- call --- */

  @Test
  void call_returnsTextWithTheModelsOwnTokenCounts() {
    ClinicalResult result = client.call(request().maxTokens(64).build());

    assertThat(result).isInstanceOf(ClinicalResult.Success.class);
    ClinicalResult.Success s = (ClinicalResult.Success) result;
    assertThat(s.text()).isNotBlank().doesNotContain("<|im_end|>", "<|im_start|>");
    assertThat(s.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
    assertThat(s.metadata().backend()).isEqualTo("local-llama");
    assertThat(s.metadata().model()).isEqualTo("SmolLM2-135M-Instruct.Q4_1");
    assertThat(s.metadata().usage().inputTokens()).isEqualTo(independentPromptTokens()).isGreaterThan(10);
    assertThat(s.metadata().usage().outputTokens()).isBetween(1L, 64L);
  }

  @Test
  void call_smallTokenLimit_stopsWithLength() {
    ClinicalResult.Success s = (ClinicalResult.Success) client.call(request().maxTokens(4).build());

    assertThat(s.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(s.metadata().usage().outputTokens()).isBetween(1L, 4L);
    assertThat(s.text()).isNotBlank();
  }

  @Test
  void call_temperatureZeroSameSeed_isRepeatable() {
    ClinicalRequest r = request().maxTokens(32).build();

    String first = ((ClinicalResult.Success) client.call(r)).text();
    String second = ((ClinicalResult.Success) client.call(r)).text();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void call_stopSequence_cutsBeforeIt() {
    ClinicalResult.Success free = (ClinicalResult.Success) client.call(request().maxTokens(32).build());
    String word = free.text().split("\\s+")[1];

    ClinicalResult.Success s =
        (ClinicalResult.Success) client.call(request().maxTokens(32).stop(word).build());

    assertThat(s.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
    assertThat(s.text()).doesNotContain(word);
    assertThat(free.text()).startsWith(s.text());
  }

  @Test
  void call_tinyTimeout_isUnavailablePromptly() {
    long start = System.nanoTime();

    ClinicalResult result =
        client.call(request().maxTokens(200).timeout(Duration.ofMillis(50)).build());

    assertThat(result).isInstanceOf(ClinicalResult.Unavailable.class);
    assertThat(((ClinicalResult.Unavailable) result).kind())
        .isIn(FailureKind.TIMEOUT, FailureKind.DEADLINE_EXCEEDED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void call_promptAndOutputBeyondContext_isRejectedAsInvalid() {
    try (LlamaCppBackend small = LlamaCppBackend.builder()
        .modelPath(LocalModels.defaultModelPath()).name("small").contextSize(64).defaultMaxTokens(8).build()) {
      ModelCall call = new ModelCall(
          UUID.randomUUID(), 1, small.info().defaultModel(),
          List.of(ChatMessage.system(SYSTEM), ChatMessage.user(NOTE)),
          GenerationParameters.builder().maxTokens(32).build(), Duration.ofSeconds(30), null);

      assertThatThrownBy(() -> small.generate(call))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_REQUEST))
          .hasMessageContaining("context of 64 tokens");
    }
  }

  @Test
  void callAsync_concurrentCalls_allSucceedOneAfterAnother() throws Exception {
    List<CompletableFuture<ClinicalResult>> futures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      futures.add(client.callAsync(request().maxTokens(16).seed(i).build()));
    }

    for (CompletableFuture<ClinicalResult> f : futures) {
      assertThat(f.get(120, TimeUnit.SECONDS)).isInstanceOf(ClinicalResult.Success.class);
    }
  }

  /* --- close --- */

  @Test
  void close_isIdempotentAndLaterCallsAreUnavailable() {
    LlamaCppBackend other = LlamaCppBackend.builder().modelPath(LocalModels.defaultModelPath()).name("other").build();
    other.close();
    other.close();

    ModelCall call = new ModelCall(
        UUID.randomUUID(), 1, other.info().defaultModel(), List.of(ChatMessage.user("hello")),
        GenerationParameters.none(), Duration.ofSeconds(5), null);
    assertThatThrownBy(() -> other.generate(call))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.UNAVAILABLE));
  }

  /** The prompt's token count from llama.cpp directly, not through the backend. */
  private static long independentPromptTokens() {
    try (LlamaModel raw = new LlamaModel(new ModelParameters()
        .setModel(LocalModels.defaultModelPath().toString()).setCtxSize(512).setThreads(1).disableLog())) {
      String prompt = raw.applyTemplate(
          new InferenceParameters("").setMessages(SYSTEM, List.of(new Pair<>("user", NOTE))));
      return raw.encode(prompt).length;
    }
  }
}
