package dev.hai.core.internal.cost;

import dev.hai.core.CallMetadata;
import dev.hai.core.Caller;
import dev.hai.core.ClinicalResult;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.Usage;
import dev.hai.core.cost.Budget;
import dev.hai.core.cost.BudgetListener;
import dev.hai.core.cost.BudgetOverrun;
import dev.hai.core.cost.CostTracking;
import dev.hai.core.cost.LedgerEntry;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.ModelPrice;
import dev.hai.core.cost.Reservation;
import dev.hai.core.cost.ReserveOutcome;
import dev.hai.core.internal.BuiltInStage;
import dev.hai.core.internal.Durations;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.CallContext;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ResolvedPrompt;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Implementation notes.
 *
 * Worst case. The model stage may try every backend in turn, but only an answer is billed by a cloud
 * provider, while a local backend costs its busy time whether it answers or not. Attempts run one
 * after another inside the call's deadline, so local busy time is at most the time left now. The
 * worst case is therefore: the dearest cloud answer (estimated input tokens at the higher of the
 * input and cache-write prices, plus the output cap at the output price) plus the time left at the
 * dearest local hourly price. It is an upper bound whenever the token estimator is one (the default
 * is) and the call's output is capped, which is why a budgeted call without maxTokens gets
 * CostTracking.defaultMaxOutputTokens.
 *
 * Settlement. After the call: the answering cloud backend's usage at its model's price (the model
 * the provider reported, else the one asked), plus every local backend's busy time at its hourly
 * price. The reservation is settled with exactly that amount and the ledger entry carries it, so
 * the store's spend and the ledger's sum agree to the micro-unit. An unknown cost (unpriced model,
 * allowed) settles as zero and is recorded as null.
 */
/** The budget stage: prices calls, reserves their worst case, settles their real cost. */
public final class BudgetStage implements BuiltInStage {
  private static final Logger log = LoggerFactory.getLogger(BudgetStage.class);

  /** On every call's context when the client tracks cost: the currency of its costs. */
  public static final CallContext.Key<String> CURRENCY = new CallContext.Key<>("hai.cost.currency", String.class);

  private final CostTracking config;
  private final List<BackendInfo> backends;

  /**
   * The backend and model a route may send a call to, besides the client's backends with their
   * models; {@code prompt} is the arm's own prompt version when it names one (null: the call's prompt).
   */
  public record Target(BackendInfo backend, String model, @Nullable ResolvedPrompt prompt) {
    /** A target sent the call's own prompt. */
    public Target(BackendInfo backend, String model) {
      this(backend, model, null);
    }
  }

  /**
   * On a budgeted call's context: the output cap that a route arm's own prompt version gets when
   * neither the request nor that prompt sets one (the route stage applies it), so that every
   * prompt the call may be sent with is capped as the worst case assumes.
   */
  public static final CallContext.Key<Integer> OUTPUT_CAP = new CallContext.Key<>("hai.cost.outputCap", Integer.class);

  /** For a call, the route arms it may go to (empty when no route takes it). */
  private final Function<CallContext, List<Target>> routeTargets;

  public BudgetStage(CostTracking config, List<ModelBackend> backends) {
    this(config, backends, ctx -> List.of());
  }

  /**
   * A budget stage that also prices the route arms a call may go to: {@code backends} includes the
   * arms' own backends, and {@code routeTargets} gives each call's arm backends and models, so that
   * the worst case covers the dearest arm.
   */
  public BudgetStage(CostTracking config, List<ModelBackend> backends, Function<CallContext, List<Target>> routeTargets) {
    this.config = config;
    this.backends = backends.stream().map(ModelBackend::info).collect(Collectors.toUnmodifiableList());
    this.routeTargets = routeTargets;
  }

  @Override
  public String name() {
    return "budget";
  }

  @Override
  public String detail() {
    return config.budgets().size() + " budget" + (config.budgets().size() == 1 ? "" : "s") + ", store "
        + config.store().describe() + "; ledger " + config.ledger().describe() + "; prices "
        + config.prices() + (config.localComputePrices().isEmpty() ? "" : "; local compute per hour "
        + config.localComputePrices()) + (config.allowUnpricedModels() ? "; unpriced models allowed" : "");
  }

  @Override
  public ClinicalResult intercept(Chain chain) {
    CallContext ctx = chain.context();
    Instant now = ctx.clock().instant();
    LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
    Caller caller = ctx.request().caller();
    PromptInfo prompt = ctx.prompt().flatMap(p -> p.promptInfo()).orElse(null);
    List<Budget> budgets = applicable(caller, prompt);
    if (!budgets.isEmpty() && ctx.parameters().maxTokens() == null) {
      // A bounded worst case needs an output cap.
      ctx = ctx.withRequest(ctx.request().toBuilder().maxTokens(config.defaultMaxOutputTokens()).build());
    }
    GenerationParameters params = ctx.parameters();

    Money worst = Money.zero(config.currency());
    Money dearestCloud = worst;
    Money dearestHourly = worst;
    long inputTokens = budgets.isEmpty() ? 0 : config.tokenEstimator().inputTokens(ctx.messages());
    long outputCap = params.maxTokens() == null ? 0 : params.maxTokens();
    List<Target> targets = new ArrayList<>(routeTargets.apply(ctx));
    if (!budgets.isEmpty()) {
      // A route arm with its own prompt version may be sent a longer prompt, or one with a higher
      // output cap (an uncapped one gets the default cap from the route stage); the fallbacks after
      // it get the same prompt. So every cloud target is priced at the largest of them.
      ctx = ctx.with(OUTPUT_CAP, config.defaultMaxOutputTokens());
      for (Target t : targets) {
        if (t.prompt() != null) {
          inputTokens = Math.max(inputTokens, config.tokenEstimator().inputTokens(t.prompt().messages()));
          Integer cap = ctx.request().parameters().orElse(t.prompt().defaults()).maxTokens();
          outputCap = Math.max(outputCap, cap != null ? cap : config.defaultMaxOutputTokens());
        }
      }
    }
    for (BackendInfo b : backends) {
      targets.add(new Target(b, params.model() != null ? params.model() : b.defaultModel()));
    }
    for (Target t : targets) {
      BackendInfo b = t.backend();
      String model = t.model();
      if (b.hosting() == Hosting.LOCAL) {
        Optional<Money> hourly = config.localComputePrice(b.name());
        if (hourly.isEmpty()) {
          if (!config.allowUnpricedModels()) {
            return unpriced(ctx, "local backend '" + b.name() + "' has no compute price; set one with"
                + " CostTracking.Builder.localComputePrice(\"" + b.name() + "\", perHour)");
          }
          continue;
        }
        dearestHourly = Money.max(dearestHourly, hourly.get());
      } else {
        Optional<ModelPrice> price = config.prices().find(model, day);
        if (price.isEmpty()) {
          if (!config.allowUnpricedModels()) {
            return unpriced(ctx, "no price for model '" + model + "' (backend '" + b.name() + "') on " + day
                + " in the price table (taken " + config.prices().takenOn() + "); add it with"
                + " PriceTable.withOverrides, or allow unpriced models with CostTracking.Builder.allowUnpricedModels(true)");
          }
          continue;
        }
        if (!budgets.isEmpty()) {
          dearestCloud = Money.max(dearestCloud, price.get().worstCaseCost(inputTokens, outputCap));
        }
      }
    }
    if (!dearestHourly.isZero() && !budgets.isEmpty()) {
      worst = HourlyPrice.cost(dearestHourly, Math.max(0, Durations.nanos(ctx.remaining())), RoundingMode.HALF_UP);
    }
    worst = worst.plus(dearestCloud);

    Reservation reservation = null; // none without budgets: the store is not asked
    if (!budgets.isEmpty()) {
      ReserveOutcome outcome;
      try {
        outcome = config.store().reserve(ctx.callId(), now, budgets, worst);
      } catch (RuntimeException e) {
        // Fail closed: without a reservation a hard budget cannot be kept.
        log.error("call {}: the budget store could not reserve ({}); the call is refused", ctx.callId(), e.toString());
        return new ClinicalResult.Unavailable(ctx.metadata(), FailureKind.UNAVAILABLE,
            "the budget store could not reserve the call's worst-case cost: " + e.getClass().getSimpleName(), List.of());
      }
      if (outcome instanceof ReserveOutcome.Refused refused) {
        BudgetOverrun overrun = refused.overrun();
        log.info("call {} refused by {}", ctx.callId(), overrun.describe());
        notify(ctx, overrun, true);
        return new ClinicalResult.BudgetExceeded(ctx.metadata().withCost(Money.zero(config.currency())), overrun);
      }
      ReserveOutcome.Reserved reserved = (ReserveOutcome.Reserved) outcome;
      reservation = reserved.reservation();
      for (BudgetOverrun o : reserved.softOverruns()) {
        log.warn("call {} goes over {}", ctx.callId(), o.describe());
        notify(ctx, o, false);
      }
    }

    CostTrace trace = new CostTrace();
    ClinicalResult result;
    try {
      result = chain.proceed(ctx.with(CostTrace.KEY, trace));
    } catch (Throwable t) {
      // A stage below threw: the answer (and its usage) is lost, but local busy time was spent. The
      // store and the ledger both get that amount, so that they still agree to the micro-unit.
      Money spent = localCost(trace);
      settle(ctx, reservation, spent);
      record(ctx, now, caller, prompt, ctx.metadata(), trace, spent, "error");
      throw t;
    }
    CallMetadata md = result.metadata();
    Money cost = cost(ctx, md, trace, params, day);
    settle(ctx, reservation, cost == null ? Money.zero(config.currency()) : cost);
    record(ctx, now, caller, prompt, md, trace, cost, result.outcome());
    return result.withMetadata(md.withCost(cost));
  }

  /**
   * The metadata of a call that ended without calling a model (before this stage: a kill switch, a
   * rejected prompt, a policy denial): under cost tracking it cost zero, which is not unknown.
   */
  public static CallMetadata costed(CallContext ctx, CallMetadata md) {
    if (md.cost() != null || md.attempts() > 0) {
      return md;
    }
    Optional<String> currency = ctx.attribute(CURRENCY);
    return currency.isPresent() ? md.withCost(Money.zero(currency.get())) : md;
  }

  private List<Budget> applicable(Caller caller, @Nullable PromptInfo prompt) {
    List<Budget> all = config.budgets();
    if (all.isEmpty()) {
      return List.of();
    }
    String promptId = prompt == null ? null : prompt.promptId();
    List<Budget> list = new ArrayList<>(2);
    for (Budget b : all) {
      if (b.appliesTo(caller.tenant(), caller.actorId(), promptId)) {
        list.add(b);
      }
    }
    return list;
  }

  private ClinicalResult unpriced(CallContext ctx, String reason) {
    return new ClinicalResult.Rejected(ctx.metadata(), reason, "parameters.model");
  }

  /**
   * The call's cost: the answering cloud model's usage plus local busy time; null when a cloud
   * backend answered with a model that has no price (allowed by configuration).
   */
  private @Nullable Money cost(CallContext ctx, CallMetadata md, CostTrace trace, GenerationParameters params, LocalDate day) {
    Money local = localCost(trace);
    String backend = md.backend();
    if (backend == null || md.usage().equals(Usage.zero())) {
      return local;
    }
    BackendInfo info = info(backend);
    if (info == null || info.hosting() == Hosting.LOCAL) {
      return local;
    }
    Optional<ModelPrice> price = md.model() == null ? Optional.empty() : config.prices().find(md.model(), day);
    if (price.isEmpty()) {
      String asked = params.model() != null ? params.model() : info.defaultModel();
      price = config.prices().find(asked, day);
    }
    if (price.isEmpty()) {
      log.warn("call {}: model '{}' has no price; its cost is unknown (unpriced models are allowed)", ctx.callId(), md.model());
      return null;
    }
    return local.plus(price.get().cost(md.usage()));
  }

  /** Every local backend's busy time at its hourly price. */
  private Money localCost(CostTrace trace) {
    Money sum = Money.zero(config.currency());
    for (BackendInfo b : backends) {
      if (b.hosting() == Hosting.LOCAL) {
        long nanos = trace.busyNanos(b.name());
        Optional<Money> hourly = config.localComputePrice(b.name());
        if (nanos > 0 && hourly.isPresent()) {
          sum = sum.plus(HourlyPrice.cost(hourly.get(), nanos, RoundingMode.HALF_UP));
        }
      }
    }
    return sum;
  }

  private @Nullable BackendInfo info(String name) {
    for (BackendInfo b : backends) {
      if (b.name().equals(name)) {
        return b;
      }
    }
    return null;
  }

  private void settle(CallContext ctx, @Nullable Reservation reservation, Money actual) {
    if (reservation == null) {
      return;
    }
    try {
      config.store().settle(reservation, actual);
    } catch (RuntimeException e) {
      // The money is spent; the reservation stays held, which errs on the side of the budget.
      log.error("call {}: the budget store could not settle {} ({})", ctx.callId(), actual, e.toString());
    }
  }

  private void record(CallContext ctx, Instant time, Caller caller, @Nullable PromptInfo prompt, CallMetadata md,
      CostTrace trace, @Nullable Money cost, String outcome) {
    BackendInfo info = md.backend() == null ? null : info(md.backend());
    long busyMicros = 0;
    for (BackendInfo b : backends) {
      if (b.hosting() == Hosting.LOCAL) {
        busyMicros += trace.busyNanos(b.name()) / 1000;
      }
    }
    try {
      config.ledger().record(new LedgerEntry(ctx.callId(), time, caller.tenant(), caller.actorId(),
          prompt == null ? null : prompt.promptId(), prompt == null ? null : prompt.version(),
          md.backend(), md.model(), info == null ? null : info.hosting(), md.usage(), busyMicros, cost, outcome));
    } catch (RuntimeException e) {
      log.error("call {}: the cost ledger could not record the call ({}); its cost {} is in the result and the audit"
          + " record", ctx.callId(), e.toString(), cost);
    }
  }

  private void notify(CallContext ctx, BudgetOverrun overrun, boolean hard) {
    BudgetListener listener = config.listener();
    try {
      if (hard) {
        listener.hardBudgetRefused(ctx.callId(), overrun);
      } else {
        listener.softBudgetExceeded(ctx.callId(), overrun);
      }
    } catch (RuntimeException e) {
      log.warn("budget listener threw {}; ignored", e.toString());
    }
  }
}
