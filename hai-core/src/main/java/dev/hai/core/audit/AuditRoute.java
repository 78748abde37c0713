package dev.hai.core.audit;

import dev.hai.core.internal.Checks;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The {@code route} object of an audit record: which arm of which route the call went to. Present
 * in the record of a call a route matched, and in the {@code route.shadow} event of each shadow
 * call; absent otherwise (see {@code docs/audit-format.md}).
 *
 * @param name the route's name
 * @param arm the arm's name
 * @param role {@code champion}, {@code challenger} or {@code shadow}
 * @param challengerShare the challenger's share in basis points (0 to 10000) when the call was
 *     assigned; null in a shadow's event
 * @param reason why a call assigned to the challenger was served by the champion; null otherwise
 * @param primaryCallId in a shadow's event, the call id of the primary call whose request it
 *     repeated; null in a call's record
 */
public record AuditRoute(
    String name,
    String arm,
    String role,
    @Nullable Integer challengerShare,
    @Nullable String reason,
    @Nullable UUID primaryCallId) {

  private static final Set<String> ROLES = Set.of("champion", "challenger", "shadow");

  public AuditRoute {
    Checks.notBlank(name, "route.name");
    Checks.notBlank(arm, "route.arm");
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException("route.role must be champion, challenger or shadow, was '" + role + "'");
    }
    if (challengerShare != null && (challengerShare < 0 || challengerShare > 10_000)) {
      throw new IllegalArgumentException("route.challengerShare must be 0 to 10000, was " + challengerShare);
    }
    if ((primaryCallId != null) != role.equals("shadow")) {
      throw new IllegalArgumentException("route.primaryCallId is set exactly in a shadow's record");
    }
  }

  /** Whether this is a shadow call's record. */
  public boolean isShadow() {
    return primaryCallId != null;
  }
}
