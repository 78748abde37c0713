package dev.hai.gpu.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Records a supervisor's events and waits for the next of a type. */
final class RecordingListener implements SupervisorListener {
  private final List<SupervisorEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public synchronized void onEvent(SupervisorEvent event) {
    events.add(event);
    notifyAll();
  }

  List<SupervisorEvent.Type> types() {
    return events.stream().map(SupervisorEvent::type).toList();
  }

  List<SupervisorEvent> events() {
    return List.copyOf(events);
  }

  /** The {@code n}th (1-based) event of {@code type}, waiting for it up to {@code timeout}. */
  synchronized SupervisorEvent await(SupervisorEvent.Type type, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<SupervisorEvent> ofType = events.stream().filter(e -> e.type() == type).toList();
      if (ofType.size() >= n) {
        return ofType.get(n - 1);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + type + " #" + n + " within " + timeout + "; events: " + types());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
