package dev.hai.prompts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatcherTest {
  @TempDir Path root;

  @Test
  void close_duringAReload_waitsForItToFinish() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    DirectoryWatcher watcher = DirectoryWatcher.start(root, Duration.ofMillis(10), () -> {
      started.countDown();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return; // an interrupted reload does not finish
      }
      finished.set(true);
    });
    Files.writeString(root.resolve("touched.txt"), "x");
    assertThat(started.await(30, TimeUnit.SECONDS)).as("the change started a reload").isTrue();

    watcher.close();

    assertThat(finished).as("close() returned only after the running reload finished").isTrue();
  }

  @Test
  void start_registrationFails_closesTheWatchService() throws IOException {
    Path proc = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(proc), "counts inotify handles through /proc (Linux)");
    Path notADirectory = Files.writeString(root.resolve("file.txt"), "x");
    long before = inotifyHandles(proc);

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> DirectoryWatcher.start(notADirectory, Duration.ofMillis(10), () -> {}))
          .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot watch");
    }

    assertThat(inotifyHandles(proc)).isLessThanOrEqualTo(before);
  }

  private static long inotifyHandles(Path fds) throws IOException {
    try (Stream<Path> all = Files.list(fds)) {
      return all.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().contains("inotify");
        } catch (IOException | UnsupportedOperationException e) {
          return false; // closed meanwhile
        }
      }).count();
    }
  }
}
