package dev.hai.benchmarks.gpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hai.core.Caller;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.PurposeOfUse;
import java.time.Duration;
import java.util.List;

/**
 * What both sides send: the same synthetic clinical notes (no real patient data), in the same
 * order, with the same generation parameters, so that the server does the same work for each. The
 * direct side's body is field for field what HAI's OpenAI-compatible backend sends ({@code model},
 * {@code messages}, {@code temperature}, {@code max_tokens}, {@code seed}); a test checks it.
 *
 * <p>There is no {@code ignore_eos}: HAI's backend sends only the documented Chat Completions
 * fields, so both sides rely on temperature 0 and a fixed seed instead, and the report shows the
 * output tokens per request of each side so that a difference in work would be seen.
 *
 * @param model the model name the server serves
 * @param maxTokens the token limit of each answer
 * @param seed the sampling seed (temperature is 0)
 * @param timeout each request's time limit
 */
record Workload(String model, int maxTokens, long seed, Duration timeout) {
  static final String SYSTEM = "You are a clinical documentation assistant. Write complete, factual prose.";

  /** Synthetic notes; request {@code i} uses note {@code i % NOTES.size()}. */
  static final List<String> NOTES = List.of(
      "Write a detailed discharge summary: 67-year-old (synthetic), admitted with chest pain for 2 hours,"
          + " troponin raised, ECG with ST depression, treated with PCI to the LAD, uneventful recovery.",
      "Write a detailed handover note: 54-year-old (synthetic) on day 3 after a laparoscopic cholecystectomy,"
          + " afebrile, pain controlled with paracetamol, tolerating a light diet, mobilising independently.",
      "Write a detailed clinic letter: 41-year-old (synthetic) with asthma, two night-time exacerbations a"
          + " week, inhaler technique reviewed, inhaled corticosteroid increased, review in six weeks.",
      "Write a detailed referral letter: 72-year-old (synthetic) with a new irregularly irregular pulse,"
          + " palpitations for a week, no chest pain, blood pressure 138/84, anticoagulation discussed.",
      "Write a detailed progress note: 29-year-old (synthetic) with community-acquired pneumonia, day 2 of"
          + " oral amoxicillin, oxygen saturation 96% on air, CRP falling, eating and drinking well.",
      "Write a detailed summary for the GP: 80-year-old (synthetic) after a fall at home, no fracture on"
          + " imaging, lying and standing blood pressure normal, physiotherapy and home assessment arranged.");

  Workload {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank: the name the server serves the model under");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
    }
  }

  static String note(int index) {
    return NOTES.get(Math.floorMod(index, NOTES.size()));
  }

  /** The request HAI sends for request {@code index}. */
  ClinicalRequest.Builder request(int index) {
    return ClinicalRequest.builder()
        .caller(Caller.of("bench-user", "attending-physician", "benchmarks", PurposeOfUse.TREATMENT))
        .model(model)
        .system(SYSTEM)
        .user(note(index))
        .temperature(0.0)
        .maxTokens(maxTokens)
        .seed(seed)
        .timeout(timeout);
  }

  /** The body the direct client posts for request {@code index}: the same fields HAI sends. */
  String directBody(ObjectMapper json, int index) {
    ObjectNode body = json.createObjectNode();
    body.put("model", model);
    body.putArray("messages")
        .add(json.createObjectNode().put("role", "system").put("content", SYSTEM))
        .add(json.createObjectNode().put("role", "user").put("content", note(index)));
    body.put("temperature", 0.0);
    body.put("max_tokens", maxTokens);
    body.put("seed", seed);
    return body.toString();
  }
}
