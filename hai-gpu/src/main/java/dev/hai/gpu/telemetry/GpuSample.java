package dev.hai.gpu.telemetry;

/**
 * One GPU's state in one poll. Immutable.
 *
 * @param index the GPU's index, as {@code nvidia-smi} numbers it
 * @param memoryUsedMiB memory in use, MiB
 * @param memoryTotalMiB memory installed, MiB
 * @param utilizationPercent the share of the last sample period a kernel ran, 0 to 100, or {@link
 *     #UNKNOWN} when the device does not report it
 */
public record GpuSample(int index, long memoryUsedMiB, long memoryTotalMiB, int utilizationPercent) {

  /** A value the device did not report ({@code [N/A]}, {@code [Not Supported]}). */
  public static final int UNKNOWN = -1;

  public GpuSample {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, was " + index);
    }
  }

  /** Memory in use as a share of the total, 0 to 1; 0 when the total is unknown. */
  public double memoryFraction() {
    return memoryTotalMiB <= 0 || memoryUsedMiB < 0 ? 0 : (double) memoryUsedMiB / memoryTotalMiB;
  }
}
