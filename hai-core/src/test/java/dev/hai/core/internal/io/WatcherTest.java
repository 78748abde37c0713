package dev.hai.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WatcherTest {
  @TempDir Path dir;

  /** A refresh reading the file through an interruptible channel would fail (and log ERROR) if interrupted. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void close_duringARefresh_letsItFinishUninterrupted(boolean useWatchService) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean finished = new AtomicBoolean();
    Watcher watcher = new Watcher(dir, Duration.ofMillis(10), useWatchService, () -> {
      if (started.getCount() == 0) {
        return;
      }
      started.countDown();
      try {
        Thread.sleep(300);
        finished.set(true);
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    }, "test-watcher");
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    watcher.close();

    assertThat(interrupted).as("the refresh was interrupted").isFalse();
    assertThat(finished).as("close() waited for the running refresh").isTrue();
  }

  @Test
  void close_pollingOnly_stopsRefreshing() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Watcher watcher = new Watcher(dir, Duration.ofMillis(5), false, runs::incrementAndGet, "test-watcher");
    Thread.sleep(50);
    watcher.close();
    int after = runs.get();
    Thread.sleep(50);
    assertThat(runs.get()).isEqualTo(after).isPositive();
  }
}
