package dev.hai.core.phi;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Log arguments that keep PHI out of logs, for SLF4J's lazy {@code {}} formatting: the work is done
 * only when the message is actually written.
 *
 * <pre>{@code
 * log.debug("prompt: {}", PhiSafe.redacted(prompt));   // prompt: Pt [NAME], DOB [DATE] ...
 * log.info("input: {}", PhiSafe.describe(prompt));     // input: 412 chars, PHI NAME=1 DATE=1
 * }</pre>
 *
 * <p>Both use {@link PhiRedactor#defaults()}. Thread-safe.
 */
public final class PhiSafe {
  private PhiSafe() {}

  /**
   * An object whose {@code toString()} is {@code value}'s string with identifiers masked by
   * {@link PhiRedactor#defaults()}; {@code "null"} for null.
   */
  public static Object redacted(@Nullable Object value) {
    return new Lazy(value, false);
  }

  /**
   * An object whose {@code toString()} describes {@code value}'s string without any of its content:
   * its length and the PHI types found with their counts, for example
   * {@code "412 chars, PHI NAME=2 DATE=1"} or {@code "57 chars, no PHI found"}.
   */
  public static Object describe(@Nullable Object value) {
    return new Lazy(value, true);
  }

  private record Lazy(@Nullable Object value, boolean describe) {
    @Override
    public String toString() {
      if (value == null) {
        return "null";
      }
      String text = String.valueOf(value);
      if (!describe) {
        return PhiRedactor.defaults().redact(text).text();
      }
      Map<PhiType, Integer> counts = PhiRedactor.defaults().redact(text).counts();
      StringBuilder b = new StringBuilder().append(text.length()).append(" chars, ");
      if (counts.isEmpty()) {
        return b.append("no PHI found").toString();
      }
      b.append("PHI");
      counts.forEach((type, count) -> b.append(' ').append(type).append('=').append(count));
      return b.toString();
    }
  }
}
