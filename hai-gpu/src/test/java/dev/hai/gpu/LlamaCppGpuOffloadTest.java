package dev.hai.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.FailureKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU offload asked of the native library bundled with de.kherud:llama, a CPU build: the backend
 * refuses to start instead of running on the CPU unnoticed. Loads the bundled native library (no
 * model: the check comes before the file is read).
 */
class LlamaCppGpuOffloadTest {
  @TempDir Path dir;

  @Test
  void build_gpuLayersWithTheBundledCpuLibrary_failsSayingThereIsNoCuda() throws Exception {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "checked on Linux only");
    assumeTrue(System.getProperty("de.kherud.llama.lib.path") == null, "a CUDA library may be configured");
    Path notAModel = Files.writeString(dir.resolve("m.gguf"), "not a model");

    assertThatThrownBy(() -> LlamaCppBackend.builder().modelPath(notAModel).gpuLayers(99).build())
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.UNAVAILABLE))
        .hasMessageContaining("gpuLayers(99) asks for GPU offload")
        .hasMessageContaining("has no CUDA")
        .hasMessageContaining("libjllama.so");
  }

  @Test
  void build_noGpuLayers_getsPastTheCheckToTheModelFile() throws Exception {
    Path notAModel = Files.writeString(dir.resolve("m.gguf"), "not a model");

    assertThatThrownBy(() -> LlamaCppBackend.builder().modelPath(notAModel).build())
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.UNAVAILABLE))
        .hasMessageContaining("could not load")
        .hasMessageNotContaining("CUDA");
  }
}
