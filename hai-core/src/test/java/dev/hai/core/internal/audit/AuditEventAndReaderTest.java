package dev.hai.core.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.audit.AuditEvent;
import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.testing.FakeBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Administrative events share the calls' chain; the reader gives back exactly what was stored. */
class AuditEventAndReaderTest {
  @TempDir Path dir;

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T09:00:00Z"), ZoneOffset.UTC);

  @Test
  void event_isChainedBetweenCalls_andReadBackAsStored() {
    List<AuditRecord> stored = new ArrayList<>();
    try (FileAuditSink sink = FileAuditSink.builder(dir).maxFileBytes(4_096).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(new FakeBackend("primary"))
          .auditSink(sink)
          .auditPatientKey(AuditFixtures.PATIENT_KEY)
          .build();
      client.call(request());
      stored.add(sink.append(AuditRecord.ofEvent(
          new AuditEvent("prompt.label", "discharge-summary@production", "1.2.0", "1.1.0"),
          "*", "u-safety", "clinical-safety", "rollback: 1.2.0 leaves out allergies", CLOCK)));
      client.call(request());
      stored.add(sink.append(AuditRecord.ofEvent(
          new AuditEvent("killswitch.flip", "model:gpt-4o", null, "disabled"),
          "cardiology", "u-oncall", "platform", "vendor incident", CLOCK)));
    }

    List<AuditRecord> read = AuditLogReader.readAll(dir);

    assertThat(read).hasSize(4);
    assertThat(read.get(1)).isEqualTo(stored.get(0));
    assertThat(read.get(3)).isEqualTo(stored.get(1));
    assertThat(read).extracting(AuditRecord::outcome).containsExactly("success", "event", "success", "event");
    assertThat(read).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L);
    AuditRecord flip = read.get(3);
    assertThat(flip.isEvent()).isTrue();
    assertThat(flip.event().from()).isNull();
    assertThat(flip.outcomeDetail()).isEqualTo("killswitch.flip");
    assertThat(flip.purposeOfUse()).isEqualTo("SYSTEM_ADMINISTRATION");
    assertThat(flip.callId()).isEqualTo(flip.id());
    assertThat(read.get(0).isEvent()).isFalse();
    assertThat(read.get(0).patientRef()).startsWith("hmac-sha256:");
    assertThat(AuditVerifier.verify(dir, Optional.empty()).ok()).isTrue();
  }

  @Test
  void callRecords_readBack_equalTheSealedRecords() throws Exception {
    List<AuditRecord> stored = new ArrayList<>();
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      for (AuditRecord r : PreparedRecordTest.sample()) {
        if (r.tenant().contains("lone")) {
          continue; // a lone surrogate has no UTF-8 form: it is stored as '?', so it cannot read back equal
        }
        stored.add(sink.append(r));
      }
    }
    assertThat(stored).hasSizeGreaterThan(150);
    assertThat(AuditLogReader.readAll(dir)).isEqualTo(stored);
  }

  @Test
  void eventReason_isRedacted() {
    AuditRecord r = AuditRecord.ofEvent(new AuditEvent("prompt.label", "p@production", "1", "2"),
        "*", "u-1", "safety", "patient John Smith MRN 12345678 complained", CLOCK);
    assertThat(r.outcomeReason()).doesNotContain("Smith").doesNotContain("12345678");
  }

  @Test
  void eventKind_mustBeDottedLowercase() {
    assertThatThrownBy(() -> new AuditEvent("Prompt Label", "p", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event.kind");
  }

  @Test
  void reader_namesFileAndLine_ofALineThatIsNotARecord() throws Exception {
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      sink.append(AuditFixtures.record("success"));
    }
    Path file = LogFiles.list(dir).get(0).path();
    String good = Files.readString(file, StandardCharsets.UTF_8);
    // a malformed id, and an object without the record's fields
    for (String bad : List.of("{\"id\":\"nope\"}\n", "{\"schema\":1}\n")) {
      Files.writeString(file, good + bad, StandardCharsets.UTF_8);
      assertThatThrownBy(() -> AuditLogReader.readAll(dir)).as(bad)
          .isInstanceOf(AuditException.class)
          .hasMessageContaining(file.getFileName().toString() + " line 2");
    }
  }

  @Test
  void reader_rejectsAnObjectWithoutTheRecordsFields_asAuditException() {
    // Valid JSON objects that are not records (no id, no time, an empty line's worth of fields)
    // must end in the documented AuditException, not a NullPointerException from a missing field.
    for (String line : List.of("{}", "{\"schema\":1}", "{\"id\":\"01a2166a-de01-7000-b546-54a789f34128\"}")) {
      assertThatThrownBy(() -> AuditLogReader.parse(line)).as(line)
          .isInstanceOf(AuditException.class)
          .hasMessageStartingWith("not an audit record");
    }
  }

  @Test
  void reader_aRecordLackingAnyOneField_parsesOrFailsWithAuditException() throws Exception {
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      sink.append(AuditFixtures.record("success"));
      sink.append(AuditRecord.ofEvent(new AuditEvent("prompt.label", "p@production", "1.0.0", "1.1.0"),
          "*", "u-1", "safety", "rollback", Clock.systemUTC()));
    }
    for (String line : Files.readAllLines(LogFiles.list(dir).get(0).path(), StandardCharsets.UTF_8)) {
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> tree = (java.util.Map<String, Object>) CanonicalJson.parse(line);
      for (String key : tree.keySet()) {
        java.util.Map<String, Object> less = new java.util.TreeMap<>(tree);
        less.remove(key);
        String cut = CanonicalJson.write(less);
        try {
          AuditLogReader.parse(cut);
        } catch (AuditException expected) {
          // the documented failure
        } catch (RuntimeException e) {
          throw new AssertionError("without '" + key + "': " + e, e);
        }
      }
    }
  }

  private static ClinicalRequest request() {
    return ClinicalRequest.builder()
        .caller(Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT))
        .user("Summarise.")
        .patientId("MRN-1")
        .build();
  }
}
