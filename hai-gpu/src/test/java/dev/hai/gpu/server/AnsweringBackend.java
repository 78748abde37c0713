package dev.hai.gpu.server;

import dev.hai.core.FinishReason;
import dev.hai.core.Usage;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend that always answers {@code text} and counts its calls: the other backend of a client. */
final class AnsweringBackend implements ModelBackend {
  private final BackendInfo info;
  private final String text;
  private final AtomicInteger calls = new AtomicInteger();

  AnsweringBackend(BackendInfo info, String text) {
    this.info = info;
    this.text = text;
  }

  int calls() {
    return calls.get();
  }

  @Override
  public BackendInfo info() {
    return info;
  }

  @Override
  public ModelResponse generate(ModelCall call) {
    calls.incrementAndGet();
    return new ModelResponse(text, info.defaultModel(), Usage.of(1, 1), FinishReason.STOP, "stop", null);
  }
}
