package dev.hai.core.spi;

import dev.hai.core.ClinicalPriority;
import dev.hai.core.internal.Checks;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a scheduler in front of a backend did with one attempt: the priority it scheduled it at,
 * whether it admitted it, how long it queued, and the share of the device's busy time it used. A
 * scheduling backend returns it with its answer ({@link ModelResponse#scheduling()}) or its failure
 * ({@link BackendException#scheduling()}); the client writes it to the audit record's {@code
 * scheduling} object and, when {@link #gpuTime()} is set, bills that time instead of the attempt's
 * wall-clock time at the backend's local compute price. Holds no call content. Immutable.
 *
 * @param priority the priority the call was scheduled at (the request's, else the scheduler's
 *     default)
 * @param admission what the scheduler decided
 * @param queueWait how long the attempt waited in the queue before it ran or was removed; zero for
 *     a refusal at admission
 * @param gpuTime the attempt's share of the device's busy time (each instant of a run divided by
 *     the number of calls running then, times the device's GPU count), or {@code null} when the
 *     attempt never ran
 */
public record SchedulingInfo(
    ClinicalPriority priority, Admission admission, Duration queueWait, @Nullable Duration gpuTime) {

  /** A scheduler's decision on one attempt. */
  public enum Admission {
    /** The attempt was admitted and ran (its answer or failure came from the backend). */
    ADMITTED,
    /** Refused at admission, without waiting: its expected wait would pass its deadline, or the queue was full or closing. */
    REFUSED,
    /** Queued, then removed when it could no longer start in time (or the scheduler closed). */
    EXPIRED,
    /**
     * Refused or expired here, and the client went on to the next backend. Set by the client (only it
     * knows whether the policy permits a fallback), never by a scheduler.
     */
    DIVERTED
  }

  public SchedulingInfo {
    Checks.required(priority, "scheduling.priority");
    Checks.required(admission, "scheduling.admission");
    Checks.notNegative(queueWait, "scheduling.queueWait");
    if (gpuTime != null) {
      Checks.notNegative(gpuTime, "scheduling.gpuTime");
    }
  }

  /** A copy with another admission, as the client marks a diversion. */
  public SchedulingInfo withAdmission(Admission admission) {
    return new SchedulingInfo(priority, admission, queueWait, gpuTime);
  }
}
