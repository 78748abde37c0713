package dev.hai.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelsTest {

  @TempDir Path dir;

  /* --- defaultModelPath --- */

  @Test
  void defaultModelPath_withoutVariable_isInTheUserCache() {
    Path home = Path.of("/home/alice");

    assertThat(LocalModels.defaultModelPath(Map.of(), home))
        .isEqualTo(Path.of("/home/alice/.cache/hai/models/SmolLM2-135M-Instruct.Q4_1.gguf"));
  }

  @Test
  void defaultModelPath_withVariable_usesIt() {
    assertThat(LocalModels.defaultModelPath(Map.of("HAI_MODEL", "/models/x.gguf"), Path.of("/home/alice")))
        .isEqualTo(Path.of("/models/x.gguf"));
  }

  @Test
  void defaultModelPath_blankVariable_isIgnored() {
    assertThat(LocalModels.defaultModelPath(Map.of("HAI_MODEL", "  "), Path.of("/h")))
        .isEqualTo(Path.of("/h/.cache/hai/models/" + LocalModels.DEFAULT_MODEL_FILE));
  }

  /* --- verifySha256 --- */

  @Test
  void verifySha256_matchesKnownDigestIgnoringCase() throws Exception {
    Path file = Files.writeString(dir.resolve("abc"), "abc", StandardCharsets.US_ASCII);
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    assertThat(LocalModels.sha256(file)).isEqualTo(abc);
    assertThat(LocalModels.verifySha256(file, abc.toUpperCase())).isTrue();
    assertThat(LocalModels.verifySha256(file, LocalModels.DEFAULT_MODEL_SHA256)).isFalse();
  }

  @Test
  void verifySha256_missingFile_throws() {
    assertThatThrownBy(() -> LocalModels.verifySha256(dir.resolve("none"), "00"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("none");
  }
}
