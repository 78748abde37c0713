package dev.hai.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClinicalPriorityTest {

  /* --- constants --- */

  @Test
  void constants_haveTheDocumentedLevels() {
    assertThat(List.of(ClinicalPriority.EMERGENCY, ClinicalPriority.CRITICAL_CARE, ClinicalPriority.DECISION_SUPPORT,
        ClinicalPriority.DOCUMENTATION, ClinicalPriority.INSURANCE, ClinicalPriority.ADMINISTRATIVE))
        .extracting(ClinicalPriority::level).containsExactly(100, 90, 80, 70, 60, 50);
    assertThat(ClinicalPriority.DEFAULT).isEqualTo(ClinicalPriority.DOCUMENTATION);
  }

  /* --- of --- */

  @Test
  void of_custom_isAccepted() {
    ClinicalPriority research = ClinicalPriority.of("RESEARCH", 40);

    assertThat(research.name()).isEqualTo("RESEARCH");
    assertThat(research.level()).isEqualTo(40);
  }

  @Test
  void of_levelOutOfRange_namesTheField() {
    assertThatThrownBy(() -> ClinicalPriority.of("X", 1001))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("priority.level").hasMessageContaining("0 to 1000");
    assertThatThrownBy(() -> ClinicalPriority.of("X", -1)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void of_badName_namesTheField() {
    assertThatThrownBy(() -> ClinicalPriority.of("two words", 10))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("priority.name");
    assertThatThrownBy(() -> ClinicalPriority.of(" ", 10)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> ClinicalPriority.of("x".repeat(65), 10)).isInstanceOf(InvalidRequestException.class);
  }

  /* --- compareTo --- */

  @Test
  void compareTo_ordersByLevelThenName() {
    List<ClinicalPriority> list = new ArrayList<>(List.of(ClinicalPriority.EMERGENCY, ClinicalPriority.of("B", 50),
        ClinicalPriority.ADMINISTRATIVE, ClinicalPriority.DOCUMENTATION));
    list.sort(null);

    assertThat(list).containsExactly(ClinicalPriority.ADMINISTRATIVE, ClinicalPriority.of("B", 50),
        ClinicalPriority.DOCUMENTATION, ClinicalPriority.EMERGENCY);
  }

  /* --- on the request --- */

  @Test
  void request_priority_unsetIsNullAndSurvivesToBuilder() {
    ClinicalRequest.Builder b = ClinicalRequest.builder()
        .caller(Caller.of("u-1", "nurse", "ed", PurposeOfUse.TREATMENT)).user("Hi");

    assertThat(b.build().priority()).isNull();
    ClinicalRequest urgent = b.priority(ClinicalPriority.EMERGENCY).build();
    assertThat(urgent.priority()).isEqualTo(ClinicalPriority.EMERGENCY);
    assertThat(urgent.toBuilder().build().priority()).isEqualTo(ClinicalPriority.EMERGENCY);
    assertThat(urgent.toString()).contains("EMERGENCY");
  }

  @Test
  void request_priorityNull_isRefused() {
    assertThatThrownBy(() -> ClinicalRequest.builder().priority(null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("priority");
  }
}
