package dev.hai.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.spi.FailureKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpExchangeTest {

  /* --- kindForStatus --- */

  @ParameterizedTest
  @CsvSource({
    "400, INVALID_REQUEST", "401, AUTHENTICATION", "403, AUTHENTICATION", "404, INVALID_REQUEST",
    "408, TIMEOUT", "413, INVALID_REQUEST", "422, INVALID_REQUEST", "429, RATE_LIMITED",
    "500, SERVER_ERROR", "502, SERVER_ERROR", "503, OVERLOADED", "504, SERVER_ERROR", "529, OVERLOADED",
    "302, MALFORMED_RESPONSE"
  })
  void kindForStatus_status_mapsToKind(int status, FailureKind kind) {
    assertThat(HttpExchange.kindForStatus(status)).isEqualTo(kind);
  }

  /* --- attemptTimeout --- */

  @Test
  void attemptTimeout_isTheShorter() {
    assertThat(HttpExchange.attemptTimeout(Duration.ofSeconds(120), Duration.ofSeconds(3)))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(HttpExchange.attemptTimeout(Duration.ofSeconds(10), Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofSeconds(10));
  }

  /* --- baseUrl --- */

  @Test
  void baseUrl_trailingSlashes_areRemoved() {
    assertThat(HttpExchange.baseUrl("http://gpu-01:8000/v1//", "f")).isEqualTo("http://gpu-01:8000/v1");
  }

  @Test
  void baseUrl_notHttp_throwsNamingTheField() {
    assertThatThrownBy(() -> HttpExchange.baseUrl("ftp://x", "openai.baseUrl"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("openai.baseUrl");
  }

  /* --- clip --- */

  @Test
  void clip_longMessage_isClipped() {
    assertThat(HttpExchange.clip("x".repeat(600))).hasSize(HttpExchange.MAX_ERROR_MESSAGE_CHARS + 1);
    assertThat(HttpExchange.clip("short")).isEqualTo("short");
  }
}
