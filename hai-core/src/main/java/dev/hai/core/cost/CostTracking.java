package dev.hai.core.cost;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.internal.Checks;
import dev.hai.core.internal.cost.PriceChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a client costs and budgets its calls; give it to {@code
 * ClinicalModelClient.Builder.costTracking}. Immutable.
 *
 * <pre>{@code
 * CostTracking cost = CostTracking.builder()
 *     .prices(PriceTable.defaults().withOverrides(PriceTable.load(Path.of("prices.json"))))
 *     .budget(Budget.tenant("cardiology").monthly(Money.of("USD", "500")).build())
 *     .localComputePrice("gpu-tower-3", Money.of("USD", "2.40"))   // per GPU-hour
 *     .ledger(JsonlLedger.open(Path.of("/var/lib/myapp/hai-ledger.jsonl")))
 *     .build();
 * }</pre>
 *
 * <p>The budget stage then prices every call (cloud: tokens × the model's price; local: busy time ×
 * the backend's hourly price), reserves the worst case against the budgets that apply before the
 * model is called, settles the real cost after, and records one ledger entry. See {@code
 * docs/cost-and-budgets.md}.
 */
public final class CostTracking {
  /** Default of {@link Builder#defaultMaxOutputTokens}: the output cap of budgeted calls that set none. */
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

  private final PriceTable prices;
  private final List<Budget> budgets;
  private final BudgetStore store;
  private final CostLedger ledger;
  private final BudgetListener listener;
  private final boolean allowUnpricedModels;
  private final Map<String, Money> localComputePrices;
  private final TokenEstimator tokenEstimator;
  private final int defaultMaxOutputTokens;

  private CostTracking(Builder b) {
    this.prices = b.prices;
    this.budgets = List.copyOf(b.budgets);
    this.store = b.store != null ? b.store : BudgetStore.inMemory();
    this.ledger = b.ledger != null ? b.ledger : new InMemoryLedger();
    this.listener = b.listener;
    this.allowUnpricedModels = b.allowUnpricedModels;
    this.localComputePrices = Map.copyOf(b.localComputePrices);
    this.tokenEstimator = b.tokenEstimator;
    this.defaultMaxOutputTokens = b.defaultMaxOutputTokens;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The model prices. */
  public PriceTable prices() {
    return prices;
  }

  /** The budgets, in the order added; a call is held against every one that applies. */
  public List<Budget> budgets() {
    return budgets;
  }

  /** Where spend and reservations live. */
  public BudgetStore store() {
    return store;
  }

  /** Where each call's entry goes. */
  public CostLedger ledger() {
    return ledger;
  }

  /** Told of soft overruns and hard refusals. */
  public BudgetListener listener() {
    return listener;
  }

  /** Whether calls to models without a price go ahead with an unknown cost. */
  public boolean allowUnpricedModels() {
    return allowUnpricedModels;
  }

  /** The hourly price of a local backend's compute, if configured. */
  public Optional<Money> localComputePrice(String backendName) {
    return Optional.ofNullable(localComputePrices.get(backendName));
  }

  /** Hourly prices of local backends, by backend name. */
  public Map<String, Money> localComputePrices() {
    return localComputePrices;
  }

  /** Estimates the input tokens of the worst case. */
  public TokenEstimator tokenEstimator() {
    return tokenEstimator;
  }

  /** The output cap of budgeted calls that set none. */
  public int defaultMaxOutputTokens() {
    return defaultMaxOutputTokens;
  }

  /** The currency of prices, budgets and local compute prices. */
  public String currency() {
    return prices.currency();
  }

  /** Builds {@link CostTracking}; every setting has a default. */
  public static final class Builder {
    private PriceTable prices = PriceTable.defaults();
    private final List<Budget> budgets = new ArrayList<>();
    private @Nullable BudgetStore store;
    private @Nullable CostLedger ledger;
    private BudgetListener listener = BudgetListener.none();
    private boolean allowUnpricedModels;
    private final Map<String, Money> localComputePrices = new LinkedHashMap<>();
    private TokenEstimator tokenEstimator = TokenEstimator.utf8Bytes();
    private int defaultMaxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;

    private Builder() {}

    /** The model prices. Default: {@link PriceTable#defaults()}, the prices shipped in the jar. */
    public Builder prices(PriceTable prices) {
      this.prices = Checks.required(prices, "prices");
      return this;
    }

    /** Adds a budget. Default: none (calls are costed and recorded, never refused). */
    public Builder budget(Budget budget) {
      budgets.add(Checks.required(budget, "budget"));
      return this;
    }

    /** Adds budgets. */
    public Builder budgets(List<Budget> budgets) {
      Checks.required(budgets, "budgets").forEach(this::budget);
      return this;
    }

    /**
     * Where spend and reservations live. Default: {@link BudgetStore#inMemory()}, which holds within
     * one JVM; use {@code hai-store-jdbc}'s PostgreSQL store when several JVMs share budgets.
     */
    public Builder budgetStore(BudgetStore store) {
      this.store = Checks.required(store, "budgetStore");
      return this;
    }

    /** Where each call's entry goes. Default: a new {@link InMemoryLedger}. */
    public Builder ledger(CostLedger ledger) {
      this.ledger = Checks.required(ledger, "ledger");
      return this;
    }

    /** Told of soft-budget overruns and hard refusals. Default: {@link BudgetListener#none()}. */
    public Builder listener(BudgetListener listener) {
      this.listener = Checks.required(listener, "listener");
      return this;
    }

    /**
     * Whether a call to a model the price table does not know still goes ahead, with an unknown
     * (null) cost and nothing reserved. Default: {@code false}: such a call is {@code Rejected}
     * (field {@code parameters.model}) before any model is called.
     */
    public Builder allowUnpricedModels(boolean allow) {
      this.allowUnpricedModels = allow;
      return this;
    }

    /**
     * The price of one hour of a local backend's compute (a GPU-hour or CPU-hour, as the hospital
     * accounts it); a call costs it times the time the backend was busy with it. A local backend
     * without one is treated like an unpriced model. Default: none.
     */
    public Builder localComputePrice(String backendName, Money perHour) {
      PriceChecks.localPrice(backendName, perHour);
      localComputePrices.put(backendName, perHour);
      return this;
    }

    /** How input tokens are estimated for reservations. Default: {@link TokenEstimator#utf8Bytes()}. */
    public Builder tokenEstimator(TokenEstimator estimator) {
      this.tokenEstimator = Checks.required(estimator, "tokenEstimator");
      return this;
    }

    /**
     * The output cap given to a budgeted call whose request and prompt set no {@code maxTokens}, so
     * that its worst case is bounded. Default: {@link #DEFAULT_MAX_OUTPUT_TOKENS}.
     */
    public Builder defaultMaxOutputTokens(int maxTokens) {
      this.defaultMaxOutputTokens = Checks.atLeast(maxTokens, 1, "defaultMaxOutputTokens");
      return this;
    }

    /**
     * @throws InvalidRequestException if a budget or local price is in another currency than the
     *     prices, or two budgets share a key
     */
    public CostTracking build() {
      String currency = prices.currency();
      Set<String> keys = new HashSet<>();
      for (Budget b : budgets) {
        PriceChecks.budgetIn(currency, b);
        if (!keys.add(b.key())) {
          throw new InvalidRequestException("budget", "two budgets have the key " + b.key());
        }
      }
      PriceChecks.localPricesIn(currency, localComputePrices);
      return new CostTracking(this);
    }
  }
}
