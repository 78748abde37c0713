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
    // breakGlass: only with a break-glass claim; route: only when a route matched the call;
    // scheduling: only when a scheduler saw the call
    assertThat(optional).containsExactlyInAnyOrder("breakGlass", "route", "scheduling");
    Set<String> withClaim = new HashSet<>(required);
    withClaim.add("breakGlass");
    withClaim.add("scheduling");
    assertThat(claimed.keySet()).isEqualTo(withClaim);

    String uuid7 = schema.at("/$defs/uuidv7/pattern").asText();
    String sha = schema.at("/$defs/sha256/pattern").asText();
    assertThat(AuditFixtures.field(record, "id")).matches(uuid7);
    assertThat(AuditFixtures.field(record, "callId")).matches(uuid7);
    assertThat(AuditFixtures.field(record, "hash")).matches(sha);
    assertThat(AuditFixtures.field(record, "prev")).matches(sha);
    assertThat(AuditFixtures.field(record, "inputSha256")).matches(sha);
    assertThat(AuditFixtures.field(record, "patientRef")).matches(schema.at("/properties/patientRef/pattern").asText());
  }

  @Test
  @SuppressWarnings("unchecked")
  void routedCallAndShadowEvent_haveTheSchemasRouteObject() throws Exception {
    JsonNode schema = schema();
    JsonNode routeSchema = schema.at("/properties/route");
    Set<String> routeProps = new HashSet<>();
    routeSchema.get("properties").fieldNames().forEachRemaining(routeProps::add);
    Set<String> topProps = new HashSet<>();
    schema.get("properties").fieldNames().forEachRemaining(topProps::add);
    try (FileAuditSink sink = FileAuditSink.builder(dir).build();
        dev.hai.core.route.RouteTable table = dev.hai.core.route.RouteTable.builder()
            .route(dev.hai.core.route.Route.builder("summary")
                .champion(dev.hai.core.route.Arm.builder("a").backend("primary").build())
                .challenger(dev.hai.core.route.Arm.builder("b").backend("primary").build(), 10_000)
                .shadow(dev.hai.core.route.Arm.builder("s").backend("primary").build()).build())
            .auditSink(sink).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder()
          .backend(new FakeBackend("primary"))
          .promptResolver(ref -> new dev.hai.core.spi.ResolvedPrompt(
              java.util.List.of(dev.hai.core.ChatMessage.user("Summarise.")),
              new dev.hai.core.PromptInfo(ref.promptId(), "1.0.0", "ab".repeat(32)),
              dev.hai.core.GenerationParameters.none()))
          .routes(table).auditSink(sink).auditPatientKey(AuditFixtures.PATIENT_KEY)
          .build();
      client.call(ClinicalRequest.builder()
          .caller(Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT))
          .prompt("summary", "production", Map.of()).patientId("MRN-1").build());
      long until = System.nanoTime() + 10_000_000_000L;
      while (AuditFixtures.records(dir).size() < 2 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
    }
    java.util.List<Map<String, Object>> records = AuditFixtures.records(dir);
    assertThat(records).hasSize(2);
    String uuid7 = schema.at("/$defs/uuidv7/pattern").asText();
    for (Map<String, Object> r : records) {
      assertThat(topProps).containsAll(r.keySet());
      Map<String, Object> route = (Map<String, Object>) r.get("route");
      assertThat(routeProps).containsAll(route.keySet());
      routeSchema.get("required").forEach(n -> assertThat(route).containsKey(n.asText()));
      if ("shadow".equals(String.valueOf(route.get("role")))) {
        assertThat(String.valueOf(route.get("primaryCallId"))).matches(uuid7);
      }
    }
  }
}
