package dev.hai.gpu.server;

/**
 * Where a {@link ServerSupervisor}'s model server stands. Only {@link #READY} takes calls: a
 * {@link LocalServerBackend} bound to the supervisor fails fast with {@link
 * dev.hai.core.spi.FailureKind#UNAVAILABLE} in every other state.
 */
public enum ServerState {
  /** Not started yet, or stopped by {@link ServerSupervisor#close()}. */
  STOPPED,
  /** The process runs and the supervisor waits for its readiness URL to answer 200. */
  STARTING,
  /** The readiness URL answered 200 and the health probe keeps passing. */
  READY,
  /** The process died, failed its health probe or did not get ready in time; a restart waits out its backoff. */
  RESTARTING,
  /**
   * Given up: the command could not be started, or it needed more restarts within the window than
   * allowed. Only {@link ServerSupervisor#close()} leaves this state.
   */
  FAILED
}
