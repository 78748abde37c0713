package dev.hai.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.RetryPolicy;
import dev.hai.eval.internal.EditDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeterminismHarnessTest {

  static final String A = "Urgent. Book GP today.";
  static final String B = "Urgent. Book GP tomorrow.";
  static final String C = "Routine. See pharmacist.";

  /** Answers A six times, B three times, C once, per ten calls. */
  static FunctionBackend cycling() {
    String[] cycle = {A, B, A, A, C, B, A, A, B, A};
    AtomicInteger i = new AtomicInteger();
    return new FunctionBackend(user -> cycle[i.getAndIncrement() % cycle.length], 0);
  }

  static ClinicalRequest request() {
    return ClinicalRequest.builder().caller(EvaluationTest.CALLER).user("Triage: ear pain and fever").build();
  }

  @Test
  void measure_countsDistinctAnswers_flips_editDistance_andVaryingParts() {
    try (ClinicalModelClient client = ClinicalModelClient.builder().backend(cycling())
        .retryPolicy(RetryPolicy.none()).build()) {
      DeterminismHarness h = DeterminismHarness.builder().client(client).repeats(10)
          .labels(List.of("emergency", "urgent", "routine")).build();

      DeterminismReport r = h.measure("t", request());

      assertThat(r.distinctOutputs()).isEqualTo(3);
      assertThat(r.distinctRatio()).isEqualTo(0.3);
      assertThat(r.modalShare()).isEqualTo(0.6);
      assertThat(r.labelFlipRate()).isEqualTo(0.1);
      // pairs: A-B 18 x 0.25, A-C 6 x 1, B-C 3 x 1, over 45 pairs
      assertThat(r.meanEditDistance()).isCloseTo(13.5 / 45, within(1e-12));
      assertThat(r.meanSimilarity()).isNaN();
      assertThat(r.varyingParts()).extracting(DeterminismReport.VaryingPart::text)
          .containsExactly("Book GP today.", "Urgent.");
      assertThat(r.varyingParts().get(0).share()).isEqualTo(0.6);
      assertThat(r.varyingParts().get(1).share()).isEqualTo(0.9);
      // prefixes shared with A: A 22 chars (x6), B "Urgent. Book GP to" 18 (x3), C 0
      assertThat(r.meanCommonPrefix()).isCloseTo((6 * 22 + 3 * 18) / 10.0, within(1e-12));
    }
  }

  @Test
  void measure_identicalAnswers_areFullyStable() {
    try (ClinicalModelClient client = ClinicalModelClient.builder()
        .backend(new FunctionBackend(u -> "Routine.", 0)).build()) {
      DeterminismReport r = DeterminismHarness.builder().client(client).repeats(5)
          .similarity(text -> new float[] {1, text.length()}).build().measure("t0", request());

      assertThat(r.distinctRatio()).isEqualTo(0.2);
      assertThat(r.meanEditDistance()).isZero();
      assertThat(r.meanSimilarity()).isEqualTo(1.0);
      assertThat(r.varyingParts()).isEmpty();
    }
  }

  @Test
  void listener_isToldWhatExceeded_andItsExceptionsAreContained() {
    List<DivergenceListener.Alert> alerts = new ArrayList<>();
    try (ClinicalModelClient client = ClinicalModelClient.builder().backend(cycling()).build()) {
      DeterminismHarness.Builder b = DeterminismHarness.builder().client(client).repeats(10)
          .labels(List.of("emergency", "urgent", "routine"))
          .thresholds(new DeterminismHarness.Thresholds(0.2, 0.5, 0.0));

      b.listener(alerts::add).build().measure("t", request());
      DeterminismReport survived = b.listener(a -> {
        throw new IllegalStateException("pager down");
      }).build().measure("t", request());

      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).exceeded()).containsExactly("distinct ratio 0.300 > 0.200", "label flip rate 0.100 > 0.000");
      assertThat(survived.repeats()).isEqualTo(10);
    }
  }

  @Test
  void listener_isTold_whenTooFewCallsAnsweredToMeasureAnything() {
    // 9 of 10 calls fail: the one answer agrees with itself, so every divergence measure reads
    // "stable"; a bound on them must not pass on no evidence.
    AtomicInteger calls = new AtomicInteger();
    FunctionBackend mostlyFailing = new FunctionBackend(user -> {
      if (calls.getAndIncrement() > 0) {
        throw dev.hai.core.spi.BackendException.of(dev.hai.core.spi.FailureKind.INVALID_REQUEST, "refused");
      }
      return A;
    }, 0);
    List<DivergenceListener.Alert> alerts = new ArrayList<>();
    try (ClinicalModelClient client = ClinicalModelClient.builder().backend(mostlyFailing)
        .retryPolicy(RetryPolicy.none()).build()) {
      DeterminismReport r = DeterminismHarness.builder().client(client).repeats(10)
          .labels(List.of("emergency", "urgent", "routine"))
          .thresholds(new DeterminismHarness.Thresholds(Double.NaN, 0.1, 0.0))
          .listener(alerts::add).build().measure("t", request());

      assertThat(r.failures()).isEqualTo(9);
      assertThat(alerts).singleElement().satisfies(a ->
          assertThat(a.exceeded()).containsExactly("only 1 of 10 calls answered: too few to compare"));
    }
  }

  @Test
  void listener_isTold_whenEveryCallFailed() {
    FunctionBackend failing = new FunctionBackend(user -> {
      throw dev.hai.core.spi.BackendException.of(dev.hai.core.spi.FailureKind.INVALID_REQUEST, "refused");
    }, 0);
    List<DivergenceListener.Alert> alerts = new ArrayList<>();
    try (ClinicalModelClient client = ClinicalModelClient.builder().backend(failing)
        .retryPolicy(RetryPolicy.none()).build()) {
      DeterminismHarness.builder().client(client).repeats(3).listener(alerts::add).build().measure("t", request());

      assertThat(alerts).singleElement().satisfies(a -> assertThat(a.exceeded()).containsExactly("every call failed"));
    }
  }

  @Test
  void compareTemperatures_sendsEachTemperatureAndTheSeed() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    dev.hai.core.spi.ModelBackend recording = new dev.hai.core.spi.ModelBackend() {
      @Override
      public dev.hai.core.spi.BackendInfo info() {
        return new dev.hai.core.spi.BackendInfo("rec", "test", dev.hai.core.spi.Hosting.LOCAL, "m");
      }

      @Override
      public dev.hai.core.spi.ModelResponse generate(dev.hai.core.spi.ModelCall call) {
        seen.add(call.parameters().temperature() + "/" + call.parameters().seed());
        return new dev.hai.core.spi.ModelResponse("ok", "m", dev.hai.core.Usage.of(1, 1),
            dev.hai.core.FinishReason.STOP, null, null);
      }
    };
    try (ClinicalModelClient client = ClinicalModelClient.builder().backend(recording).build()) {
      List<DeterminismReport> reports = DeterminismHarness.builder().client(client).repeats(2).build()
          .compareTemperatures(request(), List.of(0.0, 0.7), 42L);

      assertThat(reports).extracting(DeterminismReport::setting)
          .containsExactly("temperature 0.0, seed 42", "temperature 0.7, seed 42");
      assertThat(seen).containsExactly("0.0/42", "0.0/42", "0.7/42", "0.7/42");
    }
  }

  @Test
  void deterministic_setsTemperatureZeroTopPOneAndSeed() {
    ClinicalRequest r = DeterminismHarness.deterministic(request(), 7);

    assertThat(r.parameters().temperature()).isEqualTo(0.0);
    assertThat(r.parameters().topP()).isEqualTo(1.0);
    assertThat(r.parameters().seed()).isEqualTo(7L);
  }

  @Test
  void editDistance_words() {
    assertThat(EditDistance.normalisedWords("a b c d", "a x c d")).isEqualTo(0.25);
    assertThat(EditDistance.normalisedWords("", "")).isZero();
    assertThat(EditDistance.normalisedWords("a b", "")).isEqualTo(1.0);
    assertThat(EditDistance.levenshtein(new String[] {"k", "i", "t", "t", "e", "n"},
        new String[] {"s", "i", "t", "t", "i", "n", "g"})).isEqualTo(3);
  }
}
