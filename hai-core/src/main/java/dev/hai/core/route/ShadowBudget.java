package dev.hai.core.route;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.cost.Budget;
import dev.hai.core.cost.BudgetStore;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.PriceTable;
import dev.hai.core.cost.TokenEstimator;
import dev.hai.core.internal.Checks;
import dev.hai.core.internal.cost.PriceChecks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The money shadow calls may spend, kept apart from the calls' own budgets: each shadow reserves
 * its worst case against {@link #budget()} in {@link #store()} before anything is sent, and settles
 * its real cost after; a shadow that does not fit is not sent ({@link ShadowOutcome#OVER_BUDGET}),
 * and neither is one whose model has no price.
 *
 * <pre>{@code
 * ShadowBudget budget = ShadowBudget.builder(
 *         Budget.tenant("shadows").daily(Money.of("USD", "20")).build())
 *     .localComputePrice("gpu-server", Money.of("USD", "2.40"))   // per hour
 *     .build();
 * }</pre>
 *
 * <p>Cloud models are priced by {@link #prices()} (worst case: the estimated input tokens and the
 * output cap; real: the usage reported); local backends by their hourly price (worst case: the
 * shadow's whole timeout; real: the time it took). Immutable and thread-safe.
 */
public final class ShadowBudget {
  /** Default output cap of a shadow call whose parameters set none: it is sent with it, and its worst case assumes it. */
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

  private final Budget budget;
  private final BudgetStore store;
  private final PriceTable prices;
  private final Map<String, Money> localComputePrices;
  private final TokenEstimator tokenEstimator;
  private final int defaultMaxOutputTokens;

  private ShadowBudget(Builder b) {
    this.budget = b.budget;
    this.store = b.store;
    this.prices = b.prices;
    this.localComputePrices = Map.copyOf(b.localComputePrices);
    this.tokenEstimator = b.tokenEstimator;
    this.defaultMaxOutputTokens = b.defaultMaxOutputTokens;
  }

  /** Starts a shadow budget that reserves against {@code budget} (give it a key of its own). */
  public static Builder builder(Budget budget) {
    return new Builder(Checks.required(budget, "budget"));
  }

  /** The budget shadows reserve against. */
  public Budget budget() {
    return budget;
  }

  /** Where its spend is kept. */
  public BudgetStore store() {
    return store;
  }

  /** Prices of cloud models. */
  public PriceTable prices() {
    return prices;
  }

  /** The hourly price of a local backend, when one was given. */
  public Optional<Money> localComputePrice(String backendName) {
    return Optional.ofNullable(localComputePrices.get(backendName));
  }

  /** How input tokens are estimated for the worst case. */
  public TokenEstimator tokenEstimator() {
    return tokenEstimator;
  }

  /** The output cap a shadow whose parameters set none is sent with (its worst case assumes it). */
  public int defaultMaxOutputTokens() {
    return defaultMaxOutputTokens;
  }

  @Override
  public String toString() {
    return "shadow budget " + budget.key() + " " + budget.limit() + " per " + budget.period().name().toLowerCase()
        + " in " + store.describe();
  }

  /** Builds a {@link ShadowBudget}. Not thread-safe. */
  public static final class Builder {
    private final Budget budget;
    private BudgetStore store = BudgetStore.inMemory();
    private PriceTable prices = PriceTable.defaults();
    private final Map<String, Money> localComputePrices = new LinkedHashMap<>();
    private TokenEstimator tokenEstimator = TokenEstimator.utf8Bytes();
    private int defaultMaxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;

    private Builder(Budget budget) {
      this.budget = budget;
    }

    /** Where the budget's spend is kept. Default: {@link BudgetStore#inMemory()}. */
    public Builder store(BudgetStore store) {
      this.store = Checks.required(store, "store");
      return this;
    }

    /** Prices of cloud models. Default: {@link PriceTable#defaults()}. */
    public Builder prices(PriceTable prices) {
      this.prices = Checks.required(prices, "prices");
      return this;
    }

    /** The hourly price of a local backend's compute. Default: none (its shadows are not sent). */
    public Builder localComputePrice(String backendName, Money perHour) {
      PriceChecks.localPrice(backendName, perHour);
      localComputePrices.put(backendName, perHour);
      return this;
    }

    /** How input tokens are estimated for the worst case. Default: {@link TokenEstimator#utf8Bytes()}. */
    public Builder tokenEstimator(TokenEstimator estimator) {
      this.tokenEstimator = Checks.required(estimator, "tokenEstimator");
      return this;
    }

    /** The output cap a shadow whose parameters set none is sent with. Default: {@link #DEFAULT_MAX_OUTPUT_TOKENS}. */
    public Builder defaultMaxOutputTokens(int maxTokens) {
      this.defaultMaxOutputTokens = Checks.atLeast(maxTokens, 1, "defaultMaxOutputTokens");
      return this;
    }

    /**
     * The shadow budget.
     *
     * @throws InvalidRequestException if the budget or a local price is in another currency than the prices
     */
    public ShadowBudget build() {
      String currency = prices.currency();
      PriceChecks.budgetIn(currency, budget);
      PriceChecks.localPricesIn(currency, localComputePrices);
      return new ShadowBudget(this);
    }
  }
}
