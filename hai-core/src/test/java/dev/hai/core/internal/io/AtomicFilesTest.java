package dev.hai.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void write_replacesTheContent_keepsThePermissions_andLeavesNoTemporaryFile() throws Exception {
    assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null);
    Path file = dir.resolve("labels.yaml");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    AtomicFiles.write(file, "new");

    assertThat(Files.readString(file)).isEqualTo("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).containsExactly(file);
    }
  }

  @Test
  void write_newFile_isReadableByOthers_notPrivateLikeATemporaryFile() throws Exception {
    assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null);
    Path file = dir.resolve("prompts.lock");

    AtomicFiles.write(file, "x".getBytes(StandardCharsets.UTF_8));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
  }

  @Test
  void stage_withoutCommit_leavesTheTargetAsItWas() throws Exception {
    Path file = dir.resolve("kill-switches.json");
    Files.writeString(file, "old");

    Path staged = AtomicFiles.stage(file, "new");

    assertThat(Files.readString(file)).isEqualTo("old");
    assertThat(staged.getParent()).isEqualTo(file.getParent());
    Files.delete(staged);
  }
}
