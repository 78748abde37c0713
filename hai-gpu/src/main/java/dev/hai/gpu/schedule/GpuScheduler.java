package dev.hai.gpu.schedule;

import dev.hai.core.ClinicalPriority;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.core.spi.SchedulingInfo;
import dev.hai.gpu.schedule.SchedulerCore.State;
import dev.hai.gpu.schedule.SchedulerCore.Ticket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules calls to a local backend (a GPU server or an in-process model) by clinical priority:
 * the result is itself a {@link ModelBackend}, to give the client in place of the local one.
 *
 * <ul>
 *   <li><b>Bounded in flight:</b> at most {@code capacity} calls run at once (the server's batch
 *       size); the others queue.
 *   <li><b>Priority:</b> the most urgent class goes first ({@link dev.hai.core.ClinicalRequest#priority()},
 *       else {@link Builder#defaultPriority}).
 *   <li><b>Aging:</b> a call's effective priority rises with its wait: level + span × (wait /
 *       {@code agingBound})³, where span is the distance between the lowest and highest level of
 *       the built-in classes, the default and the classes waiting now (levels 50 to 100 with the built-in
 *       classes alone; a class no longer waiting stops counting). A call that has waited {@code
 *       agingBound} outranks a fresh call of every class and takes the next slot that frees: no
 *       call waits longer than {@code agingBound} plus one service time (unless more calls than
 *       the capacity reach the bound together).
 *   <li><b>Fair share:</b> inside a class, tenants take turns (round-robin by call); a call that
 *       has waited {@code agingBound} goes before the turns, so the bound holds however many
 *       tenants share its class.
 *   <li><b>Deadline-aware admission:</b> the expected wait is the calls that would be served first
 *       (plus those running beyond capacity) × the service-time estimate (an EWMA of observed
 *       service times per model) / capacity, divided by the share of the device that more urgent
 *       classes leave free (from their recent arrival rates). A call whose expected wait plus
 *       service estimate would pass its deadline ({@link ModelCall#timeout()}) is refused at once
 *       with {@link FailureKind#CAPACITY}, and so is one expected to wait beyond half the wait at
 *       which it would outrank the most urgent class (the device is overloaded; admitting it would
 *       hold up urgent calls later). A class and tenant with nothing waiting is always admitted
 *       when the aging bound fits its deadline, so none is shut out. The client goes on to its fallback backend where the policy
 *       allows one. A queued call is removed and failed with {@code CAPACITY} as soon as it could
 *       no longer finish in time; none is left to time out in the queue.
 *   <li><b>GPU costing:</b> each call's share of the device (every instant of its run divided by
 *       the calls running then, times {@code gpus}) is returned in {@link SchedulingInfo#gpuTime()}
 *       and billed by the client at the backend's local compute price per hour.
 * </ul>
 *
 * <pre>{@code
 * ModelBackend gpu = GpuScheduler.builder(localServer)
 *     .capacity(8)                         // the server's batch slots
 *     .agingBound(Duration.ofSeconds(30))
 *     .listener(metrics)
 *     .build();
 * ClinicalModelClient client = ClinicalModelClient.builder()
 *     .backend(gpu)                        // tried first
 *     .backend(cloud)                      // the fallback, where policy allows it
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe; calls block the calling thread while queued. {@link #close()} fails queued calls
 * with {@code CAPACITY}, waits (at most {@code closeTimeout}) for running ones, then closes the
 * scheduled backend.
 */
public final class GpuScheduler implements ModelBackend {
  private static final Logger log = LoggerFactory.getLogger(GpuScheduler.class);

  /** The tenant of a call that names none. */
  public static final String NO_TENANT = "-";
  /** Default {@link Builder#capacity}: one call at a time. */
  public static final int DEFAULT_CAPACITY = 1;
  /** Default {@link Builder#maxQueued}. */
  public static final int DEFAULT_MAX_QUEUED = 1024;
  /** Default {@link Builder#agingBound}: 30 s. */
  public static final Duration DEFAULT_AGING_BOUND = Duration.ofSeconds(30);
  /** Default {@link Builder#initialServiceTime}: zero (learnt from the first calls). */
  public static final Duration DEFAULT_INITIAL_SERVICE_TIME = Duration.ZERO;
  /** Default {@link Builder#serviceTimeSmoothing}: each observation moves the estimate by 20%. */
  public static final double DEFAULT_SMOOTHING = 0.2;
  /** Default {@link Builder#closeTimeout}: 30 s. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final ModelBackend backend;
  private final BackendInfo info;
  private final ClinicalPriority defaultPriority;
  private final SchedulerListener listener;
  private final Duration closeTimeout;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when the last running call ends, for close(). */
  private final Condition idle = lock.newCondition();
  /** One condition per queued call, signalled when it starts or is removed. Guarded by lock. */
  private final Map<Ticket, Condition> waiting = new HashMap<>();
  /** Guarded by lock. */
  private final SchedulerCore core;
  private volatile boolean closed;

  private GpuScheduler(Builder b) {
    this.backend = b.backend;
    this.info = b.backend.info();
    this.defaultPriority = b.defaultPriority;
    this.listener = SchedulerListener.guarded(b.listener);
    this.closeTimeout = b.closeTimeout;
    this.capacity = b.capacity;
    this.core = new SchedulerCore(b.capacity, b.maxQueued, b.agingBound.toNanos(), b.initialServiceTime.toNanos(),
        b.smoothing, b.gpus, b.defaultPriority);
  }

  /** A builder for a scheduler in front of {@code backend}, which it owns (closes) from then on. */
  public static Builder builder(ModelBackend backend) {
    return new Builder(backend);
  }

  /** The scheduled backend's info: the scheduler takes its place under the same name. */
  @Override
  public BackendInfo info() {
    return info;
  }

  @Override
  public ModelResponse generate(ModelCall call) {
    ClinicalPriority priority = call.priority() != null ? call.priority() : defaultPriority;
    String tenant = call.tenant() != null ? call.tenant() : NO_TENANT;
    long now = System.nanoTime();
    long deadline = now + call.timeout().toNanos();
    List<SchedulerEvent> events = new ArrayList<>(2);
    Ticket t;
    lock.lock();
    try {
      t = core.newTicket(priority, tenant, call.model(), now, deadline);
      int queuedBefore = core.queued();
      core.submit(t, now);
      if (t.state == State.REFUSED) {
        events.add(new SchedulerEvent.Refused(info.name(), priority, tenant, t.refusal,
            Duration.ofNanos(t.expectedWait), queuedBefore));
      } else if (t.state == State.QUEUED) {
        await(t, events);
      }
      if (t.state == State.RUNNING) {
        events.add(new SchedulerEvent.Admitted(info.name(), priority, tenant, Duration.ofNanos(t.queueWait()),
            core.inFlight(), core.queued()));
      }
    } finally {
      lock.unlock();
    }
    emit(events);
    if (t.state == State.REFUSED) {
      throw refusal(t, "the GPU scheduler of backend '" + info.name() + "' refused the call at admission: "
          + describe(t));
    }
    if (t.state == State.EXPIRED) {
      throw refusal(t, core.closed()
          ? "the GPU scheduler of backend '" + info.name() + "' is closing"
          : "the call waited " + Duration.ofNanos(t.queueWait()).toMillis() + " ms in the GPU scheduler of backend '"
              + info.name() + "' and could no longer finish before its deadline");
    }
    return run(call, t);
  }

  /** Waits, under the lock, until {@code t} runs or is removed. */
  private void await(Ticket t, List<SchedulerEvent> events) {
    Condition turn = lock.newCondition();
    waiting.put(t, turn);
    try {
      while (t.state == State.QUEUED) {
        long left = core.latestStart(t) - System.nanoTime();
        if (left <= 0) {
          if (core.expire(t, System.nanoTime())) {
            events.add(new SchedulerEvent.Expired(info.name(), t.priority, t.tenant,
                Duration.ofNanos(t.queueWait()), false));
          }
          break;
        }
        try {
          turn.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          if (core.expire(t, System.nanoTime())) {
            events.add(new SchedulerEvent.Expired(info.name(), t.priority, t.tenant,
                Duration.ofNanos(t.queueWait()), false));
          }
          break;
        }
      }
    } finally {
      waiting.remove(t);
    }
  }

  private ModelResponse run(ModelCall call, Ticket t) {
    boolean ok = false;
    long waited = t.queueWait();
    BackendException failure = null;
    ModelResponse response = null;
    try {
      Duration left = call.timeout().minusNanos(waited);
      if (left.isZero() || left.isNegative()) {
        failure = BackendException.of(FailureKind.DEADLINE_EXCEEDED, "the call's deadline passed while it queued");
      } else {
        ModelCall admitted = waited == 0 ? call : new ModelCall(call.callId(), call.attempt(), call.model(),
            call.messages(), call.parameters(), left, call.idempotencyKey(), call.priority(), call.tenant());
        response = backend.generate(admitted);
        ok = true;
      }
    } catch (BackendException e) {
      failure = e;
    } catch (RuntimeException e) {
      // A backend that breaks its contract: not its message, which may quote the call.
      failure = BackendException.builder(FailureKind.UNAVAILABLE,
          "local backend '" + info.name() + "' threw " + e.getClass().getName()).cause(e).build();
    } finally {
      finish(t, ok);
    }
    SchedulingInfo scheduling = new SchedulingInfo(t.priority, SchedulingInfo.Admission.ADMITTED,
        Duration.ofNanos(waited), Duration.ofNanos(t.gpuNanos));
    if (failure != null) {
      throw failure.toBuilder().scheduling(scheduling).build();
    }
    return response.withScheduling(scheduling);
  }

  private void finish(Ticket t, boolean ok) {
    List<SchedulerEvent> events = new ArrayList<>(2);
    lock.lock();
    try {
      long now = System.nanoTime();
      // The run just observed may have raised the service estimate: waiters sleep until the latest
      // start they computed with the old one, so the ones that can no longer finish go now.
      List<Ticket> expired = new ArrayList<>(0);
      List<Ticket> started = core.finish(t, now, ok, expired);
      for (Ticket x : expired) {
        events.add(new SchedulerEvent.Expired(info.name(), x.priority, x.tenant, Duration.ofNanos(x.queueWait()), false));
        signal(x);
      }
      for (Ticket s : started) {
        signal(s);
      }
      if (core.inFlight() == 0) {
        idle.signalAll();
      }
      events.add(new SchedulerEvent.Completed(info.name(), t.priority, t.tenant, Duration.ofNanos(t.ended - t.started),
          Duration.ofNanos(t.gpuNanos), !ok));
    } finally {
      lock.unlock();
    }
    emit(events);
  }

  /** Wakes the thread of a queued ticket that started or was removed. Under the lock. */
  private void signal(Ticket t) {
    Condition c = waiting.get(t);
    if (c != null) {
      c.signal();
    }
  }

  private BackendException refusal(Ticket t, String message) {
    SchedulingInfo.Admission admission = t.state == State.REFUSED
        ? SchedulingInfo.Admission.REFUSED : SchedulingInfo.Admission.EXPIRED;
    return BackendException.builder(FailureKind.CAPACITY, message)
        .scheduling(new SchedulingInfo(t.priority, admission, Duration.ofNanos(t.queueWait()), null))
        .build();
  }

  private static String describe(Ticket t) {
    return switch (t.refusal) {
      case DEADLINE -> "expected wait " + Duration.ofNanos(t.expectedWait).toMillis()
          + " ms plus service time would pass its deadline";
      case OVERLOADED -> "expected wait " + Duration.ofNanos(t.expectedWait).toMillis()
          + " ms exceeds the aging bound";
      case QUEUE_FULL -> "the queue is full";
      case CLOSED -> "the scheduler is closed";
    };
  }

  @Override
  public void diverted(ModelCall call, BackendInfo to) {
    emit(List.of(new SchedulerEvent.Diverted(info.name(),
        call.priority() != null ? call.priority() : defaultPriority,
        call.tenant() != null ? call.tenant() : NO_TENANT, to.name())));
  }

  /** The queue and the GPU time so far. */
  public SchedulerSnapshot snapshot() {
    lock.lock();
    try {
      return new SchedulerSnapshot(capacity, core.inFlight(), core.queuedByClass(),
          Duration.ofNanos(core.busyGpuNanos()), core.closed());
    } finally {
      lock.unlock();
    }
  }

  /** The current service-time estimate for {@code model} (zero before any observation without an initial one). */
  public Duration serviceTimeEstimate(String model) {
    lock.lock();
    try {
      return Duration.ofNanos(core.serviceEstimate(Objects.requireNonNull(model, "model")));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Fails queued calls with {@code CAPACITY}, refuses new ones, waits up to {@code closeTimeout}
   * for running calls to end, then closes the scheduled backend. Idempotent.
   */
  @Override
  public void close() {
    List<SchedulerEvent> events = new ArrayList<>();
    boolean first;
    lock.lock();
    try {
      first = !closed;
      closed = true;
      for (Ticket t : core.close(System.nanoTime())) {
        events.add(new SchedulerEvent.Expired(info.name(), t.priority, t.tenant, Duration.ofNanos(t.queueWait()), true));
        signal(t);
      }
      long left = closeTimeout.toNanos();
      while (core.inFlight() > 0 && left > 0) {
        try {
          left = idle.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (core.inFlight() > 0) {
        log.warn("GPU scheduler of backend '{}' closes with {} call(s) still running after {}", info.name(),
            core.inFlight(), closeTimeout);
      }
    } finally {
      lock.unlock();
    }
    emit(events);
    if (first) {
      backend.close();
    }
  }

  private void emit(List<SchedulerEvent> events) {
    for (SchedulerEvent e : events) {
      listener.onEvent(e);
    }
  }

  /** Builds a {@link GpuScheduler}. Each setter checks its value at once. */
  public static final class Builder {
    private final ModelBackend backend;
    private int capacity = DEFAULT_CAPACITY;
    private int maxQueued = DEFAULT_MAX_QUEUED;
    private Duration agingBound = DEFAULT_AGING_BOUND;
    private Duration initialServiceTime = DEFAULT_INITIAL_SERVICE_TIME;
    private double smoothing = DEFAULT_SMOOTHING;
    private int gpus = 1;
    private ClinicalPriority defaultPriority = ClinicalPriority.DEFAULT;
    private SchedulerListener listener = SchedulerListener.none();
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

    private Builder(ModelBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** The most calls run at once: the server's batch slots. Default {@value GpuScheduler#DEFAULT_CAPACITY}. */
    public Builder capacity(int capacity) {
      this.capacity = positive(capacity, "capacity");
      return this;
    }

    /** The most calls waiting; more are refused with {@code CAPACITY}. Default {@value GpuScheduler#DEFAULT_MAX_QUEUED}. */
    public Builder maxQueued(int maxQueued) {
      this.maxQueued = positive(maxQueued, "maxQueued");
      return this;
    }

    /**
     * The wait after which a call outranks a fresh call of every class (aging). Default {@link
     * GpuScheduler#DEFAULT_AGING_BOUND} (30 s).
     */
    public Builder agingBound(Duration agingBound) {
      Objects.requireNonNull(agingBound, "agingBound");
      if (agingBound.isZero() || agingBound.isNegative()) {
        throw new InvalidRequestException("agingBound", "must be positive, was " + agingBound);
      }
      this.agingBound = agingBound;
      return this;
    }

    /**
     * The service-time estimate for a model before its first observed call, for admission. Default
     * zero: calls are admitted until the first one ends.
     */
    public Builder initialServiceTime(Duration initialServiceTime) {
      Objects.requireNonNull(initialServiceTime, "initialServiceTime");
      if (initialServiceTime.isNegative()) {
        throw new InvalidRequestException("initialServiceTime", "must not be negative, was " + initialServiceTime);
      }
      this.initialServiceTime = initialServiceTime;
      return this;
    }

    /** The EWMA weight of each new service-time observation, above 0 and at most 1. Default 0.2. */
    public Builder serviceTimeSmoothing(double smoothing) {
      if (!(smoothing > 0 && smoothing <= 1)) {
        throw new InvalidRequestException("serviceTimeSmoothing", "must be above 0 and at most 1, was " + smoothing);
      }
      this.smoothing = smoothing;
      return this;
    }

    /** How many GPUs the backend occupies: GPU time is wall busy time × this. Default 1. */
    public Builder gpus(int gpus) {
      this.gpus = positive(gpus, "gpus");
      return this;
    }

    /** The priority of calls whose request sets none. Default {@link ClinicalPriority#DEFAULT} (documentation). */
    public Builder defaultPriority(ClinicalPriority defaultPriority) {
      this.defaultPriority = Objects.requireNonNull(defaultPriority, "defaultPriority");
      return this;
    }

    /** Receives the scheduler's events. Default {@link SchedulerListener#none()}. */
    public Builder listener(SchedulerListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** How long {@link GpuScheduler#close()} waits for running calls. Default 30 s. */
    public Builder closeTimeout(Duration closeTimeout) {
      Objects.requireNonNull(closeTimeout, "closeTimeout");
      if (closeTimeout.isNegative()) {
        throw new InvalidRequestException("closeTimeout", "must not be negative, was " + closeTimeout);
      }
      this.closeTimeout = closeTimeout;
      return this;
    }

    public GpuScheduler build() {
      return new GpuScheduler(this);
    }

    private static int positive(int value, String field) {
      if (value < 1) {
        throw new InvalidRequestException(field, "must be at least 1, was " + value);
      }
      return value;
    }
  }
}
