package dev.hai.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Values that carry clinical text must not print it: a stray log line would leak PHI. */
class ToStringTest {
  private static final String NOTE = "Jane Doe, MRN 4471123, seen 03/04/2026 for chest pain";
  private static final Caller CALLER = Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT);

  @Test
  void request_withInlineMessages_printsNoContent() {
    ClinicalRequest request = ClinicalRequest.builder().caller(CALLER).system("Summarise.").user(NOTE).build();
    assertThat(request.toString()).doesNotContain("Jane").doesNotContain("4471123").contains("USER");
  }

  @Test
  void request_withPromptReference_printsVariableNamesOnly() {
    ClinicalRequest request = ClinicalRequest.builder().caller(CALLER)
        .prompt("discharge-summary", "production", Map.of("note", NOTE, "age", "91")).build();
    assertThat(request.toString()).doesNotContain("Jane").doesNotContain("91]").contains("[age, note]");
  }

  @Test
  void modelCallAndResponse_printNoContent() {
    ModelCall call = new ModelCall(UUID.randomUUID(), 1, "m", List.of(ChatMessage.user(NOTE)),
        GenerationParameters.none(), Duration.ofSeconds(1), null);
    ModelResponse response = new ModelResponse(NOTE, "m", Usage.of(1, 2), FinishReason.STOP, "stop", null);
    assertThat(call.toString()).doesNotContain("Jane");
    assertThat(response.toString()).doesNotContain("Jane").contains("<" + NOTE.length() + " chars>");
  }

  @Test
  void success_printsNoAnswer() {
    CallMetadata meta = new CallMetadata(UUID.randomUUID(), "b", "m", null, Usage.zero(), Duration.ZERO, 1);
    ClinicalResult result = new ClinicalResult.Success(meta, NOTE, FinishReason.STOP, List.of());
    assertThat(result.toString()).doesNotContain("Jane").contains("chars");
  }
}
