package dev.hai.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.policy.PolicyInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The in-process engine and a real OPA server answer the same generated inputs with identical
 * decision documents (the policy's {@code result}, compared as parsed JSON), from the same bundle
 * revision.
 */
class PolicyDifferentialIT {
  static final int INPUTS = 2_000;
  static final long SEED = 20261126L;

  @Test
  void wasmAndOpaServer_identicalDecisionDocuments() throws Exception {
    List<Object> wasmDocs = new CopyOnWriteArrayList<>();
    List<Object> serverDocs = new CopyOnWriteArrayList<>();
    WasmPolicyEngine wasm = WasmPolicyEngine.builder().bundleResource(WasmPolicyEngineTest.STARTER)
        .decisionLog(e -> wasmDocs.add(e.result())).build();
    try (OpaServer opa = OpaServer.start()) {
      RemoteOpaPolicyEngine server = RemoteOpaPolicyEngine.builder().url(opa.url()).timeout(Duration.ofSeconds(5))
          .decisionLog(e -> serverDocs.add(e.result())).build();
      Random random = new Random(SEED);
      Set<String> outcomes = new HashSet<>();
      List<String> mismatches = new ArrayList<>();
      for (int i = 0; i < INPUTS; i++) {
        PolicyInput input = PolicyInputs.random(random);
        PolicyDecision a = wasm.evaluate(input);
        PolicyDecision b = server.evaluate(input);
        if (!wasmDocs.get(i).equals(serverDocs.get(i))) {
          mismatches.add("input " + i + ": wasm " + wasmDocs.get(i) + " vs server " + serverDocs.get(i));
        }
        assertThat(a.bundleRevision()).isEqualTo(b.bundleRevision()).isEqualTo(opa.revision());
        outcomes.add(a.allow() + " " + a.reasons() + " review=" + a.obligations().requireHumanReview()
            + " redact=" + a.obligations().redactPhi());
      }

      assertThat(mismatches).isEmpty();
      assertThat(wasmDocs).hasSize(INPUTS);
      // the generated inputs reach every rule of the starter policy
      assertThat(outcomes).anyMatch(o -> o.startsWith("true [] review=false redact=false"))
          .anyMatch(o -> o.contains("review=true"))
          .anyMatch(o -> o.contains("redact=true"))
          .anyMatch(o -> o.contains("only attending physicians"))
          .anyMatch(o -> o.contains("break-glass needs a justification"))
          .anyMatch(o -> o.contains("PHI may go to an external model"))
          .anyMatch(o -> o.contains("classified restricted"))
          .anyMatch(o -> o.contains("not consented to research"))
          .anyMatch(o -> o.contains("system administration may not process PHI"));
    }
  }
}
