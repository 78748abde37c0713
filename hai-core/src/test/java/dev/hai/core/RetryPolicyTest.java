package dev.hai.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void backoffBound_doublesUpToTheMaximum() {
    RetryPolicy p = RetryPolicy.defaults().withBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));
    assertThat(p.backoffBound(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoffBound(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.backoffBound(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(p.backoffBound(5)).isEqualTo(Duration.ofMillis(1000));
    assertThat(p.backoffBound(200)).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void constructor_invalidValues_nameTheSetting() {
    assertThatThrownBy(() -> RetryPolicy.defaults().withMaxAttempts(0)).hasMessageStartingWith("retry.maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.defaults().withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageStartingWith("retry.maxBackoff");
  }

  @Test
  void none_makesOneAttempt() {
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }
}
