package dev.hai.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.spi.KillSwitches;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.ResolvedPrompt;
import dev.hai.core.testing.FakeBackend;
import dev.hai.core.testing.FakeTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The kill-switch stages through a real client. The switches here are a map: the store itself
 * (hai-governance's FileKillSwitches) is tested against real files in its own module.
 */
class KillSwitchStageTest {
  private static final Caller CALLER = Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT);
  private static final Instant SINCE = Instant.parse("2026-11-26T04:00:00Z");

  /** Switches in a map, recording every target asked for. */
  static final class MapSwitches implements KillSwitches {
    final Map<KillSwitch.Target, KillSwitch> map = new ConcurrentHashMap<>();
    final List<String> asked = new CopyOnWriteArrayList<>();

    MapSwitches kill(String target) {
      KillSwitch.Target t = KillSwitch.Target.parse(target);
      map.put(t, new KillSwitch(t, "ops-7", "incident 42", SINCE));
      return this;
    }

    @Override
    public Optional<KillSwitch> find(KillSwitch.Target target) {
      asked.add(target.toString());
      return Optional.ofNullable(map.get(target));
    }
  }

  private final FakeTime time = new FakeTime();
  private final MapSwitches switches = new MapSwitches();
  private final PromptResolver resolver = ref -> new ResolvedPrompt(
      List.of(ChatMessage.user("Summarise.")), new PromptInfo(ref.promptId(), "1.3.0", "ab".repeat(32)),
      GenerationParameters.none());

  private ClinicalModelClient client(FakeBackend... backends) {
    ClinicalModelClient.Builder b = ClinicalModelClient.builder().clock(time).sleeper(time)
        .promptResolver(resolver).killSwitches(switches);
    for (FakeBackend backend : backends) {
      b.backend(backend);
    }
    return b.build();
  }

  private static ClinicalRequest inline() {
    return ClinicalRequest.builder().caller(CALLER).user("Summarise.").build();
  }

  private static ClinicalRequest referenced(String promptId) {
    return ClinicalRequest.builder().caller(CALLER).prompt(promptId, "production", Map.of()).build();
  }

  private static ClinicalResult.Disabled disabled(ClinicalResult result) {
    assertThat(result).isInstanceOf(ClinicalResult.Disabled.class);
    return (ClinicalResult.Disabled) result;
  }

  /* --- early check: everything, tenant, prompt id --- */

  @Test
  void call_nothingDisabled_answers() {
    FakeBackend backend = new FakeBackend("primary");
    assertThat(client(backend).call(inline()).isSuccess()).isTrue();
    assertThat(backend.calls()).hasSize(1);
  }

  @Test
  void call_everythingDisabled_returnsDisabledWithoutCallingTheModel() {
    FakeBackend backend = new FakeBackend("primary");
    switches.kill("all");

    ClinicalResult.Disabled d = disabled(client(backend).call(inline()));

    assertThat(d.outcome()).isEqualTo("disabled");
    assertThat(d.target()).isEqualTo(KillSwitch.Target.all());
    assertThat(d.killSwitch().by()).isEqualTo("ops-7");
    assertThat(d.killSwitch().why()).isEqualTo("incident 42");
    assertThat(d.killSwitch().since()).isEqualTo(SINCE);
    assertThat(d.metadata().attempts()).isZero();
    assertThat(backend.calls()).isEmpty();
  }

  @Test
  void call_tenantDisabled_disablesOnlyThatTenant() {
    FakeBackend backend = new FakeBackend("primary");
    switches.kill("tenant:oncology");
    ClinicalModelClient client = client(backend);

    assertThat(client.call(inline()).isSuccess()).isTrue();
    ClinicalRequest oncology = ClinicalRequest.builder()
        .caller(Caller.of("u-2", "nurse", "oncology", PurposeOfUse.TREATMENT)).user("Hi").build();
    assertThat(disabled(client.call(oncology)).target()).isEqualTo(KillSwitch.Target.tenant("oncology"));
    assertThat(backend.calls()).hasSize(1);
  }

  @Test
  void call_promptDisabled_endsBeforeThePromptIsResolved() {
    switches.kill("prompt:discharge");
    ClinicalResult result = client(new FakeBackend("primary")).call(referenced("discharge"));

    ClinicalResult.Disabled d = disabled(result);
    assertThat(d.metadata().prompt()).isNull(); // the early check ended it
    assertThat(switches.asked).containsExactly("all", "tenant:cardiology", "prompt:discharge");
  }

  /* --- late check: prompt version, models --- */

  @Test
  void call_promptVersionDisabled_endsAfterResolutionWithThePromptInMetadata() {
    FakeBackend backend = new FakeBackend("primary");
    switches.kill("prompt:discharge@1.3.0");
    ClinicalModelClient client = client(backend);

    ClinicalResult.Disabled d = disabled(client.call(referenced("discharge")));

    assertThat(d.target()).isEqualTo(KillSwitch.Target.promptVersion("discharge", "1.3.0"));
    assertThat(d.metadata().prompt().version()).isEqualTo("1.3.0");
    assertThat(backend.calls()).isEmpty();
    assertThat(client.call(referenced("triage")).isSuccess()).isTrue();
  }

  @Test
  void call_primaryModelDisabled_fallsBackToTheNextBackend() {
    FakeBackend primary = new FakeBackend("primary");
    FakeBackend fallback = new FakeBackend("fallback");
    switches.kill("model:primary-model");

    ClinicalResult result = client(primary, fallback).call(inline());

    assertThat(result.isSuccess()).isTrue();
    assertThat(result.metadata().backend()).isEqualTo("fallback");
    assertThat(result.metadata().attempts()).isEqualTo(1);
    assertThat(primary.calls()).isEmpty();
    assertThat(fallback.calls()).hasSize(1);
  }

  @Test
  void call_everyBackendsModelDisabled_returnsDisabledNamingTheFirst() {
    FakeBackend primary = new FakeBackend("primary");
    FakeBackend fallback = new FakeBackend("fallback");
    switches.kill("model:fallback-model").kill("model:primary-model");

    ClinicalResult.Disabled d = disabled(client(primary, fallback).call(inline()));

    assertThat(d.target()).isEqualTo(KillSwitch.Target.model("primary-model"));
    assertThat(primary.calls()).isEmpty();
    assertThat(fallback.calls()).isEmpty();
  }

  @Test
  void call_policyAllowsOnlyTheBackendWhoseModelIsDisabled_returnsDisabled() {
    // The kill switch, not an outage, is why no backend may answer: the result, the audit outcome
    // and the compliance report's "stopped by kill switches" must say so.
    FakeBackend primary = new FakeBackend("primary");
    FakeBackend fallback = new FakeBackend("fallback");
    switches.kill("model:primary-model");
    ClinicalModelClient client = ClinicalModelClient.builder().clock(time).sleeper(time).killSwitches(switches)
        .backend(primary).backend(fallback)
        .policyEngine(input -> dev.hai.core.policy.PolicyDecision.fromDocument(
            Map.of("allow", true, "obligations", Map.of("allowed_models", List.of("primary"))), "d-1", null))
        .build();

    ClinicalResult.Disabled d = disabled(client.call(inline()));

    assertThat(d.target()).isEqualTo(KillSwitch.Target.model("primary-model"));
    assertThat(primary.calls()).isEmpty();
    assertThat(fallback.calls()).isEmpty();
  }

  @Test
  void call_requestedModelDisabled_isDisabledOnEveryBackend() {
    FakeBackend primary = new FakeBackend("primary");
    FakeBackend fallback = new FakeBackend("fallback");
    switches.kill("model:gpt-4o");
    ClinicalModelClient client = client(primary, fallback);

    ClinicalRequest asksGpt4o = ClinicalRequest.builder().caller(CALLER).user("Hi").model("gpt-4o").build();
    assertThat(disabled(client.call(asksGpt4o)).target().name()).isEqualTo("gpt-4o");
    assertThat(client.call(inline()).isSuccess()).isTrue();
  }

  @Test
  void call_namesNoSwitchCouldName_answerAndAllStillStops() {
    // A tenant, prompt id or model that no target can be written for (too long, padded) cannot be
    // disabled by its own switch: the check must not fail the call, and 'all' still applies.
    FakeBackend backend = new FakeBackend("primary");
    ClinicalModelClient client = client(backend);
    Caller longTenant = Caller.of("u-1", "physician", "t".repeat(KillSwitch.Target.MAX_NAME_LENGTH + 1),
        PurposeOfUse.TREATMENT);
    ClinicalRequest odd = ClinicalRequest.builder().caller(longTenant).user("Summarise.").model(" padded ").build();
    ClinicalRequest longPrompt = ClinicalRequest.builder().caller(CALLER)
        .prompt("p".repeat(KillSwitch.Target.MAX_NAME_LENGTH + 1), "production", Map.of()).build();

    assertThat(client.call(odd).isSuccess()).isTrue();
    assertThat(client.call(longPrompt).isSuccess()).isTrue();
    switches.kill("all");
    assertThat(disabled(client.call(odd)).killSwitch().target()).isEqualTo(KillSwitch.Target.all());
  }

  @Test
  void call_switchRevived_nextCallAnswers() {
    FakeBackend backend = new FakeBackend("primary");
    switches.kill("model:primary-model");
    ClinicalModelClient client = client(backend);
    assertThat(client.call(inline())).isInstanceOf(ClinicalResult.Disabled.class);

    switches.map.clear();

    assertThat(client.call(inline()).isSuccess()).isTrue();
  }

  /* --- describe --- */

  @Test
  void describe_showsBothChecksAroundTheirNeighbours() {
    String described = client(new FakeBackend("primary")).describe();
    assertThat(described).containsSubsequence("audit", "kill ", "prompt", "kill*", "model");
  }

  @Test
  void describe_showsTheSwitchesStateNow() {
    KillSwitches described = new KillSwitches() {
      @Override
      public Optional<KillSwitch> find(KillSwitch.Target target) {
        return switches.find(target);
      }

      @Override
      public String describe() {
        return switches.map.size() + " in force";
      }
    };
    ClinicalModelClient client = ClinicalModelClient.builder().backend(new FakeBackend("p"))
        .killSwitches(described).build();
    assertThat(client.describe()).contains("(0 in force)");

    switches.kill("all");

    assertThat(client.describe()).contains("(1 in force)").doesNotContain("(0 in force)");
  }

  @Test
  void describe_withoutSwitches_hasNoKillStage() {
    String described = ClinicalModelClient.builder().backend(new FakeBackend("p")).build().describe();
    assertThat(described).doesNotContain("kill");
  }

  /* --- targets --- */

  @Test
  void target_parse_readsEveryWrittenForm() {
    for (String form : List.of("all", "tenant:oncology", "prompt:discharge", "prompt:discharge@1.3.0", "model:gpt-4o")) {
      assertThat(KillSwitch.Target.parse(form).toString()).isEqualTo(form);
    }
    assertThat(KillSwitch.Target.parse(" Model:gpt-4o ")).isEqualTo(KillSwitch.Target.model("gpt-4o"));
  }

  @Test
  void target_parse_badForms_sayWhatIsAccepted() {
    for (String bad : List.of("gpt-4o", "model:", "planet:mars", ":x", "tenant:a\u0007b")) {
      assertThatThrownBy(() -> KillSwitch.Target.parse(bad))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("target");
    }
  }

  @Test
  void killSwitch_blankWhoOrWhy_isRefused() {
    KillSwitch.Target t = KillSwitch.Target.all();
    assertThatThrownBy(() -> new KillSwitch(t, " ", "why", SINCE)).hasMessageContaining("killSwitch.by");
    assertThatThrownBy(() -> new KillSwitch(t, "ops", "", SINCE)).hasMessageContaining("killSwitch.why");
    assertThatThrownBy(() -> new KillSwitch(t, "ops", "x".repeat(501), SINCE)).hasMessageContaining("at most 500");
  }
}
