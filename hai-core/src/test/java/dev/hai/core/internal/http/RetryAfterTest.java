package dev.hai.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

  /* --- parseRetryAfter --- */

  @ParameterizedTest
  @CsvSource({"0, 0", "7, 7000", "120, 120000", "1.5, 1500", "' 3 ', 3000"})
  void parseRetryAfter_seconds_isThatMany(String value, long millis) {
    assertThat(RetryAfter.parseRetryAfter(value, NOW)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void parseRetryAfter_httpDate_isRelativeToNow() {
    assertThat(RetryAfter.parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void parseRetryAfter_httpDateInThePast_isZero() {
    assertThat(RetryAfter.parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"soon", "-5", "1e3", "Wed, 99 Oct 2015"})
  void parseRetryAfter_missingOrGarbage_isNull(String value) {
    assertThat(RetryAfter.parseRetryAfter(value, NOW)).isNull();
  }

  /* --- parseMillis --- */

  @Test
  void parseMillis_wholeAndDecimal_areMilliseconds() {
    assertThat(RetryAfter.parseMillis("2752")).isEqualTo(Duration.ofMillis(2752));
    assertThat(RetryAfter.parseMillis("20.5")).isEqualTo(Duration.ofNanos(20_500_000));
    assertThat(RetryAfter.parseMillis("x")).isNull();
    assertThat(RetryAfter.parseMillis(null)).isNull();
  }

  /* --- parseGoDuration --- */

  @ParameterizedTest
  @CsvSource({
    "1s, 1000", "6m0s, 360000", "120ms, 120", "1h2m3.5s, 3723500", "0.5s, 500", "7.66s, 7660",
    "17ms, 17", "1m30s, 90000", "250us, 0", "2, 2000", "0s, 0"
  })
  void parseGoDuration_valid_isParsed(String value, long millis) {
    assertThat(RetryAfter.parseGoDuration(value).toMillis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"s", "1x", "1s2", "-1s", "one second"})
  void parseGoDuration_invalid_isNull(String value) {
    assertThat(RetryAfter.parseGoDuration(value)).isNull();
  }

  /* --- parseInstant --- */

  @Test
  void parseInstant_rfc3339_isRelativeToNow() {
    assertThat(RetryAfter.parseInstant("2015-10-21T07:28:12Z", NOW)).isEqualTo(Duration.ofSeconds(12));
    assertThat(RetryAfter.parseInstant("2015-10-21T09:28:01.250+02:00", NOW)).isEqualTo(Duration.ofMillis(1250));
    assertThat(RetryAfter.parseInstant("2015-10-21T07:00:00Z", NOW)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parseInstant("tomorrow", NOW)).isNull();
  }

  /* --- later --- */

  @Test
  void later_picksTheLongerAndSkipsNull() {
    assertThat(RetryAfter.later(Duration.ofSeconds(1), Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryAfter.later(null, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryAfter.later(Duration.ofSeconds(1), null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryAfter.later(null, null)).isNull();
  }
}
