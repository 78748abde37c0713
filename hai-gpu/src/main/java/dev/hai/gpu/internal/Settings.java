package dev.hai.gpu.internal;

import dev.hai.core.InvalidRequestException;
import java.time.Duration;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** Checks of builder settings, each failing with an {@link InvalidRequestException} naming the setting. */
public final class Settings {
  private Settings() {}

  public static String notBlank(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "must not be blank");
    }
    return value;
  }

  public static Duration positive(@Nullable Duration value, String field) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new InvalidRequestException(field, "must be a positive duration, was " + value);
    }
    return value;
  }

  public static int atLeast(int value, int min, String field) {
    if (value < min) {
      throw new InvalidRequestException(field, "must be at least " + min + ", was " + value);
    }
    return value;
  }

  /** An http(s) URL, stripped, without trailing slashes. */
  public static String url(@Nullable String value, String field) {
    String url = notBlank(value, field).strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    if (HttpUrl.parse(url) == null) {
      throw new InvalidRequestException(field, "must be an http or https URL, was '" + value + "'");
    }
    return url;
  }
}
