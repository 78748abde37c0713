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

  /** Releases what the backend holds (connections, native memory, child processes). */
  @Override
  default void close() {}
}
