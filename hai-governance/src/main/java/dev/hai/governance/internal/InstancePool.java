package dev.hai.governance.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A bounded pool of objects that are not thread-safe (OPA Wasm instances): at most {@code size}
 * are lent at once, made on demand and kept for reuse. Unlike opa-java-wasm's own pool, a borrower
 * waits at most a given time.
 */
public final class InstancePool<T> {
  private final Supplier<T> factory;
  private final Semaphore permits;
  private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();
  private final int size;

  public InstancePool(Supplier<T> factory, int size) {
    this.factory = factory;
    this.size = size;
    this.permits = new Semaphore(size);
  }

  /**
   * Makes every instance now, so that a broken factory fails here and not on a call, and no call
   * waits for an instance to be made (compiling a Wasm module takes tens of milliseconds).
   */
  public void warm() {
    for (int i = 0; i < size; i++) {
      idle.push(factory.get());
    }
  }

  public int size() {
    return size;
  }

  /** An instance, or null if none came free within {@code timeout}. */
  public @Nullable T borrow(Duration timeout) throws InterruptedException {
    if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return null;
    }
    T t = idle.pollFirst();
    if (t == null) {
      try {
        t = factory.get();
      } catch (RuntimeException | Error e) {
        permits.release();
        throw e;
      }
    }
    return t;
  }

  /**
   * Applies {@code work} to a borrowed instance and gives the slot back whatever happens: the
   * instance is returned for reuse if the work completed, and discarded (a new one replaces it) if
   * it threw anything, {@link Error}s included, which propagate unchanged.
   */
  public <R> R apply(T borrowed, Function<? super T, R> work) {
    boolean completed = false;
    try {
      R result = work.apply(borrowed);
      completed = true;
      return result;
    } finally {
      if (completed) {
        release(borrowed);
      } else {
        discard();
      }
    }
  }

  /** Returns a borrowed instance for reuse. */
  public void release(T t) {
    idle.push(t);
    permits.release();
  }

  /** Drops a borrowed instance that may be in a bad state (after a trap); a new one replaces it. */
  public void discard() {
    permits.release();
  }
}
