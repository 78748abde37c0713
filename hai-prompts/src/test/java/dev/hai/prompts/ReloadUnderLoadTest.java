package dev.hai.prompts;

import static dev.hai.prompts.PromptFiles.labels;
import static dev.hai.prompts.PromptFiles.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.FinishReason;
import dev.hai.core.PromptInfo;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.Usage;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8 threads call through a real client while another thread adds versions, reloads and moves the
 * label (and runs short experiments on it): no call fails, no call mixes two versions, every call
 * names a version that existed.
 */
class ReloadUnderLoadTest {
  private static final String ID = "discharge-summary";
  private static final Caller CALLER = Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT);
  private static final int THREADS = 8;
  private static final int NEW_VERSIONS = 20;

  @TempDir Path root;
  @TempDir Path auditDir;

  /** Answers with the messages it was sent, so the test sees what each call rendered. */
  static final class EchoBackend implements ModelBackend {
    @Override
    public BackendInfo info() {
      return new BackendInfo("echo", "test", Hosting.LOCAL, "echo-model");
    }

    @Override
    public ModelResponse generate(ModelCall call) {
      String text = call.messages().stream().map(m -> m.content()).collect(Collectors.joining("\n---\n"));
      return new ModelResponse(text, call.model(), Usage.of(1, 1), FinishReason.STOP, "stop", null);
    }
  }

  @Test
  void calls_whileVersionsAndLabelsChange_neverFailOrMixVersions() throws Exception {
    version(root, ID, "1.0.0");
    labels(root, ID, "labels:\n  production: \"1.0.0\"\n");
    Map<String, String> hashes = new ConcurrentHashMap<>();
    hashes.put("1.0.0", PromptTemplate.parse("x.yaml", PromptFiles.yaml(ID, "1.0.0")).sha256());
    Set<String> published = ConcurrentHashMap.newKeySet();
    published.add("1.0.0");

    try (FileAuditSink sink = FileAuditSink.builder(auditDir).build();
        PromptRegistry registry = PromptRegistry.builder().directory(root).auditSink(sink).build()) {
      ClinicalModelClient client = ClinicalModelClient.builder().backend(new EchoBackend()).promptResolver(registry).build();
      AtomicBoolean done = new AtomicBoolean();
      List<String> failures = new CopyOnWriteArrayList<>();
      AtomicInteger calls = new AtomicInteger();
      AtomicInteger arms = new AtomicInteger();
      CountDownLatch started = new CountDownLatch(THREADS);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String selector = t % 2 == 0 ? "production" : "^1";
        boolean withSubject = t % 4 == 2; // these calls join the experiments the writer runs
        int thread = t;
        readers.add(pool.submit(() -> {
          started.countDown();
          int lastMinor = -1;
          while (!done.get() || calls.get() < 2000) {
            ClinicalRequest.Builder request = ClinicalRequest.builder().caller(CALLER)
                .prompt(ID, selector, Map.of("note", "BP stable."));
            if (withSubject) {
              request.patientId("MRN-" + thread + "-" + calls.get());
            }
            ClinicalResult r = client.call(request.build());
            calls.incrementAndGet();
            if (!(r instanceof ClinicalResult.Success s)) {
              failures.add(selector + ": " + r);
              continue;
            }
            PromptInfo info = s.metadata().prompt();
            String v = info.version();
            if (!published.contains(v)) {
              failures.add("version " + v + " was never published");
            }
            if (!info.sha256().equals(hashes.get(v))) {
              failures.add("hash of " + v + " is not that version's");
            }
            String[] parts = s.text().split("\n---\n");
            if (parts.length != 2 || !parts[0].contains("(prompt " + v + ")") || !parts[1].contains("(prompt " + v + ")")) {
              failures.add("messages of another version than " + v + ": " + s.text());
            }
            if (info.arm() != null) {
              arms.incrementAndGet();
              continue; // an experiment's control arm serves an older version on purpose
            }
            int minor = SemVer.parse(v).minor();
            if (minor < lastMinor) {
              failures.add(selector + " went back from 1." + lastMinor + " to " + v);
            }
            lastMinor = minor;
          }
        }));
      }
      started.await();
      for (int i = 1; i <= NEW_VERSIONS; i++) {
        String v = "1." + i + ".0";
        hashes.put(v, PromptTemplate.parse("x.yaml", PromptFiles.yaml(ID, v)).sha256());
        published.add(v);
        version(root, ID, v);
        registry.reload();
        if (i % 4 == 0) {
          // Try the new version on half the subjects for a moment, then release it to all.
          String previous = "1." + (i - 1) + ".0";
          registry.startExperiment(ID, new Experiment("try-" + i, "production", List.of(
              new Experiment.Arm("control", SemVer.parse(previous), 1), new Experiment.Arm("new", SemVer.parse(v), 1))),
              "u-release", "canary " + v);
          Thread.sleep(20);
          registry.endExperiment(ID, "try-" + i, "u-release", "release " + v);
        }
        registry.moveLabel(ID, "production", v, "u-release", "release " + v);
      }
      done.set(true);
      for (Future<?> f : readers) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();

      assertThat(failures).isEmpty();
      assertThat(calls.get()).isGreaterThanOrEqualTo(2000);
      assertThat(arms.get()).as("calls served by an experiment arm").isPositive();
      assertThat(registry.resolve(new dev.hai.core.PromptSource.Reference(ID, "production", Map.of("note", "x")))
          .info().version()).isEqualTo("1." + NEW_VERSIONS + ".0");
    }
  }
}
