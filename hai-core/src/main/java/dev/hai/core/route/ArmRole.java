package dev.hai.core.route;

import java.util.Locale;

/** What an arm does for its route. */
public enum ArmRole {
  /** Serves every subject not assigned to the challenger, and every call the challenger may not take. */
  CHAMPION,
  /** Serves its share of subjects, sticky per subject. */
  CHALLENGER,
  /** Runs after the primary answer, on a bounded pool; its output is only recorded, never returned. */
  SHADOW;

  /** The name in audit records and files: {@code champion}, {@code challenger} or {@code shadow}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role of a wire name.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static ArmRole fromWireName(String name) {
    for (ArmRole r : values()) {
      if (r.wireName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("arm role must be champion, challenger or shadow, was '" + name + "'");
  }
}
