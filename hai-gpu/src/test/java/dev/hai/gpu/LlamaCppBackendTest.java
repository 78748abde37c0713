package dev.hai.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.InvalidRequestException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builder checks that need no model file and no native library. */
class LlamaCppBackendTest {

  @TempDir Path dir;

  /* --- build --- */

  @Test
  void build_withoutModelPath_namesTheSettingAndTheScript() {
    assertThatThrownBy(() -> LlamaCppBackend.builder().build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("modelPath")
        .hasMessageContaining("scripts/fetch-model.sh");
  }

  @Test
  void build_missingFile_namesThePathTheScriptAndTheVariable() {
    Path missing = dir.resolve("absent.gguf");

    assertThatThrownBy(() -> LlamaCppBackend.builder().modelPath(missing).build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("modelPath"))
        .hasMessageContaining(missing.toAbsolutePath().toString())
        .hasMessageContaining("scripts/fetch-model.sh")
        .hasMessageContaining("HAI_MODEL");
  }

  @Test
  void build_directoryInsteadOfFile_isRejected() {
    assertThatThrownBy(() -> LlamaCppBackend.builder().modelPath(dir).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no model file");
  }

  @Test
  void build_maxTokensNotBelowContext_isRejectedBeforeLoading() {
    Path missingButUnchecked = dir.resolve("m.gguf");

    assertThatThrownBy(() -> LlamaCppBackend.builder()
            .modelPath(missingButUnchecked).contextSize(64).defaultMaxTokens(64).build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("defaultMaxTokens"));
  }

  /* --- setters --- */

  @Test
  void setters_outOfRange_failAtOnceNamingTheSetting() {
    LlamaCppBackend.Builder b = LlamaCppBackend.builder();

    assertThatThrownBy(() -> b.contextSize(8)).hasMessageStartingWith("contextSize:");
    assertThatThrownBy(() -> b.threads(0)).hasMessageStartingWith("threads:");
    assertThatThrownBy(() -> b.gpuLayers(-1)).hasMessageStartingWith("gpuLayers:");
    assertThatThrownBy(() -> b.maxConcurrency(0)).hasMessageStartingWith("maxConcurrency:");
    assertThatThrownBy(() -> b.defaultMaxTokens(0)).hasMessageStartingWith("defaultMaxTokens:");
    assertThatThrownBy(() -> b.name(" ")).hasMessageStartingWith("name:");
    assertThatThrownBy(() -> b.modelName("")).hasMessageStartingWith("modelName:");
  }

  /* --- nativeSeed --- */

  @Test
  void nativeSeed_keepsSmallSeedsAndNeverMeansRandom() {
    assertThat(LlamaCppBackend.nativeSeed(42)).isEqualTo(42);
    assertThat(LlamaCppBackend.nativeSeed(0)).isZero();
    assertThat(LlamaCppBackend.nativeSeed(-1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(LlamaCppBackend.nativeSeed(Long.MAX_VALUE)).isBetween(0, Integer.MAX_VALUE);
  }
}
