package dev.hai.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClinicalRequestTest {
  private static final Caller CALLER = Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT);

  private static ClinicalRequest.Builder valid() {
    return ClinicalRequest.builder().caller(CALLER).system("Be brief.").user("Summarise the note.");
  }

  private static void assertField(Runnable r, String field) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageStartingWith(field + ":");
  }

  @Test
  void build_validRequest_keepsEveryField() {
    ClinicalRequest r = valid().model("m").temperature(0.2).topP(0.9).maxTokens(100).seed(7).stop("END")
        .idempotencyKey("k-1").timeout(Duration.ofSeconds(5)).build();
    assertThat(r.prompt()).isInstanceOf(PromptSource.Inline.class);
    assertThat(((PromptSource.Inline) r.prompt()).messages())
        .containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("Summarise the note."));
    assertThat(r.parameters()).isEqualTo(new GenerationParameters("m", 0.2, 0.9, 100, 7L, java.util.List.of("END")));
    assertThat(r.idempotencyKey()).isEqualTo("k-1");
    assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(r.deadline()).isNull();
  }

  @Test
  void build_missingCaller_namesCaller() {
    assertField(() -> ClinicalRequest.builder().user("x").build(), "caller");
  }

  @Test
  void build_noPrompt_namesPrompt() {
    assertField(() -> ClinicalRequest.builder().caller(CALLER).build(), "prompt");
  }

  @Test
  void build_messagesAndReference_isRejected() {
    assertField(() -> valid().prompt("discharge-summary", "production", Map.of()).build(), "prompt");
  }

  @Test
  void build_onlySystemMessage_namesMessages() {
    assertField(() -> ClinicalRequest.builder().caller(CALLER).system("x").build(), "prompt.messages");
  }

  @Test
  void setters_outOfRange_failAtOnceNamingTheField() {
    assertField(() -> valid().temperature(2.5), "parameters.temperature");
    assertField(() -> valid().temperature(Double.NaN), "parameters.temperature");
    assertField(() -> valid().topP(0.0), "parameters.topP");
    assertField(() -> valid().topP(1.01), "parameters.topP");
    assertField(() -> valid().maxTokens(0), "parameters.maxTokens");
    assertField(() -> valid().model(" "), "parameters.model");
    assertField(() -> valid().stop(""), "parameters.stop");
    assertField(() -> valid().timeout(Duration.ZERO), "timeout");
    assertField(() -> valid().user(" "), "message.content");
  }

  @Test
  void build_deadlineAndTimeout_isRejected() {
    assertField(() -> valid().deadline(Instant.now()).timeout(Duration.ofSeconds(1)).build(), "deadline");
  }

  @Test
  void build_idempotencyKeyTooLong_isRejected() {
    assertField(() -> valid().idempotencyKey("x".repeat(256)).build(), "idempotencyKey");
  }

  @Test
  void caller_blankFields_areNamed() {
    assertField(() -> Caller.of(" ", "r", "t", PurposeOfUse.TREATMENT), "caller.actorId");
    assertField(() -> Caller.of("a", "", "t", PurposeOfUse.TREATMENT), "caller.role");
    assertField(() -> Caller.of("a", "r", "", PurposeOfUse.TREATMENT), "caller.tenant");
    assertField(() -> Caller.of("a", "r", "t", null), "caller.purposeOfUse");
  }

  @Test
  void purposeOfUse_parsesNamesAndHl7Codes() {
    assertThat(PurposeOfUse.parse("treat")).isEqualTo(PurposeOfUse.TREATMENT);
    assertThat(PurposeOfUse.parse("EMERGENCY_TREATMENT")).isEqualTo(PurposeOfUse.EMERGENCY_TREATMENT);
    assertField(() -> PurposeOfUse.parse("curiosity"), "caller.purposeOfUse");
  }

  @Test
  void parameters_orElse_takesUnsetFieldsFromDefaults() {
    GenerationParameters own = GenerationParameters.builder().temperature(0.0).build();
    GenerationParameters defaults = new GenerationParameters("d", 0.7, 0.5, 300, 1L, java.util.List.of("X"));
    assertThat(own.orElse(defaults)).isEqualTo(new GenerationParameters("d", 0.0, 0.5, 300, 1L, java.util.List.of("X")));
  }

  @Test
  void toBuilder_roundTrips() {
    ClinicalRequest r = valid().maxTokens(10).idempotencyKey("k").build();
    assertThat(r.toBuilder().build()).isEqualTo(r);
  }

  /* --- patientId --- */

  @Test
  void patientId_isKeptByBuildAndToBuilder() {
    ClinicalRequest r = valid().patientId("MRN-0047113").build();
    assertThat(r.patientId()).isEqualTo("MRN-0047113");
    assertThat(r.toBuilder().build()).isEqualTo(r);
  }

  @Test
  void patientId_defaultsToNone() {
    assertThat(valid().build().patientId()).isNull();
  }

  @Test
  void patientId_blankOrTooLongOrControlCharacters_namesPatientIdWithoutEchoingIt() {
    assertField(() -> valid().patientId(" "), "patientId");
    assertField(() -> valid().patientId("x".repeat(ClinicalRequest.MAX_PATIENT_ID_LENGTH + 1)), "patientId");
    assertThatThrownBy(() -> valid().patientId("MRN\n47"))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MRN"));
  }

  @Test
  void toString_masksThePatientId() {
    ClinicalRequest r = valid().patientId("MRN-0047113").build();
    assertThat(r.toString()).doesNotContain("MRN-0047113").contains("patientId=(set, not shown)");
  }

  @Test
  void constructor_withoutPatientId_stillCompiles() {
    ClinicalRequest r = valid().build();
    ClinicalRequest old = new ClinicalRequest(r.prompt(), r.caller(), r.parameters(), null, null, null);
    assertThat(old.patientId()).isNull();
    assertThat(old).isEqualTo(r);
  }

  /* --- breakGlass and policy facts --- */

  @Test
  void breakGlass_isKeptByBuildAndToBuilder() {
    ClinicalRequest r = valid().breakGlass("patient arrested, attending in theatre").build();

    assertThat(r.isBreakGlass()).isTrue();
    assertThat(r.breakGlass()).isEqualTo("patient arrested, attending in theatre");
    assertThat(r.toBuilder().build()).isEqualTo(r);
    assertThat(valid().build().isBreakGlass()).isFalse();
  }

  @Test
  void breakGlass_emptyJustificationIsAClaimTheTooLongOneIsNot() {
    assertThat(valid().breakGlass("").build().isBreakGlass()).isTrue();
    assertField(() -> valid().breakGlass("x".repeat(ClinicalRequest.MAX_BREAK_GLASS_LENGTH + 1)), "breakGlass");
  }

  @Test
  void policyFacts_areKeptAndMaskedInToString() {
    ClinicalRequest r = valid().breakGlass("Mr. Smith crashing").actorAttribute("department", "icu")
        .consent("research", false).build();

    assertThat(r.policyFacts()).isEqualTo(new PolicyFacts(Map.of("department", "icu"), Map.of("research", false)));
    assertThat(r.toBuilder().build()).isEqualTo(r);
    assertThat(r.toString()).doesNotContain("Smith").doesNotContain("icu")
        .contains("breakGlass=(claimed, justification not shown)");
  }
}
