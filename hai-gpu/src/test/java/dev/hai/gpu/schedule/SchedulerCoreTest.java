package dev.hai.gpu.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.ClinicalPriority;
import dev.hai.gpu.schedule.SchedulerCore.State;
import dev.hai.gpu.schedule.SchedulerCore.Ticket;
import dev.hai.gpu.schedule.SchedulerEvent.RefusalReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduling policy, piece by piece, in virtual time (nanoseconds). */
class SchedulerCoreTest {
  static final long S = 1_000_000_000L;
  static final long BOUND = 20 * S;
  static final long LONG = 3600 * S;

  private static SchedulerCore core(int capacity, long initialService) {
    return new SchedulerCore(capacity, 100, BOUND, initialService, 0.5, 1, ClinicalPriority.DEFAULT);
  }

  private static Ticket submit(SchedulerCore core, ClinicalPriority p, String tenant, long now, long timeout) {
    Ticket t = core.newTicket(p, tenant, "m", now, now + timeout);
    core.submit(t, now);
    return t;
  }

  /* --- capacity --- */

  @Test
  void submit_slotFree_startsAtOnce_thenQueuesBeyondCapacity() {
    SchedulerCore core = core(2, S);

    Ticket a = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    Ticket b = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    Ticket c = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);

    assertThat(List.of(a.state, b.state, c.state)).containsExactly(State.RUNNING, State.RUNNING, State.QUEUED);
    assertThat(core.inFlight()).isEqualTo(2);
    assertThat(core.finish(a, S, true)).containsExactly(c);
    assertThat(c.queueWait()).isEqualTo(S);
  }

  /* --- priority --- */

  @Test
  void finish_startsTheMostUrgentClassFirst() {
    SchedulerCore core = core(1, S);
    Ticket running = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    Ticket admin = submit(core, ClinicalPriority.ADMINISTRATIVE, "t", 0, LONG);
    Ticket emergency = submit(core, ClinicalPriority.EMERGENCY, "t", 1, LONG);
    Ticket insurance = submit(core, ClinicalPriority.INSURANCE, "t", 2, LONG);

    List<Ticket> order = new ArrayList<>();
    Ticket current = running;
    for (long now = S; order.size() < 3; now += S) {
      current = core.finish(current, now, true).get(0);
      order.add(current);
    }

    assertThat(order).containsExactly(emergency, insurance, admin);
  }

  /* --- fair share --- */

  @Test
  void finish_tenantsOfOneClassTakeTurns() {
    SchedulerCore core = core(1, S);
    Ticket running = submit(core, ClinicalPriority.DOCUMENTATION, "a", 0, LONG);
    Ticket a1 = submit(core, ClinicalPriority.DOCUMENTATION, "a", 1, LONG);
    Ticket a2 = submit(core, ClinicalPriority.DOCUMENTATION, "a", 2, LONG);
    Ticket a3 = submit(core, ClinicalPriority.DOCUMENTATION, "a", 3, LONG);
    Ticket b1 = submit(core, ClinicalPriority.DOCUMENTATION, "b", 4, LONG);
    Ticket b2 = submit(core, ClinicalPriority.DOCUMENTATION, "b", 5, LONG);

    List<Ticket> order = new ArrayList<>();
    Ticket current = running;
    for (long now = S; order.size() < 5; now += S) {
      current = core.finish(current, now, true).get(0);
      order.add(current);
    }

    assertThat(order).containsExactly(a1, b1, a2, b2, a3);
  }

  /* --- aging --- */

  @Test
  void pick_callWaitingTheAgingBound_outranksAFreshEmergency() {
    SchedulerCore core = core(1, S);
    Ticket running = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    Ticket admin = submit(core, ClinicalPriority.ADMINISTRATIVE, "t", 0, LONG);
    Ticket emergency = submit(core, ClinicalPriority.EMERGENCY, "t", BOUND - 1, LONG);

    assertThat(core.finish(running, BOUND, true)).containsExactly(admin);
    assertThat(emergency.state).isEqualTo(State.QUEUED);
  }

  @Test
  void pick_callWaitingHalfTheAgingBound_staysBehindAFreshEmergency() {
    SchedulerCore core = core(1, S);
    Ticket running = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    submit(core, ClinicalPriority.ADMINISTRATIVE, "t", 0, LONG);
    Ticket emergency = submit(core, ClinicalPriority.EMERGENCY, "t", BOUND / 2, LONG);

    assertThat(core.finish(running, BOUND / 2, true)).containsExactly(emergency);
  }

  @Test
  void pick_oneCallOfAFarHigherClassLongGone_doesNotSpeedUpAgingForGood() {
    SchedulerCore core = core(1, S);
    // Any caller may name a class up to level 1000: one such call, answered at once and gone.
    Ticket vip = submit(core, ClinicalPriority.of("VIP", 1000), "t", 0, LONG);
    core.finish(vip, S, true);
    Ticket running = submit(core, ClinicalPriority.DOCUMENTATION, "t", S, LONG);
    submit(core, ClinicalPriority.ADMINISTRATIVE, "t", S, LONG);
    Ticket emergency = submit(core, ClinicalPriority.EMERGENCY, "t", S + BOUND / 2, LONG);

    // Half the aging bound gains an eighth of the span: 50 / 8 with the built-in classes, not 950 / 8.
    assertThat(core.finish(running, S + BOUND / 2, true)).containsExactly(emergency);
  }

  @Test
  void pick_shadowWaitingFarPastTheAgingBound_neverGoesBeforeAClinicalCall() {
    SchedulerCore core = core(1, S);
    Ticket running = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    Ticket shadow = submit(core, ClinicalPriority.SHADOW, "t", 0, LONG);
    Ticket admin = submit(core, ClinicalPriority.ADMINISTRATIVE, "t", 3 * BOUND, LONG);

    assertThat(core.finish(running, 3 * BOUND, true)).containsExactly(admin);
    assertThat(core.finish(admin, 3 * BOUND + S, true)).containsExactly(shadow);
  }

  @Test
  void pick_waitingShadows_doNotSpeedUpTheAgingOfClinicalCalls() {
    SchedulerCore core = core(1, S);
    Ticket running = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    submit(core, ClinicalPriority.SHADOW, "t", 0, LONG);
    Ticket admin = submit(core, ClinicalPriority.ADMINISTRATIVE, "t", 0, LONG);
    Ticket emergency = submit(core, ClinicalPriority.EMERGENCY, "t", BOUND * 9 / 10, LONG);

    // At 0.9 of the bound ADMINISTRATIVE has gained 0.729 of the span: 36 over 50 levels, not 73
    // over 100 (which would pass EMERGENCY's 100 with 50 + 73 = 123).
    assertThat(core.finish(running, BOUND * 9 / 10, true)).containsExactly(emergency);
    assertThat(core.finish(emergency, BOUND * 9 / 10 + S, true)).containsExactly(admin);
  }

  @Test
  void pick_callPastTheAgingBound_goesBeforeTheOtherTenantsTurns() {
    SchedulerCore core = core(1, S);
    Ticket running = submit(core, ClinicalPriority.DOCUMENTATION, "x", 0, LONG);
    Ticket a0 = submit(core, ClinicalPriority.DOCUMENTATION, "a", 0, LONG);
    Ticket a1 = submit(core, ClinicalPriority.DOCUMENTATION, "a", 0, LONG);
    for (String tenant : List.of("b", "c", "d", "e", "f")) {
      submit(core, ClinicalPriority.DOCUMENTATION, tenant, BOUND, LONG);
    }
    assertThat(core.finish(running, BOUND, true)).containsExactly(a0); // tenant a's turn; b goes next

    // a1 has waited past the aging bound: it goes now, not after five younger calls of b to f.
    assertThat(core.finish(a0, BOUND + S, true)).containsExactly(a1);
  }

  /* --- admission --- */

  @Test
  void submit_expectedWaitPastDeadline_refusedAtOnce() {
    SchedulerCore core = core(1, 2 * S);
    submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG); // running
    submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG); // queued: waits about 2 s

    // ahead: 1 queued + 1 running -> about 4 s of waiting, + 2 s service > 5 s
    Ticket late = submit(core, ClinicalPriority.DOCUMENTATION, "u", 0, 5 * S);
    Ticket fits = submit(core, ClinicalPriority.DOCUMENTATION, "v", 0, 7 * S);

    assertThat(late.state).isEqualTo(State.REFUSED);
    assertThat(late.refusal).isEqualTo(RefusalReason.DEADLINE);
    assertThat(late.ended).isEqualTo(late.submitted);
    assertThat(late.expectedWait).isEqualTo(4 * S);
    assertThat(fits.state).isEqualTo(State.QUEUED);
  }

  @Test
  void submit_moreUrgentClass_isNotHeldBackByLessUrgentQueue() {
    SchedulerCore core = core(1, 2 * S);
    submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    for (int i = 0; i < 5; i++) {
      submit(core, ClinicalPriority.DOCUMENTATION, "t" + i, 0, LONG);
    }

    // only the running call is ahead of an emergency: 2 s wait + 2 s service fit 5 s
    Ticket emergency = submit(core, ClinicalPriority.EMERGENCY, "ed", 0, 5 * S);

    assertThat(emergency.state).isEqualTo(State.QUEUED);
    assertThat(emergency.expectedWait).isEqualTo(2 * S);
  }

  @Test
  void submit_queueFull_refused() {
    SchedulerCore core = new SchedulerCore(1, 1, BOUND, 0, 0.5, 1, ClinicalPriority.DEFAULT);
    submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);

    Ticket third = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);

    assertThat(third.refusal).isEqualTo(RefusalReason.QUEUE_FULL);
  }

  @Test
  void expireDue_removesCallsThatCanNoLongerFinishInTime() {
    SchedulerCore core = core(1, 2 * S);
    submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    Ticket queued = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, 5 * S);

    assertThat(core.expireDue(3 * S - 1)).isEmpty();
    assertThat(core.expireDue(3 * S)).containsExactly(queued); // 3 s + 2 s service = its deadline
    assertThat(queued.state).isEqualTo(State.EXPIRED);
    assertThat(queued.ended).isLessThan(queued.deadline);
    assertThat(core.queued()).isZero();
  }

  @Test
  void finish_estimateRises_theFreedSlotGoesToACallThatCanStillFinish() {
    SchedulerCore core = core(1, 0); // no estimate before the first run
    Ticket running = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    Ticket tight = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, 3 * S);
    Ticket roomy = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    List<Ticket> expired = new ArrayList<>();

    // The first run took 2 s: the tight call, started at 2 s, would end at 4 s, past its 3 s.
    List<Ticket> started = core.finish(running, 2 * S, true, expired);

    assertThat(started).containsExactly(roomy);
    assertThat(expired).containsExactly(tight);
    assertThat(tight.state).isEqualTo(State.EXPIRED);
    assertThat(core.queued()).isZero();
  }

  @Test
  void close_expiresQueuedAndRefusesNew() {
    SchedulerCore core = core(1, S);
    Ticket running = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    Ticket queued = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);

    assertThat(core.close(S)).containsExactly(queued);
    Ticket late = submit(core, ClinicalPriority.EMERGENCY, "t", S, LONG);

    assertThat(queued.state).isEqualTo(State.EXPIRED);
    assertThat(late.refusal).isEqualTo(RefusalReason.CLOSED);
    assertThat(running.state).isEqualTo(State.RUNNING);
    assertThat(core.finish(running, 2 * S, true)).isEmpty();
  }

  /* --- service time --- */

  @Test
  void serviceEstimate_isAnEwmaOfObservedRunsPerModel() {
    SchedulerCore core = core(1, 7 * S); // smoothing 0.5
    Ticket a = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    core.finish(a, S, true);
    Ticket b = submit(core, ClinicalPriority.DOCUMENTATION, "t", S, LONG);
    core.finish(b, 4 * S, true);
    Ticket failed = submit(core, ClinicalPriority.DOCUMENTATION, "t", 4 * S, LONG);
    core.finish(failed, 100 * S, false); // failures are not observations

    assertThat(core.serviceEstimate("m")).isEqualTo(2 * S); // 1 s, then 1 + 0.5 x (3 - 1)
    assertThat(core.serviceEstimate("other")).isEqualTo(7 * S);
  }

  /* --- GPU share --- */

  @Test
  void finish_callRunningWithThreeOthers_isChargedAQuarterOfItsTime() {
    SchedulerCore core = core(4, S);
    Ticket mine = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    List<Ticket> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      others.add(submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG));
    }

    core.finish(mine, 2 * S, true);

    assertThat(mine.gpuNanos).isEqualTo(S / 2);
  }

  @Test
  void finish_sharesOfOverlappingCalls_sumToTheBusyTime() {
    SchedulerCore core = new SchedulerCore(3, 100, BOUND, S, 0.5, 2, ClinicalPriority.DEFAULT); // 2 GPUs
    Ticket a = submit(core, ClinicalPriority.DOCUMENTATION, "t", 0, LONG);
    Ticket b = submit(core, ClinicalPriority.DOCUMENTATION, "t", S, LONG);
    core.finish(a, 3 * S, true);
    Ticket c = submit(core, ClinicalPriority.DOCUMENTATION, "t", 4 * S, LONG);
    core.finish(b, 5 * S, true);
    core.finish(c, 6 * S, true);
    Ticket d = submit(core, ClinicalPriority.DOCUMENTATION, "t", 8 * S, LONG); // after an idle gap
    core.finish(d, 9 * S, true);

    // busy 0-6 s and 8-9 s: 7 s x 2 GPUs
    assertThat(core.busyGpuNanos()).isEqualTo(14 * S);
    assertThat(a.gpuNanos + b.gpuNanos + c.gpuNanos + d.gpuNanos).isEqualTo(14 * S);
    assertThat(a.gpuNanos).isEqualTo(2 * (S + S)); // 1 s alone + 2 s shared by two, x 2 GPUs
  }
}
