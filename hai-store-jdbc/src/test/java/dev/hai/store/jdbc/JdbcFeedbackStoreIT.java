package dev.hai.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.audit.AuditRecord;
import dev.hai.core.phi.PhiRedactor;
import dev.hai.eval.feedback.CallIndex;
import dev.hai.eval.feedback.Feedback;
import dev.hai.eval.feedback.FeedbackCategory;
import dev.hai.eval.feedback.FeedbackStore;
import dev.hai.eval.feedback.FeedbackStoreContractTest;
import dev.hai.eval.feedback.SubmitResult;
import dev.hai.eval.feedback.Verdict;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The feedback store contract against a real PostgreSQL, plus the audit-trail call index and redaction. */
class JdbcFeedbackStoreIT extends FeedbackStoreContractTest {
  private final DataSource ds = TestPostgres.get().freshSchema();

  JdbcFeedbackStoreIT() {
    JdbcStore.migrate(ds);
  }

  @Override
  protected FeedbackStore newStore(CallIndex calls) {
    return JdbcStore.builder(ds).build().feedbackStore(calls);
  }

  @Override
  protected FeedbackStore reopen(CallIndex calls) {
    return newStore(calls);
  }

  @Test
  void callIndex_ofTheAuditTrail_knowsAppendedCallsOnly() {
    JdbcStore store = JdbcStore.builder(ds).build();
    AuditRecord r;
    try (JdbcAuditSink sink = store.auditSink().build()) {
      r = sink.append(StoreFixtures.record("cardiology"));
    }
    FeedbackStore feedback = track(store.feedbackStore(store.callIndex()));

    SubmitResult known = feedback.submit(Feedback.builder(r.callId(), Verdict.CORRECT).clinician("u-1", "nurse")
        .submittedAt(r.time().plusSeconds(60)).build());
    SubmitResult unknown = feedback.submit(Feedback.builder(UUID.randomUUID(), Verdict.CORRECT)
        .clinician("u-1", "nurse").submittedAt(r.time()).build());

    assertThat(known).isInstanceOf(SubmitResult.Accepted.class);
    assertThat(((SubmitResult.Accepted) known).feedback().timeToRespond()).hasSeconds(60);
    assertThat(unknown).isInstanceOf(SubmitResult.UnknownCall.class);
  }

  @Test
  void callIndex_ofTheAuditTrail_refusesShadowAndEventIds() {
    JdbcStore store = JdbcStore.builder(ds).build();
    AuditRecord call;
    AuditRecord shadow;
    AuditRecord shares;
    try (JdbcAuditSink sink = store.auditSink().build()) {
      call = sink.append(StoreFixtures.record("cardiology"));
      // As the route stage writes a shadow: an event whose callId is the shadow's own id.
      shadow = sink.append(StoreFixtures.record("cardiology").toBuilder().outcome(AuditRecord.EVENT_OUTCOME)
          .outcomeDetail("route.shadow")
          .route(new dev.hai.core.audit.AuditRoute("summary", "s1", "shadow", null, null, call.callId()))
          .event(new dev.hai.core.audit.AuditEvent("route.shadow", "summary/s1", null, "success")).build());
      shares = sink.append(AuditRecord.ofEvent(new dev.hai.core.audit.AuditEvent("route.shares", "summary", "0",
          "1000"), "*", "u-ml-lead", "rollout", "start", java.time.Clock.systemUTC()));
    }
    FeedbackStore feedback = track(store.feedbackStore(store.callIndex()));

    for (UUID refused : java.util.List.of(shadow.callId(), shadow.id(), shares.callId(), shares.id(), call.id())) {
      assertThat(feedback.submit(Feedback.builder(refused, Verdict.CORRECT).clinician("u-1", "nurse")
          .submittedAt(java.time.Instant.now()).build())).as(refused.toString())
          .isInstanceOf(SubmitResult.UnknownCall.class);
    }
    assertThat(feedback.submit(Feedback.builder(call.callId(), Verdict.CORRECT).clinician("u-1", "nurse")
        .submittedAt(java.time.Instant.now()).build())).isInstanceOf(SubmitResult.Accepted.class);
  }

  @Test
  void redactingStore_storesNoIdentifier() throws Exception {
    UUID call = knownCall(T0);
    FeedbackStore feedback = track(JdbcStore.builder(ds).build().feedbackStore(calls, PhiRedactor.defaults()));

    feedback.submit(Feedback.builder(call, Verdict.INCORRECT).category(FeedbackCategory.UNSAFE)
        .correction("Patient phone 555-867-5309 was wrong.").clinician("u-1", "nurse").submittedAt(T0).build());

    assertThat(StoreFixtures.column(ds, "SELECT correction FROM hai_feedback")).singleElement().asString()
        .doesNotContain("867").contains("[PHONE]");
  }

  @Test
  void twoStoresOnOnePool_duplicateAcrossThem() {
    UUID call = knownCall(T0);
    FeedbackStore a = track(newStore(calls));
    FeedbackStore b = track(newStore(calls));
    a.submit(incorrect(call, T0.plusSeconds(1)));

    assertThat(b.submit(incorrect(call, T0.plusSeconds(2)))).isInstanceOf(SubmitResult.Duplicate.class);
  }
}
