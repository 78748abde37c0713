package dev.hai.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/fetch-model.sh (which the quickstart runs) with {@code HAI_MODEL} naming the user's own
 * model file: the file is left as it is. An integration test because the script needs bash and
 * python3; pip is kept off the network, so a script that tried to fetch fails fast instead.
 */
class FetchModelScriptIT {

  private static final Path SCRIPT = Path.of("..", "scripts", "fetch-model.sh").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void anotherModelAtHaiModel_isNeverReplaced() throws Exception {
    Path own = dir.resolve("meditron-7b.Q4_K_M.gguf");
    Files.writeString(own, "GGUF: the hospital's own model", StandardCharsets.UTF_8);

    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().put("HAI_MODEL", own.toString());
    pb.environment().put("PIP_NO_INDEX", "1"); // no download, whatever the script does
    pb.environment().put("PIP_FIND_LINKS", dir.toString());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(output).isEqualTo(1);
    assertThat(output).contains("not overwriting").doesNotContain("downloading");
    assertThat(Files.readString(own, StandardCharsets.UTF_8)).isEqualTo("GGUF: the hospital's own model");
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(own); // no partial download beside it
    }
  }
}
