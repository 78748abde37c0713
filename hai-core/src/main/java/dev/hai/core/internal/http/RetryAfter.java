package dev.hai.core.internal.http;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses the headers in which servers say how long to wait: {@code Retry-After} (delta-seconds or
 * an HTTP-date), {@code retry-after-ms}, Go-style durations ({@code 6m0s}, {@code 120ms}) and RFC
 * 3339 instants. Every parser returns {@code null} for a missing or unparseable value, and never a
 * negative duration (a time in the past means "now").
 */
public final class RetryAfter {
  private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final Pattern GO_DURATION = Pattern.compile("(?:" + GO_PART.pattern() + ")+");

  private RetryAfter() {}

  /**
   * A {@code Retry-After} value: delta-seconds (decimals tolerated) or an HTTP-date, relative to
   * {@code now}.
   */
  public static @Nullable Duration parseRetryAfter(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    Duration seconds = parseDecimal(v, 1_000_000_000L);
    if (seconds != null) {
      return seconds;
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return nonNegative(Duration.between(now, at));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A whole or decimal number of milliseconds ({@code retry-after-ms}). */
  public static @Nullable Duration parseMillis(@Nullable String value) {
    return value == null ? null : parseDecimal(value.trim(), 1_000_000L);
  }

  /**
   * A Go {@code time.Duration} string as OpenAI sends in {@code x-ratelimit-reset-*}: {@code 1s},
   * {@code 6m0s}, {@code 120ms}, {@code 1h2m3.5s}. A bare number is read as seconds.
   */
  public static @Nullable Duration parseGoDuration(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    Duration bare = parseDecimal(v, 1_000_000_000L);
    if (bare != null) {
      return bare;
    }
    if (!GO_DURATION.matcher(v).matches()) {
      return null;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = GO_PART.matcher(v);
    while (m.find()) {
      BigDecimal amount = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** An RFC 3339 instant ({@code 2025-01-01T00:00:30Z}), as a duration from {@code now}. */
  public static @Nullable Duration parseInstant(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return nonNegative(Duration.between(now, OffsetDateTime.parse(value.trim()).toInstant()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The longer of two optional durations. */
  public static @Nullable Duration later(@Nullable Duration a, @Nullable Duration b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) >= 0 ? a : b;
  }

  private static long unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return 1L;
      case "us":
      case "µs":
      case "μs":
        return 1_000L;
      case "ms":
        return 1_000_000L;
      case "s":
        return 1_000_000_000L;
      case "m":
        return 60_000_000_000L;
      default: // "h"
        return 3_600_000_000_000L;
    }
  }

  private static @Nullable Duration parseDecimal(String v, long nanosPerUnit) {
    if (v.isEmpty() || !v.matches("\\d+(\\.\\d+)?")) {
      return null;
    }
    try {
      BigDecimal nanos = new BigDecimal(v).multiply(BigDecimal.valueOf(nanosPerUnit));
      // A value too large to be meant literally is capped later by the retry policy anyway.
      return nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
          ? Duration.ofNanos(Long.MAX_VALUE)
          : Duration.ofNanos(nanos.longValue());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
