package dev.hai.core.internal.audit;

import static dev.hai.core.internal.audit.AuditFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.audit.AuditCli;
import dev.hai.core.audit.FileAuditSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCliTest {
  @TempDir Path dir;

  private void writeLog(FileAuditSink.Builder b) {
    try (FileAuditSink sink = b.build()) {
      for (int i = 0; i < 5; i++) {
        sink.append(record("success"));
      }
    }
  }

  private static String run(int[] code, String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      code[0] = AuditCli.run(args);
    } finally {
      System.setOut(out);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void verify_intactLog_exitsZero() {
    writeLog(FileAuditSink.builder(dir));
    int[] code = new int[1];
    String out = run(code, "verify", dir.toString());
    assertThat(code[0]).isZero();
    assertThat(out).contains("OK: 5 records in 1 files");
  }

  @Test
  void verify_withKeyFile_exitsZero() throws IOException {
    writeLog(FileAuditSink.builder(dir).chainKey(AuditFixtures.CHAIN_KEY));
    Path key = Files.write(dir.resolveSibling(dir.getFileName() + ".key"), AuditFixtures.CHAIN_KEY);
    int[] code = new int[1];
    run(code, "verify", dir.toString(), "--key-file", key.toString());
    assertThat(code[0]).isZero();
    Files.delete(key);
  }

  @Test
  void verify_brokenLog_exitsOneAndNamesTheRecord() throws IOException {
    writeLog(FileAuditSink.builder(dir));
    Path file = LogFiles.list(dir).get(0).path();
    List<String> lines = Files.readAllLines(file);
    lines.remove(2);
    Files.write(file, lines);

    int[] code = new int[1];
    String out = run(code, "verify", dir.toString());
    assertThat(code[0]).isEqualTo(1);
    assertThat(out).contains("BROKEN: DELETED at " + file + " line 3");
  }

  @Test
  void verify_badUsage_exitsTwo() {
    int[] code = new int[1];
    run(code, "verify");
    assertThat(code[0]).isEqualTo(2);
    run(code, "verify", dir.resolve("missing").toString());
    assertThat(code[0]).isEqualTo(2);
    run(code, "frobnicate");
    assertThat(code[0]).isEqualTo(2);
  }
}
