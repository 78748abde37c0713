package dev.hai.prompts;

import static dev.hai.prompts.PromptFiles.labels;
import static dev.hai.prompts.PromptFiles.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.audit.AuditLogReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptsCliTest {
  @TempDir Path root;
  @TempDir Path auditDir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    version(root, "discharge-summary", "1.1.0");
    version(root, "discharge-summary", "1.2.0");
    labels(root, "discharge-summary", "labels:\n  production: \"1.2.0\"\n");
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return PromptsCli.run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void lockThenVerify_passes_thenAnEditWithoutBump_failsNamingFileAndVersion() throws IOException {
    assertThat(run("lock", "--dir", root.toString())).isZero();
    assertThat(out()).contains("2 versions of 1 prompts");
    assertThat(Files.readString(root.resolve("prompts.lock")))
        .contains("discharge-summary 1.1.0 sha256:").contains("discharge-summary 1.2.0 sha256:");
    assertThat(run("verify", "-d", root.toString())).isZero();
    assertThat(out()).startsWith("OK: 2 versions");

    Path f = root.resolve("discharge-summary/1.1.0.yaml");
    Files.writeString(f, Files.readString(f).replace("maxLength: 8000", "maxLength: 9000"));

    assertThat(run("verify", "-d", root.toString())).isEqualTo(1);
    assertThat(out()).contains("DRIFT: 1 prompt versions")
        .contains("CHANGED discharge-summary/1.1.0.yaml: prompt discharge-summary 1.1.0 changed without a version bump");
  }

  @Test
  void lock_afterAnEditWithoutBump_refusesToReapprove_unlessAskedTo() throws IOException {
    assertThat(run("lock", "--dir", root.toString())).isZero();
    String approved = Files.readString(root.resolve("prompts.lock"));
    Path f = root.resolve("discharge-summary/1.1.0.yaml");
    Files.writeString(f, Files.readString(f).replace("maxLength: 8000", "maxLength: 9000"));

    // Running lock again must not turn the edit of an approved version into an approved one.
    assertThat(run("lock", "--dir", root.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("discharge-summary/1.1.0.yaml: prompt discharge-summary 1.1.0 changed without a version bump")
        .contains("--reapprove-changed");
    assertThat(Files.readString(root.resolve("prompts.lock"))).isEqualTo(approved);
    assertThat(run("verify", "--dir", root.toString())).isEqualTo(1);

    assertThat(run("lock", "--reapprove-changed", "--dir", root.toString())).isZero();
    assertThat(out()).contains("re-approved discharge-summary 1.1.0");
    assertThat(run("verify", "--dir", root.toString())).isZero();
  }

  @Test
  void verify_invalidFile_failsWithFileAndLine() throws IOException {
    run("lock", "--dir", root.toString());
    Files.writeString(root.resolve("discharge-summary/1.1.0.yaml"), "id: discharge-summary\nversion: \"1.1.0\"\nbogus: 1\n");
    assertThat(run("verify", "--dir", root.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("discharge-summary/1.1.0.yaml:3: unknown key 'bogus'");
  }

  @Test
  void label_rollsBackAndRecordsTheEvent() throws IOException {
    assertThat(run("label", "discharge-summary", "production", "1.1.0", "--dir", root.toString(),
        "--by", "u-safety", "--why", "rollback: 1.2.0 omits allergies", "--audit-dir", auditDir.toString())).isZero();
    assertThat(out()).contains("discharge-summary@production: 1.2.0 -> 1.1.0");
    assertThat(Files.readString(root.resolve("discharge-summary/labels.yaml"))).contains("production: \"1.1.0\"");
    assertThat(AuditLogReader.readAll(auditDir)).singleElement().satisfies(r -> {
      assertThat(r.event().from()).isEqualTo("1.2.0");
      assertThat(r.event().to()).isEqualTo("1.1.0");
      assertThat(r.actorId()).isEqualTo("u-safety");
    });
    assertThat(run("list", "--dir", root.toString())).isZero();
    assertThat(out()).contains("discharge-summary").containsPattern("1\\.1\\.0\\s+sha256:[0-9a-f]{16}\\s+production");
  }

  @Test
  void label_withoutReason_isUsageError() {
    assertThat(run("label", "discharge-summary", "production", "1.1.0", "--dir", root.toString(),
        "--by", "u", "--audit-dir", auditDir.toString())).isEqualTo(2);
  }

  @Test
  void diff_showsChangedLinesAndFields() throws IOException {
    Path f = root.resolve("discharge-summary/1.2.0.yaml");
    Files.writeString(f, Files.readString(f).replace("Audience: {{audience}}", "Audience: {{audience}}\n      Keep it short."));
    assertThat(run("diff", "discharge-summary", "1.1.0", "1.2.0", "--dir", root.toString())).isZero();
    assertThat(out())
        .contains("--- discharge-summary 1.1.0")
        .contains("@@ changelog\n- version 1.1.0\n+ version 1.2.0")
        .contains("- You write discharge summaries (prompt 1.1.0).")
        .contains("+ You write discharge summaries (prompt 1.2.0).")
        .contains("- You write discharge summaries (prompt 1.1.0).\n+ You write discharge summaries (prompt 1.2.0).")
        .contains("  Audience: {{audience}}\n+ Keep it short.");
  }

  @Test
  void verify_theExamplePromptSet_matchesItsLock() {
    assertThat(run("verify", "--dir", Path.of("..", "examples", "prompts").toString())).isZero();
    assertThat(out()).contains("OK: 2 versions of 1 prompts");
  }
}
