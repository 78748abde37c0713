package dev.hai.core.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditRoute;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The audit record's {@code route} object: written only when set, read back as written. */
class AuditRouteTest {

  @Test
  void route_roundTripsThroughTheCanonicalForm() {
    AuditRecord r = AuditFixtures.record("success").toBuilder()
        .route(new AuditRoute("summary", "local-8b", "challenger", 1_000, null, null))
        .build();

    String line = CanonicalJson.write(RecordTree.of(r, true));

    assertThat(line).contains("\"route\":{\"arm\":\"local-8b\",\"challengerShare\":1000,\"name\":\"summary\","
        + "\"role\":\"challenger\"}");
    assertThat(AuditLogReader.parse(line).route()).isEqualTo(r.route());
  }

  @Test
  void shadowRoute_carriesThePrimaryCallId() {
    UUID primary = UUID.fromString("01900000-0000-7000-8000-000000000001");
    AuditRecord r = AuditFixtures.record("event").toBuilder()
        .route(new AuditRoute("summary", "shadow-70b", "shadow", null, null, primary))
        .build();

    AuditRecord back = AuditLogReader.parse(CanonicalJson.write(RecordTree.of(r, true)));

    assertThat(back.route().primaryCallId()).isEqualTo(primary);
    assertThat(back.route().isShadow()).isTrue();
  }

  @Test
  void noRoute_noRouteField() {
    Map<String, Object> tree = RecordTree.of(AuditFixtures.record("success"), true);
    assertThat(tree).doesNotContainKey("route");
  }

  @Test
  void auditRoute_checksRoleAndShadowId() {
    assertThatThrownBy(() -> new AuditRoute("r", "a", "primary", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditRoute("r", "a", "shadow", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditRoute("r", "a", "champion", 10_001, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
