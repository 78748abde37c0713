package dev.hai.core.internal.cost;

import dev.hai.core.spi.CallContext;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long each backend was busy with one call: the model stage adds the duration of every attempt,
 * the budget stage prices the local backends' time. One per call.
 */
public final class CostTrace {
  /** Where the budget stage puts the trace for the model stage to fill in. */
  public static final CallContext.Key<CostTrace> KEY = new CallContext.Key<>("hai.cost.trace", CostTrace.class);

  private final ConcurrentHashMap<String, LongAdder> busyNanos = new ConcurrentHashMap<>(4);

  /** Notes that {@code backend} spent {@code nanos} on one attempt. */
  public void busy(String backend, long nanos) {
    busyNanos.computeIfAbsent(backend, b -> new LongAdder()).add(Math.max(0, nanos));
  }

  /** The time {@code backend} spent on the call, over all attempts. */
  public long busyNanos(String backend) {
    LongAdder a = busyNanos.get(backend);
    return a == null ? 0 : a.sum();
  }
}
