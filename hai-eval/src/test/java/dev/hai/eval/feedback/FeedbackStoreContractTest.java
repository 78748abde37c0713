package dev.hai.eval.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link FeedbackStore} contract, run against every implementation (the JSON Lines store here,
 * the PostgreSQL store in hai-store-jdbc's integration tests). Subclasses open a fresh, empty store
 * over the given calls, and reopen the same one (a restart).
 */
public abstract class FeedbackStoreContractTest {
  protected static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

  protected final Map<UUID, Instant> callTimes = new HashMap<>();
  protected final CallIndex calls = id -> java.util.Optional.ofNullable(callTimes.get(id));
  private final List<FeedbackStore> opened = new ArrayList<>();

  /** A fresh, empty store over {@code calls}. */
  protected abstract FeedbackStore newStore(CallIndex calls) throws Exception;

  /** The store {@link #newStore} made, opened again as after a restart. */
  protected abstract FeedbackStore reopen(CallIndex calls) throws Exception;

  private FeedbackStore store;

  @BeforeEach
  void openStore() throws Exception {
    store = track(newStore(calls));
  }

  @AfterEach
  void closeStores() {
    opened.forEach(FeedbackStore::close);
  }

  protected FeedbackStore track(FeedbackStore s) {
    opened.add(s);
    return s;
  }

  protected UUID knownCall(Instant time) {
    UUID id = UUID.randomUUID();
    callTimes.put(id, time);
    return id;
  }

  protected static Feedback incorrect(UUID call, Instant at) {
    return Feedback.builder(call, Verdict.INCORRECT).category(FeedbackCategory.OMISSION)
        .correction("Allergy list missing.").clinician("u-1", "attending-physician").submittedAt(at).build();
  }

  /* --- submit --- */

  @Test
  void submit_knownCall_acceptedWithTimeToRespond() {
    UUID call = knownCall(T0);

    SubmitResult r = store.submit(incorrect(call, T0.plusSeconds(90)));

    assertThat(r).isInstanceOf(SubmitResult.Accepted.class);
    Feedback stored = ((SubmitResult.Accepted) r).feedback();
    assertThat(stored.timeToRespond()).isEqualTo(Duration.ofSeconds(90));
    assertThat(store.get(call)).contains(stored);
  }

  @Test
  void submit_unknownCall_isUnknownCallAndStoresNothing() {
    UUID stranger = UUID.randomUUID();

    SubmitResult r = store.submit(incorrect(stranger, T0));

    assertThat(r).isEqualTo(new SubmitResult.UnknownCall(stranger));
    assertThat(store.get(stranger)).isEmpty();
    assertThat(store.all()).isEmpty();
  }

  @Test
  void submit_secondForSameCall_isDuplicateAndFirstStands() {
    UUID call = knownCall(T0);
    store.submit(incorrect(call, T0.plusSeconds(5)));

    SubmitResult r = store.submit(Feedback.builder(call, Verdict.CORRECT).clinician("u-2", "nurse")
        .submittedAt(T0.plusSeconds(9)).build());

    assertThat(r).isEqualTo(new SubmitResult.Duplicate(call, T0.plusSeconds(5)));
    assertThat(store.get(call).orElseThrow().verdict()).isEqualTo(Verdict.INCORRECT);
  }

  @Test
  void submit_duplicateAfterRestart_stillDuplicate() throws Exception {
    UUID call = knownCall(T0);
    store.submit(incorrect(call, T0.plusSeconds(5)));
    store.close();

    FeedbackStore again = track(reopen(calls));
    SubmitResult r = again.submit(incorrect(call, T0.plusSeconds(6)));

    assertThat(r).isInstanceOf(SubmitResult.Duplicate.class);
    assertThat(again.get(call).orElseThrow().timeToRespond()).isEqualTo(Duration.ofSeconds(5));
    assertThat(again.get(call).orElseThrow().correction()).isEqualTo("Allergy list missing.");
  }

  @Test
  void submit_beforeTheCall_isRefused() {
    UUID call = knownCall(T0);

    SubmitResult r = store.submit(incorrect(call, T0.minusSeconds(1)));

    assertThat(r).isInstanceOf(SubmitResult.BeforeCall.class);
    assertThat(store.get(call)).isEmpty();
  }

  @Test
  void submit_concurrentForOneCall_exactlyOneAccepted() throws Exception {
    UUID call = knownCall(T0);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<SubmitResult>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          start.await();
          return store.submit(incorrect(call, T0.plusSeconds(10 + n)));
        }));
      }
      start.countDown();
      int accepted = 0;
      int duplicates = 0;
      for (Future<SubmitResult> f : results) {
        SubmitResult r = f.get(30, TimeUnit.SECONDS);
        accepted += r instanceof SubmitResult.Accepted ? 1 : 0;
        duplicates += r instanceof SubmitResult.Duplicate ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(1);
      assertThat(duplicates).isEqualTo(threads - 1);
      assertThat(store.all()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void submit_manyCallsConcurrently_allStored() throws Exception {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(knownCall(T0.plusSeconds(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<SubmitResult>> results = new ArrayList<>();
      for (UUID id : ids) {
        results.add(pool.submit(() -> store.submit(incorrect(id, T0.plusSeconds(100)))));
      }
      for (Future<SubmitResult> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isInstanceOf(SubmitResult.Accepted.class);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(store.all()).hasSize(40);
  }

  /* --- query --- */

  @Test
  void query_timeRange_halfOpenAndOrderedBySubmission() {
    UUID a = knownCall(T0);
    UUID b = knownCall(T0);
    UUID c = knownCall(T0);
    store.submit(incorrect(c, T0.plusSeconds(30)));
    store.submit(incorrect(a, T0.plusSeconds(10)));
    store.submit(incorrect(b, T0.plusSeconds(20)));

    List<UUID> got;
    try (Stream<Feedback> s = store.query(T0.plusSeconds(10), T0.plusSeconds(30))) {
      got = s.map(Feedback::callId).toList();
    }

    assertThat(got).containsExactly(a, b);
    assertThat(store.all()).extracting(Feedback::callId).containsExactly(a, b, c);
  }

  @Test
  void get_correctVerdict_roundTripsWithoutCategory() throws Exception {
    UUID call = knownCall(T0);
    store.submit(Feedback.builder(call, Verdict.CORRECT).clinician("u-9", "pharmacist")
        .submittedAt(T0.plusMillis(1500)).build());
    store.close();

    Feedback f = track(reopen(calls)).get(call).orElseThrow();

    assertThat(f.verdict()).isEqualTo(Verdict.CORRECT);
    assertThat(f.category()).isNull();
    assertThat(f.correction()).isNull();
    assertThat(f.clinicianRole()).isEqualTo("pharmacist");
    assertThat(f.timeToRespond()).isEqualTo(Duration.ofMillis(1500));
  }
}
