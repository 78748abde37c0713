package dev.hai.core.route;

import java.util.Locale;

/** How a shadow call ended. A shadow dropped because its pool was full has no result at all: it is only counted. */
public enum ShadowOutcome {
  /** The shadow answered; its text is in the result and it was compared with the primary answer. */
  SUCCESS,
  /** Every attempt failed (the detail is the failure kind). */
  FAILED,
  /** The shadow's own deadline passed. */
  TIMEOUT,
  /** The shadow budget had no room for it; nothing was sent. */
  OVER_BUDGET,
  /** The policy's obligations or a kill switch forbid its model; nothing was sent. */
  NOT_ALLOWED;

  /** The name in audit records and stores: {@code success}, {@code failed}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The outcome of a wire name.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static ShadowOutcome fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
