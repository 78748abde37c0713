package dev.hai.gpu.server;

/**
 * A supervised server did not become ready: {@link ServerSupervisor#awaitReady} timed out, or the
 * supervisor gave up ({@link ServerState#FAILED}) or was closed while waiting. The message says
 * which, with the last state and its reason; it never quotes the server's output.
 */
public final class ServerStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ServerState state;

  ServerStartException(String message, ServerState state) {
    super(message);
    this.state = state;
  }

  /** The supervisor's state when the wait ended. */
  public ServerState state() {
    return state;
  }
}
