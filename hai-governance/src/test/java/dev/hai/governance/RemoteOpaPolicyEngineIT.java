package dev.hai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.PolicyException;
import dev.hai.core.testing.FakeBackend;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The remote engine against a real OPA server on loopback serving the starter policy. */
class RemoteOpaPolicyEngineIT {
  private static OpaServer opa;

  @BeforeAll
  static void start() throws Exception {
    opa = OpaServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (opa != null) {
      opa.close();
    }
  }

  private static RemoteOpaPolicyEngine.Builder engine() {
    return RemoteOpaPolicyEngine.builder().url(opa.url()).timeout(Duration.ofSeconds(5));
  }

  /* --- decisions --- */

  @Test
  void evaluate_attending_allowedWithObligationsAndRevision() {
    PolicyDecision d = engine().build().evaluate(PolicyInputs.attending());

    assertThat(d.allow()).isTrue();
    assertThat(d.obligations().maxOutputTokens()).isEqualTo(4096);
    assertThat(d.obligations().allowedModels()).containsExactly("gpu");
    assertThat(d.bundleRevision()).isEqualTo(opa.revision());
  }

  @Test
  void evaluate_resident_deniedWithTheStarterReason() {
    PolicyDecision d = engine().build().evaluate(PolicyInputs.resident());

    assertThat(d.allow()).isFalse();
    assertThat(d.reasons()).containsExactly("only attending physicians may use the discharge-summary prompt");
  }

  @Test
  void call_throughClient_deniesAndAllowsLikeThePolicy() {
    FakeBackend cloud = new FakeBackend("cloud", Hosting.EXTERNAL).thenAnswer("summary");
    ClinicalModelClient client = ClinicalModelClient.builder().backend(cloud).baaBackends("cloud")
        .policyEngine(engine().build()).build();

    ClinicalResult research = client.call(ClinicalRequest.builder()
        .caller(Caller.of("u-9", "nurse", "oncology", PurposeOfUse.SYSTEM_ADMINISTRATION))
        .user("Summarise the stay of Mr. John Smith.").build());
    ClinicalResult treatment = client.call(ClinicalRequest.builder()
        .caller(Caller.of("u-1", "attending-physician", "oncology", PurposeOfUse.TREATMENT))
        .user("Summarise the stay of Mr. John Smith.").maxTokens(9000).build());

    assertThat(research).isInstanceOfSatisfying(ClinicalResult.Denied.class, d -> {
      assertThat(d.reasons()).containsExactly("system administration may not process PHI");
      assertThat(d.bundleRevision()).isEqualTo(opa.revision());
    });
    assertThat(treatment).isInstanceOf(ClinicalResult.Success.class);
    assertThat(cloud.calls()).hasSize(1);
    assertThat(cloud.calls().get(0).parameters().maxTokens()).isEqualTo(1024);
  }

  /* --- fail closed --- */

  @Test
  void evaluate_pathThatIsNotADecision_throwsMalformed() {
    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> engine().path("hai/authz/allowed_models").build().evaluate(PolicyInputs.attending()));

    assertThat(e.kind()).isEqualTo(PolicyException.Kind.MALFORMED_DECISION);
  }

  @Test
  void evaluate_undefinedPath_throwsMalformed() {
    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> engine().path("hai/authz/no_such_rule").build().evaluate(PolicyInputs.attending()));

    assertThat(e.kind()).isEqualTo(PolicyException.Kind.MALFORMED_DECISION);
    assertThat(e.getMessage()).contains("no decision");
  }

  @Test
  void evaluate_serverAcceptsButNeverAnswers_throwsTimeout() throws Exception {
    // a listening socket nobody serves: the connection opens, the answer never comes
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      RemoteOpaPolicyEngine engine = RemoteOpaPolicyEngine.builder()
          .url("http://127.0.0.1:" + silent.getLocalPort()).timeout(Duration.ofMillis(300)).build();

      PolicyException e = catchThrowableOfType(PolicyException.class, () -> engine.evaluate(PolicyInputs.attending()));

      assertThat(e.kind()).isEqualTo(PolicyException.Kind.TIMEOUT);
    }
  }

  @Test
  void call_serverDown_deniedFailClosed() throws Exception {
    OpaServer second = OpaServer.start();
    RemoteOpaPolicyEngine engine = RemoteOpaPolicyEngine.builder().url(second.url()).timeout(Duration.ofSeconds(2))
        .build();
    FakeBackend backend = new FakeBackend("gpu").thenAnswer("ok");
    ClinicalModelClient client = ClinicalModelClient.builder().backend(backend).policyEngine(engine)
        .policyTimeout(Duration.ofSeconds(5)).build();
    ClinicalRequest request = ClinicalRequest.builder()
        .caller(Caller.of("u-1", "attending-physician", "oncology", PurposeOfUse.TREATMENT)).user("Hello.").build();
    assertThat(client.call(request)).isInstanceOf(ClinicalResult.Success.class);

    second.close();
    ClinicalResult after = client.call(request);

    assertThat(after).isInstanceOfSatisfying(ClinicalResult.Denied.class, d -> {
      assertThat(d.evaluationFailed()).isTrue();
      assertThat(d.reason()).startsWith("the policy could not be evaluated");
    });
    assertThat(backend.calls()).hasSize(1);
  }
}
