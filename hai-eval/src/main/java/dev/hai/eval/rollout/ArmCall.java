package dev.hai.eval.rollout;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One routed call, as the rollout decision sees it: which arm served it, and whether it was
 * answered. {@link RolloutData#fromAuditLog} makes these from the audit records' {@code route}
 * object; tests and other sources can make them directly.
 *
 * @param callId the call's id (feedback is keyed by it)
 * @param time when the call ended
 * @param route the route's name
 * @param arm the arm that served the call
 * @param role whether that arm was the champion or the challenger
 * @param actorId who made the call (for response rates per clinician)
 * @param answered whether the call ended with an answer (outcome {@code success}); only answered
 *     calls can get feedback
 * @param challengerShare the challenger's configured traffic share when the call was routed, in
 *     basis points (0 to 10,000), or null when unknown
 * @param promptId the versioned prompt the call used, or null
 * @param promptVersion its version (for arms that are prompt versions), or null
 */
public record ArmCall(UUID callId, Instant time, String route, String arm, Role role, String actorId,
    boolean answered, @Nullable Integer challengerShare, @Nullable String promptId, @Nullable String promptVersion) {

  /** The two arms a decision compares. */
  public enum Role {
    /** The arm in production. */
    CHAMPION,
    /** The arm under test on a share of the traffic. */
    CHALLENGER
  }

  public ArmCall {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(arm, "arm");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(actorId, "actorId");
    if (challengerShare != null && (challengerShare < 0 || challengerShare > 10_000)) {
      throw new IllegalArgumentException("challengerShare is in basis points, 0 to 10000, was " + challengerShare);
    }
  }

  /** A call without prompt information. */
  public ArmCall(UUID callId, Instant time, String route, String arm, Role role, String actorId, boolean answered,
      @Nullable Integer challengerShare) {
    this(callId, time, route, arm, role, actorId, answered, challengerShare, null, null);
  }
}
