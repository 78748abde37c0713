package dev.hai.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hai.core.phi.PhiType;
import dev.hai.core.spi.Hosting;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped JSON Schema describes exactly the document {@link PolicyInput#toDocument()} writes. */
class PolicyInputSchemaTest {

  private static JsonNode schema() throws Exception {
    try (InputStream in = PolicyInput.class.getClassLoader().getResourceAsStream(PolicyInput.SCHEMA_RESOURCE)) {
      assertThat(in).as(PolicyInput.SCHEMA_RESOURCE).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  private static PolicyInput full() {
    PolicyInput.Model m = new PolicyInput.Model("cloud", "m-1", "anthropic", Hosting.EXTERNAL, true);
    return new PolicyInput(new PolicyInput.Actor("u", "nurse", Map.of("d", "icu")), "TREATMENT", "t",
        new PolicyInput.Patient("hmac-sha256:" + "ab".repeat(32), Map.of("research", true)),
        new PolicyInput.Prompt("p", "1.0.0", "ab", List.of("prod"), "restricted"), m, List.of(m),
        new PolicyInput.Phi(Map.of(PhiType.NAME, 1)), new PolicyInput.BreakGlass(true, "why"), Instant.EPOCH);
  }

  @Test
  void schema_requiresExactlyTheDocumentsKeys() throws Exception {
    JsonNode schema = schema();
    Map<String, Object> doc = full().toDocument();

    assertThat(names(schema.get("required"))).containsExactlyInAnyOrderElementsOf(doc.keySet());
    assertThat(names(schema.get("properties").fieldNames())).containsExactlyInAnyOrderElementsOf(doc.keySet());
    for (String object : List.of("actor", "patient", "prompt", "phi", "break_glass")) {
      JsonNode sub = schema.get("properties").get(object);
      assertThat(names(sub.get("required"))).as(object)
          .containsExactlyInAnyOrderElementsOf(((Map<?, ?>) doc.get(object)).keySet().stream().map(String::valueOf).toList());
    }
    assertThat(names(schema.get("$defs").get("model").get("required")))
        .containsExactlyInAnyOrderElementsOf(((Map<?, ?>) doc.get("model")).keySet().stream().map(String::valueOf).toList());
  }

  @Test
  void schema_listsEveryPurposeAndPhiType() throws Exception {
    JsonNode schema = schema();

    assertThat(names(schema.get("properties").get("purpose_of_use").get("enum")))
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(dev.hai.core.PurposeOfUse.values()).map(Enum::name).toList());
    assertThat(names(schema.get("properties").get("phi").get("properties").get("types").get("propertyNames").get("enum")))
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(PhiType.values()).map(Enum::name).toList());
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> names(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
