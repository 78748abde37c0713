package dev.hai.gpu.schedule;

import dev.hai.core.ClinicalPriority;
import dev.hai.gpu.schedule.SchedulerEvent.RefusalReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes.
 *
 * The scheduling policy, as a deterministic state machine in caller-supplied time (nanoseconds),
 * so that GpuScheduler (threads, locks, the backend) and the saturation tests (a discrete-event
 * simulation in virtual time) run the very same decisions. Not thread-safe: GpuScheduler calls it
 * under its lock.
 *
 * Order. Each priority class keeps its waiting tickets in arrival order (for aging) and per tenant
 * (for fair share). A class's urgency is the effective priority of its oldest ticket:
 *   eff = level + span * (wait / agingBound)^3,
 * where span is the distance between the lowest and the highest level the scheduler knows (the
 * built-in classes, its default and the classes waiting now; not every class ever seen, which one
 * call of a far higher class would widen for good). So a ticket that has waited agingBound
 * outranks a fresh ticket of every class. The cube keeps young waits from mattering (half the bound
 * gains an eighth of the span) so that under load the urgent classes are not held up by calls that
 * have waited a little; the rise is steep near the bound. The class with the highest eff (ties:
 * the older oldest ticket) gets the next free slot; inside it, the tenants take turns (round-robin
 * over tenants with waiting tickets), except that its oldest ticket goes first once it has waited
 * agingBound: else it would also wait for a turn of every other tenant of its class.
 *
 * Admission. Expected wait = (tickets that would be served first + in flight - capacity + 1)
 * completions, each serviceEstimate / capacity apart; "served first" is every queued ticket of a
 * more urgent class, the tickets of its own class that come before it in the tenants' turns, and
 * every ticket of a less urgent class whose eff now is at least the new ticket's level. The wait
 * is divided by the share of the device that more urgent classes leave free (their recent arrival
 * rates, decaying over the aging bound, times the service estimate). A ticket whose expected wait
 * plus its service estimate passes its deadline is refused at once, and so is one expected to wait
 * beyond half the wait at which it would outrank a fresh call of the most urgent class (estimates
 * err; a call held past that point holds up the urgent ones). Except: a ticket whose class holds
 * nothing of its tenant is admitted whenever the aging bound plus its service estimate fits its
 * deadline, since aging starts it within about that bound; so no class or tenant is shut out
 * however busy the device is. A queued ticket is expired (removed, failed)
 * once now + serviceEstimate passes its deadline: it could no longer finish in time.
 *
 * GPU share. S is the integral over time of 1 / inFlight while inFlight > 0; a ticket's share is
 * S(end) - S(start), so the shares of all tickets sum to the time with at least one in flight.
 */
/** The scheduling policy of {@link GpuScheduler}, in caller-supplied nanoseconds. */
final class SchedulerCore {

  /** One request, from submission to its end. */
  static final class Ticket {
    final ClinicalPriority priority;
    final String tenant;
    final String model;
    final long submitted;
    final long deadline;
    final long seq;
    State state = State.NEW;
    long started;
    long ended;
    double shareAtStart;
    long gpuNanos;
    long expectedWait;
    @Nullable RefusalReason refusal;

    Ticket(ClinicalPriority priority, String tenant, String model, long submitted, long deadline, long seq) {
      this.priority = priority;
      this.tenant = tenant;
      this.model = model;
      this.submitted = submitted;
      this.deadline = deadline;
      this.seq = seq;
    }

    long queueWait() {
      return (state == State.RUNNING || state == State.DONE ? started : ended) - submitted;
    }
  }

  enum State {
    NEW,
    QUEUED,
    RUNNING,
    DONE,
    REFUSED,
    EXPIRED
  }

  /** A class's waiting tickets. */
  private static final class ClassQueue {
    final ClinicalPriority priority;
    final LinkedHashSet<Ticket> byArrival = new LinkedHashSet<>();
    final LinkedHashMap<String, ArrayDeque<Ticket>> byTenant = new LinkedHashMap<>();
    /** Tenants with waiting tickets, in turn order; the head goes next. */
    final ArrayDeque<String> turns = new ArrayDeque<>();

    ClassQueue(ClinicalPriority priority) {
      this.priority = priority;
    }

    void add(Ticket t) {
      byArrival.add(t);
      ArrayDeque<Ticket> q = byTenant.computeIfAbsent(t.tenant, k -> new ArrayDeque<>());
      if (q.isEmpty()) {
        turns.addLast(t.tenant);
      }
      q.addLast(t);
    }

    void remove(Ticket t) {
      byArrival.remove(t);
      ArrayDeque<Ticket> q = byTenant.get(t.tenant);
      q.remove(t);
      if (q.isEmpty()) {
        byTenant.remove(t.tenant);
        turns.remove(t.tenant);
      }
    }

    Ticket oldest() {
      return byArrival.iterator().next();
    }

    boolean isEmpty() {
      return byArrival.isEmpty();
    }
  }

  private final int capacity;
  private final int maxQueued;
  private final long agingBound;
  private final long initialServiceNanos;
  private final double smoothing;
  private final int gpus;
  /** By level, the most urgent last. */
  private final TreeMap<ClinicalPriority, ClassQueue> classes = new TreeMap<>();
  private final Map<String, Double> serviceEwma = new HashMap<>();
  /** Admitted arrivals per class, decaying over the aging bound. */
  private final TreeMap<ClinicalPriority, Rate> rates = new TreeMap<>();
  /** Below this free share of the device, a less urgent call is not expected to start at all. */
  private static final double MIN_FREE = 0.02;
  /**
   * The share of its outranking wait a call may be expected to wait: estimates err (arrivals are
   * bursty), and a call admitted at its limit that waits longer than expected holds up the urgent.
   */
  private static final double ADMISSION_MARGIN = 0.5;
  /** The lowest and highest level of the built-in classes and the default. */
  private final int baseMinLevel;
  private final int baseMaxLevel;
  private int queued;
  private int inFlight;
  private long seq;
  private boolean closed;
  // GPU share bookkeeping
  private double share;
  private long lastEvent;
  private boolean clockStarted;
  private long busyNanos;

  SchedulerCore(int capacity, int maxQueued, long agingBoundNanos, long initialServiceNanos, double smoothing,
      int gpus, ClinicalPriority defaultPriority) {
    this.capacity = capacity;
    this.maxQueued = maxQueued;
    this.agingBound = agingBoundNanos;
    this.initialServiceNanos = initialServiceNanos;
    this.smoothing = smoothing;
    this.gpus = gpus;
    this.baseMinLevel = Math.min(ClinicalPriority.ADMINISTRATIVE.level(), defaultPriority.level());
    this.baseMaxLevel = Math.max(ClinicalPriority.EMERGENCY.level(), defaultPriority.level());
  }

  Ticket newTicket(ClinicalPriority priority, String tenant, String model, long now, long deadline) {
    return new Ticket(priority, tenant, model, now, deadline, seq++);
  }

  /**
   * Admits {@code t} now (state RUNNING), queues it (QUEUED) or refuses it (REFUSED, with {@link
   * Ticket#refusal} and {@link Ticket#expectedWait} set).
   */
  void submit(Ticket t, long now) {
    if (closed) {
      refuse(t, now, RefusalReason.CLOSED, 0);
      return;
    }
    if (queued == 0 && inFlight < capacity) {
      arrived(t.priority, now);
      start(t, now);
      return;
    }
    long service = serviceEstimate(t.model);
    long ahead = ahead(t, now);
    long completions = ahead + inFlight - capacity + 1;
    // More urgent calls that arrive while it waits go first: only the rest of the device serves it.
    double free = 1 - urgentLoad(t.priority.level(), now, service);
    long wait = completions <= 0 ? 0
        : free <= MIN_FREE ? Long.MAX_VALUE : (long) ((double) completions * service / capacity / free);
    long allowed = t.deadline - now - service;
    if (wait > allowed || wait > waitLimit(t.priority.level())) {
      ClassQueue own = classes.get(t.priority);
      if (!background(t.priority) && (own == null || !own.byTenant.containsKey(t.tenant)) && agingBound <= allowed) {
        // Nothing of this class and tenant waits: aging starts it within about the aging bound,
        // so every class and tenant keeps moving however busy the device is.
        wait = agingBound;
      } else {
        refuse(t, now, wait > allowed ? RefusalReason.DEADLINE : RefusalReason.OVERLOADED, wait);
        return;
      }
    }
    if (queued >= maxQueued) {
      refuse(t, now, RefusalReason.QUEUE_FULL, wait);
      return;
    }
    arrived(t.priority, now);
    t.expectedWait = wait;
    t.state = State.QUEUED;
    classes.computeIfAbsent(t.priority, ClassQueue::new).add(t);
    queued++;
  }

  /** {@link #finish(Ticket, long, boolean, List)}, leaving the expired tickets in their state only. */
  List<Ticket> finish(Ticket t, long now, boolean observed) {
    return finish(t, now, observed, new ArrayList<>(0));
  }

  /**
   * Ends a running ticket; its GPU share is set. First removes (EXPIRED, added to {@code expired})
   * the queued tickets that can no longer finish in time, by the estimate this run may have raised,
   * then starts the tickets that get the slot and returns them (at most one).
   *
   * @param observed whether its run time is a service-time observation (false for failures)
   */
  List<Ticket> finish(Ticket t, long now, boolean observed, List<Ticket> expired) {
    advance(now);
    t.gpuNanos = (long) ((share - t.shareAtStart) * gpus);
    t.ended = now;
    t.state = State.DONE;
    inFlight--;
    if (observed) {
      observe(t.model, now - t.started);
    }
    expired.addAll(expireDue(now));
    return dispatch(now);
  }

  /** Removes a queued ticket that can no longer start in time (state EXPIRED); false if not queued. */
  boolean expire(Ticket t, long now) {
    if (t.state != State.QUEUED) {
      return false;
    }
    dequeue(t);
    t.state = State.EXPIRED;
    t.ended = now;
    return true;
  }

  private void dequeue(Ticket t) {
    ClassQueue c = classes.get(t.priority);
    c.remove(t);
    if (c.isEmpty()) {
      classes.remove(t.priority);
    }
    queued--;
  }

  /** Every queued ticket that could no longer finish before its deadline, removed (EXPIRED). */
  List<Ticket> expireDue(long now) {
    if (queued == 0) {
      return List.of();
    }
    List<Ticket> out = new ArrayList<>(0);
    for (ClassQueue c : new ArrayList<>(classes.values())) {
      for (Ticket t : new ArrayList<>(c.byArrival)) {
        if (now >= latestStart(t)) {
          expire(t, now);
          out.add(t);
        }
      }
    }
    return out;
  }

  /** The last instant at which {@code t} could start and still finish in time, by the estimate. */
  long latestStart(Ticket t) {
    return t.deadline - serviceEstimate(t.model);
  }

  /** Refuses new tickets from now on and returns the queued ones, removed (EXPIRED). */
  List<Ticket> close(long now) {
    closed = true;
    List<Ticket> out = new ArrayList<>();
    for (ClassQueue c : classes.values()) {
      out.addAll(c.byArrival);
    }
    for (Ticket t : out) {
      expire(t, now);
    }
    return out;
  }

  /** Starts queued tickets while slots are free; returns them. */
  List<Ticket> dispatch(long now) {
    List<Ticket> started = new ArrayList<>(1);
    while (inFlight < capacity && queued > 0) {
      Ticket next = pick(now);
      dequeue(next);
      start(next, now);
      started.add(next);
    }
    return started;
  }

  /** The ticket that gets the next free slot. */
  private Ticket pick(long now) {
    ClassQueue best = null;
    double bestEff = 0;
    long bestOldest = 0;
    for (ClassQueue c : classes.descendingMap().values()) {
      Ticket oldest = c.oldest();
      double eff = effective(oldest, now);
      if (best == null || eff > bestEff || (eff == bestEff && oldest.seq < bestOldest)) {
        best = c;
        bestEff = eff;
        bestOldest = oldest.seq;
      }
    }
    Ticket oldest = best.oldest();
    if (!background(oldest.priority) && now - oldest.submitted >= agingBound) {
      // Past the bound it goes now, not after a turn of every other tenant of its class; its
      // tenant's turn is then taken.
      best.turns.remove(oldest.tenant);
      best.turns.addLast(oldest.tenant);
      return oldest;
    }
    String tenant = best.turns.pollFirst();
    best.turns.addLast(tenant); // tenants take turns
    return best.byTenant.get(tenant).peekFirst();
  }

  /**
   * The levels aging spans: the built-in classes, the default, the classes waiting now and {@code
   * level} (a call being admitted). Not every class ever seen: one call of a far higher or lower
   * class, which any caller may name, would otherwise speed up aging for good and let calls that
   * have waited a little overtake the urgent ones.
   */
  private int minLevel(int level) {
    int min = level > ClinicalPriority.SHADOW.level() ? Math.min(baseMinLevel, level) : baseMinLevel;
    for (ClinicalPriority waiting : classes.keySet()) { // lowest first: stop at the first that ages
      if (!background(waiting)) {
        return Math.min(min, waiting.level());
      }
    }
    return min;
  }

  /**
   * Background work ({@link ClinicalPriority#SHADOW} and below: shadow calls of a route) never ages
   * and does not widen the span: it runs only when no clinical call waits, so a shadow can never
   * delay a clinical call however long it has waited; it leaves the queue at its own deadline.
   */
  static boolean background(ClinicalPriority priority) {
    return priority.level() <= ClinicalPriority.SHADOW.level();
  }

  /** See {@link #minLevel(int)}. */
  private int maxLevel(int level) {
    int max = Math.max(baseMaxLevel, level);
    return classes.isEmpty() ? max : Math.max(max, classes.lastKey().level());
  }

  private int span(int level) {
    return Math.max(1, maxLevel(level) - minLevel(level));
  }

  private double effective(Ticket t, long now) {
    if (background(t.priority)) {
      return t.priority.level();
    }
    int span = span(baseMaxLevel);
    double x = (double) (now - t.submitted) / agingBound;
    return t.priority.level() + span * x * x * x;
  }

  /** Queued tickets that would be served before a fresh ticket at {@code level}. */
  private long ahead(Ticket t, long now) {
    long n = 0;
    int level = t.priority.level();
    int span = span(level);
    for (ClassQueue c : classes.values()) {
      if (c.priority.equals(t.priority)) {
        // Tenants take turns: each other tenant goes once per turn of this one.
        ArrayDeque<Ticket> own = c.byTenant.get(t.tenant);
        int mine = own == null ? 0 : own.size();
        for (ArrayDeque<Ticket> q : c.byTenant.values()) {
          n += q == own ? mine : Math.min(q.size(), mine + 1);
        }
        continue;
      }
      if (c.priority.level() >= level) {
        n += c.byArrival.size();
        continue;
      }
      if (background(c.priority)) {
        continue; // never ages past anything
      }
      // A lower class's ticket is ahead once it has aged past the gap in levels.
      long agedAfter = (long) (Math.cbrt((double) (level - c.priority.level()) / span) * agingBound);
      Iterator<Ticket> it = c.byArrival.iterator();
      while (it.hasNext() && now - it.next().submitted >= agedAfter) {
        n++;
      }
    }
    return n;
  }

  /**
   * The longest expected wait a call of {@code level} is admitted with: the wait after which it
   * would outrank a fresh call of the most urgent class, so that admitted calls do not hold up the
   * urgent ones; the aging bound for the most urgent class itself.
   */
  private long waitLimit(int level) {
    int maxLevel = maxLevel(level);
    if (level >= maxLevel) {
      return (long) (ADMISSION_MARGIN * agingBound);
    }
    return (long) (ADMISSION_MARGIN * Math.cbrt((double) (maxLevel - level) / span(level)) * agingBound);
  }

  /** Notes an admitted call of {@code priority} in its class's decaying arrival rate. */
  private void arrived(ClinicalPriority priority, long now) {
    Rate r = rates.computeIfAbsent(priority, p -> new Rate());
    r.perNano = r.at(now, agingBound) + 1.0 / agingBound;
    r.last = now;
  }

  /** The share of the device that calls more urgent than {@code level} are taking lately. */
  private double urgentLoad(int level, long now, long service) {
    double load = 0;
    for (Map.Entry<ClinicalPriority, Rate> e : rates.entrySet()) {
      if (e.getKey().level() > level) {
        load += e.getValue().at(now, agingBound) * service / capacity;
      }
    }
    return load;
  }

  /** An arrival rate that forgets with time constant {@code tau}. */
  private static final class Rate {
    double perNano;
    long last;

    double at(long now, long tau) {
      return perNano * Math.exp(-(double) Math.max(0, now - last) / tau);
    }
  }

  private void start(Ticket t, long now) {
    advance(now);
    t.shareAtStart = share;
    t.started = now;
    t.state = State.RUNNING;
    inFlight++;
  }

  private void refuse(Ticket t, long now, RefusalReason reason, long expectedWait) {
    t.state = State.REFUSED;
    t.refusal = reason;
    t.expectedWait = expectedWait;
    t.ended = now;
  }

  private void advance(long now) {
    if (!clockStarted) {
      clockStarted = true;
      lastEvent = now;
      return;
    }
    long dt = Math.max(0, now - lastEvent);
    if (inFlight > 0) {
      share += (double) dt / inFlight;
      busyNanos += dt;
    }
    lastEvent = Math.max(lastEvent, now);
  }

  private void observe(String model, long nanos) {
    serviceEwma.merge(model, (double) nanos, (old, x) -> old + smoothing * (x - old));
  }

  /** The service-time estimate for {@code model}: the EWMA of observed runs, else the initial one. */
  long serviceEstimate(String model) {
    Double ewma = serviceEwma.get(model);
    return ewma == null ? initialServiceNanos : (long) (double) ewma;
  }

  int inFlight() {
    return inFlight;
  }

  int queued() {
    return queued;
  }

  boolean closed() {
    return closed;
  }

  /** Time with at least one ticket running, up to the last event, times the GPU count. */
  long busyGpuNanos() {
    return busyNanos * gpus;
  }

  /** Queued tickets per class, the most urgent first. */
  Map<ClinicalPriority, Integer> queuedByClass() {
    Map<ClinicalPriority, Integer> m = new LinkedHashMap<>();
    for (ClassQueue c : classes.descendingMap().values()) {
      m.put(c.priority, c.byArrival.size());
    }
    return m;
  }
}
