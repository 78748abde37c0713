package dev.hai.gpu.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.policy.PolicyInput;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.core.spi.PolicyEngine;
import dev.hai.governance.WasmPolicyEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A local-server backend reaches the policy as {@code hosting: local}, and the starter policy
 * (policies/hai/authz, its Wasm bundle copied here by policies/build.sh) lets PHI go to it and not
 * to an external model without a BAA. Real parts: the starter bundle in the Wasm engine, and a
 * supervised server process ({@link FakeOpenAiServer}).
 */
class LocalServerPolicyTest {
  private static WasmPolicyEngine starter;
  private static LocalServerBackend local;

  private final List<PolicyInput> inputs = new CopyOnWriteArrayList<>();
  /** An external backend without a BAA, listed first, so that only the policy keeps calls from it. */
  private final AnsweringBackend external =
      new AnsweringBackend(new BackendInfo("cloud", "openai", Hosting.EXTERNAL, "gpt"), "from the cloud");

  @BeforeAll
  static void start() {
    starter = WasmPolicyEngine.builder().bundleResource("bundles/starter.tar.gz").build();
    int port = FakeOpenAiServer.freePort();
    ServerSupervisor supervisor = ServerSupervisor.builder()
        .name("policy-fake")
        .command(FakeOpenAiServer.command(port))
        .readinessUrl("http://127.0.0.1:" + port + "/v1/models")
        .readinessPollInterval(Duration.ofMillis(50))
        .build()
        .start()
        .awaitReady(Duration.ofSeconds(30));
    local = LocalServerBackend.builder("http://127.0.0.1:" + port + "/v1")
        .name("gpu").defaultModel("fake").supervisor(supervisor).build();
  }

  @AfterAll
  static void stop() {
    if (local != null) {
      local.close();
    }
    if (starter != null) {
      starter.close();
    }
  }

  private ClinicalModelClient client() {
    PolicyEngine recording = input -> {
      inputs.add(input);
      return starter.evaluate(input);
    };
    return ClinicalModelClient.builder()
        .backend(external)
        .backend(new NotClosing(local))
        .policyEngine(recording)
        .build();
  }

  private static ClinicalRequest request(String text) {
    return ClinicalRequest.builder()
        .caller(Caller.of("u-test", "attending-physician", "internal-medicine", PurposeOfUse.TREATMENT))
        .user(text)
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  @Test
  void call_withPhi_goesToTheLocalServerOnly() {
    try (ClinicalModelClient client = client()) {
      ClinicalResult result = client.call(request("Summarise for Jane Doe, DOB 03/04/1956, MRN 12345678: BP 120/80."));

      assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class, s -> {
        assertThat(s.metadata().backend()).isEqualTo("gpu");
        assertThat(s.text()).startsWith("pid ");
      });
    }
    assertThat(external.calls()).isZero();
    PolicyInput input = inputs.get(0);
    assertThat(input.phi().detected()).isTrue();
    assertThat(input.models()).extracting(PolicyInput.Model::backend, PolicyInput.Model::hosting)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cloud", Hosting.EXTERNAL),
            org.assertj.core.groups.Tuple.tuple("gpu", Hosting.LOCAL));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> documented = (List<Map<String, Object>>) input.toDocument().get("models");
    assertThat(documented.get(1)).containsEntry("backend", "gpu").containsEntry("hosting", "local");
    PolicyDecision decision = starter.evaluate(input);
    assertThat(decision.allow()).isTrue();
    assertThat(decision.obligations().allowedModels()).containsExactly("gpu");
  }

  @Test
  void call_withoutPhi_mayUseTheExternalModelFirst() {
    try (ClinicalModelClient client = client()) {
      ClinicalResult result = client.call(request("Explain what a normal blood pressure range is."));

      assertThat(result).isInstanceOfSatisfying(ClinicalResult.Success.class,
          s -> assertThat(s.metadata().backend()).isEqualTo("cloud"));
    }
    assertThat(external.calls()).isEqualTo(1);
  }

  /** Lets each test's client close without stopping the shared server. */
  private record NotClosing(ModelBackend backend) implements ModelBackend {
    @Override
    public BackendInfo info() {
      return backend.info();
    }

    @Override
    public ModelResponse generate(ModelCall call) {
      return backend.generate(call);
    }

    @Override
    public void close() {}
  }
}
