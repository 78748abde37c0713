package dev.hai.benchmarks.gpu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of workers, each sending its next request as soon as its previous one is
 * answered (a closed loop: the offered concurrency is the number of workers, whatever the server's
 * speed). Workers start no request after the duration has passed, or once the request limit is
 * reached, and the run ends when the last answer is in.
 */
final class ClosedLoop {
  private ClosedLoop() {}

  /**
   * The outcome of a run.
   *
   * @param startNanos when the workers started
   * @param endNanos when the last answer came
   * @param classes the class of each worker
   * @param samples each worker's samples, in the order of {@code classes}
   */
  record Run(long startNanos, long endNanos, List<PriorityClass> classes, List<List<Sample>> samples) {
    double seconds() {
      return (endNanos - startNanos) / 1e9;
    }

    /** All samples of workers of {@code priorityClass}, or of all workers when it is null. */
    List<Sample> samplesOf(PriorityClass priorityClass) {
      List<Sample> all = new ArrayList<>();
      for (int i = 0; i < classes.size(); i++) {
        if (priorityClass == null || classes.get(i).equals(priorityClass)) {
          all.addAll(samples.get(i));
        }
      }
      return all;
    }
  }

  /**
   * Runs one worker per entry of {@code workerClasses} against {@code target} for {@code duration}
   * or {@code maxRequests} requests in all (whichever comes first; {@code maxRequests} 0 means no
   * limit). Request indexes count from 0 in each run, so two runs send the same notes in the same
   * order. A worker whose request failed waits {@code pauseAfterError} before its next one (a
   * refused client backs off instead of spinning).
   */
  static Run run(LoadTarget target, List<PriorityClass> workerClasses, Duration duration, int maxRequests,
      Duration pauseAfterError) throws InterruptedException {
    if (workerClasses.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one worker");
    }
    int workers = workerClasses.size();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "bench-" + target.name());
      t.setDaemon(true);
      return t;
    });
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    try {
      List<Future<List<Sample>>> futures = new ArrayList<>();
      for (PriorityClass c : workerClasses) {
        futures.add(pool.submit(() -> {
          List<Sample> mine = new ArrayList<>();
          while (System.nanoTime() < deadline) {
            int index = next.getAndIncrement();
            if (maxRequests > 0 && index >= maxRequests) {
              break;
            }
            Sample sample = target.call(index, c);
            mine.add(sample);
            if (!sample.ok() && !pauseAfterError.isZero()) {
              Thread.sleep(pauseAfterError.toMillis());
            }
          }
          return mine;
        }));
      }
      List<List<Sample>> samples = new ArrayList<>();
      for (Future<List<Sample>> f : futures) {
        try {
          samples.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("a load worker failed: " + e.getCause(), e.getCause());
        }
      }
      long end = start;
      for (List<Sample> list : samples) {
        for (Sample s : list) {
          end = Math.max(end, s.endNanos());
        }
      }
      return new Run(start, end, List.copyOf(workerClasses), List.copyOf(samples));
    } finally {
      pool.shutdownNow();
    }
  }
}
