package dev.hai.eval.internal;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * A one-line console progress bar, redrawn with a carriage return at most every 200 ms and once at
 * the end: done/total, failures, rate and estimated time left.
 */
public final class Progress {
  private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final int total;
  private final long start = System.nanoTime();
  private int done;
  private int failed;
  private long lastDraw;

  public Progress(PrintStream out, int total) {
    this.out = out;
    this.total = total;
  }

  public synchronized void itemDone(boolean success) {
    done++;
    if (!success) {
      failed++;
    }
    long now = System.nanoTime();
    if (done == total || now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      draw(now);
    }
  }

  public synchronized void finish() {
    draw(System.nanoTime());
    out.println();
    out.flush();
  }

  private void draw(long now) {
    double seconds = (now - start) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    long etaSeconds = rate > 0 ? Math.round((total - done) / rate) : 0;
    out.printf("\r[%s%s] %d/%d  %d failed  %.1f items/s  ETA %d:%02d ", "#".repeat(filled),
        ".".repeat(WIDTH - filled), done, total, failed, rate, etaSeconds / 60, etaSeconds % 60);
    out.flush();
  }
}
