package dev.hai.benchmarks;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.PurposeOfUse;
import java.time.Duration;

/** The request every benchmark sends: a short synthetic note to summarise. */
final class BenchmarkRequests {
  static final String SYSTEM = "You summarise clinical notes for a physician. Be factual and brief.";
  static final String NOTE =
      "Summarise: 67-year-old, chest pain for 2 hours, troponin raised, ECG shows ST depression.";

  private BenchmarkRequests() {}

  /** A builder for the summary request; callers may add to it (a patient id, say). */
  static ClinicalRequest.Builder summary() {
    return ClinicalRequest.builder()
        .caller(Caller.of("u-4711", "attending-physician", "cardiology", PurposeOfUse.TREATMENT))
        .system(SYSTEM)
        .user(NOTE)
        .maxTokens(128)
        .temperature(0.0)
        .timeout(Duration.ofSeconds(30));
  }
}
