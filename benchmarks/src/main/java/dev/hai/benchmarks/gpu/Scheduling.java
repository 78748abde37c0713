package dev.hai.benchmarks.gpu;

import dev.hai.core.spi.ModelBackend;
import dev.hai.gpu.schedule.GpuScheduler;

/**
 * What stands between HAI's client and the model server: {@link #priority(int)}, hai-gpu's {@link
 * GpuScheduler}, and the baselines it is compared with, {@link #none()} and {@link #fifo(int)}.
 * Every request through HAI carries its class as {@link dev.hai.core.ClinicalRequest#priority()};
 * only the scheduler reads it.
 */
interface Scheduling {
  /** The name in the report. */
  String describe();

  /** The backend HAI's client calls: {@code backend} itself, or a scheduler in front of it. */
  ModelBackend wrap(ModelBackend backend);


  /**
   * Every request goes to the server at once: the server's own queue decides the order, and no
   * class is preferred.
   */
  static Scheduling none() {
    return Unscheduled.INSTANCE;
  }

  /**
   * At most {@code capacity} requests in flight to the server, the others waiting in arrival
   * order: what a bounded connection pool or a semaphore gives, with no notion of priority.
   */
  static Scheduling fifo(int capacity) {
    return new FifoScheduling(capacity);
  }

  /**
   * hai-gpu's {@link GpuScheduler} with {@code capacity} calls in flight and its defaults otherwise:
   * the most urgent class first, aging, fair share between tenants, deadline-aware admission (a
   * refused call is a failure of kind {@code CAPACITY}).
   */
  static Scheduling priority(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    return new Scheduling() {
      @Override
      public String describe() {
        return "priority(" + capacity + ")";
      }

      @Override
      public ModelBackend wrap(ModelBackend backend) {
        return GpuScheduler.builder(backend).capacity(capacity).build();
      }
    };
  }

  /** The scheduling named on the command line: {@code none}, {@code fifo} or {@code priority}. */
  static Scheduling named(String name, int capacity) {
    switch (name) {
      case "none":
        return none();
      case "fifo":
        return fifo(capacity);
      case "priority":
        return priority(capacity);
      default:
        throw new IllegalArgumentException("unknown scheduling '" + name + "': use none, fifo or priority");
    }
  }

  /** {@link #none()}. */
  enum Unscheduled implements Scheduling {
    INSTANCE;

    @Override
    public String describe() {
      return "none";
    }

    @Override
    public ModelBackend wrap(ModelBackend backend) {
      return backend;
    }
  }
}
