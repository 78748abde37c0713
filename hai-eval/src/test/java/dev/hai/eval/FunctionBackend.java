package dev.hai.eval;

import dev.hai.core.ChatMessage;
import dev.hai.core.FinishReason;
import dev.hai.core.Usage;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A backend that answers with a function of the last user message (which may throw a
 * BackendException to fail the attempt), and counts calls and the most calls it saw at once.
 */
public final class FunctionBackend implements ModelBackend {
  private final Function<String, String> answer;
  private final long delayMillis;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  public FunctionBackend(Function<String, String> answer, long delayMillis) {
    this.answer = answer;
    this.delayMillis = delayMillis;
  }

  @Override
  public BackendInfo info() {
    return new BackendInfo("function", "test", Hosting.LOCAL, "function-model");
  }

  @Override
  public ModelResponse generate(ModelCall call) {
    calls.incrementAndGet();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      String user = call.messages().stream().filter(m -> m.role() == ChatMessage.Role.USER)
          .reduce((a, b) -> b).orElseThrow().content();
      return new ModelResponse(answer.apply(user), call.model(), Usage.of(10, 3), FinishReason.STOP, "stop", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  public int calls() {
    return calls.get();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }
}
