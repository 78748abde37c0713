package dev.hai.benchmarks.gpu;

import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** {@link Scheduling#fifo(int)}: a fair semaphore of {@code capacity} permits in front of the backend. */
final class FifoScheduling implements Scheduling {
  private final int capacity;

  FifoScheduling(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public String describe() {
    return "fifo(" + capacity + ")";
  }

  @Override
  public ModelBackend wrap(ModelBackend backend) {
    return new Gate(backend, new Semaphore(capacity, true));
  }

  /** The backend behind the semaphore. */
  private static final class Gate implements ModelBackend {
    private final ModelBackend backend;
    private final Semaphore permits;

    Gate(ModelBackend backend, Semaphore permits) {
      this.backend = backend;
      this.permits = permits;
    }

    @Override
    public BackendInfo info() {
      return backend.info();
    }

    @Override
    public ModelResponse generate(ModelCall call) {
      try {
        if (!permits.tryAcquire(call.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
          throw BackendException.builder(FailureKind.DEADLINE_EXCEEDED, "no free slot within the call's timeout").build();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw BackendException.builder(FailureKind.UNAVAILABLE, "interrupted while waiting for a slot").build();
      }
      try {
        // The client's deadline still bounds the whole call; the attempt keeps its own timeout.
        return backend.generate(call);
      } finally {
        permits.release();
      }
    }

    @Override
    public void close() {
      backend.close();
    }
  }
}
