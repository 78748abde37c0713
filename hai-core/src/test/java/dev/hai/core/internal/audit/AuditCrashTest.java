package dev.hai.core.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM appends under load and is killed with SIGKILL at a random moment, several times over
 * the same log. After each kill, recovery must find every record the child was told was durable,
 * the chain must verify, and a torn tail must be quarantined. SIGKILL rarely tears a line (the
 * kernel finishes a write in progress), so on every other round the test also appends a torn
 * fragment, as a power loss would leave.
 */
class AuditCrashTest {
  private static final int ROUNDS = 5;

  @TempDir Path dir;

  @Test
  void kill9_underLoad_losesNoDurableRecordAndQuarantinesTornTails() throws Exception {
    Random random = new Random();
    Set<String> durable = new HashSet<>();
    int quarantinesExpected = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Set<String> told = ConcurrentHashMap.newKeySet();
      Process child = CrashChild.start(dir);
      CountDownLatch ready = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("READY")) {
              ready.countDown();
            } else if (line.startsWith("D ") && line.length() == 38) {
              told.add(line.substring(2));
            }
          }
        } catch (java.io.IOException ignored) {
          // the child died
        }
      });
      reader.start();
      assertThat(ready.await(20, TimeUnit.SECONDS)).as("child started").isTrue();
      Thread.sleep(200 + random.nextInt(600));
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
      reader.join(5_000);
      assertThat(told).as("the child reported durable records in round %d", round).isNotEmpty();
      durable.addAll(told);

      boolean tear = round % 2 == 1;
      if (tear) {
        List<LogFiles.LogFile> files = LogFiles.list(dir);
        Files.writeString(files.get(files.size() - 1).path(), "{\"actorId\":\"u-1\",\"attem",
            StandardOpenOption.APPEND);
      }

      try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
        if (tear) {
          quarantinesExpected++;
          assertThat(sink.recovery()).as("torn tail reported in round %d", round).isPresent();
        }
      }
      Set<String> onDisk = new HashSet<>();
      for (Map<String, Object> r : AuditFixtures.records(dir)) {
        onDisk.add(AuditFixtures.field(r, "id"));
      }
      assertThat(onDisk).as("every record reported durable is on disk after round %d", round)
          .containsAll(durable);
      AuditVerification v = AuditVerifier.verify(dir, Optional.empty());
      assertThat(v.ok()).as("chain after round %d: %s", round, v.firstBreak()).isTrue();
    }
    assertThat(LogFiles.quarantined(dir).size()).isGreaterThanOrEqualTo(quarantinesExpected);
  }
}
