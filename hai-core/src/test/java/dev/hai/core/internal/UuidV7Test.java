package dev.hai.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.testing.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {
  @Test
  void next_isVersion7WithTheClocksMillis() {
    FakeTime time = new FakeTime();
    UUID id = new UuidV7(time).next();
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(UuidV7.millisOf(id)).isEqualTo(time.millis());
  }

  @Test
  void next_isStrictlyIncreasing_withinAMillisecondAndWhenTheClockStepsBack() {
    FakeTime time = new FakeTime();
    UuidV7 ids = new UuidV7(time);
    List<UUID> made = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      made.add(ids.next());
      if (i == 2500) {
        time.advance(Duration.ofSeconds(-1));
      }
    }
    for (int i = 1; i < made.size(); i++) {
      assertThat(compareUnsigned(made.get(i - 1), made.get(i))).as("id %d", i).isNegative();
    }
  }

  private static int compareUnsigned(UUID a, UUID b) {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
