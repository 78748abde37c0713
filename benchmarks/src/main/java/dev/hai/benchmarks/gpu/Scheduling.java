package dev.hai.benchmarks.gpu;

import dev.hai.core.ClinicalRequest;
import dev.hai.core.spi.ModelBackend;

/**
 * What stands between HAI's client and the model server in the saturation phase, and how a
 * request's priority class reaches it. This is the plug for hai-gpu's {@code GpuScheduler}: an
 * implementation wraps the backend in the scheduler and puts the class on the request; {@link
 * #none()} and {@link #fifo(int)} are the baselines it is compared with.
 */
interface Scheduling {
  /** The name in the report. */
  String describe();

  /** The backend HAI's client calls: {@code backend} itself, or a scheduler in front of it. */
  ModelBackend wrap(ModelBackend backend);

  /** Puts {@code priorityClass} on the request, where the scheduler reads it. */
  ClinicalRequest.Builder tag(ClinicalRequest.Builder request, PriorityClass priorityClass);

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

  /** The scheduling named on the command line: {@code none} or {@code fifo}. */
  static Scheduling named(String name, int capacity) {
    switch (name) {
      case "none":
        return none();
      case "fifo":
        return fifo(capacity);
      default:
        throw new IllegalArgumentException("unknown scheduling '" + name + "': use none or fifo");
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

    @Override
    public ClinicalRequest.Builder tag(ClinicalRequest.Builder request, PriorityClass priorityClass) {
      return request;
    }
  }
}
