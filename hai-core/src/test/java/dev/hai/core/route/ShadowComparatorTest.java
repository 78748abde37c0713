package dev.hai.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ShadowComparatorTest {

  @Test
  void exactAgreement_ignoresSurroundingWhitespaceOnly() {
    ShadowComparator c = ShadowComparator.exactAgreement();
    assertThat(c.name()).isEqualTo("exact");
    assertThat(c.score("No acute findings.", " No acute findings.\n")).isEqualTo(1.0);
    assertThat(c.score("No acute findings.", "no acute findings.")).isEqualTo(0.0);
  }

  @Test
  void normalizedEditDistance_isLevenshteinOverLongerLength() {
    ShadowComparator c = ShadowComparator.normalizedEditDistance();
    assertThat(c.name()).isEqualTo("edit_distance");
    assertThat(c.score("kitten", "sitting")).isCloseTo(3.0 / 7, within(1e-12));
    assertThat(c.score("same", "same")).isEqualTo(0.0);
    assertThat(c.score("", "")).isEqualTo(0.0);
    assertThat(c.score("abc", "")).isEqualTo(1.0);
    assertThat(c.score("flaw", "lawn")).isCloseTo(2.0 / 4, within(1e-12));
  }

  @Test
  void of_wrapsAFunction() {
    ShadowComparator c = ShadowComparator.of("length_ratio", (a, b) -> (double) b.length() / a.length());
    assertThat(c.score("abcd", "ab")).isEqualTo(0.5);
  }
}
