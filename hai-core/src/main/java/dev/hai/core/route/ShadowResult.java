package dev.hai.core.route;

import dev.hai.core.Usage;
import dev.hai.core.cost.Money;
import dev.hai.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One shadow call's result, as a {@link ShadowStore} keeps it.
 *
 * <p><b>This is clinical content.</b> {@code text} is a model's answer about a patient and holds PHI
 * like any answer: protect the store as the application's own answers are protected (access
 * control, encryption at rest, retention), or have the text redacted on write ({@link
 * ShadowStore#redactingText}).
 *
 * @param primaryCallId the call id of the primary call whose request the shadow repeated
 * @param shadowId the shadow call's own id (a UUIDv7), also the {@code callId} of its audit event
 * @param tenant the primary call's tenant
 * @param route the route's name
 * @param arm the shadow arm's name
 * @param backend the backend asked
 * @param model the model asked (or, on success, the model the provider reported)
 * @param time when the shadow call ended
 * @param latency from the shadow's start to its end
 * @param outcome how it ended
 * @param detail the failure kind or the reason it was not sent; null on success
 * @param text the shadow's answer (PHI: see above); null unless {@code SUCCESS}
 * @param textRedacted whether {@code text} was passed through a redactor before it was stored
 * @param outputSha256 SHA-256 (hex) of the unredacted answer, as in its audit event; null without an answer
 * @param usage tokens the shadow consumed
 * @param cost what the shadow cost, when a shadow budget priced it; null otherwise
 * @param scores each comparator's score of the shadow's answer against the primary's, by comparator
 *     name (finite numbers; a comparator that does not apply leaves its score out); empty without an
 *     answer
 */
public record ShadowResult(
    UUID primaryCallId,
    UUID shadowId,
    String tenant,
    String route,
    String arm,
    String backend,
    String model,
    Instant time,
    Duration latency,
    ShadowOutcome outcome,
    @Nullable String detail,
    @Nullable String text,
    boolean textRedacted,
    @Nullable String outputSha256,
    Usage usage,
    @Nullable Money cost,
    Map<String, Double> scores) {
  public ShadowResult {
    Checks.required(primaryCallId, "primaryCallId");
    Checks.required(shadowId, "shadowId");
    Checks.notBlank(tenant, "tenant");
    Checks.notBlank(route, "route");
    Checks.notBlank(arm, "arm");
    Checks.notBlank(backend, "backend");
    Checks.notBlank(model, "model");
    Checks.required(time, "time");
    Checks.notNegative(latency, "latency");
    Checks.required(outcome, "outcome");
    Checks.required(usage, "usage");
    scores = Map.copyOf(new TreeMap<>(Checks.required(scores, "scores")));
    scores.forEach((name, score) -> {
      if (!Double.isFinite(score)) {
        throw new IllegalArgumentException("score '" + name + "' must be a finite number, was " + score);
      }
    });
    if (text != null && outcome != ShadowOutcome.SUCCESS) {
      throw new IllegalArgumentException("shadow text is kept only for outcome SUCCESS, was " + outcome);
    }
  }

  /** The shadow's answer, when it gave one. */
  public Optional<String> answer() {
    return Optional.ofNullable(text);
  }

  /** A copy whose text is replaced by {@code redacted}, marked as redacted. */
  public ShadowResult withRedactedText(@Nullable String redacted) {
    return new ShadowResult(primaryCallId, shadowId, tenant, route, arm, backend, model, time, latency, outcome,
        detail, redacted, true, outputSha256, usage, cost, scores);
  }

  /** Never prints the answer: it holds PHI. */
  @Override
  public String toString() {
    return "ShadowResult[primaryCallId=" + primaryCallId + ", shadowId=" + shadowId + ", route=" + route
        + ", arm=" + arm + ", backend=" + backend + ", model=" + model + ", outcome=" + outcome
        + ", detail=" + detail + ", text=" + (text == null ? "null" : "(" + text.length() + " chars, not shown)")
        + ", scores=" + scores + "]";
  }
}
