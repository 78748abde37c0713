package dev.hai.eval.rollout;

import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditRoute;
import dev.hai.core.route.ShadowOutcome;
import dev.hai.core.route.ShadowResult;
import dev.hai.core.route.ShadowStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Reads the routed calls of one route from an audit log, and the shadow agreement of a shadow store. */
final class AuditArmCalls {
  private AuditArmCalls() {}

  static List<ArmCall> read(Path auditDirectory, String route, @Nullable Instant from, @Nullable Instant to) {
    List<ArmCall> calls = new ArrayList<>();
    try (Stream<AuditRecord> records = AuditLogReader.stream(auditDirectory)) {
      records.forEach(r -> {
        ArmCall c = of(r, route, from, to);
        if (c != null) {
          calls.add(c);
        }
      });
    }
    return calls;
  }

  static @Nullable ArmCall of(AuditRecord r, String route, @Nullable Instant from, @Nullable Instant to) {
    AuditRoute ar = r.route();
    if (r.isEvent() || ar == null || !ar.name().equals(route) || ar.isShadow()) {
      return null;
    }
    if ((from != null && r.time().isBefore(from)) || (to != null && !r.time().isBefore(to))) {
      return null;
    }
    ArmCall.Role role = ar.role().equals("challenger") ? ArmCall.Role.CHALLENGER : ArmCall.Role.CHAMPION;
    return new ArmCall(r.callId(), r.time(), route, ar.arm(), role, r.actorId(), "success".equals(r.outcome()),
        ar.challengerShare(), r.promptId(), r.promptVersion());
  }

  /**
   * Mean score of each shadow arm's answered shadows of the calls {@code primaries}, by arm then
   * comparator.
   */
  static Map<String, Map<String, Double>> shadowAgreement(ShadowStore store, String route,
      java.util.Set<java.util.UUID> primaries) {
    Map<String, Map<String, double[]>> sums = new TreeMap<>();
    for (ShadowResult s : store.read(route)) {
      if (s.outcome() != ShadowOutcome.SUCCESS || !primaries.contains(s.primaryCallId())) {
        continue;
      }
      Map<String, double[]> arm = sums.computeIfAbsent(s.arm(), k -> new TreeMap<>());
      s.scores().forEach((name, v) -> {
        if (v != null && !v.isNaN()) {
          double[] acc = arm.computeIfAbsent(name, k -> new double[2]);
          acc[0] += v;
          acc[1]++;
        }
      });
    }
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    sums.forEach((arm, scores) -> {
      Map<String, Double> m = new LinkedHashMap<>();
      scores.forEach((k, acc) -> m.put(k, acc[0] / acc[1]));
      out.put(arm, m);
    });
    return out;
  }
}
