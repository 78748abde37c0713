package dev.hai.core.audit;

import dev.hai.core.internal.Checks;
import java.util.Set;

/**
 * What the scheduler in front of a local backend did with a call, as its audit record keeps it
 * (the {@code scheduling} object; docs/audit-format.md). Present only on records of calls that a
 * scheduler saw; it describes the last scheduled attempt.
 *
 * @param priority the priority class's name, for example {@code "EMERGENCY"}
 * @param level the class's level, 0 to 1000
 * @param waitMillis how long the attempt queued, in milliseconds
 * @param admission {@code admitted}, {@code refused} (at admission, at once), {@code expired}
 *     (removed from the queue when it could no longer start in time) or {@code diverted} (refused or
 *     expired, then sent to the next backend)
 */
public record AuditScheduling(String priority, int level, long waitMillis, String admission) {

  private static final Set<String> ADMISSIONS = Set.of("admitted", "refused", "expired", "diverted");

  public AuditScheduling {
    Checks.notBlank(priority, "scheduling.priority");
    if (waitMillis < 0) {
      throw new IllegalArgumentException("scheduling.waitMillis must not be negative, was " + waitMillis);
    }
    if (!ADMISSIONS.contains(admission)) {
      throw new IllegalArgumentException(
          "scheduling.admission must be admitted, refused, expired or diverted, was '" + admission + "'");
    }
  }
}
