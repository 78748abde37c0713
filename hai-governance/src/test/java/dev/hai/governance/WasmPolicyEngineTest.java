package dev.hai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.phi.PhiType;
import dev.hai.core.policy.Obligations;
import dev.hai.core.policy.PolicyDecision;
import dev.hai.core.policy.PolicyInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process engine on the starter bundle built by opa build (src/test/resources/bundles). */
class WasmPolicyEngineTest {
  static final String STARTER = "bundles/starter.tar.gz";

  static WasmPolicyEngine starter() {
    return WasmPolicyEngine.builder().bundleResource(STARTER).poolSize(2).build();
  }

  /* --- evaluate --- */

  @Test
  void evaluate_attending_allowsWithStarterObligations() {
    PolicyDecision d = starter().evaluate(PolicyInputs.attending());

    assertThat(d.allow()).isTrue();
    assertThat(d.reasons()).isEmpty();
    assertThat(d.obligations()).isEqualTo(new Obligations(false, 4096, List.of("gpu"), false, false));
    assertThat(d.bundleRevision()).startsWith("starter-");
    assertThat(d.decisionId()).isNotBlank();
  }

  @Test
  void evaluate_resident_deniesWithReason() {
    PolicyDecision d = starter().evaluate(PolicyInputs.resident());

    assertThat(d.allow()).isFalse();
    assertThat(d.reasons()).containsExactly("only attending physicians may use the discharge-summary prompt");
  }

  @Test
  void evaluate_phiForTreatment_restrictsToBaaAndLocalModels() {
    PolicyInput in = PolicyInputs.of("attending-physician", "TREATMENT", "note-summary",
        List.of(PolicyInputs.CLOUD_NO_BAA, PolicyInputs.CLOUD_BAA, PolicyInputs.LOCAL), Map.of(PhiType.NAME, 2),
        PolicyInput.BreakGlass.off());

    PolicyDecision d = starter().evaluate(in);

    assertThat(d.allow()).isTrue();
    assertThat(d.obligations().allowedModels()).containsExactly("anthropic", "gpu");
  }

  @Test
  void evaluate_breakGlassWithJustification_requiresReview() {
    PolicyInput in = PolicyInputs.of("resident", "EMERGENCY_TREATMENT", "discharge-summary", List.of(PolicyInputs.LOCAL),
        Map.of(), new PolicyInput.BreakGlass(true, "patient crashing, attending in theatre"));

    PolicyDecision d = starter().evaluate(in);

    assertThat(d.allow()).isTrue();
    assertThat(d.obligations().requireHumanReview()).isTrue();
    assertThat(d.obligations().auditContent()).isTrue();
  }

  @Test
  void evaluate_concurrentCallsOnASmallPool_allAnswer() throws Exception {
    // 8 threads share 2 instances; the wait is generous because the machine may be busy
    WasmPolicyEngine engine = WasmPolicyEngine.builder().bundleResource(STARTER).poolSize(2)
        .borrowTimeout(java.time.Duration.ofSeconds(30)).build();
    List<Thread> threads = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger allowed = new java.util.concurrent.atomic.AtomicInteger();
    for (int t = 0; t < 8; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < 50; i++) {
          if (engine.evaluate(PolicyInputs.attending()).allow()) {
            allowed.incrementAndGet();
          }
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }

    assertThat(allowed.get()).isEqualTo(400);
  }

  /* --- decision log --- */

  @Test
  void evaluate_withDecisionLog_writesOpaShapedEntry(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("decisions.jsonl");
    PolicyDecision d;
    try (DecisionLog log = DecisionLog.jsonl(file)) {
      d = WasmPolicyEngine.builder().bundleResource(STARTER).decisionLog(log).build().evaluate(PolicyInputs.resident());
    }

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> entry = (Map<String, Object>) dev.hai.governance.internal.PolicyJson.parse(lines.get(0), "line");
    assertThat(entry).containsKeys("decision_id", "path", "input", "result", "bundles", "timestamp");
    assertThat(entry.get("decision_id")).isEqualTo(d.decisionId());
    assertThat(entry.get("path")).isEqualTo("hai/authz/decision");
    assertThat(entry.get("bundles")).isEqualTo(Map.of("hai", Map.of("revision", d.bundleRevision())));
    assertThat(((Map<?, ?>) entry.get("result")).get("allow")).isEqualTo(false);
    assertThat(((Map<?, ?>) entry.get("input")).get("actor")).isEqualTo(
        Map.of("id", "u-1", "role", "resident", "attributes", Map.of()));
  }

  @Test
  void evaluate_withSlf4jDecisionLog_logsOneJsonLine() {
    WasmPolicyEngine engine = WasmPolicyEngine.builder().bundleResource(STARTER).decisionLog(DecisionLog.slf4j()).build();

    dev.hai.core.testing.TestLoggingProvider.startCapture();
    PolicyDecision d = engine.evaluate(PolicyInputs.resident());
    List<String> lines = dev.hai.core.testing.TestLoggingProvider.stopCapture();

    assertThat(lines).filteredOn(l -> l.contains("\"decision_id\":\"" + d.decisionId() + "\"")).hasSize(1)
        .allSatisfy(l -> assertThat(l).contains("\"path\":\"hai/authz/decision\"").contains("\"allow\":false"));
  }

  @Test
  void evaluate_decisionLogThrows_decisionStillMade() {
    WasmPolicyEngine engine = WasmPolicyEngine.builder().bundleResource(STARTER).decisionLog(entry -> {
      throw new IllegalStateException("disk full");
    }).build();

    assertThat(engine.evaluate(PolicyInputs.attending()).allow()).isTrue();
  }

  /* --- loading and reloading --- */

  @Test
  void build_missingOrBrokenBundle_failsWithClearMessage(@TempDir Path dir) throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.tar.gz"), "not a bundle");

    assertThatThrownBy(() -> WasmPolicyEngine.builder().bundleFile(dir.resolve("missing.tar.gz")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("could not be loaded");
    assertThatThrownBy(() -> WasmPolicyEngine.builder().bundleFile(broken).build())
        .hasMessageContaining("not a gzipped tar");
    assertThatThrownBy(() -> WasmPolicyEngine.builder().bundleResource(STARTER).entrypoint("hai/other/rule").build())
        .hasMessageContaining("no Wasm entrypoint 'hai/other/rule'");
    assertThatThrownBy(() -> WasmPolicyEngine.builder().build()).hasMessageContaining("exactly one bundle source");
  }

  @Test
  void reload_changedFile_swapsBundleAndKeepsLastGoodOnBadOne(@TempDir Path dir) throws Exception {
    Path bundle = dir.resolve("bundle.tar.gz");
    Files.write(bundle, resource(STARTER));
    try (WasmPolicyEngine engine = WasmPolicyEngine.builder().bundleFile(bundle)
        .reloadInterval(java.time.Duration.ZERO).build()) {
      String before = engine.revision().orElseThrow();

      assertThat(engine.reload()).isFalse(); // unchanged
      Files.writeString(bundle, "garbage");
      assertThatThrownBy(engine::reload).isInstanceOf(IOException.class);
      assertThat(engine.evaluate(PolicyInputs.attending()).bundleRevision()).isEqualTo(before);

      Files.write(bundle, resource("bundles/starter-alt.tar.gz"));
      assertThat(engine.reload()).isTrue();
      assertThat(engine.revision()).hasValue("test-alt");
      assertThat(engine.evaluate(PolicyInputs.attending()).bundleRevision()).isEqualTo("test-alt");
      assertThat(engine.reloads()).isEqualTo(1);
    }
  }

  @Test
  void watcher_changedFile_isSwappedInWithoutACall(@TempDir Path dir) throws Exception {
    Path bundle = dir.resolve("bundle.tar.gz");
    Files.write(bundle, resource(STARTER));
    try (WasmPolicyEngine engine = WasmPolicyEngine.builder().bundleFile(bundle)
        .reloadInterval(java.time.Duration.ofMillis(20)).build()) {
      Path next = dir.resolve("next.tar.gz");
      Files.write(next, resource("bundles/starter-alt.tar.gz"));
      Files.move(next, bundle, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
      while (!engine.revision().equals(java.util.Optional.of("test-alt")) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      assertThat(engine.revision()).hasValue("test-alt");
      assertThat(engine.evaluate(PolicyInputs.resident()).bundleRevision()).isEqualTo("test-alt");
    }
  }

  @Test
  void build_bundleUrl_loadsFromTheServer() throws Exception {
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.start();
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
          .body(new okio.Buffer().write(resource(STARTER))).build());

      try (WasmPolicyEngine engine = WasmPolicyEngine.builder().bundleUrl(server.url("/bundles/hai.tar.gz").toString())
          .reloadInterval(java.time.Duration.ZERO).build()) {
        assertThat(engine.revision().orElseThrow()).startsWith("starter-");
        assertThat(engine.evaluate(PolicyInputs.attending()).allow()).isTrue();
      }
      assertThat(server.takeRequest().getTarget()).isEqualTo("/bundles/hai.tar.gz");
    }
  }

  @Test
  void reload_bundleUrlNotModified_keepsBundleWithoutDownload() throws Exception {
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.start();
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).setHeader("ETag", "\"r1\"")
          .body(new okio.Buffer().write(resource(STARTER))).build());
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(304).build());
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).setHeader("ETag", "\"r2\"")
          .body(new okio.Buffer().write(resource("bundles/starter-alt.tar.gz"))).build());

      try (WasmPolicyEngine engine = WasmPolicyEngine.builder().bundleUrl(server.url("/b.tar.gz").toString())
          .reloadInterval(java.time.Duration.ZERO).build()) {
        assertThat(engine.reload()).isFalse();
        assertThat(engine.reload()).isTrue();
        assertThat(engine.revision()).hasValue("test-alt");
      }
      assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isNull();
      assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo("\"r1\"");
    }
  }

  @Test
  void build_bundleUrlOverTheLimitWithoutDeclaredLength_isRefusedNotCut() throws Exception {
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.start();
      okio.Buffer huge = new okio.Buffer().write(new byte[WasmPolicyEngine.MAX_BUNDLE_BYTES + 1]);
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).chunkedBody(huge, 1 << 20).build());

      assertThatThrownBy(() -> WasmPolicyEngine.builder().bundleUrl(server.url("/huge.tar.gz").toString())
          .reloadInterval(java.time.Duration.ZERO).build())
          .hasMessageContaining("larger than the limit of " + WasmPolicyEngine.MAX_BUNDLE_BYTES + " bytes");
    }
  }

  @Test
  void build_bundleResourceOverTheLimit_isRefusedNotCut(@TempDir Path dir) throws Exception {
    Path huge = dir.resolve("huge.tar.gz");
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(huge,
        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[1]), WasmPolicyEngine.MAX_BUNDLE_BYTES); // sparse, one byte over
    }
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, null)) {
      Thread.currentThread().setContextClassLoader(loader);
      assertThatThrownBy(() -> WasmPolicyEngine.builder().bundleResource("huge.tar.gz").build())
          .hasMessageContaining("class-path resource 'huge.tar.gz' is larger than the limit of "
              + WasmPolicyEngine.MAX_BUNDLE_BYTES + " bytes");
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  @Test
  void build_bundleUrlAnswersError_failsWithStatus() throws Exception {
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.start();
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(404).build());

      assertThatThrownBy(() -> WasmPolicyEngine.builder().bundleUrl(server.url("/missing").toString()).build())
          .hasMessageContaining("HTTP 404");
    }
  }

  static byte[] resource(String name) throws IOException {
    try (var in = WasmPolicyEngineTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
