package dev.hai.eval.rollout;

import static dev.hai.eval.rollout.ArmCall.Role.CHALLENGER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutReportTest {
  @TempDir Path dir;

  private static RolloutReport report() {
    Arms a = Arms.champion(800, 200).correct("v2<b>", CHALLENGER, 880).wrong("v2<b>", CHALLENGER, 118)
        .unsafe("v2<b>", CHALLENGER, 2).silent("v1", ArmCall.Role.CHAMPION, 300, true);
    RolloutData data = a.data().withShadowAgreement(Map.of("shadow-8b", Map.of("exact", 0.42)));
    return RolloutReport.of("summary", data, DecisionEngine.of(RolloutCriteria.defaults()));
  }

  /* --- html --- */

  @Test
  void html_selfContained_withTheFourChartsAndEscapedNames() {
    String html = report().html();

    String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assertThat(withoutSvgNamespace).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    assertThat(html).doesNotContain("v2<b>").contains("v2&lt;b&gt;");
    assertThat(html).contains("Traffic: challenger share").contains("Feedback coverage").contains("Accuracy per arm")
        .contains("Verdicts and categories per arm").contains("Shadow agreement");
    assertThat(html.split("<svg ", -1)).hasSize(5); // traffic, coverage, accuracy, verdicts
    assertThat(html).contains("KEEP_TESTING");
  }

  /* --- json --- */

  @Test
  void json_carriesDecisionNumbersAndTraffic() throws Exception {
    RolloutReport r = report();

    JsonNode j = new ObjectMapper().readTree(r.json());

    assertThat(j.get("decision").asText()).isEqualTo(r.decision().name());
    assertThat(j.at("/arms/challenger/with_feedback").asLong()).isEqualTo(1000);
    assertThat(j.at("/arms/champion/answered").asLong()).isEqualTo(1300);
    assertThat(j.at("/arms/challenger/categories/UNSAFE").asLong()).isEqualTo(2);
    assertThat(j.at("/tests/accuracy/test").asText()).isEqualTo("chi-square-yates");
    assertThat(j.at("/sample_size/superiority").asLong()).isEqualTo(r.decision().evidence().superioritySample());
    assertThat(j.at("/shadow_agreement/shadow-8b/exact").asDouble()).isEqualTo(0.42);
    long trafficCalls = 0;
    for (JsonNode p : j.get("traffic")) {
      trafficCalls += p.get("champion").asLong() + p.get("challenger").asLong();
    }
    assertThat(trafficCalls).isEqualTo(2300);
    assertThat(j.at("/traffic/0/configured_share").asDouble()).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void writeHtmlAndJson_replaceAtomically_noTempFilesLeft() throws Exception {
    Path html = dir.resolve("out/rollout.html");
    Files.createDirectories(html.getParent());
    Files.writeString(html, "old");
    RolloutReport r = report();

    r.writeHtml(html);
    r.writeJson(dir.resolve("out/rollout.json"));

    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>");
    try (var files = Files.list(html.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .isEqualTo(List.of("rollout.html", "rollout.json"));
    }
  }

  /* --- traffic --- */

  @Test
  void traffic_bucketsActualShareAgainstConfigured() {
    Arms a = new Arms().silent("v1", ArmCall.Role.CHAMPION, 9, true).silent("v2", CHALLENGER, 1, true);

    List<TrafficPoint> t = RolloutReport.traffic(a.calls, Arms.T0, Arms.T0.plusSeconds(9));

    assertThat(t).hasSize(RolloutReport.TRAFFIC_BUCKETS);
    assertThat(t.stream().mapToLong(p -> p.champion() + p.challenger()).sum()).isEqualTo(10);
    assertThat(t.get(t.size() - 1).challenger()).isEqualTo(1);
  }
}
