package dev.hai.gpu.schedule;

import dev.hai.core.ClinicalPriority;
import java.time.Duration;
import java.util.Map;

/**
 * A {@link GpuScheduler}'s state at one instant, for dashboards and tests. Immutable.
 *
 * @param capacity the most calls it runs at once
 * @param inFlight calls running
 * @param queuedByClass calls waiting, per priority class, the most urgent first
 * @param busyGpuTime GPU time so far: the time with at least one call running, times the GPU count;
 *     the GPU times of all calls add up to it
 * @param closed whether it has been closed
 */
public record SchedulerSnapshot(
    int capacity, int inFlight, Map<ClinicalPriority, Integer> queuedByClass, Duration busyGpuTime, boolean closed) {
  public SchedulerSnapshot {
    queuedByClass = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(queuedByClass));
  }

  /** Calls waiting, all classes together. */
  public int queued() {
    return queuedByClass.values().stream().mapToInt(Integer::intValue).sum();
  }
}
