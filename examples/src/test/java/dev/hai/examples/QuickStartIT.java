package dev.hai.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.cost.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, against the real embedded local model (scripts/fetch-model.sh
 * fetches it; .ci/run does so before the integration tests): the quickstart's three calls end as
 * it says, and its audit trail holds what it prints.
 */
class QuickStartIT {

  /** prompts.lock's hash of discharge-summary 1.0.0, the version the production label names. */
  private static final String PRODUCTION_SHA256 = "60ee720404108bac84052fc0e8abf10b5dd4885a2873c48b0dbfa89f9d5f922d";

  @TempDir Path dir;

  @Test
  void run_answersDeniesAndDisables_andLeavesAVerifiedTrailOfCallsAndFlips() throws Exception {
    Path audit = dir.resolve("audit");
    Path switches = dir.resolve("kill-switches.json");

    int status = QuickStart.run(audit, switches);

    assertThat(status).isZero();
    assertThat(AuditVerifier.verify(audit, Optional.empty()).ok()).isTrue();
    List<AuditRecord> records = AuditLogReader.readAll(audit);
    assertThat(records).extracting(AuditRecord::outcome)
        .containsExactly("success", "denied", "event", "disabled", "event");

    AuditRecord answered = records.get(0);
    assertThat(answered.promptId()).isEqualTo("discharge-summary");
    assertThat(answered.promptVersion()).isEqualTo("1.0.0");
    assertThat(answered.promptLabel()).isEqualTo("production");
    assertThat(answered.promptSha256()).endsWith(PRODUCTION_SHA256);
    assertThat(answered.policyDecision().result()).isEqualTo("allow");
    assertThat(answered.policyDecision().bundleRevision()).startsWith("starter-");
    assertThat(Money.parse(answered.cost()).micros()).isPositive(); // CPU time at the hourly price

    AuditRecord denied = records.get(1);
    assertThat(denied.actorRole()).isEqualTo("nurse");
    assertThat(denied.policyDecision().result()).isEqualTo("deny");
    assertThat(denied.outcomeReason()).contains("only attending physicians");
    assertThat(denied.usage().outputTokens()).isZero();

    assertThat(records.get(2).event().subject()).isEqualTo("prompt:discharge-summary@1.0.0");
    assertThat(records.get(2).event().to()).isEqualTo("disabled");
    assertThat(records.get(3).outcomeDetail()).isEqualTo("prompt:discharge-summary@1.0.0");
    assertThat(records.get(4).event().to()).isEqualTo("enabled");
    // The switch is revived: the next run starts with nothing disabled.
    assertThat(Files.readString(switches)).doesNotContain("discharge-summary");
  }

  @Test
  void run_twice_appendsToTheTrail_andStillSucceeds() {
    Path audit = dir.resolve("audit");
    Path switches = dir.resolve("kill-switches.json");

    assertThat(QuickStart.run(audit, switches)).isZero();
    assertThat(QuickStart.run(audit, switches)).isZero();

    assertThat(AuditVerifier.verify(audit, Optional.empty()).records()).isEqualTo(10);
  }
}
