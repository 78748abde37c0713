package dev.hai.core.cost;

import dev.hai.core.FinishReason;
import dev.hai.core.Usage;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A backend that answers every call with fixed usage, reporting a dated snapshot of the model asked
 * for; it can hold each call until released, or stay busy for a while, and records the calls.
 */
final class PricedBackend implements ModelBackend {
  private final BackendInfo info;
  private final Usage usage;
  private final String snapshotSuffix;
  final List<ModelCall> calls = new CopyOnWriteArrayList<>();
  volatile CountDownLatch entered;
  volatile CountDownLatch release;
  volatile Duration busy = Duration.ZERO;

  PricedBackend(String name, String provider, Hosting hosting, String defaultModel, Usage usage, String snapshotSuffix) {
    this.info = new BackendInfo(name, provider, hosting, defaultModel);
    this.usage = usage;
    this.snapshotSuffix = snapshotSuffix;
  }

  static PricedBackend anthropic(Usage usage) {
    return new PricedBackend("anthropic", "anthropic", Hosting.EXTERNAL, "claude-sonnet-4-5", usage, "-20250929");
  }

  static PricedBackend local(String name) {
    return new PricedBackend(name, "llama.cpp", Hosting.LOCAL, "meditron-7b", Usage.of(40, 20), "");
  }

  @Override
  public BackendInfo info() {
    return info;
  }

  @Override
  public ModelResponse generate(ModelCall call) {
    calls.add(call);
    CountDownLatch e = entered;
    if (e != null) {
      e.countDown();
    }
    CountDownLatch r = release;
    try {
      if (r != null) {
        r.await(60, TimeUnit.SECONDS);
      }
      if (!busy.isZero()) {
        Thread.sleep(busy.toMillis());
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    return new ModelResponse("ok", call.model() + snapshotSuffix, usage, FinishReason.STOP, "end_turn", null);
  }
}
