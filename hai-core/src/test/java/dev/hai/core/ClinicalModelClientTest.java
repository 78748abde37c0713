package dev.hai.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.internal.DefaultClinicalModelClient;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.ResolvedPrompt;
import dev.hai.core.spi.Stage;
import dev.hai.core.testing.FakeBackend;
import dev.hai.core.testing.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ClinicalModelClientTest {
  private static final Caller CALLER = Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT);
  private static final RetryPolicy NO_JITTER =
      RetryPolicy.defaults().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)).withJitter(false);

  private final FakeTime time = new FakeTime();

  private ClinicalModelClient.Builder client(FakeBackend... backends) {
    ClinicalModelClient.Builder b =
        ClinicalModelClient.builder().clock(time).sleeper(time).retryPolicy(NO_JITTER);
    for (FakeBackend backend : backends) {
      b.backend(backend);
    }
    return b;
  }

  private static ClinicalRequest.Builder request() {
    return ClinicalRequest.builder().caller(CALLER).system("Be brief.").user("Summarise.");
  }

  private static BackendException fail(FailureKind kind) {
    return BackendException.builder(kind, kind + " from test").statusCode(kind.retryable() ? 503 : 400).build();
  }

  @Test
  void call_backendAnswers_returnsSuccessWithMetadata() {
    FakeBackend primary = new FakeBackend("primary").then(c -> FakeBackend.answer("fine"));
    ClinicalResult result = client(primary).build().call(request().build());

    assertThat(result).isInstanceOf(ClinicalResult.Success.class);
    ClinicalResult.Success s = (ClinicalResult.Success) result;
    assertThat(s.text()).isEqualTo("fine");
    assertThat(s.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(s.metadata().backend()).isEqualTo("primary");
    assertThat(s.metadata().model()).isEqualTo("fake-model-2026");
    assertThat(s.metadata().usage()).isEqualTo(Usage.of(12, 5));
    assertThat(s.metadata().attempts()).isEqualTo(1);
    assertThat(s.metadata().latency()).isPositive();
    assertThat(s.callId().version()).isEqualTo(7);
    assertThat(s.failures()).isEmpty();
    assertThat(primary.calls()).singleElement().satisfies(c -> {
      assertThat(c.model()).isEqualTo("primary-model");
      assertThat(c.attempt()).isEqualTo(1);
      assertThat(c.messages()).containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("Summarise."));
      assertThat(c.timeout()).isEqualTo(ClinicalModelClient.Builder.DEFAULT_TIMEOUT);
    });
  }

  @Test
  void call_requestModel_overridesBackendDefault() {
    FakeBackend primary = new FakeBackend("primary");
    client(primary).build().call(request().model("claude-x").build());
    assertThat(primary.calls().get(0).model()).isEqualTo("claude-x");
  }

  @Test
  void call_retryableFailures_areRetriedWithExponentialBackoff() {
    FakeBackend primary = new FakeBackend("primary")
        .thenFail(fail(FailureKind.OVERLOADED))
        .thenFail(fail(FailureKind.SERVER_ERROR))
        .thenAnswer("third time");
    ClinicalResult result = client(primary).build().call(request().build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
      assertThat(s.text()).isEqualTo("third time");
      assertThat(s.metadata().attempts()).isEqualTo(3);
      assertThat(s.failures()).extracting(BackendFailure::kind)
          .containsExactly(FailureKind.OVERLOADED, FailureKind.SERVER_ERROR);
      assertThat(s.failures()).extracting(BackendFailure::attempt).containsExactly(1, 2);
    });
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(primary.calls()).extracting(c -> c.attempt()).containsExactly(1, 2, 3);
  }

  @Test
  void call_fullJitter_waitsBetweenZeroAndTheBound() {
    RetryPolicy jittered = NO_JITTER.withJitter(true).withMaxAttempts(6);
    for (int run = 0; run < 50; run++) {
      FakeTime t = new FakeTime();
      FakeBackend b = new FakeBackend("b");
      for (int i = 0; i < 5; i++) {
        b.thenFail(fail(FailureKind.SERVER_ERROR));
      }
      ClinicalModelClient.builder().clock(t).sleeper(t).backend(b, jittered).build().call(request().build());
      assertThat(t.sleeps()).hasSize(5);
      for (int i = 0; i < 5; i++) {
        assertThat(t.sleeps().get(i)).isBetween(Duration.ZERO, jittered.backoffBound(i + 1));
      }
    }
  }

  @Test
  void call_retryAfter_isHonouredAndCapped() {
    FakeBackend primary = new FakeBackend("primary")
        .thenFail(BackendException.builder(FailureKind.RATE_LIMITED, "slow down").statusCode(429)
            .retryAfter(Duration.ofMillis(1500)).build())
        .thenFail(BackendException.builder(FailureKind.RATE_LIMITED, "slow down").statusCode(429)
            .retryAfter(Duration.ofMinutes(5)).build())
        .thenAnswer("ok");
    RetryPolicy policy = NO_JITTER.withMaxRetryAfter(Duration.ofSeconds(10));
    ClinicalResult result = ClinicalModelClient.builder().clock(time).sleeper(time).backend(primary, policy)
        .build().call(request().timeout(Duration.ofMinutes(1)).build());

    assertThat(result.isSuccess()).isTrue();
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(1500), Duration.ofSeconds(10));
  }

  @Test
  void call_nonRetryableFailure_isNotRetriedButFallsBack() {
    FakeBackend primary = new FakeBackend("primary").thenFail(fail(FailureKind.AUTHENTICATION));
    FakeBackend secondary = new FakeBackend("secondary").thenAnswer("from secondary");
    ClinicalResult result = client(primary, secondary).build().call(request().build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
      assertThat(s.text()).isEqualTo("from secondary");
      assertThat(s.metadata().backend()).isEqualTo("secondary");
      assertThat(s.metadata().model()).isEqualTo("secondary-model");
      assertThat(s.metadata().attempts()).isEqualTo(2);
      assertThat(s.failures()).singleElement().satisfies(f -> {
        assertThat(f.backend()).isEqualTo("primary");
        assertThat(f.kind()).isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(f.statusCode()).isEqualTo(400);
      });
    });
    assertThat(primary.calls()).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void call_everyBackendFails_returnsUnavailableListingEveryAttempt() {
    FakeBackend primary = new FakeBackend("primary");
    FakeBackend secondary = new FakeBackend("secondary");
    for (int i = 0; i < 3; i++) {
      primary.thenFail(fail(FailureKind.OVERLOADED));
      secondary.thenFail(fail(FailureKind.CONNECTION));
    }
    ClinicalResult result = client(primary, secondary).build().call(request().build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class, u -> {
      assertThat(u.kind()).isEqualTo(FailureKind.CONNECTION);
      assertThat(u.reason()).contains("secondary").contains("3 attempts");
      assertThat(u.failures()).extracting(f -> f.backend() + "#" + f.attempt())
          .containsExactly("primary#1", "primary#2", "primary#3", "secondary#1", "secondary#2", "secondary#3");
      assertThat(u.metadata().attempts()).isEqualTo(6);
      assertThat(u.metadata().backend()).isEqualTo("secondary");
      assertThat(u.metadata().usage()).isEqualTo(Usage.zero());
      assertThat(u.lastFailure()).get().extracting(BackendFailure::kind).isEqualTo(FailureKind.CONNECTION);
    });
  }

  @Test
  void call_contentRefused_doesNotFallBack() {
    FakeBackend primary = new FakeBackend("primary").thenFail(fail(FailureKind.CONTENT_REFUSED));
    FakeBackend secondary = new FakeBackend("secondary");
    ClinicalResult result = client(primary, secondary).build().call(request().build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class,
        u -> assertThat(u.kind()).isEqualTo(FailureKind.CONTENT_REFUSED));
    assertThat(secondary.calls()).isEmpty();
  }

  @Test
  void call_eachAttemptGetsTheTimeLeftBeforeTheDeadline() {
    FakeBackend primary = new FakeBackend("primary")
        .then(c -> {
          time.advance(Duration.ofSeconds(3));
          throw fail(FailureKind.TIMEOUT);
        })
        .thenAnswer("ok");
    client(primary).build().call(request().timeout(Duration.ofSeconds(10)).build());

    assertThat(primary.calls()).extracting(c -> c.timeout())
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10).minusSeconds(3).minusMillis(100));
  }

  @Test
  void call_retryWaitPastTheDeadline_isNotTakenAndTheNextBackendIsTried() {
    FakeBackend primary = new FakeBackend("primary")
        .thenFail(BackendException.builder(FailureKind.RATE_LIMITED, "busy").statusCode(429)
            .retryAfter(Duration.ofSeconds(20)).build());
    FakeBackend secondary = new FakeBackend("secondary").thenAnswer("quick");
    ClinicalResult result = client(primary, secondary).build().call(request().timeout(Duration.ofSeconds(5)).build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class,
        s -> assertThat(s.metadata().backend()).isEqualTo("secondary"));
    assertThat(time.sleeps()).isEmpty();
    assertThat(primary.calls()).hasSize(1);
  }

  @Test
  void call_retryWaitPastTheDeadlineOnTheLastBackend_returnsUnavailableWithoutWaiting() {
    FakeBackend only = new FakeBackend("only")
        .thenFail(BackendException.builder(FailureKind.RATE_LIMITED, "busy").statusCode(429)
            .retryAfter(Duration.ofSeconds(20)).build());
    ClinicalResult result = client(only).build().call(request().timeout(Duration.ofSeconds(5)).build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class, u -> {
      assertThat(u.kind()).isEqualTo(FailureKind.RATE_LIMITED);
      assertThat(u.reason()).contains("would pass the call's deadline");
    });
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void call_deadlineAlreadyPassed_makesNoAttempt() {
    FakeBackend primary = new FakeBackend("primary");
    ClinicalResult result = client(primary).build().call(request().deadline(time.instant().minusSeconds(1)).build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class, u -> {
      assertThat(u.kind()).isEqualTo(FailureKind.DEADLINE_EXCEEDED);
      assertThat(u.failures()).isEmpty();
      assertThat(u.metadata().attempts()).isZero();
    });
    assertThat(primary.calls()).isEmpty();
  }

  @Test
  void call_deadlinePassesDuringAnAttempt_stopsBeforeTheNextOne() {
    FakeBackend primary = new FakeBackend("primary").then(c -> {
      time.advance(c.timeout());
      throw fail(FailureKind.TIMEOUT);
    });
    FakeBackend secondary = new FakeBackend("secondary");
    ClinicalResult result = client(primary, secondary).build().call(request().timeout(Duration.ofSeconds(2)).build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class,
        u -> assertThat(u.kind()).isEqualTo(FailureKind.DEADLINE_EXCEEDED));
    assertThat(primary.calls()).hasSize(1);
    assertThat(secondary.calls()).isEmpty();
  }

  @Test
  void call_backendThrowsAnUnexpectedException_isUnavailableNotThrown() {
    FakeBackend broken = new FakeBackend("broken").then(c -> {
      throw new IllegalStateException("bug in backend");
    });
    ClinicalResult result = client(broken).build().call(request().build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Unavailable.class, u -> {
      assertThat(u.kind()).isEqualTo(FailureKind.UNAVAILABLE);
      assertThat(u.reason()).contains("bug in backend");
    });
    assertThat(broken.calls()).hasSize(1);
  }

  @Test
  void call_promptReferenceWithoutRegistry_isRejected() {
    FakeBackend primary = new FakeBackend("primary");
    ClinicalResult result = client(primary).build()
        .call(ClinicalRequest.builder().caller(CALLER).prompt("discharge-summary", "production", Map.of()).build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Rejected.class, r -> {
      assertThat(r.field()).isEqualTo("prompt");
      assertThat(r.reason()).contains("discharge-summary").contains("promptResolver");
      assertThat(r.metadata().attempts()).isZero();
    });
    assertThat(primary.calls()).isEmpty();
  }

  @Test
  void call_promptReference_isResolvedAndItsDefaultsApplyUnderTheRequestsOwn() {
    PromptInfo info = new PromptInfo("discharge-summary", "1.2.0", "ab".repeat(32));
    PromptResolver resolver = ref -> new ResolvedPrompt(
        List.of(ChatMessage.system("You write discharge summaries."),
            ChatMessage.user("Patient age " + ref.variables().get("age"))),
        info, GenerationParameters.builder().model("prompt-model").maxTokens(300).temperature(0.3).build());
    FakeBackend primary = new FakeBackend("primary");
    ClinicalResult result = client(primary).promptResolver(resolver).build()
        .call(ClinicalRequest.builder().caller(CALLER).prompt("discharge-summary", "production", Map.of("age", "71"))
            .temperature(0.0).build());

    assertThat(result.metadata().prompt()).isEqualTo(info);
    assertThat(primary.calls()).singleElement().satisfies(c -> {
      assertThat(c.messages()).last().isEqualTo(ChatMessage.user("Patient age 71"));
      assertThat(c.model()).isEqualTo("prompt-model");
      assertThat(c.parameters().maxTokens()).isEqualTo(300);
      assertThat(c.parameters().temperature()).isEqualTo(0.0);
    });
  }

  @Test
  void call_resolverRejectsVariables_isRejectedNamingTheField() {
    PromptResolver resolver = ref -> {
      throw new PromptResolver.PromptResolutionException("prompt.variables.age", "missing variable 'age'");
    };
    ClinicalResult result = client(new FakeBackend("p")).promptResolver(resolver).build()
        .call(ClinicalRequest.builder().caller(CALLER).prompt("discharge-summary", "1.2.0", Map.of()).build());

    assertThat(result).isInstanceOfSatisfying(ClinicalResult.Rejected.class, r -> {
      assertThat(r.field()).isEqualTo("prompt.variables.age");
      assertThat(r.reason()).isEqualTo("missing variable 'age'");
    });
  }

  @Test
  void userStages_runAtTheirPositionsInOrder() {
    List<String> seen = new ArrayList<>();
    Stage before = named("before", chain -> {
      seen.add("before:prompt=" + chain.context().prompt().isPresent());
      return chain.proceed(chain.context());
    });
    Stage after = named("after", chain -> {
      seen.add("after:messages=" + chain.context().messages().size());
      return chain.proceed(chain.context());
    });
    Stage inner = named("inner", chain -> {
      seen.add("inner");
      return chain.proceed(chain.context());
    });
    ClinicalModelClient c = client(new FakeBackend("p"))
        .addStage(StagePosition.BEFORE_MODEL, inner)
        .addStage(StagePosition.AFTER_PROMPT, after)
        .addStage(StagePosition.BEFORE_PROMPT, before)
        .build();
    assertThat(c.call(request().build()).isSuccess()).isTrue();
    assertThat(seen).containsExactly("before:prompt=false", "after:messages=2", "inner");
    assertThat(c.describe()).containsSubsequence("before", "prompt", "after", "inner", "model");
  }

  @Test
  void userStage_canEndTheCallWithoutCallingTheModel() {
    FakeBackend primary = new FakeBackend("p");
    Stage guard = chain -> new ClinicalResult.Rejected(chain.context().metadata(), "note too long", "prompt.messages");
    ClinicalResult result = client(primary).addStage(StagePosition.AFTER_PROMPT, guard).build().call(request().build());

    assertThat(result).isInstanceOf(ClinicalResult.Rejected.class);
    assertThat(primary.calls()).isEmpty();
  }

  @Test
  void userStage_canChangeTheRequest() {
    FakeBackend primary = new FakeBackend("p");
    Stage capTokens = chain -> chain.proceed(
        chain.context().withRequest(chain.context().request().toBuilder().maxTokens(50).build()));
    client(primary).addStage(StagePosition.BEFORE_MODEL, capTokens).build().call(request().maxTokens(4000).build());

    assertThat(primary.calls().get(0).parameters().maxTokens()).isEqualTo(50);
  }

  @Test
  void describe_listsStagesBackendsAndRetries() {
    String text = client(new FakeBackend("primary"), new FakeBackend("secondary")).build().describe();
    assertThat(text)
        .contains("1. prompt")
        .contains("2. model")
        .contains("primary (fake, local, default model primary-model, 3 attempts) -> secondary");
  }

  @Test
  void call_putsTheCallIdInTheMdcWhileRunning() {
    List<String> mdc = new ArrayList<>();
    FakeBackend primary = new FakeBackend("p").then(c -> {
      mdc.add(MDC.get(DefaultClinicalModelClient.MDC_CALL_ID));
      return FakeBackend.answer("ok");
    });
    ClinicalResult result = client(primary).build().call(request().build());

    assertThat(mdc).containsExactly(result.callId().toString());
    assertThat(MDC.get(DefaultClinicalModelClient.MDC_CALL_ID)).isNull();
  }

  @Test
  void callAsync_completesWithTheResult() throws Exception {
    try (ClinicalModelClient c = client(new FakeBackend("p").thenAnswer("async")).build()) {
      ClinicalResult result = c.callAsync(request().build()).get(10, TimeUnit.SECONDS);
      assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> assertThat(s.text()).isEqualTo("async"));
    }
  }

  @Test
  void callAsync_whenThePoolAndQueueAreFull_failsAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    FakeBackend blocking = new FakeBackend("p").thenBlock(started, release);
    try (ClinicalModelClient c = client(blocking).asyncPool(1, 1).build()) {
      CompletableFuture<ClinicalResult> running = c.callAsync(request().build());
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<ClinicalResult> queued = c.callAsync(request().build());
      CompletableFuture<ClinicalResult> refused = c.callAsync(request().build());

      assertThat(refused).isCompletedExceptionally();
      assertThatThrownBy(refused::join).hasCauseInstanceOf(RejectedExecutionException.class);
      release.countDown();
      assertThat(running.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(queued.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    }
  }

  @Test
  void close_closesTheBackends() {
    FakeBackend a = new FakeBackend("a");
    FakeBackend b = new FakeBackend("b");
    client(a, b).build().close();
    assertThat(a.closed()).isTrue();
    assertThat(b.closed()).isTrue();
  }

  @Test
  void builder_withoutBackendOrWithDuplicateNames_failsClearly() {
    assertThatThrownBy(() -> ClinicalModelClient.builder().build())
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at least one backend");
    assertThatThrownBy(() -> ClinicalModelClient.builder().backend(new FakeBackend("x")).backend(new FakeBackend("x")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'x'");
  }

  @Test
  void builder_baaBackendsWithoutPolicyEngineOrUnknownName_failsNamingTheSetting() {
    assertThatThrownBy(() -> ClinicalModelClient.builder().backend(new FakeBackend("x")).baaBackends("x").build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("policyEngine"));
    assertThatThrownBy(() -> ClinicalModelClient.builder().backend(new FakeBackend("x")).baaBackends("y")
            .policyEngine(input -> { throw new AssertionError("not called"); }).build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("baaBackends"))
        .hasMessageContaining("'y'");
  }

  private static Stage named(String name, Stage body) {
    return new Stage() {
      @Override
      public ClinicalResult intercept(Chain chain) {
        return body.intercept(chain);
      }

      @Override
      public String name() {
        return name;
      }
    };
  }
}
