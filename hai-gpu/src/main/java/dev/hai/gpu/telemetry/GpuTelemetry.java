package dev.hai.gpu.telemetry;

import dev.hai.core.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GPU memory and utilisation, polled cheaply: one daemon thread runs {@code nvidia-smi
 * --query-gpu=index,memory.used,memory.total,utilization.gpu --format=csv,noheader,nounits} every
 * {@code period} and keeps the last result; {@link #latest()} reads it without blocking.
 *
 * <p>Absent gracefully: where {@code nvidia-smi} cannot be started (no NVIDIA driver, a CPU-only
 * host, CI) the thread logs one debug line and stops, and {@link #latest()} stays empty. A poll that
 * fails (non-zero exit, output it cannot read, no answer within the timeout) keeps the previous
 * snapshot, whose {@link GpuSnapshot#time()} shows its age, and is logged at debug level once.
 *
 * <pre>{@code
 * try (GpuTelemetry telemetry = GpuTelemetry.builder().period(Duration.ofSeconds(5)).start()) {
 *   telemetry.latest().ifPresent(s -> s.gpus().forEach(g -> gauge(g.index(), g.utilizationPercent())));
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the thread.
 */
public final class GpuTelemetry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GpuTelemetry.class);

  /** The command polled by default. */
  public static final List<String> NVIDIA_SMI = List.of("nvidia-smi",
      "--query-gpu=index,memory.used,memory.total,utilization.gpu", "--format=csv,noheader,nounits");
  /** Default {@link Builder#period}: 5 s. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);
  /** Default {@link Builder#timeout}: 3 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  private final List<String> command;
  private final Duration period;
  private final Duration timeout;
  private final Clock clock;
  private final Thread thread;
  private final Object wake = new Object();
  private volatile @Nullable GpuSnapshot latest;
  private volatile boolean absent;
  private volatile boolean closed;
  private boolean failureLogged;

  private GpuTelemetry(Builder b) {
    this.command = b.command;
    this.period = b.period;
    this.timeout = b.timeout;
    this.clock = b.clock;
    this.thread = new Thread(this::loop, "hai-gpu-telemetry");
    this.thread.setDaemon(true);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The last snapshot, or empty before the first poll succeeded and where there is no nvidia-smi. */
  public Optional<GpuSnapshot> latest() {
    return Optional.ofNullable(latest);
  }

  /** False once the command could not be started: there is no GPU telemetry on this host. */
  public boolean available() {
    return !absent;
  }

  /** Stops polling: a poll under way is cut short and its process killed. Idempotent. */
  @Override
  public void close() {
    closed = true;
    synchronized (wake) {
      wake.notifyAll();
    }
    thread.interrupt();
  }

  private void loop() {
    while (!closed) {
      poll();
      if (absent) {
        return;
      }
      synchronized (wake) {
        if (!closed) {
          try {
            wake.wait(Math.max(1, period.toMillis()));
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  /** One poll; package-private for tests. */
  void poll() {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      absent = true;
      log.debug("no GPU telemetry: '{}' could not be started ({})", command.get(0), e.getMessage());
      return;
    }
    try {
      // Wait first, read after: reading first would block for as long as a wedged nvidia-smi
      // stays silent, past the timeout. Its few lines per GPU fit the pipe's buffer.
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        failed("no answer within " + timeout);
        return;
      }
      if (process.exitValue() != 0) {
        failed("exit status " + process.exitValue());
        return;
      }
      String out;
      try (InputStream in = process.getInputStream()) {
        out = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
      }
      latest = parse(out, clock.instant());
    } catch (IOException | IllegalArgumentException e) {
      failed(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } finally {
      process.destroyForcibly();
    }
  }

  private void failed(String why) {
    if (!failureLogged) {
      failureLogged = true;
      log.debug("GPU telemetry poll of '{}' failed ({}); keeping the last snapshot", command.get(0), why);
    }
  }

  /**
   * Reads {@code nvidia-smi --query-gpu=index,memory.used,memory.total,utilization.gpu
   * --format=csv,noheader,nounits} output: one line per GPU, four comma-separated fields. A field
   * the device does not report ({@code [N/A]}, {@code [Not Supported]}) reads as {@link
   * GpuSample#UNKNOWN}.
   *
   * @throws IllegalArgumentException naming the line that is not in that form
   */
  public static GpuSnapshot parse(String output, Instant time) {
    List<GpuSample> gpus = new ArrayList<>();
    String[] lines = output.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",");
      if (f.length != 4) {
        throw new IllegalArgumentException("nvidia-smi line " + (i + 1) + " has " + f.length
            + " fields, expected 4 (index, memory.used, memory.total, utilization.gpu)");
      }
      long index = number(f[0], i);
      if (index < 0) {
        throw new IllegalArgumentException("nvidia-smi line " + (i + 1) + " has no GPU index");
      }
      gpus.add(new GpuSample((int) index, number(f[1], i), number(f[2], i), (int) number(f[3], i)));
    }
    return new GpuSnapshot(time, gpus);
  }

  private static long number(String field, int line) {
    String v = field.strip();
    if (v.startsWith("[")) {
      return GpuSample.UNKNOWN; // [N/A], [Not Supported]
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("nvidia-smi line " + (line + 1) + ": '" + v + "' is not a number", e);
    }
  }

  /** Builds and starts a {@link GpuTelemetry}. */
  public static final class Builder {
    private List<String> command = NVIDIA_SMI;
    private Duration period = DEFAULT_PERIOD;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Time between polls, at least 100 ms. Default 5 s. */
    public Builder period(Duration period) {
      Objects.requireNonNull(period, "period");
      if (period.toMillis() < 100) {
        throw new InvalidRequestException("period", "must be at least 100 ms, was " + period);
      }
      this.period = period;
      return this;
    }

    /** The longest a poll may take before it counts as failed. Default 3 s. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new InvalidRequestException("timeout", "must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * The command to run instead of {@link #NVIDIA_SMI} (a full path to {@code nvidia-smi}, or a
     * wrapper); it must print the same CSV. Its output is read once it has exited, so it must fit
     * the operating system's pipe buffer (64 KiB on Linux; nvidia-smi prints a few dozen bytes per
     * GPU): a command that prints more waits for a reader and counts as not answering in time.
     */
    public Builder command(List<String> command) {
      if (Objects.requireNonNull(command, "command").isEmpty()) {
        throw new InvalidRequestException("command", "must name a program");
      }
      this.command = List.copyOf(command);
      return this;
    }

    /** The clock that stamps snapshots. Default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the telemetry and starts its polling thread; the first poll runs at once. */
    public GpuTelemetry start() {
      GpuTelemetry t = new GpuTelemetry(this);
      t.thread.start();
      return t;
    }
  }
}
