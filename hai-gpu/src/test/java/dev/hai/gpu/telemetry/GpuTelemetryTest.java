package dev.hai.gpu.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class GpuTelemetryTest {
  private static final Instant T = Instant.parse("2026-11-26T08:00:00Z");

  /*
   * FORMAT SAMPLE, written for this test (not captured from a device): what `nvidia-smi
   * --query-gpu=index,memory.used,memory.total,utilization.gpu --format=csv,noheader,nounits` prints
   * on a host with two 80 GB GPUs, one idle with a model loaded and one saturated.
   */
  private static final String TWO_GPUS = "0, 1024, 81559, 0\n1, 79872, 81559, 100\n";

  /* --- parse --- */

  @Test
  void parse_formatSample_oneSamplePerGpu() {
    GpuSnapshot s = GpuTelemetry.parse(TWO_GPUS, T);

    assertThat(s.time()).isEqualTo(T);
    assertThat(s.gpus()).containsExactly(new GpuSample(0, 1024, 81559, 0), new GpuSample(1, 79872, 81559, 100));
    assertThat(s.gpus().get(1).memoryFraction()).isBetween(0.979, 0.980);
  }

  @Test
  void parse_fieldNotSupported_isUnknown() {
    // FORMAT SAMPLE: a device that reports no utilisation, with Windows line ends.
    GpuSnapshot s = GpuTelemetry.parse("0, 15079, 15360, [Not Supported]\r\n", T);

    assertThat(s.gpus()).containsExactly(new GpuSample(0, 15079, 15360, GpuSample.UNKNOWN));
  }

  @Test
  void parse_emptyOutput_noGpus() {
    assertThat(GpuTelemetry.parse("\n", T).gpus()).isEmpty();
  }

  @Test
  void parse_notTheQueriedForm_namesTheLine() {
    assertThatThrownBy(() -> GpuTelemetry.parse("0, 1024, 81559, 0\nNVIDIA-SMI has failed\n", T))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    assertThatThrownBy(() -> GpuTelemetry.parse("0, lots, 81559, 0\n", T))
        .hasMessageContaining("'lots' is not a number");
  }

  /* --- polling --- */

  @Test
  void start_commandPrintsSample_latestHoldsIt() throws Exception {
    try (GpuTelemetry t = GpuTelemetry.builder().period(Duration.ofSeconds(100))
        .command(List.of("sh", "-c", "printf '" + TWO_GPUS.replace("\n", "\\n") + "'")).start()) {

      await(() -> t.latest().isPresent());

      assertThat(t.latest().get().gpus()).hasSize(2);
      assertThat(t.available()).isTrue();
    }
  }

  @Test
  void start_noSuchCommand_staysEmptyAndUnavailable() throws Exception {
    try (GpuTelemetry t = GpuTelemetry.builder().command(List.of("/nonexistent/nvidia-smi")).start()) {

      await(() -> !t.available());

      assertThat(t.latest()).isEmpty();
    }
  }

  @Test
  void start_commandFails_staysEmptyButAvailable() throws Exception {
    try (GpuTelemetry t = GpuTelemetry.builder().period(Duration.ofMillis(100))
        .command(List.of("sh", "-c", "echo 'NVIDIA-SMI has failed'; exit 9")).start()) {
      Thread.sleep(300); // a few polls

      assertThat(t.latest()).isEmpty();
      assertThat(t.available()).isTrue();
    }
  }

  @Test
  void close_commandHangsWithoutOutput_killsItAndStopsTheThread() throws Exception {
    // A wedged driver: nvidia-smi prints nothing and never exits. The poll must give up after its
    // timeout, kill the process, and close() must end the thread.
    String marker = "sleep 61.5";
    GpuTelemetry t = GpuTelemetry.builder().period(Duration.ofSeconds(100)).timeout(Duration.ofSeconds(1))
        .command(List.of("sh", "-c", "exec " + marker)).start();
    await(() -> running(marker));
    await(() -> !running(marker)); // the poll's timeout killed it

    t.close();

    await(() -> !telemetryThreadAlive());
    assertThat(t.latest()).isEmpty();
    assertThat(t.available()).isTrue();
  }

  private static boolean running(String commandLine) {
    return ProcessHandle.current().descendants()
        .anyMatch(h -> h.isAlive() && h.info().commandLine().orElse("").contains(commandLine));
  }

  private static boolean telemetryThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(th -> th.getName().equals("hai-gpu-telemetry") && th.isAlive());
  }

  /* --- builder --- */

  @Test
  void builder_badValues_nameTheSetting() {
    assertThatThrownBy(() -> GpuTelemetry.builder().period(Duration.ofMillis(10)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("period");
    assertThatThrownBy(() -> GpuTelemetry.builder().command(List.of())).hasMessageContaining("command");
    assertThatThrownBy(() -> GpuTelemetry.builder().timeout(Duration.ZERO)).hasMessageContaining("timeout");
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("reached within 10 s").isTrue();
  }
}
