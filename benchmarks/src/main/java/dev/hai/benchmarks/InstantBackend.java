package dev.hai.benchmarks;

import dev.hai.core.FinishReason;
import dev.hai.core.Usage;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;

/** A backend that answers at once with a fixed response: isolates the SDK's own cost. */
final class InstantBackend implements ModelBackend {
  private static final BackendInfo INFO = new BackendInfo("instant", "in-memory", Hosting.LOCAL, "instant-1");
  private static final ModelResponse RESPONSE =
      new ModelResponse("Stable; discharge with follow-up in 2 weeks.", "instant-1", Usage.of(42, 11),
          FinishReason.STOP, "stop", null);

  @Override
  public BackendInfo info() {
    return INFO;
  }

  @Override
  public ModelResponse generate(ModelCall call) {
    return RESPONSE;
  }
}
