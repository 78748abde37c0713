package dev.hai.prompts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The data classification a prompt's author declares with the {@code classification} key of its
 * file: what data the prompt is meant to carry. The policy reads it as {@code
 * input.prompt.data_classification} (the lowercase {@link #value()}); the starter policy sends a
 * {@code restricted} prompt to local models only. docs/prompts.md describes the values.
 */
public enum DataClassification {
  /** No patient or confidential data: public information only (a patient leaflet). */
  PUBLIC,
  /** The organisation's internal information, no patient data (a rota, a policy document). */
  INTERNAL,
  /** Protected health information about a patient (a discharge note). */
  PHI,
  /**
   * PHI under stricter rules than the rest (psychotherapy notes, substance-use treatment records,
   * genetic or HIV results), or anything the organisation keeps on its own machines.
   */
  RESTRICTED;

  private final String value = name().toLowerCase(Locale.ROOT);

  /** The name in files and in the policy input: {@code public}, {@code internal}, {@code phi}, {@code restricted}. */
  public String value() {
    return value;
  }

  /** The classification a file names by {@code value}, or empty when the name is not one of them. */
  public static Optional<DataClassification> of(String value) {
    return Arrays.stream(values()).filter(c -> c.value().equals(value)).findFirst();
  }
}
