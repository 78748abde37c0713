package dev.hai.core.internal;

import dev.hai.core.ClinicalResult;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.KillSwitch;
import dev.hai.core.PromptInfo;
import dev.hai.core.PromptSource;
import dev.hai.core.spi.CallContext;
import dev.hai.core.spi.KillSwitches;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: two checks, early and late.
 *
 * Not every target is known when the call starts. The early check (position 2, right after audit)
 * looks up what the request itself names: everything, the tenant, and the prompt id of a prompt
 * reference. A prompt version is known only once the prompt stage has resolved the reference, and a
 * model only once the parameters are settled (request, then prompt defaults, then each backend's
 * default model), so the late check, just before the model stage and after the BEFORE_MODEL user
 * stages, looks up everything again (a switch flipped while the call ran also counts) plus the
 * prompt version and every backend's model.
 *
 * A model switch disables a model, not the call: backends whose model is disabled are skipped by
 * the model stage (SKIPPED_MODELS), and the fallback backends still answer. Only when every backend
 * would use a disabled model does the call end as Disabled (here), or when the policy's
 * allowed_models exclude every backend left (in the model stage, from SKIPPING_SWITCH). Each lookup is a map lookup in the
 * switches' snapshot; a call costs at most 4 + (number of backends) of them.
 */
/** The kill-switch check: a disabled call ends at once with {@link ClinicalResult.Disabled}. */
final class KillSwitchStage implements BuiltInStage {

  /** The first switch behind {@link #SKIPPED_MODELS}: the model stage's answer when it may call no other backend. */
  static final CallContext.Key<KillSwitch> SKIPPING_SWITCH =
      new CallContext.Key<>("hai.kill.skippingSwitch", KillSwitch.class);

  /** Models the late check found disabled while other backends' models are not; the model stage skips them. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static final CallContext.Key<Set<String>> SKIPPED_MODELS =
      new CallContext.Key<>("hai.kill.skippedModels", (Class<Set<String>>) (Class) Set.class);

  private final KillSwitches switches;
  private final List<ClientConfig.BackendRoute> backends;
  private final boolean late;

  private KillSwitchStage(KillSwitches switches, List<ClientConfig.BackendRoute> backends, boolean late) {
    this.switches = switches;
    this.backends = backends;
    this.late = late;
  }

  /** The check at position 2: everything, the tenant, a referenced prompt's id. */
  static KillSwitchStage early(KillSwitches switches) {
    return new KillSwitchStage(switches, List.of(), false);
  }

  /** The check just before the model stage: all of the above, the prompt version and the models. */
  static KillSwitchStage late(KillSwitches switches, List<ClientConfig.BackendRoute> backends) {
    return new KillSwitchStage(switches, List.copyOf(backends), true);
  }

  @Override
  public String name() {
    return late ? "kill*" : "kill";
  }

  @Override
  public String detail() {
    return late
        ? "kill switches again, with the prompt version and each backend's model (" + switches.describe() + ")"
        : "kill switches for everything, the tenant and a referenced prompt (" + switches.describe() + ")";
  }

  @Override
  public ClinicalResult intercept(Chain chain) {
    CallContext ctx = chain.context();
    KillSwitch hit = find(KillSwitch.Target.all());
    if (hit == null) {
      hit = find(KillSwitch.Scope.TENANT, ctx.request().caller().tenant(), null);
    }
    if (hit == null) {
      hit = promptSwitch(ctx);
    }
    if (hit != null) {
      return new ClinicalResult.Disabled(ctx.metadata(), hit);
    }
    if (!late) {
      return chain.proceed(ctx);
    }
    Set<String> skipped = new LinkedHashSet<>();
    KillSwitch first = null;
    // The models the model stage will ask: a route's target first, then the other backends'.
    for (java.util.Map.Entry<String, String> planned : RouteStage.plan(ctx, backends)) {
      String model = planned.getValue();
      KillSwitch s = find(KillSwitch.Scope.MODEL, model, null);
      if (s == null) {
        // At least one backend may still answer.
        return chain.proceed(first == null ? ctx
            : ctx.with(SKIPPED_MODELS, Set.copyOf(skipped)).with(SKIPPING_SWITCH, first));
      }
      skipped.add(model);
      if (first == null) {
        first = s;
      }
    }
    return first == null ? chain.proceed(ctx) : new ClinicalResult.Disabled(ctx.metadata(), first);
  }

  private @Nullable KillSwitch promptSwitch(CallContext ctx) {
    Optional<PromptInfo> resolved = ctx.prompt().flatMap(p -> p.promptInfo());
    if (resolved.isPresent()) {
      PromptInfo info = resolved.get();
      KillSwitch s = find(KillSwitch.Scope.PROMPT, info.promptId(), null);
      return s != null ? s : find(KillSwitch.Scope.PROMPT, info.promptId(), info.version());
    }
    if (ctx.request().prompt() instanceof PromptSource.Reference ref) {
      return find(KillSwitch.Scope.PROMPT, ref.promptId(), null);
    }
    return null;
  }

  private @Nullable KillSwitch find(KillSwitch.Target target) {
    return switches.find(target).orElse(null);
  }

  /**
   * The switch of a tenant, prompt (version) or model the call names. A name that no target can be
   * written for (too long, padded, a control character) has no switch of its own: it is not
   * looked up, and the call is not failed for it ({@code all} still applies).
   */
  private @Nullable KillSwitch find(KillSwitch.Scope scope, String name, @Nullable String version) {
    KillSwitch.Target target;
    try {
      target = new KillSwitch.Target(scope, name, version);
    } catch (InvalidRequestException e) {
      return null;
    }
    return find(target);
  }
}
