package dev.hai.gpu.schedule;

import dev.hai.core.ClinicalPriority;
import java.time.Duration;

/**
 * What a {@link GpuScheduler} did, for a {@link SchedulerListener}: metrics of queue depth, waits
 * by class, admissions, refusals and diversions. Events name the backend, the priority class and
 * the tenant, never call content or a patient. Immutable.
 */
public sealed interface SchedulerEvent {

  /** The scheduled backend's name ({@code BackendInfo.name()}). */
  String backend();

  /** The class the call was scheduled at. */
  ClinicalPriority priority();

  /** The call's tenant, or {@link GpuScheduler#NO_TENANT} when the call named none. */
  String tenant();

  /** Why a call was refused at admission. */
  enum RefusalReason {
    /** Its expected queue wait plus its expected service time would pass its deadline. */
    DEADLINE,
    /**
     * Its expected queue wait exceeds the aging bound: more calls wait than the device serves in
     * that time.
     */
    OVERLOADED,
    /** The queue held {@code maxQueued} calls already. */
    QUEUE_FULL,
    /** The scheduler is closed or closing. */
    CLOSED
  }

  /**
   * A call got a slot and went to the backend.
   *
   * @param queueWait how long it queued (zero when a slot was free)
   * @param inFlight calls running, this one included
   * @param queued calls still waiting
   */
  record Admitted(String backend, ClinicalPriority priority, String tenant, Duration queueWait, int inFlight,
      int queued) implements SchedulerEvent {}

  /**
   * A call was refused at admission, at once, with {@code FailureKind.CAPACITY}.
   *
   * @param reason why
   * @param expectedWait the queue wait it was expected to have
   * @param queued calls waiting when it arrived
   */
  record Refused(String backend, ClinicalPriority priority, String tenant, RefusalReason reason,
      Duration expectedWait, int queued) implements SchedulerEvent {}

  /**
   * A queued call was removed, with {@code FailureKind.CAPACITY}: it could no longer start in time
   * to finish before its deadline, or the scheduler closed.
   *
   * @param queueWait how long it had waited
   * @param closing whether the scheduler's close removed it
   */
  record Expired(String backend, ClinicalPriority priority, String tenant, Duration queueWait, boolean closing)
      implements SchedulerEvent {}

  /**
   * The client sent a call this scheduler refused (or expired) on to another backend.
   *
   * @param to the backend it went to
   */
  record Diverted(String backend, ClinicalPriority priority, String tenant, String to) implements SchedulerEvent {}

  /**
   * An admitted call ended.
   *
   * @param serviceTime how long the backend took
   * @param gpuTime its share of the GPU's busy time
   * @param failed whether the backend failed it
   */
  record Completed(String backend, ClinicalPriority priority, String tenant, Duration serviceTime, Duration gpuTime,
      boolean failed) implements SchedulerEvent {}
}
