package dev.hai.core.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per audit directory: a second sink, in this JVM or another process, is refused. */
class AuditWriterLockTest {
  @TempDir Path dir;

  @Test
  void secondSinkInThisJvm_isRefusedWithAMessageSayingWhatToDo_andTheFirstKeepsWriting() {
    try (FileAuditSink first = FileAuditSink.builder(dir).build()) {
      first.append(AuditFixtures.record("success"));
      assertThatThrownBy(() -> FileAuditSink.builder(dir).build())
          .isInstanceOf(AuditException.class)
          .hasMessageContaining("already being written by another audit sink")
          .hasMessageContaining("directory of its own");
      first.append(AuditFixtures.record("success"));
    }
    AuditVerification v = AuditVerifier.verify(dir, Optional.empty());
    assertThat(v.ok()).as(v.toString()).isTrue();
    assertThat(v.records()).isEqualTo(2);
  }

  @Test
  void afterClose_theDirectoryCanBeOpenedAgain_andTheChainContinues() {
    try (FileAuditSink first = FileAuditSink.builder(dir).build()) {
      first.append(AuditFixtures.record("success"));
    }
    try (FileAuditSink second = FileAuditSink.builder(dir).build()) {
      second.append(AuditFixtures.record("success"));
    }
    AuditVerification v = AuditVerifier.verify(dir, Optional.empty());
    assertThat(v.ok()).as(v.toString()).isTrue();
    assertThat(v.records()).isEqualTo(2);
  }

  @Test
  void aSinkInAnotherProcess_holdsTheDirectory_untilThatProcessDies() throws Exception {
    Process child = CrashChild.start(dir);
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("READY");
      assertThatThrownBy(() -> FileAuditSink.builder(dir).build())
          .isInstanceOf(AuditException.class)
          .hasMessageContaining("in this process or another one");
    } finally {
      child.destroyForcibly(); // SIGKILL: the OS releases the lock
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    try (FileAuditSink after = FileAuditSink.builder(dir).build()) {
      after.append(AuditFixtures.record("success"));
    }
  }
}
