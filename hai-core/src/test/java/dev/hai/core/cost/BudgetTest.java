package dev.hai.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Budget values: periods in their zone, keys, matching, validation. */
class BudgetTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void windowAt_day_isMidnightToMidnightInTheZone() {
    Budget b = Budget.tenant("t").daily(Money.of("USD", "1")).zone(BERLIN).build();

    BudgetWindow w = b.windowAt(Instant.parse("2026-11-26T23:30:00Z")); // 00:30 on the 27th in Berlin

    assertThat(w.label()).isEqualTo("2026-11-27");
    assertThat(w.start()).isEqualTo(Instant.parse("2026-11-26T23:00:00Z"));
    assertThat(w.end()).isEqualTo(Instant.parse("2026-11-27T23:00:00Z"));
  }

  @Test
  void windowAt_dayOfTheClockChange_is23Hours() {
    Budget b = Budget.tenant("t").daily(Money.of("USD", "1")).zone(BERLIN).build();

    BudgetWindow w = b.windowAt(Instant.parse("2026-03-29T12:00:00Z"));

    assertThat(Duration.between(w.start(), w.end())).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void windowAt_month_spansTheCalendarMonthInTheZone() {
    Budget b = Budget.tenant("t").monthly(Money.of("USD", "1")).zone(BERLIN).build();

    BudgetWindow w = b.windowAt(Instant.parse("2026-11-30T23:30:00Z")); // already December in Berlin

    assertThat(w.label()).isEqualTo("2026-12");
    assertThat(w.start()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    assertThat(w.end()).isEqualTo(Instant.parse("2026-12-31T23:00:00Z"));
  }

  @Test
  void key_namesTheScopeAndPeriod_notTheLimit_andUtcHasOneSpelling() {
    Budget a = Budget.tenant("cardiology").actor("u-1").daily(Money.of("USD", "1")).zone(ZoneId.of("UTC")).build();
    Budget b = Budget.tenant("cardiology").actor("u-1").daily(Money.of("USD", "9")).zone(ZoneOffset.UTC).soft().build();

    assertThat(a.key()).isEqualTo("tenant=cardiology;actor=u-1;prompt=*;period=DAY;zone=Z").isEqualTo(b.key());
  }

  @Test
  void appliesTo_matchesTenantAndTheNarrowingsThatAreSet() {
    Budget tenant = Budget.tenant("cardiology").monthly(Money.of("USD", "1")).build();
    Budget prompt = Budget.tenant("cardiology").prompt("discharge-summary").monthly(Money.of("USD", "1")).build();

    assertThat(tenant.appliesTo("cardiology", "u-9", null)).isTrue();
    assertThat(tenant.appliesTo("oncology", "u-9", null)).isFalse();
    assertThat(prompt.appliesTo("cardiology", "u-9", "discharge-summary")).isTrue();
    assertThat(prompt.appliesTo("cardiology", "u-9", null)).isFalse();
  }

  @Test
  void builder_withoutAPeriod_orTwoPeriods_orANegativeLimit_refused() {
    assertThatThrownBy(() -> Budget.tenant("t").build())
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("daily(...) or monthly(...)");
    assertThatThrownBy(() -> Budget.tenant("t").daily(Money.of("USD", "1")).monthly(Money.of("USD", "1")))
        .hasMessageContaining("already set");
    assertThatThrownBy(() -> Budget.tenant("t").daily(Money.of("USD", "-1")).build())
        .hasMessageContaining("must not be negative");
  }

  @Test
  void costTracking_budgetInAnotherCurrency_orTwoWithOneKey_refused() {
    assertThatThrownBy(() -> CostTracking.builder().budget(Budget.tenant("t").daily(Money.of("EUR", "1")).build()).build())
        .hasMessageContaining("is in EUR but the prices are in USD");
    Budget b = Budget.tenant("t").daily(Money.of("USD", "1")).build();
    assertThatThrownBy(() -> CostTracking.builder().budget(b).budget(b).build()).hasMessageContaining("two budgets");
  }
}
