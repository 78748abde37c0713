package dev.hai.core.spi;

/**
 * A model that answers calls: a cloud API, a local server, or a model in this process.
 *
 * <p>Implementations must be thread-safe, must honour {@link ModelCall#timeout()}, and must report
 * every failure as a {@link BackendException} with the right {@link FailureKind} (never another
 * exception): the client decides on retries and fallback from the kind alone. They must not retry
 * by themselves.
 */
public interface ModelBackend extends AutoCloseable {

  /** What this backend is. Constant for the backend's lifetime. */
  BackendInfo info();

  /**
   * Makes one attempt.
   *
   * @throws BackendException for every failure
   */
  ModelResponse generate(ModelCall call);

  /**
   * Tells this backend that a call it refused for {@link FailureKind#CAPACITY} went on to another
   * backend, so that a scheduler can count the diversion. Called by the client on the calling
   * thread just before the next backend's attempt; must return fast and not throw. The default
   * does nothing.
   *
   * @param call the attempt this backend refused
   * @param to the backend the call went on to
   */
  default void diverted(ModelCall call, BackendInfo to) {}

  /** Releases what the backend holds (connections, native memory, child processes). */
  @Override
  default void close() {}
}
