package dev.hai.gpu.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a {@link GpuScheduler}'s {@link SchedulerEvent}s, for metrics (queue depth, waits by
 * class, admissions, refusals, diversions).
 *
 * <p>Called on the threads of the calls, outside the scheduler's lock, concurrently: implementations
 * must be thread-safe and fast (record a counter or a timer, do no I/O). An exception thrown is
 * logged and ignored; it never changes a call.
 *
 * <pre>{@code
 * SchedulerListener listener = event -> {
 *   if (event instanceof SchedulerEvent.Admitted a) {
 *     waits.get(a.priority().name()).record(a.queueWait());
 *   }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface SchedulerListener {

  /** Handles one event. */
  void onEvent(SchedulerEvent event);

  /** A listener that does nothing: the default. */
  static SchedulerListener none() {
    return NoListener.INSTANCE;
  }

  /** Wraps {@code listener} so that what it throws is logged and ignored. */
  static SchedulerListener guarded(SchedulerListener listener) {
    if (listener == NoListener.INSTANCE || listener instanceof Guarded) {
      return listener;
    }
    return new Guarded(listener);
  }
}

enum NoListener implements SchedulerListener {
  INSTANCE;

  @Override
  public void onEvent(SchedulerEvent event) {}
}

final class Guarded implements SchedulerListener {
  private static final Logger log = LoggerFactory.getLogger(SchedulerListener.class);
  private final SchedulerListener delegate;

  Guarded(SchedulerListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onEvent(SchedulerEvent event) {
    try {
      delegate.onEvent(event);
    } catch (RuntimeException e) {
      log.warn("scheduler listener threw {} on {}; ignored", e.toString(), event.getClass().getSimpleName());
    }
  }
}
