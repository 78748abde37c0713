package dev.hai.gpu.schedule;

import dev.hai.core.FinishReason;
import dev.hai.core.Usage;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local backend whose calls wait at a gate until the test lets them through one by one, and
 * that records the calls in the order they reached it. Optionally fails every call.
 */
final class GateBackend implements ModelBackend {
  private final BackendInfo info;
  private final Semaphore gate = new Semaphore(0);
  final List<ModelCall> calls = new CopyOnWriteArrayList<>();
  final AtomicBoolean closed = new AtomicBoolean();
  private volatile BackendException failure;
  private volatile boolean open;

  GateBackend(String name) {
    this.info = new BackendInfo(name, "fake", Hosting.LOCAL, name + "-model");
  }

  /** Every call from now on passes at once. */
  GateBackend open() {
    open = true;
    gate.release(1000);
    return this;
  }

  /** Lets {@code n} waiting (or future) calls through. */
  void release(int n) {
    gate.release(n);
  }

  /** Every call that passes the gate fails with this. */
  GateBackend failWith(BackendException failure) {
    this.failure = failure;
    return this;
  }

  /** Waits (10 s at most) until {@code n} calls have reached the backend. */
  void awaitCalls(int n) throws InterruptedException {
    for (int i = 0; i < 1000 && calls.size() < n; i++) {
      Thread.sleep(10);
    }
  }

  @Override
  public BackendInfo info() {
    return info;
  }

  @Override
  public ModelResponse generate(ModelCall call) {
    calls.add(call);
    if (!open) {
      try {
        if (!gate.tryAcquire(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure != null) {
      throw failure;
    }
    return new ModelResponse("answer " + calls.size(), call.model(), Usage.of(10, 2), FinishReason.STOP, "stop", null);
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
