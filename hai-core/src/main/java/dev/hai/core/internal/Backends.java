package dev.hai.core.internal;

import dev.hai.core.spi.ModelBackend;

/** What the owners of several backends (the client, a route table) do with them together. */
public final class Backends {
  private Backends() {}

  /**
   * Closes every backend, even when one fails; then throws the first failure, the later ones
   * suppressed in it.
   */
  public static void closeAll(Iterable<? extends ModelBackend> backends) {
    RuntimeException first = null;
    for (ModelBackend backend : backends) {
      try {
        backend.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
