package dev.hai.eval.rollout;

import dev.hai.eval.feedback.Feedback;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a rollout decision is made from: the routed calls, the feedback on them, and optionally the
 * shadow arms' agreement rates.
 *
 * @param calls the routed calls of one route, champion and challenger
 * @param feedback feedback by call id (feedback on calls not in {@code calls} is ignored)
 * @param shadowAgreement mean agreement score of each shadow arm with the primary, by arm then
 *     comparator name (for example {@code "exact"}), or empty
 */
public record RolloutData(List<ArmCall> calls, Map<UUID, Feedback> feedback,
    Map<String, Map<String, Double>> shadowAgreement) {

  public RolloutData {
    calls = List.copyOf(calls);
    feedback = Map.copyOf(feedback);
    Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
    shadowAgreement.forEach((arm, scores) -> copy.put(arm, Map.copyOf(scores)));
    shadowAgreement = Map.copyOf(copy);
  }

  /** The calls and their feedback, no shadow rates. */
  public static RolloutData of(List<ArmCall> calls, Collection<Feedback> feedback) {
    Map<UUID, Feedback> byCall = new LinkedHashMap<>();
    for (Feedback f : feedback) {
      byCall.putIfAbsent(f.callId(), f);
    }
    return new RolloutData(calls, byCall, Map.of());
  }

  /** A copy with these shadow agreement rates. */
  public RolloutData withShadowAgreement(Map<String, Map<String, Double>> rates) {
    return new RolloutData(calls, feedback, rates);
  }
}
