package dev.hai.core.internal;

import dev.hai.core.ClinicalResult;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.KillSwitch;
import dev.hai.core.PromptInfo;
import dev.hai.core.PromptSource;
import dev.hai.core.internal.audit.AuditSettings;
import dev.hai.core.internal.cost.BudgetStage;
import dev.hai.core.internal.route.RouteTables;
import dev.hai.core.internal.route.ShadowPool;
import dev.hai.core.phi.PhiRedactor;
import dev.hai.core.policy.Obligations;
import dev.hai.core.route.Arm;
import dev.hai.core.route.ArmRole;
import dev.hai.core.route.Route;
import dev.hai.core.route.RouteInfo;
import dev.hai.core.route.RouteTable;
import dev.hai.core.spi.CallContext;
import dev.hai.core.spi.KillSwitches;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.ResolvedPrompt;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: the route stage.
 *
 * Position 8, after budget, before the BEFORE_MODEL user stages and the late kill-switch check. It
 * takes calls whose prompt reference names a route's prompt id, hashes the subject into a bucket
 * (RouteTable.bucket), and tells the model stage which backend and model to try first (TARGET);
 * the client's other backends stay the fallbacks, in their order.
 *
 * A challenger serves only when it may: its backend and model are permitted by the policy's
 * allowed_models, no kill switch disables its model (or its prompt version), and its own prompt
 * version (if it names one) resolves. Otherwise the champion serves and RouteInfo.reason says why.
 * The champion gets no such check here: when its model is disabled or not allowed, the late kill
 * check and the model stage skip it as they skip any backend, and the fallbacks answer.
 *
 * Shadows are submitted only after the primary call returned a Success, with its text, to the
 * table's pool; submit() never blocks. See ShadowCall for what a shadow does.
 */
/** The route stage: champion / challenger assignment and shadow submission. */
final class RouteStage implements BuiltInStage {

  /** The backend and model the model stage tries first; set by this stage. */
  static final CallContext.Key<Target> TARGET = new CallContext.Key<>("hai.route.target", Target.class);

  /** The arm's backend and the model to ask it for. */
  record Target(ModelBackend backend, String model) {}

  private final RouteTable table;
  private final Map<String, ModelBackend> backends;
  private final @Nullable PromptResolver resolver;
  private final @Nullable KillSwitches switches;
  private final ShadowCall.Env shadowEnv;
  private final ShadowPool pool;

  RouteStage(RouteTable table, List<ClientConfig.BackendRoute> clientBackends, @Nullable PromptResolver resolver,
      @Nullable KillSwitches switches, @Nullable AuditSettings audit, PhiRedactor redactor, Clock clock) {
    this.table = table;
    this.backends = backendsByName(table, clientBackends);
    for (Route route : table.routes()) {
      for (Arm arm : route.arms()) {
        if (arm.promptSelector() != null && resolver == null) {
          throw new InvalidRequestException("routes", "route '" + route.name() + "' arm '" + arm.name()
              + "' names a prompt version, but the client has no prompt resolver (Builder.promptResolver)");
        }
      }
    }
    this.resolver = resolver;
    this.switches = switches;
    this.pool = RouteTables.pool(table);
    this.shadowEnv = new ShadowCall.Env(table, pool, resolver, switches, audit, redactor, clock);
  }

  /**
   * Every backend an arm may name: the client's and the arms' own.
   *
   * @throws InvalidRequestException when an arm names a backend that is neither
   */
  static Map<String, ModelBackend> backendsByName(RouteTable table, List<ClientConfig.BackendRoute> clientBackends) {
    Map<String, ModelBackend> byName = new LinkedHashMap<>();
    for (ClientConfig.BackendRoute r : clientBackends) {
      byName.put(r.backend().info().name(), r.backend());
    }
    for (Route route : table.routes()) {
      for (Arm arm : route.arms()) {
        if (arm.ownBackend() != null) {
          ModelBackend there = byName.putIfAbsent(arm.backendName(), arm.ownBackend());
          if (there != null && there != arm.ownBackend()) {
            throw new InvalidRequestException("routes", "route '" + route.name() + "' arm '" + arm.name()
                + "' brings its own backend named '" + arm.backendName() + "', a name another backend has");
          }
        } else if (!byName.containsKey(arm.backendName())) {
          throw new InvalidRequestException("routes", "route '" + route.name() + "' arm '" + arm.name()
              + "' names backend '" + arm.backendName() + "', which the client does not have (backends: "
              + clientBackends.stream().map(r -> r.backend().info().name()).toList()
              + "); add it to the client or give the arm its own backend");
        }
      }
    }
    return Map.copyOf(byName);
  }

  /** The arms' own backends, each once, in route order. */
  static List<ModelBackend> ownBackends(RouteTable table) {
    List<ModelBackend> out = new ArrayList<>();
    for (Route route : table.routes()) {
      for (Arm arm : route.arms()) {
        if (arm.ownBackend() != null && !out.contains(arm.ownBackend())) {
          out.add(arm.ownBackend());
        }
      }
    }
    return out;
  }

  @Override
  public String name() {
    return "route";
  }

  @Override
  public String detail() {
    return table.describe();
  }

  @Override
  public ClinicalResult intercept(Chain chain) {
    CallContext ctx = chain.context();
    if (!(ctx.request().prompt() instanceof PromptSource.Reference ref)) {
      return chain.proceed(ctx);
    }
    Route route = table.forPrompt(ref.promptId()).orElse(null);
    if (route == null) {
      return chain.proceed(ctx);
    }
    String subject = table.subjectOf(ctx.request());
    int bucket = RouteTable.bucket(route.name(), subject != null ? subject : ctx.callId().toString());
    Arm assigned = RouteTable.assign(route, bucket);
    Obligations obligations = ctx.attribute(PolicyStage.OBLIGATIONS).orElse(Obligations.none());

    String reason = null;
    CallContext routed = null;
    if (assigned != route.champion()) {
      Prepared p = prepare(ctx, ref, assigned);
      reason = p.refusal != null ? p.refusal : refusal(assigned, p, obligations);
      if (reason == null) {
        routed = p.context;
      }
    }
    Arm serving = reason == null ? assigned : route.champion();
    if (routed == null) {
      Prepared p = prepare(ctx, ref, serving);
      if (p.refusal != null) {
        // The champion's own prompt version cannot be rendered: the call cannot be made as configured.
        return new ClinicalResult.Rejected(ctx.metadata(), "route '" + route.name() + "' champion '"
            + serving.name() + "': " + p.refusal, "route.champion.promptSelector");
      }
      routed = p.context;
    }
    RouteInfo info = new RouteInfo(route.name(), serving.name(),
        serving == route.champion() ? ArmRole.CHAMPION : ArmRole.CHALLENGER, route.challengerShare(), reason);
    ClinicalResult result = chain.proceed(routed);
    result = result.withMetadata(result.metadata().withRoute(info));
    if (result instanceof ClinicalResult.Success s && !route.shadows().isEmpty()) {
      for (Arm shadow : route.shadows()) {
        ShadowCall call = new ShadowCall(shadowEnv, routed, obligations, route, shadow, backends.get(shadow.backendName()),
            s.text());
        if (!pool.submit(call, table.shadowTimeout())) {
          call.dropped();
        }
      }
    }
    return result;
  }

  /**
   * The backends and models the route that takes this call may send it to (its champion and
   * challenger), for the budget stage's worst case, which runs before this stage; empty when no
   * route takes the call.
   */
  List<BudgetStage.Target> budgetTargets(CallContext ctx) {
    Route route = routeOf(ctx);
    if (route == null) {
      return List.of();
    }
    List<BudgetStage.Target> out = new ArrayList<>(2);
    for (Arm arm : route.challenger() == null ? List.of(route.champion()) : List.of(route.champion(), route.challenger())) {
      ModelBackend backend = backends.get(arm.backendName());
      ResolvedPrompt own = null;
      CallContext armCtx = ctx;
      if (arm.promptSelector() != null) {
        try {
          own = resolve(resolver, (PromptSource.Reference) ctx.request().prompt(), arm.promptSelector(), ctx);
          armCtx = ctx.withPrompt(own);
        } catch (RuntimeException e) {
          // Not renderable: this stage will not send it (the champion serves, or the call is rejected).
        }
      }
      String model = arm.model() != null ? arm.model()
          : armCtx.parameters().model() != null ? armCtx.parameters().model() : backend.info().defaultModel();
      out.add(new BudgetStage.Target(backend.info(), model, own));
    }
    return out;
  }

  /** The route that takes this call, or null. */
  private @Nullable Route routeOf(CallContext ctx) {
    return ctx.request().prompt() instanceof PromptSource.Reference ref
        ? table.forPrompt(ref.promptId()).orElse(null) : null;
  }

  /**
   * The arms' own backends (not the client's) that the route taking this call may send it or its
   * shadows to, each once with the model its arm asks, for the policy input; empty when no route
   * takes the call.
   */
  List<BudgetStage.Target> policyTargets(CallContext ctx) {
    Route route = routeOf(ctx);
    if (route == null) {
      return List.of();
    }
    List<BudgetStage.Target> out = new ArrayList<>();
    for (Arm arm : route.arms()) {
      ModelBackend own = arm.ownBackend();
      if (own != null && out.stream().noneMatch(t -> t.backend().name().equals(arm.backendName()))) {
        String model = arm.model() != null ? arm.model()
            : ctx.parameters().model() != null ? ctx.parameters().model() : own.info().defaultModel();
        out.add(new BudgetStage.Target(own.info(), model));
      }
    }
    return out;
  }

  /** An arm's context (its prompt, its target), or why it cannot be prepared. */
  private record Prepared(@Nullable CallContext context, @Nullable String refusal) {}

  private Prepared prepare(CallContext ctx, PromptSource.Reference ref, Arm arm) {
    CallContext next = ctx;
    if (arm.promptSelector() != null) {
      ResolvedPrompt p;
      try {
        p = resolve(resolver, ref, arm.promptSelector(), ctx);
      } catch (RuntimeException e) {
        return new Prepared(null, "its prompt version '" + arm.promptSelector() + "' could not be resolved ("
            + e.getClass().getSimpleName() + ")");
      }
      next = next.withPrompt(p);
      Integer cap = ctx.attribute(BudgetStage.OUTPUT_CAP).orElse(null);
      if (cap != null && next.parameters().maxTokens() == null) {
        // A budgeted call's worst case assumes a capped output: an arm prompt without a cap gets the default.
        next = next.withRequest(next.request().toBuilder().maxTokens(cap).build());
      }
    }
    ModelBackend backend = backends.get(arm.backendName());
    String model = arm.model() != null ? arm.model()
        : next.parameters().model() != null ? next.parameters().model() : backend.info().defaultModel();
    return new Prepared(next.with(TARGET, new Target(backend, model)), null);
  }

  /** Renders the request's prompt id at {@code selector}, for the request (experiments see its subject). */
  static ResolvedPrompt resolve(@Nullable PromptResolver resolver, PromptSource.Reference ref, String selector,
      CallContext ctx) {
    if (resolver == null) {
      throw new IllegalStateException("no prompt resolver");
    }
    return resolver.resolve(new PromptSource.Reference(ref.promptId(), selector, ref.variables()), ctx.request());
  }

  /** Why the challenger may not serve this call, or null when it may. */
  private @Nullable String refusal(Arm arm, Prepared p, Obligations obligations) {
    Target t = p.context.attribute(TARGET).orElseThrow();
    if (!obligations.permits(arm.backendName(), t.model())) {
      return "the policy's allowed_models do not permit the challenger's backend '" + arm.backendName()
          + "' and model '" + t.model() + "'";
    }
    KillSwitch s = modelSwitch(switches, t.model());
    if (s != null) {
      return "a kill switch disables the challenger's model (" + s.target() + ")";
    }
    PromptInfo info = p.context.prompt().flatMap(r -> r.promptInfo()).orElse(null);
    if (switches != null && info != null) {
      KillSwitch ps = find(switches, KillSwitch.Scope.PROMPT, info.promptId(), info.version());
      if (ps != null) {
        return "a kill switch disables the challenger's prompt version (" + ps.target() + ")";
      }
    }
    return null;
  }

  static @Nullable KillSwitch modelSwitch(@Nullable KillSwitches switches, String model) {
    return switches == null ? null : find(switches, KillSwitch.Scope.MODEL, model, null);
  }

  private static @Nullable KillSwitch find(KillSwitches switches, KillSwitch.Scope scope, String name,
      @Nullable String version) {
    try {
      return switches.find(new KillSwitch.Target(scope, name, version)).orElse(null);
    } catch (InvalidRequestException e) {
      return null; // a name no switch can be written for has no switch
    }
  }

  /**
   * The models the model stage will ask, in order: the route's target first (when set), then each
   * other client backend's; the late kill-switch check looks these up.
   */
  static List<Map.Entry<String, String>> plan(CallContext ctx, List<ClientConfig.BackendRoute> backends) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    Target t = ctx.attribute(TARGET).orElse(null);
    String asked = ctx.parameters().model();
    if (t != null) {
      out.add(Map.entry(t.backend().info().name(), t.model()));
    }
    for (ClientConfig.BackendRoute r : backends) {
      String name = r.backend().info().name();
      if (t != null && t.backend().info().name().equals(name)) {
        continue;
      }
      out.add(Map.entry(name, asked != null ? asked : r.backend().info().defaultModel()));
    }
    return out;
  }
}
