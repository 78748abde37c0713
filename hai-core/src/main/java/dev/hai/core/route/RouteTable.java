package dev.hai.core.route;

import dev.hai.core.ClinicalRequest;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.audit.AuditEvent;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditSink;
import dev.hai.core.internal.Backends;
import dev.hai.core.internal.Checks;
import dev.hai.core.internal.route.RouteTables;
import dev.hai.core.internal.route.ShadowPool;
import dev.hai.core.internal.route.StableHash;
import dev.hai.core.spi.ModelBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes a client uses, their live challenger shares, and the shadow pool. Give it to {@code
 * ClinicalModelClient.Builder.routes}; keep it to move shares at run time ({@link #setShares}) and
 * to read the shadow counters ({@link #shadowStats()}).
 *
 * <pre>{@code
 * RouteTable routes = RouteTable.builder()
 *     .route(Route.builder("discharge-summary")
 *         .champion(Arm.builder("claude").backend("anthropic").build())
 *         .challenger(Arm.builder("local-8b").backend("gpu-server").build(), 100) // 1 %
 *         .build())
 *     .auditSink(sink)                         // the client's: share changes are audited there
 *     .shadowStore(JsonlShadowStore.open(Path.of("/var/lib/myapp/shadows.jsonl")))
 *     .build();
 * ClinicalModelClient client = ClinicalModelClient.builder()...routes(routes).build();
 * routes.setShares("discharge-summary", 1_000, "u-ml-lead", "week 2: 1% -> 10%");
 * }</pre>
 *
 * <p><b>Assignment.</b> A call's subject is the route table's {@link Builder#subjectKey} of the
 * request (default: {@link ClinicalRequest#patientId()}), else its call id (then the assignment is
 * per call, not sticky). Its bucket is the first 8 bytes of SHA-256(UTF-8 of {@code routeName + "\n"
 * + subject}) as an unsigned number modulo {@value Route#BASIS_POINTS}; the challenger takes buckets
 * below its share. So a subject keeps its arm while the share stays, and raising the share moves
 * subjects only from the champion to the challenger (lowering it, only back).
 *
 * <p>Thread-safe: routes are an immutable snapshot swapped atomically on each share change.
 * {@link #close()} stops the shadow pool and closes the arms' own backends; the shadow store and
 * the audit sink stay open (they may be shared).
 */
public final class RouteTable implements AutoCloseable {
  /** Default number of shadow threads. */
  public static final int DEFAULT_SHADOW_THREADS = 2;
  /** Default number of shadow calls that may wait for a thread before new ones are dropped. */
  public static final int DEFAULT_SHADOW_QUEUE = 64;
  /** Default deadline of one shadow call, from the moment a shadow thread takes it. */
  public static final Duration DEFAULT_SHADOW_TIMEOUT = Duration.ofSeconds(30);
  /** The {@code actorRole} of share-change audit events. */
  public static final String SHARES_ACTOR_ROLE = "rollout";
  /** The audit event kind of a share change. */
  public static final String SHARES_EVENT = "route.shares";
  /** The audit event kind of a shadow call (one per shadow the pool took; see docs/audit-format.md). */
  public static final String SHADOW_EVENT = "route.shadow";

  private static final Logger log = LoggerFactory.getLogger(RouteTable.class);

  static {
    RouteTables.install(t -> t.pool);
  }

  private volatile Map<String, Route> routes; // by name; replaced whole on a share change
  private final List<String> order; // route names in the order added
  private final Function<ClinicalRequest, @Nullable String> subjectKey;
  private final @Nullable AuditSink auditSink;
  private final Clock clock;
  private final ShadowPool pool;
  private final Duration shadowTimeout;
  private final @Nullable ShadowStore shadowStore;
  private final List<ShadowComparator> comparators;
  private final @Nullable ShadowBudget shadowBudget;
  private final ShadowListener listener;
  private final Object shareLock = new Object();

  private RouteTable(Builder b) {
    this.order = List.copyOf(b.routes.keySet());
    this.routes = Map.copyOf(b.routes);
    this.subjectKey = b.subjectKey;
    this.auditSink = b.auditSink;
    this.clock = b.clock;
    this.pool = new ShadowPool(b.shadowThreads, b.shadowQueue);
    this.shadowTimeout = b.shadowTimeout;
    this.shadowStore = b.shadowStore;
    this.comparators = b.defaultComparators
        ? List.of(ShadowComparator.exactAgreement(), ShadowComparator.normalizedEditDistance())
        : List.copyOf(b.comparators);
    this.shadowBudget = b.shadowBudget;
    this.listener = b.listener;
  }

  /** Starts a route table; at least one route is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The route named {@code name}, with its current share. */
  public Optional<Route> route(String name) {
    return Optional.ofNullable(routes.get(name));
  }

  /** Every route with its current share, in the order added. */
  public List<Route> routes() {
    Map<String, Route> now = routes;
    List<Route> out = new ArrayList<>();
    for (String name : order) {
      out.add(now.get(name));
    }
    return List.copyOf(out);
  }

  /** The route that takes calls of prompt {@code promptId}, if any. */
  public Optional<Route> forPrompt(String promptId) {
    for (Route r : routes.values()) {
      if (r.promptId().equals(promptId)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The subject the table assigns {@code request} by, or null when it has none. */
  public @Nullable String subjectOf(ClinicalRequest request) {
    String s = subjectKey.apply(request);
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * Moves a route's challenger share (gradual rollout: 1 % -> 10 % -> 50 % -> 100 %, or back to 0).
   * The change is written to the audit sink first, as an event of kind {@value #SHARES_EVENT}
   * (subject the route's name, from and to the shares in basis points), and takes effect only once
   * it is durable; calls assigned after that see the new share. Setting the share it already has
   * changes and records nothing.
   *
   * @param routeName the route
   * @param challengerShare the new share in basis points, 0 to {@value Route#BASIS_POINTS}
   * @param actor who moves it
   * @param reason why, in words (required: an unexplained change is not auditable)
   * @return the route with its new share
   * @throws InvalidRequestException for an unknown route, a route without challenger, a share out
   *     of range, or a blank actor or reason
   * @throws dev.hai.core.audit.AuditException when the change could not be audited (it is then not made)
   */
  public Route setShares(String routeName, int challengerShare, String actor, String reason) {
    Checks.notBlank(actor, "actor");
    Checks.notBlank(reason, "reason");
    synchronized (shareLock) {
      Route current = routes.get(Checks.required(routeName, "routeName"));
      if (current == null) {
        throw new InvalidRequestException("routeName", "no route named '" + routeName + "'; routes: " + order);
      }
      Route next = current.withChallengerShare(challengerShare);
      if (next.challengerShare() == current.challengerShare()) {
        return current;
      }
      if (auditSink != null) {
        auditSink.append(AuditRecord.ofEvent(
            new AuditEvent(SHARES_EVENT, routeName, Integer.toString(current.challengerShare()),
                Integer.toString(challengerShare)),
            "*", actor, SHARES_ACTOR_ROLE, reason, clock));
      } else {
        log.warn("route '{}' share change is not audited: the route table has no audit sink", routeName);
      }
      Map<String, Route> copy = new LinkedHashMap<>(routes);
      copy.put(routeName, next);
      routes = Map.copyOf(copy);
      log.info("route '{}': challenger share {} -> {} by {}", routeName, Route.percent(current.challengerShare()),
          Route.percent(challengerShare), actor);
      return next;
    }
  }

  /** The shadow pool's counters. */
  public ShadowStats shadowStats() {
    return pool.stats();
  }

  /** The deadline of one shadow call. */
  public Duration shadowTimeout() {
    return shadowTimeout;
  }

  /** Where shadow results go, when anywhere. */
  public Optional<ShadowStore> shadowStore() {
    return Optional.ofNullable(shadowStore);
  }

  /** The comparators that score each shadow answer. */
  public List<ShadowComparator> comparators() {
    return comparators;
  }

  /** The shadows' budget, when one was set. */
  public Optional<ShadowBudget> shadowBudget() {
    return Optional.ofNullable(shadowBudget);
  }

  /** Told about dropped and finished shadows. */
  public ShadowListener listener() {
    return listener;
  }

  /** Where share changes are audited, when anywhere. */
  public Optional<AuditSink> auditSink() {
    return Optional.ofNullable(auditSink);
  }

  /** The clock of share-change events. */
  public Clock clock() {
    return clock;
  }

  /**
   * The bucket, 0 to {@value Route#BASIS_POINTS} - 1, of {@code subject} in route {@code routeName};
   * see the class description.
   */
  public static int bucket(String routeName, String subject) {
    Checks.required(routeName, "routeName");
    Checks.required(subject, "subject");
    return (int) StableHash.bucket(routeName, subject, Route.BASIS_POINTS);
  }

  /** The arm {@code bucket} goes to under {@code route}'s current share. */
  public static Arm assign(Route route, int bucket) {
    return route.challenger() != null && bucket < route.challengerShare() ? route.challenger() : route.champion();
  }

  /** Lines for the client's {@code describe()}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (Route r : routes()) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(r.name()).append(" (prompt ").append(r.promptId()).append("): champion ").append(r.champion().name());
      if (r.challenger() != null) {
        sb.append(", challenger ").append(r.challenger().name()).append(" at ").append(Route.percent(r.challengerShare()));
      }
      if (!r.shadows().isEmpty()) {
        sb.append(", shadows ").append(r.shadows().stream().map(Arm::name).toList());
      }
    }
    ShadowStats s = pool.stats();
    sb.append("; shadow pool ").append(pool.describe()).append(", timeout ").append(shadowTimeout)
        .append(", store ").append(shadowStore == null ? "none" : shadowStore.describe())
        .append(", dropped so far ").append(s.dropped());
    return sb.toString();
  }

  /** Stops the shadow pool (waiting up to 5 s for running shadows) and closes the arms' own backends. */
  @Override
  public void close() {
    pool.close();
    List<ModelBackend> own = new ArrayList<>();
    for (Route r : routes()) {
      for (Arm a : r.arms()) {
        if (a.ownBackend() != null) {
          own.add(a.ownBackend());
        }
      }
    }
    Backends.closeAll(own);
  }

  /** Builds a {@link RouteTable}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private Function<ClinicalRequest, @Nullable String> subjectKey = ClinicalRequest::patientId;
    private @Nullable AuditSink auditSink;
    private Clock clock = Clock.systemUTC();
    private int shadowThreads = DEFAULT_SHADOW_THREADS;
    private int shadowQueue = DEFAULT_SHADOW_QUEUE;
    private Duration shadowTimeout = DEFAULT_SHADOW_TIMEOUT;
    private @Nullable ShadowStore shadowStore;
    private final List<ShadowComparator> comparators = new ArrayList<>();
    private boolean defaultComparators = true;
    private @Nullable ShadowBudget shadowBudget;
    private ShadowListener listener = ShadowListener.NONE;

    private Builder() {}

    /**
     * Adds a route.
     *
     * @throws InvalidRequestException when a route of the same name, or for the same prompt id, was
     *     already added
     */
    public Builder route(Route route) {
      Checks.required(route, "route");
      if (routes.containsKey(route.name())) {
        throw new InvalidRequestException("routes", "a route named '" + route.name() + "' was already added");
      }
      for (Route r : routes.values()) {
        if (r.promptId().equals(route.promptId())) {
          throw new InvalidRequestException("routes", "routes '" + r.name() + "' and '" + route.name()
              + "' both take prompt '" + route.promptId() + "'");
        }
      }
      routes.put(route.name(), route);
      return this;
    }

    /**
     * The subject calls are assigned by (a patient or encounter reference). Default: {@link
     * ClinicalRequest#patientId()}. A null or empty subject falls back to the call id: such calls
     * are assigned per call, not sticky.
     */
    public Builder subjectKey(Function<ClinicalRequest, @Nullable String> subjectKey) {
      this.subjectKey = Checks.required(subjectKey, "subjectKey");
      return this;
    }

    /**
     * Where share changes are audited; give the client's audit sink. Required when the client has
     * an audit sink. Default: none (changes are logged only).
     */
    public Builder auditSink(AuditSink sink) {
      this.auditSink = Checks.required(sink, "auditSink");
      return this;
    }

    /** The clock of share-change events. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.required(clock, "clock");
      return this;
    }

    /**
     * Sizes the shadow pool: {@code threads} shadow calls at once, {@code queue} more waiting; a
     * shadow beyond that is dropped and counted. Default: {@link #DEFAULT_SHADOW_THREADS} threads,
     * queue {@link #DEFAULT_SHADOW_QUEUE}.
     */
    public Builder shadowPool(int threads, int queue) {
      this.shadowThreads = Checks.atLeast(threads, 1, "shadowThreads");
      this.shadowQueue = Checks.atLeast(queue, 0, "shadowQueue");
      return this;
    }

    /** Each shadow call's own deadline. Default: {@link #DEFAULT_SHADOW_TIMEOUT}. */
    public Builder shadowTimeout(Duration timeout) {
      this.shadowTimeout = Checks.positive(timeout, "shadowTimeout");
      return this;
    }

    /** Where shadow results go. Default: none (shadows are audited and counted only). */
    public Builder shadowStore(ShadowStore store) {
      this.shadowStore = Checks.required(store, "shadowStore");
      return this;
    }

    /**
     * Adds a comparator; the first one added replaces the defaults. Default: {@link
     * ShadowComparator#exactAgreement()} and {@link ShadowComparator#normalizedEditDistance()}.
     *
     * @throws InvalidRequestException when a comparator of the same name was already added
     */
    public Builder comparator(ShadowComparator comparator) {
      Checks.required(comparator, "comparator");
      if (defaultComparators) {
        comparators.clear();
        defaultComparators = false;
      }
      for (ShadowComparator c : comparators) {
        if (c.name().equals(comparator.name())) {
          throw new InvalidRequestException("comparator", "a comparator named '" + c.name() + "' was already added");
        }
      }
      comparators.add(comparator);
      return this;
    }

    /** The money shadows may spend. Default: none (shadows are bounded by the pool only). */
    public Builder shadowBudget(ShadowBudget budget) {
      this.shadowBudget = Checks.required(budget, "shadowBudget");
      return this;
    }

    /** Told about dropped and finished shadows. Default: {@link ShadowListener#NONE}. */
    public Builder listener(ShadowListener listener) {
      this.listener = Checks.required(listener, "listener");
      return this;
    }

    /**
     * The table.
     *
     * @throws InvalidRequestException when no route was added
     */
    public RouteTable build() {
      if (routes.isEmpty()) {
        throw new InvalidRequestException("routes", "add at least one route");
      }
      return new RouteTable(this);
    }
  }
}
