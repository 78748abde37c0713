package dev.hai.gpu.server;

/**
 * Receives a {@link ServerSupervisor}'s events: starts, readiness, deaths, restarts, give-ups.
 *
 * <pre>{@code
 * ServerSupervisor.builder()
 *     .listener(e -> log.info("{} {} (pid {}): {}", e.supervisor(), e.type(), e.pid(), e.detail()))
 * }</pre>
 *
 * <p>Called on the supervisor's own thread, one event at a time and in order. Implementations must
 * return fast and must not block on the supervisor; an exception thrown here is logged and
 * otherwise ignored. One may call {@link ServerSupervisor#close()}: it stops the server as any
 * other close does (grace period included) and returns once it is stopped.
 */
@FunctionalInterface
public interface SupervisorListener {

  /** Called once per event. */
  void onEvent(SupervisorEvent event);

  /** A listener that ignores every event. */
  static SupervisorListener none() {
    return e -> {};
  }
}
