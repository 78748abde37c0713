package dev.hai.gpu.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every GPU's state in one poll. Immutable.
 *
 * @param time when the poll ended
 * @param gpus one sample per GPU, in the order {@code nvidia-smi} listed them
 */
public record GpuSnapshot(Instant time, List<GpuSample> gpus) {
  public GpuSnapshot {
    Objects.requireNonNull(time, "time");
    gpus = List.copyOf(gpus);
  }
}
