/**
 * Scheduling calls to local GPUs by clinical priority: {@link dev.hai.gpu.schedule.GpuScheduler}
 * in front of a local backend (bounded in flight, priority classes with aging, per-tenant fair
 * share, deadline-aware admission, GPU-second costing) and its {@link
 * dev.hai.gpu.schedule.SchedulerListener} of {@link dev.hai.gpu.schedule.SchedulerEvent}s.
 * See docs/local-gpu.md.
 */
@NullMarked
package dev.hai.gpu.schedule;

import org.jspecify.annotations.NullMarked;
