package dev.hai.core.route;

import dev.hai.core.internal.Checks;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which arm of which route served a call; in {@link dev.hai.core.CallMetadata#route()} and, as the
 * {@code route} object, in the call's audit record.
 *
 * @param route the route's name
 * @param arm the arm the call was routed to; its backend was tried first. When that backend failed
 *     and a fallback answered, {@code CallMetadata.backend()} names the fallback
 * @param role that arm's role: {@link ArmRole#CHAMPION} or {@link ArmRole#CHALLENGER}
 * @param challengerShare the challenger's share in basis points when the call was assigned, so
 *     reports can compare the traffic seen with the traffic configured
 * @param reason why a call assigned to the challenger was served by the champion instead (the
 *     challenger's model is not allowed by the policy, or disabled by a kill switch, or its prompt
 *     could not be resolved); null when the call was served by the arm it was assigned
 */
public record RouteInfo(String route, String arm, ArmRole role, int challengerShare, @Nullable String reason) {
  public RouteInfo {
    Checks.notBlank(route, "route.name");
    Checks.notBlank(arm, "route.arm");
    Checks.required(role, "route.role");
    Route.checkShare(challengerShare, "route.challengerShare");
    if (reason != null && role != ArmRole.CHAMPION) {
      throw new IllegalArgumentException("route.reason is only for a challenger's call served by the champion");
    }
  }

  /** The role the subject's bucket assigned: the challenger's when it fell back to the champion. */
  public ArmRole assignedRole() {
    return reason != null ? ArmRole.CHALLENGER : role;
  }

  /** Why the assigned challenger did not serve, when it did not. */
  public Optional<String> fallbackReason() {
    return Optional.ofNullable(reason);
  }
}
