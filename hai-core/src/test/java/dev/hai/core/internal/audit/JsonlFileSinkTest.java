package dev.hai.core.internal.audit;

import static dev.hai.core.internal.audit.AuditFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.audit.AuditChain;
import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.audit.RecoveryReport;
import dev.hai.core.testing.FakeTime;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFileSinkTest {
  @TempDir Path dir;

  /* --- append --- */

  @Test
  void append_chainsRecordsAndReturnsThemSealed() throws IOException {
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      AuditRecord first = sink.append(record("success"));
      AuditRecord second = sink.append(record("rejected"));

      assertThat(first.seq()).isEqualTo(1);
      assertThat(first.prev()).isEqualTo(AuditChain.GENESIS);
      assertThat(first.chain()).isEqualTo(AuditChain.SHA256);
      assertThat(second.seq()).isEqualTo(2);
      assertThat(second.prev()).isEqualTo(first.hash());
    }
    assertThat(AuditFixtures.lines(dir)).hasSize(2);
    assertThat(AuditVerifier.verify(dir, Optional.empty()).ok()).isTrue();
  }

  @Test
  void append_withChainKey_verifiesOnlyWithThatKey() {
    try (FileAuditSink sink = FileAuditSink.builder(dir).chainKey(AuditFixtures.CHAIN_KEY).build()) {
      assertThat(sink.append(record("success")).chain()).isEqualTo(AuditChain.HMAC_SHA256);
      sink.append(record("success"));
    }
    assertThat(AuditVerifier.verify(dir, Optional.of(AuditFixtures.CHAIN_KEY)).ok()).isTrue();
    assertThat(AuditVerifier.verify(dir, Optional.of(AuditFixtures.key('x'))).ok()).isFalse();
    assertThat(AuditVerifier.verify(dir, Optional.empty()).ok()).isFalse();
  }

  @Test
  void append_afterClose_throws() {
    FileAuditSink sink = FileAuditSink.builder(dir).build();
    sink.close();
    assertThatThrownBy(() -> sink.append(record("success"))).isInstanceOf(AuditException.class);
    assertThat(sink.ready()).isFalse();
  }

  /* --- rotation --- */

  @Test
  void rotation_bySize_carriesTheChainAcrossFiles() throws IOException {
    try (FileAuditSink sink = FileAuditSink.builder(dir).maxFileBytes(4096).build()) {
      for (int i = 0; i < 40; i++) {
        sink.append(record("success"));
      }
    }
    List<LogFiles.LogFile> files = LogFiles.list(dir);
    assertThat(files.size()).isGreaterThan(3);
    for (LogFiles.LogFile f : files) {
      assertThat(Files.size(f.path())).isLessThanOrEqualTo(4096);
    }
    AuditVerification v = AuditVerifier.verify(dir, Optional.empty());
    assertThat(v.ok()).isTrue();
    assertThat(v.records()).isEqualTo(40);
    assertThat(v.files()).isEqualTo(files.size());
  }

  @Test
  void rotation_daily_startsANewFileWhenTheUtcDayChanges() throws IOException {
    FakeTime time = new FakeTime();
    try (FileAuditSink sink = FileAuditSink.builder(dir).clock(time).build()) {
      sink.append(record("success"));
      time.advance(Duration.ofDays(1));
      sink.append(record("success"));
    }
    List<LogFiles.LogFile> files = LogFiles.list(dir);
    assertThat(files).extracting(f -> f.path().getFileName().toString())
        .containsExactly("audit-00000001-20261126.jsonl", "audit-00000002-20261127.jsonl");
    assertThat(AuditVerifier.verify(dir, Optional.empty()).ok()).isTrue();
  }

  @Test
  void reopen_continuesTheChain() {
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      sink.append(record("success"));
    }
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      assertThat(sink.recovery()).isEmpty();
      assertThat(sink.append(record("success")).seq()).isEqualTo(2);
    }
    assertThat(AuditVerifier.verify(dir, Optional.empty()).records()).isEqualTo(2);
  }

  /* --- recovery --- */

  @Test
  void open_tornLastLine_isQuarantinedReportedAndTheChainContinues() throws IOException {
    AuditRecord last;
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      sink.append(record("success"));
      last = sink.append(record("success"));
    }
    Path file = LogFiles.list(dir).get(0).path();
    long goodSize = Files.size(file);
    String torn = "{\"actorId\":\"u-1\",\"attem";
    Files.writeString(file, torn, StandardOpenOption.APPEND);

    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      RecoveryReport report = sink.recovery().orElseThrow();
      assertThat(report.file()).isEqualTo(file);
      assertThat(report.goodBytes()).isEqualTo(goodSize);
      assertThat(report.quarantinedBytes()).isEqualTo(torn.length());
      assertThat(report.lastSeq()).isEqualTo(2);
      assertThat(report.lastHash()).isEqualTo(last.hash());
      assertThat(Files.readString(report.quarantineFile())).isEqualTo(torn);
      assertThat(Files.size(file)).isEqualTo(goodSize);

      AuditRecord next = sink.append(record("success"));
      assertThat(next.seq()).isEqualTo(3);
      assertThat(next.prev()).isEqualTo(last.hash());
    }
    AuditVerification v = AuditVerifier.verify(dir, Optional.empty());
    assertThat(v.ok()).isTrue();
    assertThat(v.quarantineFiles()).hasSize(1);
  }

  @Test
  void open_zeroFilledTail_isQuarantined() throws IOException {
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      sink.append(record("success"));
    }
    Path file = LogFiles.list(dir).get(0).path();
    Files.write(file, new byte[100], StandardOpenOption.APPEND);
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      assertThat(sink.recovery()).hasValueSatisfying(r -> assertThat(r.quarantinedBytes()).isEqualTo(100));
    }
  }

  @Test
  void open_damagedRecordBeforeGoodOnes_refusesToOpen() throws IOException {
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      for (int i = 0; i < 3; i++) {
        sink.append(record("success"));
      }
    }
    Path file = LogFiles.list(dir).get(0).path();
    List<String> lines = Files.readAllLines(file);
    lines.set(1, lines.get(1).replace("\"success\"", "\"rejected\""));
    Files.write(file, lines);

    assertThatThrownBy(() -> FileAuditSink.builder(dir).build())
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("not what a crash leaves");
  }

  /* --- failures --- */

  @Test
  void build_directoryCannotBeCreated_throws() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> FileAuditSink.builder(file.resolve("audit")).build())
        .isInstanceOf(AuditException.class);
  }

  @Test
  void append_diskFull_failsThenRecoversWhenSpaceReturns() throws IOException {
    AtomicBoolean full = new AtomicBoolean();
    JsonlFileSink.Opener opener = FaultyFileChannel.opener(full::get);
    AuditRecord first;
    try (JsonlFileSink sink = new JsonlFileSink(options(dir), opener)) {
      first = sink.append(record("success"));
      full.set(true);

      assertThatThrownBy(() -> sink.append(record("success")))
          .isInstanceOf(AuditException.class)
          .hasMessageContaining("No space left on device");
      assertThat(sink.ready()).isFalse();
      assertThat(sink.describe()).contains("UNHEALTHY");

      full.set(false);
      assertThat(sink.ready()).isTrue();
      AuditRecord next = sink.append(record("success"));
      assertThat(next.seq()).isEqualTo(2);
      assertThat(next.prev()).isEqualTo(first.hash());
    }
    assertThat(AuditVerifier.verify(dir, Optional.empty()).records()).isEqualTo(2);
  }

  @Test
  void ready_lessFreeSpaceThanTheReserve_isFalse() {
    try (FileAuditSink sink = FileAuditSink.builder(dir).minFreeBytes(Long.MAX_VALUE).build()) {
      assertThat(sink.ready()).isFalse();
      assertThat(sink.describe()).contains("LOW ON SPACE");
    }
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      assertThat(sink.ready()).isTrue();
    }
  }

  static JsonlFileSink.Options options(Path dir) {
    return new JsonlFileSink.Options(dir, null, FileAuditSink.Builder.DEFAULT_MAX_FILE_BYTES, true,
        FileAuditSink.Builder.DEFAULT_MAX_BATCH, FileAuditSink.Builder.DEFAULT_QUEUE_CAPACITY,
        java.time.Clock.systemUTC(), 0);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
