package dev.hai.core.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShadowPoolTest {
  @Test
  void close_shadowsStillQueued_neverRunAndCountAsDropped() throws Exception {
    ShadowPool pool = new ShadowPool(1, 4);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    pool.submit(task(() -> {
      started.countDown();
      awaitQuietly(release); // holds the only thread until interrupted
    }), Duration.ofMinutes(1));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(pool.submit(task(ran::incrementAndGet), Duration.ofMinutes(1))).isTrue();
    }

    pool.close(Duration.ofMillis(50));

    assertThat(ran).hasValue(0);
    assertThat(pool.stats().submitted()).isEqualTo(4);
    assertThat(pool.stats().dropped()).isEqualTo(3);
  }

  private static ShadowPool.Task task(Runnable body) {
    return new ShadowPool.Task() {
      @Override
      public void run(ShadowPool.Claim done) {
        body.run();
      }

      @Override
      public void onTimeout() {}
    };
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
