package dev.hai.core.route;

import java.util.UUID;

/**
 * Told about shadow calls, for metrics. Called on the primary call's thread ({@link #dropped}) or
 * the shadow pool's threads ({@link #finished}); must be fast and thread-safe. An exception it
 * throws is logged and ignored. Neither callback carries PHI: {@link ShadowResult#text()} is the
 * only clinical content, and {@link #finished} receives it only so that a listener can compute its
 * own scores; do not log it.
 */
public interface ShadowListener {
  /** Does nothing. */
  ShadowListener NONE = new ShadowListener() {};

  /** A shadow call was not started because the pool and its queue were full. */
  default void dropped(String route, String arm, UUID primaryCallId) {}

  /** A shadow call ended and was recorded. */
  default void finished(ShadowResult result) {}
}
