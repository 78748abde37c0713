package dev.hai.eval.rollout;

import dev.hai.core.route.ShadowStore;
import dev.hai.eval.feedback.Feedback;
import dev.hai.eval.feedback.FeedbackStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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

  /**
   * The calls of {@code route} in an audit log directory (a {@code FileAuditSink}'s, read with
   * {@code AuditLogReader}; records whose {@code route} object names the route, shadows left out)
   * in [{@code from}, {@code to}), and the feedback on them from {@code feedback}.
   *
   * @param from the first time included, or null for the log's start
   * @param to the first time excluded, or null for its end
   */
  public static RolloutData fromAuditLog(Path auditDirectory, String route, FeedbackStore feedback,
      @Nullable Instant from, @Nullable Instant to) {
    List<ArmCall> calls = AuditArmCalls.read(auditDirectory, route, from, to);
    Set<UUID> ids = new HashSet<>();
    calls.forEach(c -> ids.add(c.callId()));
    return of(calls, feedback.all().stream().filter(f -> ids.contains(f.callId())).toList());
  }

  /**
   * A copy with the mean agreement score of each shadow arm of {@code route} in {@code shadows}
   * (answered shadows of this data's calls only, so the period is the calls'), by arm then
   * comparator.
   */
  public RolloutData withShadowAgreement(ShadowStore shadows, String route) {
    Set<UUID> ids = new HashSet<>();
    calls.forEach(c -> ids.add(c.callId()));
    return withShadowAgreement(AuditArmCalls.shadowAgreement(shadows, route, ids));
  }

  /** A copy with these shadow agreement rates. */
  public RolloutData withShadowAgreement(Map<String, Map<String, Double>> rates) {
    return new RolloutData(calls, feedback, rates);
  }
}
