package dev.hai.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.eval.EvalException;
import dev.hai.eval.TestItems;
import org.junit.jupiter.api.Test;

class JsonSchemaValidityTest {

  private static final String SCHEMA = """
      {"type": "object",
       "required": ["urgency", "medications"],
       "additionalProperties": false,
       "properties": {
         "urgency": {"enum": ["emergency", "urgent", "routine"]},
         "medications": {"type": "array", "minItems": 1, "items": {
           "type": "object", "required": ["name", "dose_mg"],
           "properties": {"name": {"type": "string", "minLength": 2, "pattern": "^[a-z ]+$"},
                          "dose_mg": {"type": "number", "minimum": 0, "maximum": 5000}}}},
         "count": {"type": "integer"}}}
      """;

  @Test
  void valid_fencedAnswer_passes() {
    JsonSchemaValidity v = JsonSchemaValidity.of(SCHEMA);
    String answer = "```json\n{\"urgency\":\"urgent\",\"medications\":[{\"name\":\"metformin\",\"dose_mg\":500}],"
        + "\"count\":1.0}\n```";

    assertThat(v.violations(answer)).isEmpty();
    assertThat(v.score(TestItems.text("x"), answer)).isEqualTo(1.0);
  }

  @Test
  void invalid_listsEveryViolationWithPaths() {
    JsonSchemaValidity v = JsonSchemaValidity.of(SCHEMA);
    String answer = "{\"urgency\":\"soon\",\"medications\":[{\"name\":\"X\",\"dose_mg\":-1}],\"extra\":1,"
        + "\"count\":1.5}";

    assertThat(v.violations(answer)).containsExactlyInAnyOrder(
        "#/urgency: not one of the allowed values",
        "#/medications/0/name: shorter than 2",
        "#/medications/0/name: does not match the pattern",
        "#/medications/0/dose_mg: below the minimum 0",
        "#/extra: not allowed",
        "#/count: expected type \"integer\", was number");
    assertThat(v.score(TestItems.text("x"), answer)).isEqualTo(0.0);
  }

  @Test
  void notJson_andMissingRequired_fail() {
    JsonSchemaValidity v = JsonSchemaValidity.of(SCHEMA);

    assertThat(v.violations("urgent")).containsExactly("#: not valid JSON");
    assertThat(v.violations("{\"urgency\":\"urgent\"}")).containsExactly("#: missing required property 'medications'");
  }

  @Test
  void unsupportedKeyword_isRefusedWhenBuilt() {
    assertThatThrownBy(() -> JsonSchemaValidity.of("{\"type\":\"object\",\"oneOf\":[]}"))
        .isInstanceOf(EvalException.class)
        .hasMessageContaining("'oneOf' is not supported");
  }

  @Test
  void malformedKeywordValues_areRefusedWhenBuilt_notWhenScoring() {
    // Each would have thrown on every answer (stopping a run) or been ignored silently.
    assertThatThrownBy(() -> JsonSchemaValidity.of("{\"properties\":{\"a\":{\"pattern\":\"[\"}}}"))
        .isInstanceOf(EvalException.class).hasMessageContaining("#/properties/a: 'pattern' is not a valid");
    assertThatThrownBy(() -> JsonSchemaValidity.of("{\"type\":\"strin\"}"))
        .isInstanceOf(EvalException.class).hasMessageContaining("#: 'type' must be one of");
    assertThatThrownBy(() -> JsonSchemaValidity.of("{\"minimum\":\"5\"}"))
        .isInstanceOf(EvalException.class).hasMessageContaining("#: 'minimum' must be a number");
    assertThatThrownBy(() -> JsonSchemaValidity.of("{\"items\":{\"maxLength\":-1}}"))
        .isInstanceOf(EvalException.class).hasMessageContaining("#/items: 'maxLength' must be a whole number");
    assertThatThrownBy(() -> JsonSchemaValidity.of("{\"required\":\"name\"}"))
        .isInstanceOf(EvalException.class).hasMessageContaining("#: 'required' must be an array of strings");
    assertThatThrownBy(() -> JsonSchemaValidity.of("{\"enum\":\"a\"}"))
        .isInstanceOf(EvalException.class).hasMessageContaining("#: 'enum' must be an array");
    assertThatThrownBy(() -> JsonSchemaValidity.of("{\"properties\":[]}"))
        .isInstanceOf(EvalException.class).hasMessageContaining("#: 'properties' must be an object");
  }
}
