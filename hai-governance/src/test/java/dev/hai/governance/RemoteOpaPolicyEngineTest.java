package dev.hai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.spi.PolicyException;
import dev.hai.governance.internal.PolicyJson;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remote engine's HTTP handling against a scripted server: what it sends, how it reads OPA's
 * answer, and every way it fails closed. The same engine against a real OPA server is
 * RemoteOpaPolicyEngineIT.
 */
class RemoteOpaPolicyEngineTest {
  private static final String ALLOW = "{\"provenance\":{\"version\":\"1.22.2\",\"bundles\":{\"hai\":{\"revision\":\"r7\"}}},"
      + "\"decision_id\":\"opa-42\",\"result\":{\"allow\":true,\"reasons\":[],\"obligations\":{\"max_output_tokens\":64}}}";

  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RemoteOpaPolicyEngine.Builder engine() {
    // generous: the first request of a cold JVM loads OkHttp and Jackson
    return RemoteOpaPolicyEngine.builder().url(server.url("/").toString()).timeout(Duration.ofSeconds(5));
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
  }

  /* --- evaluate --- */

  @Test
  void evaluate_postsInputToDataApiAndReadsResultAndRevision() throws Exception {
    server.enqueue(ok(ALLOW));

    PolicyDecision d = engine().build().evaluate(PolicyInputs.attending());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo("/v1/data/hai/authz/decision?provenance=true");
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) PolicyJson.parse(request.getBody().utf8(), "request");
    assertThat(body).containsOnlyKeys("input");
    assertThat(((Map<?, ?>) body.get("input")).get("purpose_of_use")).isEqualTo("TREATMENT");
    assertThat(d.allow()).isTrue();
    assertThat(d.obligations().maxOutputTokens()).isEqualTo(64);
    assertThat(d.bundleRevision()).isEqualTo("r7");
    assertThat(d.decisionId()).isEqualTo("opa-42");
  }

  @Test
  void evaluate_withCache_asksTheServerOnceForTheSameInput() {
    server.enqueue(ok(ALLOW));
    RemoteOpaPolicyEngine engine = engine().cache(Duration.ofMinutes(1), 100).build();

    PolicyDecision first = engine.evaluate(PolicyInputs.attending());
    PolicyDecision second = engine.evaluate(PolicyInputs.attending());

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(second.allow()).isEqualTo(first.allow());
    assertThat(second.obligations()).isEqualTo(first.obligations());
    assertThat(second.decisionId()).isNotEqualTo(first.decisionId());
  }

  @Test
  void evaluate_connectionDroppedOnce_retriesAndAnswers() {
    server.enqueue(new MockResponse.Builder().body(ALLOW).onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(ok(ALLOW));

    PolicyDecision d = engine().build().evaluate(PolicyInputs.attending());

    assertThat(d.allow()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  /* --- fail closed --- */

  @Test
  void evaluate_serverDown_throwsUnavailable() {
    String url = server.url("/").toString();
    server.close();

    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> RemoteOpaPolicyEngine.builder().url(url).timeout(Duration.ofMillis(300)).build()
            .evaluate(PolicyInputs.attending()));

    assertThat(e.kind()).isIn(PolicyException.Kind.UNAVAILABLE, PolicyException.Kind.TIMEOUT);
    assertThat(e.getMessage()).contains("could not be asked");
  }

  @Test
  void evaluate_slowServer_throwsTimeout() {
    server.enqueue(new MockResponse.Builder().code(200).body(ALLOW).headersDelay(2, TimeUnit.SECONDS).build());

    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> engine().timeout(Duration.ofMillis(300)).build().evaluate(PolicyInputs.attending()));

    assertThat(e.kind()).isEqualTo(PolicyException.Kind.TIMEOUT);
  }

  @Test
  void evaluate_retryAfterALateTransportError_getsOnlyTheTimeLeft() {
    // The first answer breaks off after 900 ms; the retry would answer after 1,200 ms more. With a
    // timeout of 1,500 ms for the whole decision, retries included, the retry must give up.
    server.enqueue(new MockResponse.Builder().body(ALLOW).bodyDelay(900, TimeUnit.MILLISECONDS)
        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().code(200).body(ALLOW).headersDelay(1200, TimeUnit.MILLISECONDS).build());

    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> engine().timeout(Duration.ofMillis(1500)).build().evaluate(PolicyInputs.attending()));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(PolicyException.Kind.TIMEOUT);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void evaluate_httpError_throwsUnavailableWithoutRetry() {
    server.enqueue(new MockResponse.Builder().code(500).body("{\"code\":\"internal_error\"}").build());
    server.enqueue(ok(ALLOW));

    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> engine().build().evaluate(PolicyInputs.attending()));

    assertThat(e.kind()).isEqualTo(PolicyException.Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("HTTP 500");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void evaluate_undefinedDecision_throwsMalformed() {
    server.enqueue(ok("{}"));

    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> engine().build().evaluate(PolicyInputs.attending()));

    assertThat(e.kind()).isEqualTo(PolicyException.Kind.MALFORMED_DECISION);
    assertThat(e.getMessage()).contains("no decision");
  }

  @Test
  void evaluate_notJsonOrWrongShape_throwsMalformed() {
    server.enqueue(ok("<html>proxy error</html>"));
    server.enqueue(ok("{\"result\":{\"allow\":\"yes\"}}"));
    RemoteOpaPolicyEngine engine = engine().build();

    PolicyException notJson = catchThrowableOfType(PolicyException.class, () -> engine.evaluate(PolicyInputs.attending()));
    PolicyException wrong = catchThrowableOfType(PolicyException.class, () -> engine.evaluate(PolicyInputs.attending()));

    assertThat(notJson.kind()).isEqualTo(PolicyException.Kind.MALFORMED_DECISION);
    assertThat(wrong.kind()).isEqualTo(PolicyException.Kind.MALFORMED_DECISION);
    assertThat(wrong.getMessage()).contains("'allow' must be true or false");
  }
}
