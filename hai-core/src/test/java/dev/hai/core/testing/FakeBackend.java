package dev.hai.core.testing;

import dev.hai.core.FinishReason;
import dev.hai.core.Usage;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A scripted in-memory backend: answers from a queue of scripted steps, then with a default
 * answer, and records every call it received.
 */
public final class FakeBackend implements ModelBackend {
  private final BackendInfo info;
  private final Deque<Function<ModelCall, ModelResponse>> script = new ArrayDeque<>();
  private final List<ModelCall> calls = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public FakeBackend(String name) {
    this(name, Hosting.LOCAL);
  }

  /** A backend hosted as given: {@link Hosting#EXTERNAL} to stand in for a cloud provider. */
  public FakeBackend(String name, Hosting hosting) {
    this.info = new BackendInfo(name, "fake", hosting, name + "-model");
  }

  public static ModelResponse answer(String text) {
    return new ModelResponse(text, "fake-model-2026", Usage.of(12, 5), FinishReason.STOP, "stop", "req-1");
  }

  /** Next call answers with this text (echoing the model asked for). */
  public synchronized FakeBackend thenAnswer(String text) {
    script.add(call -> new ModelResponse(text, call.model(), Usage.of(12, 5), FinishReason.STOP, "stop", null));
    return this;
  }

  /** Next call fails with this exception. */
  public synchronized FakeBackend thenFail(BackendException failure) {
    script.add(call -> {
      throw failure;
    });
    return this;
  }

  /**
   * Next call counts {@code started} down, then blocks until {@code release} opens (10 s at most)
   * and answers "late": a backend that holds its caller, to fill thread pools.
   */
  public FakeBackend thenBlock(CountDownLatch started, CountDownLatch release) {
    return then(call -> {
      started.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return answer("late");
    });
  }

  /** Next call runs this function. */
  public synchronized FakeBackend then(Function<ModelCall, ModelResponse> step) {
    script.add(step);
    return this;
  }

  @Override
  public BackendInfo info() {
    return info;
  }

  @Override
  public ModelResponse generate(ModelCall call) {
    calls.add(call);
    Function<ModelCall, ModelResponse> step;
    synchronized (this) {
      step = script.poll();
    }
    if (step == null) {
      return new ModelResponse("ok", call.model(), Usage.of(12, 5), FinishReason.STOP, "stop", null);
    }
    return step.apply(call);
  }

  public List<ModelCall> calls() {
    return calls;
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
