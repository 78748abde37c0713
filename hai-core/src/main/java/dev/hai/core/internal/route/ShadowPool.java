package dev.hai.core.internal.route;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.hai.core.route.ShadowStats;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/*
 * Implementation notes: a shadow never waits on the primary and the primary never waits on it.
 *
 * submit() is a non-blocking offer to a bounded queue: when the threads and the queue are full the
 * shadow is dropped and counted (AbortPolicy), never queued without bound and never run on the
 * caller's thread. Each task gets a deadline: a watchdog ends it as timed out (the task's onTimeout
 * runs once, on the watchdog thread) and interrupts its worker. A backend that ignores interrupts
 * keeps its worker busy until it returns; the pool then has one thread less and drops sooner, which
 * is the bounded behaviour we want. The interrupt is sent under the task's lock and only while the
 * task is still running, so it can never land in the next task the worker takes.
 */
/** The bounded executor of shadow calls, with a deadline per task. Thread-safe. */
public final class ShadowPool implements AutoCloseable {

  /** A shadow call: {@link #run} does the work; {@link #onTimeout} records it when the deadline passes first. */
  public interface Task {
    /** Runs the shadow; returns only after it recorded its result, unless {@code done} was already claimed. */
    void run(Claim done);

    /** Records the shadow as timed out; called at most once, and then {@link #run}'s claim fails. */
    void onTimeout();
  }

  /** Whoever claims first (the task's end or the watchdog) records the result. */
  public static final class Claim {
    private final java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();

    /** True for the first caller only. */
    public boolean claim() {
      return claimed.compareAndSet(false, true);
    }

    /** True once someone claimed: after the watchdog did, the task must send nothing more. */
    public boolean claimed() {
      return claimed.get();
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ShadowPool.class);

  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService watchdog;
  private final int threads;
  private final int queue;
  private final LongAdder submitted = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder finished = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();

  public ShadowPool(int threads, int queue) {
    this.threads = threads;
    this.queue = queue;
    AtomicInteger n = new AtomicInteger();
    BlockingQueue<Runnable> work = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
    this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, work, r -> {
      Thread t = new Thread(r, "hai-shadow-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    workers.allowCoreThreadTimeOut(true);
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hai-shadow-watchdog");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Offers a task; never blocks.
   *
   * @return false when the pool and its queue are full (or the pool is closed): the task was dropped
   */
  public boolean submit(Task task, Duration timeout) {
    try {
      workers.execute(() -> runWithDeadline(task, timeout));
    } catch (RejectedExecutionException e) {
      dropped.increment();
      return false;
    }
    submitted.increment();
    return true;
  }

  private void runWithDeadline(Task task, Duration timeout) {
    Claim claim = new Claim();
    Thread worker = Thread.currentThread();
    Object lock = new Object();
    boolean[] running = {true};
    ScheduledFuture<?> dog = watchdog.schedule(() -> {
      if (claim.claim()) {
        timedOut.increment();
        finished.increment();
        synchronized (lock) {
          if (running[0]) {
            worker.interrupt();
          }
        }
        task.onTimeout();
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      task.run(claim);
    } finally {
      synchronized (lock) {
        running[0] = false;
      }
      dog.cancel(false);
      Thread.interrupted(); // a late watchdog's interrupt must not reach the next task
    }
  }

  /** Counts a shadow that ended on its own (not by the watchdog). */
  public void finished() {
    finished.increment();
  }

  /** Counts a result the store or the audit sink could not keep. */
  public void storeFailed() {
    storeFailures.increment();
  }

  public ShadowStats stats() {
    return new ShadowStats(submitted.sum(), dropped.sum(), finished.sum(), timedOut.sum(), storeFailures.sum());
  }

  /** One line for {@code describe()}. */
  public String describe() {
    return threads + " threads, queue " + queue;
  }

  /** Stops taking shadows; waits up to {@code wait} for running ones, then interrupts them. */
  public void close(Duration wait) {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        abandon(workers.shutdownNow());
      }
    } catch (InterruptedException e) {
      abandon(workers.shutdownNow());
      Thread.currentThread().interrupt();
    }
    watchdog.shutdownNow();
  }

  /** Shadows still queued when the pool stops never run: nothing was sent, and they count as dropped. */
  private void abandon(java.util.List<Runnable> neverStarted) {
    if (!neverStarted.isEmpty()) {
      dropped.add(neverStarted.size());
      log.warn("{} queued shadow call(s) dropped at close: the pool did not reach them in time; nothing was sent",
          neverStarted.size());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
