package dev.hai.core;

import dev.hai.core.internal.Checks;

/**
 * How urgent a call is clinically, for schedulers of scarce local compute (a GPU serves an
 * emergency triage before a billing summary). Higher {@link #level()} is more urgent. The
 * constants are the classes HAI ships; a hospital may define its own with {@link #of}.
 *
 * <p>A request without a priority ({@link ClinicalRequest#priority()} null) is scheduled at the
 * scheduler's default, {@link #DEFAULT} unless configured otherwise. Cloud backends ignore
 * priorities. Immutable.
 *
 * <pre>{@code
 * ClinicalRequest.builder()...priority(ClinicalPriority.EMERGENCY).build();
 * ClinicalPriority research = ClinicalPriority.of("RESEARCH", 40);
 * }</pre>
 *
 * @param name the class's name, 1 to {@value #MAX_NAME_LENGTH} of {@code A-Z a-z 0-9 _ - .},
 *     for example {@code "EMERGENCY"}; recorded in the audit record
 * @param level the urgency, {@value #MIN_LEVEL} to {@value #MAX_LEVEL}; higher is served first
 */
public record ClinicalPriority(String name, int level) implements Comparable<ClinicalPriority> {

  /** The lowest level accepted. */
  public static final int MIN_LEVEL = 0;
  /** The highest level accepted. */
  public static final int MAX_LEVEL = 1000;
  /** The longest name accepted. */
  public static final int MAX_NAME_LENGTH = 64;

  /** Emergency detection (triage, sepsis or stroke alerts): 100. */
  public static final ClinicalPriority EMERGENCY = new ClinicalPriority("EMERGENCY", 100);
  /** Critical care (ICU decision support): 90. */
  public static final ClinicalPriority CRITICAL_CARE = new ClinicalPriority("CRITICAL_CARE", 90);
  /** Clinical decision support at the point of care: 80. */
  public static final ClinicalPriority DECISION_SUPPORT = new ClinicalPriority("DECISION_SUPPORT", 80);
  /** Clinical documentation (note summaries, letters): 70. */
  public static final ClinicalPriority DOCUMENTATION = new ClinicalPriority("DOCUMENTATION", 70);
  /** Insurance and billing: 60. */
  public static final ClinicalPriority INSURANCE = new ClinicalPriority("INSURANCE", 60);
  /** Administrative work: 50. */
  public static final ClinicalPriority ADMINISTRATIVE = new ClinicalPriority("ADMINISTRATIVE", 50);

  /**
   * Shadow calls of a route ({@code dev.hai.core.route}): {@value #MIN_LEVEL}, below every clinical
   * class. A shadow's answer reaches no one, so a scheduler of local compute serves it only when no
   * clinical call is waiting for the slot. Set by HAI on shadow calls; not meant for requests.
   */
  public static final ClinicalPriority SHADOW = new ClinicalPriority("SHADOW", MIN_LEVEL);

  /** The priority of a request that sets none, unless a scheduler is configured otherwise: {@link #DOCUMENTATION}. */
  public static final ClinicalPriority DEFAULT = DOCUMENTATION;

  public ClinicalPriority {
    Checks.notBlank(name, "priority.name");
    if (name.length() > MAX_NAME_LENGTH || !name.chars().allMatch(ClinicalPriority::nameChar)) {
      throw new InvalidRequestException("priority.name",
          "must be 1 to " + MAX_NAME_LENGTH + " characters of A-Z a-z 0-9 _ - .");
    }
    if (level < MIN_LEVEL || level > MAX_LEVEL) {
      throw new InvalidRequestException("priority.level",
          "must be " + MIN_LEVEL + " to " + MAX_LEVEL + ", was " + level);
    }
  }

  /** A priority class; see the record's fields for what is accepted. */
  public static ClinicalPriority of(String name, int level) {
    return new ClinicalPriority(name, level);
  }

  /** Orders by level, the most urgent last; equal levels by name. */
  @Override
  public int compareTo(ClinicalPriority o) {
    int c = Integer.compare(level, o.level);
    return c != 0 ? c : name.compareTo(o.name);
  }

  private static boolean nameChar(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '_' || c == '-' || c == '.';
  }
}
