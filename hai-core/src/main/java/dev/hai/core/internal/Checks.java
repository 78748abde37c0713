package dev.hai.core.internal;

import dev.hai.core.InvalidRequestException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Argument checks that name the field they check. */
public final class Checks {
  private Checks() {}

  public static <T> T required(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, "is required");
    }
    return value;
  }

  public static String notBlank(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "must not be blank");
    }
    return value;
  }

  public static Duration positive(@Nullable Duration value, String field) {
    required(value, field);
    if (value.isZero() || value.isNegative()) {
      throw new InvalidRequestException(field, "must be positive, was " + value);
    }
    return value;
  }

  public static Duration notNegative(@Nullable Duration value, String field) {
    required(value, field);
    if (value.isNegative()) {
      throw new InvalidRequestException(field, "must not be negative, was " + value);
    }
    return value;
  }

  public static int atLeast(int value, int min, String field) {
    if (value < min) {
      throw new InvalidRequestException(field, "must be at least " + min + ", was " + value);
    }
    return value;
  }
}
