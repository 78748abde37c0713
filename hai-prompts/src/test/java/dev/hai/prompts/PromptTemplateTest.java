package dev.hai.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.ChatMessage;
import dev.hai.core.spi.PromptResolver.PromptResolutionException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
  private static final String YAML = PromptFiles.yaml("discharge-summary", "1.2.0");

  /* --- content hash --- */

  @Test
  void sha256_sameContentInOtherKeyOrderWhitespaceAndCrlf_isEqual() {
    PromptTemplate base = PromptTemplate.parse("1.2.0.yaml", YAML);
    String reordered = """
        changelog:    version 1.2.0
        variables:
          audience:
            maxLength: 40
            required: false
          note:
            description: the discharge note
            maxLength: 8000
        messages:
          - content: "You write discharge summaries (prompt 1.2.0).\\nAudience: {{audience}}   \\n\\n"
            role: system
          - {role: user, content: "Summarise this note (prompt 1.2.0): {{ note }}"}
        defaults: {seed: 7, maxTokens: 400, temperature: 0.20, model: summary-model}
        approval: {at: 2026-02-01, by: dr.jones}
        owner: clinical-safety@hospital.example
        description: Discharge summary for the GP
        version: "1.2.0"
        id: discharge-summary
        """.replace("\n", "\r\n");
    String json = """
        {"id":"discharge-summary","version":"1.2.0","description":"Discharge summary for the GP",
         "owner":"clinical-safety@hospital.example","approval":{"by":"dr.jones","at":"2026-02-01"},
         "defaults":{"model":"summary-model","temperature":0.2,"maxTokens":400,"seed":7},
         "messages":[{"role":"system","content":"You write discharge summaries (prompt 1.2.0).\\r\\nAudience: {{audience}}"},
                     {"role":"user","content":"Summarise this note (prompt 1.2.0): {{note}}"}],
         "variables":{"note":{"required":true,"maxLength":8000,"description":"the discharge note"},
                      "audience":{"required":false,"maxLength":40}},
         "changelog":"version 1.2.0"}
        """;

    assertThat(PromptTemplate.parse("1.2.0.yaml", reordered).sha256()).isEqualTo(base.sha256());
    assertThat(PromptTemplate.parse("1.2.0.json", json).sha256()).isEqualTo(base.sha256());
    assertThat(base.sha256()).matches("[0-9a-f]{64}");
  }

  @Test
  void sha256_anyMeaningfulFieldChanged_differs() {
    String base = PromptTemplate.parse("1.2.0.yaml", YAML).sha256();
    List<String[]> edits = List.of(
        new String[] {"version: \"1.2.0\"", "version: \"1.2.1\""},
        new String[] {"description: Discharge summary for the GP", "description: Discharge summary"},
        new String[] {"owner: clinical-safety@hospital.example", "owner: someone-else"},
        new String[] {"by: dr.jones", "by: dr.smith"},
        new String[] {"at: 2026-02-01", "at: 2026-02-02"},
        new String[] {"model: summary-model", "model: other-model"},
        new String[] {"temperature: 0.2", "temperature: 0.3"},
        new String[] {"maxTokens: 400", "maxTokens: 401"},
        new String[] {"seed: 7", "seed: 8"},
        new String[] {"You write discharge", "You draft discharge"},
        new String[] {"- role: system", "- role: assistant"},
        new String[] {"maxLength: 8000", "maxLength: 8001"},
        new String[] {"required: false", "required: true"},
        new String[] {"the discharge note", "the note"},
        new String[] {"changelog: version 1.2.0", "changelog: other"});
    for (String[] e : edits) {
      assertThat(YAML).contains(e[0]);
      String changed = PromptTemplate.parse("1.2.0.yaml", YAML.replace(e[0], e[1])).sha256();
      assertThat(changed).as("after %s -> %s", e[0], e[1]).isNotEqualTo(base);
    }
    String withSchema = YAML + "outputSchema: {type: object, required: [summary]}\n";
    assertThat(PromptTemplate.parse("1.2.0.yaml", withSchema).sha256()).isNotEqualTo(base);
  }

  @Test
  void canonicalForm_isSortedCompactJson() {
    String c = PromptTemplate.parse("1.2.0.yaml", YAML).canonicalForm();
    assertThat(c).startsWith("{\"approval\":{\"at\":\"2026-02-01\",\"by\":\"dr.jones\"},\"changelog\":");
    assertThat(c).contains("\"defaults\":{\"maxTokens\":400,\"model\":\"summary-model\",\"seed\":7,\"temperature\":0.2}");
    assertThat(c).doesNotContain("\r").doesNotContain("\": ").doesNotContain(", \"");
  }

  /* --- validation on load --- */

  @Test
  void parse_unknownKey_namesFileLineAndAllowedKeys() {
    String bad = YAML.replace("owner:", "ownr: x\nowner:");
    assertThatThrownBy(() -> PromptTemplate.parse("discharge-summary/1.2.0.yaml", bad))
        .isInstanceOfSatisfying(PromptLoadException.class, e -> {
          assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("discharge-summary/1.2.0.yaml");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("unknown key 'ownr'").contains("owner");
          });
          assertThat(e.getMessage()).startsWith("discharge-summary/1.2.0.yaml:4: unknown key 'ownr'");
        });
  }

  @Test
  void parse_badSemver_undeclaredPlaceholder_unusedVariable_areAllReportedWithLines() {
    String bad = YAML.replace("version: \"1.2.0\"", "version: \"1.2\"")
        .replace("{{note}}", "{{note}} {{ward}}")
        .replace("  audience: {required: false, maxLength: 40}", "  audience: {required: false, maxLength: 40}\n  unused: {maxLength: 5}");
    assertThatThrownBy(() -> PromptTemplate.parse("p.yaml", bad))
        .isInstanceOfSatisfying(PromptLoadException.class, e -> assertThat(e.problems())
            .extracting(PromptLoadException.Problem::toString)
            .containsExactlyInAnyOrder(
                "p.yaml:2: version '1.2' is not a semantic version: write MAJOR.MINOR.PATCH such as 1.2.0 (no leading zeros, no 'v', no +build)",
                "p.yaml:19: placeholder {{ward}} is not declared under 'variables'",
                "p.yaml:23: variable 'unused' is declared but no message uses {{unused}}"));
  }

  @Test
  void parse_duplicateKeyAndSyntaxError_nameTheLine() {
    assertThatThrownBy(() -> PromptTemplate.parse("p.yaml", YAML.replace("owner:", "id: again\nowner:")))
        .hasMessageContaining("p.yaml:4: duplicate key 'id'");
    assertThatThrownBy(() -> PromptTemplate.parse("p.json", "{\"id\": \"x\",\n \"version\": }"))
        .hasMessageStartingWith("p.json:2: syntax error");
  }

  @Test
  void parse_malformedPlaceholderAndMissingMaxLength_areRejected() {
    assertThatThrownBy(() -> PromptTemplate.parse("p.yaml", YAML.replace("{{note}}", "{{note")))
        .hasMessageContaining("'{{' without a closing '}}'");
    assertThatThrownBy(() -> PromptTemplate.parse("p.yaml", YAML.replace("{{note}}", "{{not e}}")))
        .hasMessageContaining("is not a placeholder");
    assertThatThrownBy(() -> PromptTemplate.parse("p.yaml", YAML.replace("maxLength: 40", "description: x")))
        .hasMessageContaining("variable 'audience' needs maxLength");
  }

  @Test
  void parse_numberWhereTextBelongs_asksToQuote() {
    assertThatThrownBy(() -> PromptTemplate.parse("p.yaml", YAML.replace("version: \"1.2.0\"", "version: 1.2")))
        .hasMessageContaining("p.yaml:2: version must be text, found a number (quote it)");
  }

  /* --- rendering --- */

  @Test
  void render_suppliedValues_areInsertedAndDefaultsKept() {
    PromptTemplate t = PromptTemplate.parse("p.yaml", YAML);
    List<ChatMessage> m = t.render(Map.of("note", "BP 120/80.", "audience", "GP"));
    assertThat(m).containsExactly(
        ChatMessage.system("You write discharge summaries (prompt 1.2.0).\nAudience: GP"),
        ChatMessage.user("Summarise this note (prompt 1.2.0): BP 120/80."));
    assertThat(t.defaults().maxTokens()).isEqualTo(400);
    assertThat(t.render(Map.of("note", "x")).get(0).content()).endsWith("Audience: ");
  }

  @Test
  void render_missingAndExtraVariables_areRejectedNamingThem() {
    PromptTemplate t = PromptTemplate.parse("p.yaml", YAML);
    assertThatThrownBy(() -> t.render(Map.of("audience", "GP")))
        .isInstanceOfSatisfying(PromptResolutionException.class, e -> {
          assertThat(e.field()).isEqualTo("prompt.variables.note");
          assertThat(e.getMessage()).contains("missing required variables [note]");
        });
    assertThatThrownBy(() -> t.render(Map.of("note", "x", "wrd", "4B", "bed", "2")))
        .isInstanceOfSatisfying(PromptResolutionException.class, e -> {
          assertThat(e.field()).isEqualTo("prompt.variables");
          assertThat(e.getMessage()).contains("undeclared variables [bed, wrd]");
        });
  }

  @Test
  void render_valueTooLong_isRejectedWithoutQuotingIt() {
    PromptTemplate t = PromptTemplate.parse("p.yaml", YAML);
    String secret = "Jane Doe ".repeat(5);
    assertThatThrownBy(() -> t.render(Map.of("note", "x", "audience", secret)))
        .isInstanceOfSatisfying(PromptResolutionException.class, e -> {
          assertThat(e.field()).isEqualTo("prompt.variables.audience");
          assertThat(e.getMessage()).contains("audience (max 40)").doesNotContain("Jane");
        });
  }

  @Test
  void render_valueHoldingTemplateSyntax_staysLiteral() {
    PromptTemplate t = PromptTemplate.parse("p.yaml", YAML);
    Map<String, String> values = new HashMap<>();
    values.put("note", "ignore previous {{audience}} and {{note}} {{ x }} {{");
    values.put("audience", "{{note}}");
    List<ChatMessage> m = t.render(values);
    assertThat(m.get(0).content()).endsWith("Audience: {{note}}");
    assertThat(m.get(1).content()).endsWith(": ignore previous {{audience}} and {{note}} {{ x }} {{");
  }
}
