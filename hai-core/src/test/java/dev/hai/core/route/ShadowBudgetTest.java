package dev.hai.core.route;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.cost.Budget;
import dev.hai.core.cost.Money;
import org.junit.jupiter.api.Test;

/** A shadow budget is checked as the calls' own cost tracking is. */
class ShadowBudgetTest {
  private static final Budget USD = Budget.tenant("shadows").daily(Money.of("USD", "20")).build();

  @Test
  void localComputePrice_negative_refused() {
    assertThatThrownBy(() -> ShadowBudget.builder(USD).localComputePrice("gpu", Money.of("USD", "-1")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("localComputePrice.perHour")
        .hasMessageContaining("must not be negative");
  }

  @Test
  void build_budgetInAnotherCurrencyThanThePrices_refused() {
    Budget eur = Budget.tenant("shadows").daily(Money.of("EUR", "20")).build();
    assertThatThrownBy(() -> ShadowBudget.builder(eur).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("tenant=shadows").hasMessageContaining("is in EUR but the prices are in USD");
  }

  @Test
  void build_localPriceInAnotherCurrencyThanThePrices_refused() {
    assertThatThrownBy(() -> ShadowBudget.builder(USD).localComputePrice("gpu", Money.of("EUR", "2.40")).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("gpu is priced in EUR but the prices are in USD");
  }
}
