package dev.hai.gpu.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.ClinicalPriority;
import dev.hai.gpu.schedule.SchedulerCore.State;
import dev.hai.gpu.schedule.SchedulerCore.Ticket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's policy under saturation, in one deterministic discrete-event simulation in
 * virtual time: Poisson arrivals of six priority classes (two tenants in one of them) at 1.5 times
 * what a simulated GPU server can serve. The server's capacity model: {@value #CAPACITY} batch
 * slots, and a call's service time grows with the batch it joins (1 s alone, +15% per other call
 * running), so throughput is about {@value #CAPACITY} / 1.45 calls per second when full. Every
 * property is measured as a ratio in this one run.
 */
class SchedulerSaturationTest {
  static final int CAPACITY = 4;
  static final long SECOND = 1_000_000_000L;
  static final long BASE_SERVICE = SECOND;
  static final double PER_EXTRA_OCCUPANT = 0.15;
  static final long AGING_BOUND = 20 * SECOND;
  static final double OFFERED_PER_SECOND = 1.5 * CAPACITY / (1 + PER_EXTRA_OCCUPANT * (CAPACITY - 1));
  static final long RUN = 2 * 3600 * SECOND;
  static final long LONGEST_SERVICE = (long) (BASE_SERVICE * (1 + PER_EXTRA_OCCUPANT * (CAPACITY - 1)));

  /** A stream of arrivals: class, tenant, share of the offered load, time allowed. */
  record Source(ClinicalPriority priority, String tenant, double share, long timeout) {}

  static final List<Source> SOURCES = List.of(
      new Source(ClinicalPriority.EMERGENCY, "ed", 0.10, 10 * SECOND),
      new Source(ClinicalPriority.CRITICAL_CARE, "icu", 0.05, 15 * SECOND),
      new Source(ClinicalPriority.DECISION_SUPPORT, "cardiology", 0.10, 30 * SECOND),
      new Source(ClinicalPriority.DOCUMENTATION, "tenant-a", 0.42, 90 * SECOND),
      new Source(ClinicalPriority.DOCUMENTATION, "tenant-b", 0.28, 90 * SECOND),
      new Source(ClinicalPriority.INSURANCE, "billing", 0.02, 90 * SECOND),
      new Source(ClinicalPriority.ADMINISTRATIVE, "admin", 0.03, 90 * SECOND));

  static final Map<String, List<Long>> waitsByClass = new HashMap<>();
  static final Map<String, Integer> servedByTenant = new HashMap<>();
  static final List<Ticket> all = new ArrayList<>();
  static long busyGpuNanos;
  static long sumOfShares;

  /** One simulated event: an arrival, a completion, or a queued call's last start time. */
  record Event(long time, int kind, Ticket ticket, int source) {
    static final int ARRIVAL = 0;
    static final int COMPLETION = 1;
    static final int CHECK = 2;
  }

  @BeforeAll
  static void simulate() {
    Random random = new Random(20261126L);
    SchedulerCore core = new SchedulerCore(CAPACITY, 10_000, AGING_BOUND, BASE_SERVICE, 0.2, 1,
        ClinicalPriority.DEFAULT);
    PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.time != b.time
        ? Long.compare(a.time, b.time) : Integer.compare(b.kind, a.kind)); // completions before arrivals
    for (int i = 0; i < SOURCES.size(); i++) {
      events.add(new Event(nextArrival(random, 0, SOURCES.get(i)), Event.ARRIVAL, null, i));
    }
    while (!events.isEmpty()) {
      Event e = events.poll();
      long now = e.time;
      switch (e.kind) {
        case Event.ARRIVAL -> {
          Source s = SOURCES.get(e.source);
          if (now < RUN) {
            events.add(new Event(nextArrival(random, now, s), Event.ARRIVAL, null, e.source));
            Ticket t = core.newTicket(s.priority, s.tenant, "model", now, now + s.timeout);
            all.add(t);
            core.submit(t, now);
            if (t.state == State.RUNNING) {
              events.add(completion(t, core, now));
            } else if (t.state == State.QUEUED) {
              events.add(new Event(core.latestStart(t), Event.CHECK, t, -1));
            }
          }
        }
        case Event.COMPLETION -> {
          for (Ticket started : core.finish(e.ticket, now, true)) {
            events.add(completion(started, core, now));
          }
        }
        default -> {
          Ticket t = e.ticket;
          if (t.state == State.QUEUED) {
            long latest = core.latestStart(t);
            if (now >= latest) {
              core.expire(t, now);
            } else {
              events.add(new Event(latest, Event.CHECK, t, -1)); // the estimate moved
            }
          }
        }
      }
    }
    for (Ticket t : all) {
      if (t.state == State.DONE) {
        waitsByClass.computeIfAbsent(t.priority.name(), k -> new ArrayList<>()).add(t.queueWait());
        servedByTenant.merge(t.tenant, 1, Integer::sum);
        sumOfShares += t.gpuNanos;
      }
    }
    busyGpuNanos = core.busyGpuNanos();
  }

  private static long nextArrival(Random random, long now, Source s) {
    double rate = OFFERED_PER_SECOND * s.share; // per second
    return now + (long) (-Math.log(1 - random.nextDouble()) / rate * SECOND);
  }

  /** Service time grows with the batch the call joins. */
  private static Event completion(Ticket t, SchedulerCore core, long now) {
    long service = (long) (BASE_SERVICE * (1 + PER_EXTRA_OCCUPANT * (core.inFlight() - 1)));
    return new Event(now + service, Event.COMPLETION, t, -1);
  }

  private static long p99(String priority) {
    List<Long> waits = new ArrayList<>(waitsByClass.get(priority));
    waits.sort(null);
    return waits.get((int) Math.ceil(0.99 * waits.size()) - 1);
  }

  private static long count(State state) {
    return all.stream().filter(t -> t.state == state).count();
  }

  @Test
  void saturation_isReal() {
    // given the offered load of 1.5 x capacity, then some calls must be turned away
    assertThat(count(State.REFUSED) + count(State.EXPIRED)).isGreaterThan(all.size() / 20);
    assertThat(count(State.DONE)).isGreaterThan(all.size() / 2);
  }

  @Test
  void emergencyP99Wait_isUnderATenthOfAdministrative() {
    long emergency = p99("EMERGENCY");
    long administrative = p99("ADMINISTRATIVE");
    waitsByClass.forEach((k, v) -> System.out.printf("%s: %d served%n", k, v.size()));
    System.out.printf("p99 wait: emergency %.3f s, administrative %.3f s (ratio %.4f)%n",
        emergency / 1e9, administrative / 1e9, (double) emergency / administrative);
    assertThat(administrative).isGreaterThan(AGING_BOUND / 2); // it really was saturated
    assertThat((double) emergency / administrative).isLessThan(0.1);
  }

  /**
   * A call that has waited the aging bound outranks every fresh call, so it takes the next slot
   * that frees: the documented bound is the aging bound plus one service time.
   */
  @Test
  void noCallWaits_longerThanTheAgingBoundPlusOneServiceTime() {
    long max = waitsByClass.values().stream().flatMap(List::stream).mapToLong(Long::longValue).max().orElseThrow();
    long bound = AGING_BOUND + LONGEST_SERVICE;
    System.out.printf("longest wait %.3f s, aging bound %.0f s + one service %.2f s (ratio %.3f)%n", max / 1e9,
        AGING_BOUND / 1e9, LONGEST_SERVICE / 1e9, (double) max / bound);
    assertThat((double) max / bound).isLessThanOrEqualTo(1.0);
    // and the lowest classes were served, not shut out
    assertThat(waitsByClass.get("ADMINISTRATIVE").size()).isGreaterThan(100);
    assertThat(waitsByClass.get("INSURANCE").size()).isGreaterThan(100);
  }

  @Test
  void deadlineRefusals_happenAtAdmission() {
    long refused = count(State.REFUSED);
    long expired = count(State.EXPIRED);
    System.out.printf("refused at admission %d, expired after queueing %d, of %d calls%n", refused, expired, all.size());
    assertThat(all.stream().filter(t -> t.state == State.REFUSED)).allMatch(t -> t.ended == t.submitted);
    assertThat((double) expired / (refused + expired)).isLessThan(0.05);
    // and no admitted call ran past its deadline by the estimate it was admitted on
    assertThat(all.stream().filter(t -> t.state == State.EXPIRED)).allMatch(t -> t.ended < t.deadline);
  }

  @Test
  void fairShare_betweenTwoTenantsOfOneClass_holdsTo10Percent() {
    int a = servedByTenant.get("tenant-a");
    int b = servedByTenant.get("tenant-b");
    System.out.printf("documentation served: tenant-a %d, tenant-b %d (offered 3:2)%n", a, b);
    assertThat((double) Math.abs(a - b) / Math.max(a, b)).isLessThan(0.10);
  }

  @Test
  void gpuShares_sumToTheBusyTime() {
    assertThat(busyGpuNanos).isPositive();
    assertThat((double) Math.abs(sumOfShares - busyGpuNanos) / busyGpuNanos).isLessThan(1e-6);
  }
}
