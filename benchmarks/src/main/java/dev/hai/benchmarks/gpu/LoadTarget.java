package dev.hai.benchmarks.gpu;

/** One side of the comparison: sends request {@code index} and says how it went. Thread-safe. */
interface LoadTarget extends AutoCloseable {
  /** {@code direct} or {@code hai}. */
  String name();

  /**
   * Sends request {@code index} of the workload in class {@code priorityClass} and waits for the
   * answer; never throws for a failed request (it is a {@link Sample} with an error).
   */
  Sample call(int index, PriorityClass priorityClass);

  @Override
  default void close() {}
}
