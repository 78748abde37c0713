package dev.hai.gpu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telling a CUDA build and a visible device from what a process and a machine show. */
class CudaSupportTest {
  @TempDir Path dir;

  private static final String CPU_MAPS = String.join("\n",
      "7f00-7f10 r-xp 00000000 08:01 1 /usr/lib/jvm/java-17/lib/server/libjvm.so",
      "7f20-7f30 r-xp 00000000 08:01 2 /tmp/jllama/libjllama.so",
      "7f40-7f50 r-xp 00000000 08:01 3 /usr/lib/x86_64-linux-gnu/libgomp.so.1.0.0",
      "7f60-7f70 rw-p 00000000 00:00 0 [heap]");

  private static final String CUDA_MAPS = CPU_MAPS + "\n"
      + "7f80-7f90 r-xp 00000000 08:01 4 /usr/local/cuda/lib64/libcudart.so.12.4.127\n"
      + "7fa0-7fb0 r-xp 00000000 08:01 5 /usr/lib/x86_64-linux-gnu/libcuda.so.550.54.15";

  /* --- offloadProblem --- */

  @Test
  void offloadProblem_cpuBuild_saysNoCudaAndHowToLoadOne() {
    String problem = CudaSupport.offloadProblem(32, CPU_MAPS, List.of("nvidia0"), null);

    assertThat(problem)
        .contains("gpuLayers(32)")
        .contains("/tmp/jllama/libjllama.so")
        .contains("has no CUDA")
        .contains("-Dde.kherud.llama.lib.path=")
        .contains("gpuLayers(0)");
  }

  @Test
  void offloadProblem_cudaBuildWithoutDevice_saysNoDevice() {
    assertThat(CudaSupport.offloadProblem(32, CUDA_MAPS, List.of(), null))
        .contains("is a CUDA build")
        .contains("no CUDA device is visible")
        .contains("/dev/nvidia");
  }

  @Test
  void offloadProblem_devicesHiddenByTheEnvironment_saysSo() {
    assertThat(CudaSupport.offloadProblem(32, CUDA_MAPS, List.of("nvidia0"), "-1"))
        .contains("CUDA_VISIBLE_DEVICES='-1' hides every device");
    assertThat(CudaSupport.offloadProblem(32, CUDA_MAPS, List.of("nvidia0"), "")).contains("hides every device");
  }

  @Test
  void offloadProblem_cudaBuildAndDevice_isNone() {
    assertThat(CudaSupport.offloadProblem(32, CUDA_MAPS, List.of("nvidia0", "nvidia1"), "1")).isNull();
  }

  @Test
  void offloadProblem_noOffloadAsked_isNone() {
    assertThat(CudaSupport.offloadProblem(0)).isNull();
  }

  @Test
  void offloadProblem_staticCudaBuild_isFoundByItsEntryPoint() throws Exception {
    Path lib = dir.resolve("libjllama.so");
    byte[] filler = new byte[(1 << 20) - 5]; // the symbol straddles the first and second chunk
    Files.write(lib, filler);
    Files.write(lib, "xxggml_cuda_init\0".getBytes(StandardCharsets.US_ASCII), java.nio.file.StandardOpenOption.APPEND);
    String maps = "7f20-7f30 r-xp 00000000 08:01 2 " + lib;

    assertThat(CudaSupport.offloadProblem(8, maps, List.of("nvidia0"), null)).isNull();
  }

  /* --- helpers --- */

  @Test
  void mappedLibraries_deletedFilesCount() {
    String maps = "7f20-7f30 r-xp 00000000 08:01 2 /tmp/x/libggml-cuda.so (deleted)";

    assertThat(CudaSupport.cudaBuild(maps, List.of())).isTrue();
  }

  @Test
  void deviceNodes_listsOnlyNumberedNvidiaNodes() throws Exception {
    for (String name : List.of("nvidia0", "nvidia1", "nvidiactl", "nvidia-uvm", "null")) {
      Files.createFile(dir.resolve(name));
    }

    assertThat(CudaSupport.deviceNodes(dir)).containsExactly("nvidia0", "nvidia1");
  }
}
