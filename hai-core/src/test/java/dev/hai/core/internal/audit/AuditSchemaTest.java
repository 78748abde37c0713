package dev.hai.core.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalPriority;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.spi.SchedulingInfo;
import dev.hai.core.testing.FakeBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON Schema shipped in the jar describes exactly what the sink writes. */
class AuditSchemaTest {
  @TempDir Path dir;

  private static JsonNode schema() throws IOException {
    try (InputStream in = AuditRecord.class.getResourceAsStream("audit-record-v1.schema.json")) {
      assertThat(in).as("schema on the class path").isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void schema_requiresExactlyTheFieldsARecordHas() throws IOException {
    JsonNode schema = schema();
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      // The second call's backend reports scheduling, as a GPU scheduler does.
      FakeBackend backend = new FakeBackend("primary").thenAnswer("ok").then(call -> FakeBackend.answer("ok")
          .withScheduling(new SchedulingInfo(ClinicalPriority.EMERGENCY, SchedulingInfo.Admission.ADMITTED,
              Duration.ofMillis(12), Duration.ofMillis(40))));
      ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(backend)
          .auditSink(sink)
          .auditPatientKey(AuditFixtures.PATIENT_KEY)
          .build();
      ClinicalRequest request = ClinicalRequest.builder()
          .caller(Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT))
          .user("Summarise.")
          .patientId("MRN-1")
          .build();
      client.call(request);
      client.call(request.toBuilder().breakGlass("Code blue, attending unreachable").build());
    }
    Map<String, Object> record = AuditFixtures.records(dir).get(0);
    Map<String, Object> claimed = AuditFixtures.records(dir).get(1);

    Set<String> required = new HashSet<>();
    schema.get("required").forEach(n -> required.add(n.asText()));
    Set<String> properties = new HashSet<>();
    schema.get("properties").fieldNames().forEachRemaining(properties::add);
    Set<String> optional = new HashSet<>(properties);
    optional.removeAll(required);
    assertThat(record.keySet()).isEqualTo(required);
    // breakGlass only with a break-glass claim, scheduling only when a scheduler saw the call
    assertThat(optional).containsExactlyInAnyOrder("breakGlass", "scheduling");
    assertThat(claimed.keySet()).isEqualTo(properties);

    String uuid7 = schema.at("/$defs/uuidv7/pattern").asText();
    String sha = schema.at("/$defs/sha256/pattern").asText();
    assertThat(AuditFixtures.field(record, "id")).matches(uuid7);
    assertThat(AuditFixtures.field(record, "callId")).matches(uuid7);
    assertThat(AuditFixtures.field(record, "hash")).matches(sha);
    assertThat(AuditFixtures.field(record, "prev")).matches(sha);
    assertThat(AuditFixtures.field(record, "inputSha256")).matches(sha);
    assertThat(AuditFixtures.field(record, "patientRef")).matches(schema.at("/properties/patientRef/pattern").asText());
  }
}
