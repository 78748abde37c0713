package dev.hai.core.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.testing.FakeBackend;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** N threads × M calls through a real client: exactly N×M records in one valid chain. */
class AuditConcurrencyTest {
  private static final int THREADS = 8;
  private static final int CALLS = 250;

  @TempDir Path dir;

  @Test
  void call_concurrently_writesExactlyOneRecordPerCallInOneChain() throws Exception {
    Set<String> callIds = ConcurrentHashMap.newKeySet();
    try (FileAuditSink sink = FileAuditSink.builder(dir).maxFileBytes(256 * 1024).chainKey(AuditFixtures.CHAIN_KEY).build();
        ClinicalModelClient client = ClinicalModelClient.builder()
            .backend(new FakeBackend("primary"))
            .auditSink(sink)
            .build()) {
      ClinicalRequest request = ClinicalRequest.builder()
          .caller(Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT))
          .user("Summarise.")
          .build();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < CALLS; i++) {
            ClinicalResult r = client.call(request);
            assertThat(r.isSuccess()).isTrue();
            callIds.add(r.callId().toString());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
    }

    List<Map<String, Object>> records = AuditFixtures.records(dir);
    assertThat(records).hasSize(THREADS * CALLS);
    Set<String> recorded = new HashSet<>();
    for (Map<String, Object> r : records) {
      recorded.add(AuditFixtures.field(r, "callId"));
    }
    assertThat(recorded).isEqualTo(callIds);
    AuditVerification v = AuditVerifier.verify(dir, Optional.of(AuditFixtures.CHAIN_KEY));
    assertThat(v.ok()).isTrue();
    assertThat(v.records()).isEqualTo(THREADS * CALLS);
    assertThat(v.files()).isGreaterThan(1);
  }
}
