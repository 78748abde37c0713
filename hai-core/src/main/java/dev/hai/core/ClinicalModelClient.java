package dev.hai.core;

import dev.hai.core.audit.AuditAlarm;
import dev.hai.core.audit.AuditSink;
import dev.hai.core.audit.ContentRedactor;
import dev.hai.core.cost.CostTracking;
import dev.hai.core.internal.Checks;
import dev.hai.core.internal.ClientConfig;
import dev.hai.core.internal.DefaultClinicalModelClient;
import dev.hai.core.internal.PolicySettings;
import dev.hai.core.phi.PhiRedactor;
import dev.hai.core.route.RouteTable;
import dev.hai.core.internal.audit.AuditSettings;
import dev.hai.core.spi.KillSwitches;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.PolicyEngine;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.Sleeper;
import dev.hai.core.spi.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The one object an application talks to. Every call passes the same fixed pipeline of stages
 * (print it with {@link #describe()}) and ends in a {@link ClinicalResult} value.
 *
 * <pre>{@code
 * try (ClinicalModelClient client = ClinicalModelClient.builder()
 *     .backend(AnthropicBackend.builder().apiKey(System.getenv("ANTHROPIC_API_KEY")).build())
 *     .backend(OpenAiBackend.builder().apiKey(System.getenv("OPENAI_API_KEY")).build()) // fallback
 *     .build()) {
 *   ClinicalResult result = client.call(request);
 * }
 * }</pre>
 *
 * <p>A client is thread-safe and meant to be shared: build one per configuration and reuse it.
 * Closing it closes its backends and, if the client created it, its async executor; see {@link
 * #close()}.
 */
public interface ClinicalModelClient extends AutoCloseable {

  /**
   * Runs one call through the pipeline and returns its outcome. Never throws for an expected
   * failure (a backend down, a bad prompt variable, a deadline passed): those are results.
   *
   * @throws NullPointerException if {@code request} is null
   */
  ClinicalResult call(ClinicalRequest request);

  /**
   * Runs {@link #call} on the client's bounded async executor. When the executor's queue is full
   * the future completes exceptionally with {@link java.util.concurrent.RejectedExecutionException}
   * at once: back-pressure, not an unbounded queue. With an audit sink, such a refused call is
   * recorded (outcome {@code unavailable}, detail {@code CLIENT_OVERLOADED}) before the future
   * completes; see docs/audit-format.md.
   */
  CompletableFuture<ClinicalResult> callAsync(ClinicalRequest request);

  /** A human-readable description of the pipeline: each stage in order, the backends and retries. */
  String describe();

  /**
   * Closes the backends and the executor the client owns. Calls in flight may fail. What else the
   * client was given stays open (the audit sink, policy engine, prompt resolver, kill switches, an
   * executor passed to {@link Builder#asyncExecutor}): they may be shared, so close them after the
   * clients that use them.
   */
  @Override
  void close();

  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ClinicalModelClient}. Only {@link #backend(ModelBackend)} is required. */
  final class Builder {
    /** Default time budget of a call whose request names no deadline or timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default number of threads of the async executor the client creates. */
    public static final int DEFAULT_ASYNC_THREADS = 8;
    /** Default number of async calls that may wait for a thread before new ones are refused. */
    public static final int DEFAULT_ASYNC_QUEUE = 1024;
    /** Default of {@link #auditFailOpen}: {@code false}, a call without a durable record fails. */
    public static final boolean DEFAULT_AUDIT_FAIL_OPEN = false;
    /** The shortest audit patient key accepted, in bytes. */
    public static final int MIN_AUDIT_KEY_BYTES = 32;
    /** Default of {@link #policyTimeout}: a decision taking longer than 1 s denies the call. */
    public static final Duration DEFAULT_POLICY_TIMEOUT = Duration.ofSeconds(1);

    private final List<ClientConfig.BackendRoute> backends = new ArrayList<>();
    private final List<ClientConfig.UserStage> stages = new ArrayList<>();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration defaultTimeout = DEFAULT_TIMEOUT;
    private @Nullable PromptResolver promptResolver;
    private @Nullable ExecutorService asyncExecutor;
    private int asyncThreads = DEFAULT_ASYNC_THREADS;
    private int asyncQueue = DEFAULT_ASYNC_QUEUE;
    private Clock clock = Clock.systemUTC();
    private PhiRedactor phiRedactor = PhiRedactor.defaults();
    private Sleeper sleeper = Sleeper.system();
    private @Nullable AuditSink auditSink;
    private boolean auditFailOpen = DEFAULT_AUDIT_FAIL_OPEN;
    private @Nullable AuditAlarm auditAlarm;
    private byte @Nullable [] auditPatientKey;
    private @Nullable ContentRedactor auditContentRedactor;
    private @Nullable KillSwitches killSwitches;
    private @Nullable PolicyEngine policyEngine;
    private final Set<String> baaBackends = new LinkedHashSet<>();
    private Duration policyTimeout = DEFAULT_POLICY_TIMEOUT;
    private @Nullable CostTracking costTracking;
    private @Nullable RouteTable routes;

    private Builder() {}

    /**
     * Adds a backend. Backends are tried in the order added: the first is the primary, each next
     * one the fallback of the one before. Each is retried by the client's {@link #retryPolicy}.
     *
     * @throws InvalidRequestException if a backend of the same name was already added (names
     *     identify backends in results, the audit trail and the policy input)
     */
    public Builder backend(ModelBackend backend) {
      return backend(backend, null);
    }

    /** Adds a backend with its own retry policy; see {@link #backend(ModelBackend)}. */
    public Builder backend(ModelBackend backend, @Nullable RetryPolicy retryPolicy) {
      Checks.required(backend, "backend");
      String name = backend.info().name();
      for (ClientConfig.BackendRoute existing : backends) {
        if (existing.backend().info().name().equals(name)) {
          throw new InvalidRequestException("backend", "a backend named '" + name + "' was already added");
        }
      }
      backends.add(new ClientConfig.BackendRoute(backend, retryPolicy));
      return this;
    }

    /**
     * The retry policy of backends added without their own. Default: {@link RetryPolicy#defaults()}.
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Checks.required(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * The time budget of a call whose request sets neither a deadline nor a timeout. Default:
     * {@link #DEFAULT_TIMEOUT} (60 s).
     */
    public Builder defaultTimeout(Duration defaultTimeout) {
      this.defaultTimeout = Checks.positive(defaultTimeout, "defaultTimeout");
      return this;
    }

    /**
     * Resolves versioned prompt references (hai-prompts' registry). Default: none, and requests
     * that reference a prompt are {@link ClinicalResult.Rejected}.
     */
    public Builder promptResolver(PromptResolver promptResolver) {
      this.promptResolver = Checks.required(promptResolver, "promptResolver");
      return this;
    }

    /** Adds a user stage at a position; stages at the same position run in the order added. */
    public Builder addStage(StagePosition position, Stage stage) {
      stages.add(
          new ClientConfig.UserStage(Checks.required(position, "position"), Checks.required(stage, "stage")));
      return this;
    }

    /**
     * The executor of {@link ClinicalModelClient#callAsync}. The client does not shut down an
     * executor it was given. Default: a client-owned pool of {@link #DEFAULT_ASYNC_THREADS} threads
     * with a queue of {@link #DEFAULT_ASYNC_QUEUE}.
     */
    public Builder asyncExecutor(ExecutorService executor) {
      this.asyncExecutor = Checks.required(executor, "asyncExecutor");
      return this;
    }

    /** Sizes the client-owned async pool (ignored when an executor is given). */
    public Builder asyncPool(int threads, int queueCapacity) {
      this.asyncThreads = Checks.atLeast(threads, 1, "asyncThreads");
      this.asyncQueue = Checks.atLeast(queueCapacity, 0, "asyncQueue");
      return this;
    }

    /**
     * Masks identifiers in text HAI did not write itself before that text reaches results, logs or
     * the audit trail: provider error messages (which may quote the request), prompt resolvers'
     * messages, user stages' rejection reasons. HAI never logs prompts or answers at all. Add the
     * hospital's MRN patterns and name dictionaries here. Default: {@link PhiRedactor#defaults()}.
     */
    public Builder phiRedactor(PhiRedactor phiRedactor) {
      this.phiRedactor = Checks.required(phiRedactor, "phiRedactor");
      return this;
    }

    /** The clock for deadlines and call ids. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.required(clock, "clock");
      return this;
    }

    /** How retries wait. Default: {@link Sleeper#system()}. Tests pass a recording fake. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.required(sleeper, "sleeper");
      return this;
    }

    /**
     * Turns on the audit trail: the outermost stage writes exactly one record per call to this
     * sink, whatever the outcome, and the call returns only once the record is durable. See {@code
     * docs/audit-format.md}.
     *
     * <p>Default: none. A client without a sink logs a warning when built, says "audit off" in
     * {@link ClinicalModelClient#describe()}, and its calls leave no record; that is for tests and
     * demos, not clinical use. The client does not close the sink: close it after the clients that
     * share it.
     */
    public Builder auditSink(AuditSink sink) {
      this.auditSink = Checks.required(sink, "auditSink");
      return this;
    }

    /**
     * What a call does when its audit record cannot be made durable. {@code false} (the default,
     * {@link #DEFAULT_AUDIT_FAIL_OPEN}): it fails closed, with {@link ClinicalResult.AuditFailure},
     * and while the sink is failing no model is called. {@code true}: the call proceeds and returns
     * its result anyway, and the client raises an alarm: an ERROR log, a count in {@link
     * ClinicalModelClient#describe()} and the {@link #auditAlarm} listener.
     */
    public Builder auditFailOpen(boolean failOpen) {
      this.auditFailOpen = failOpen;
      return this;
    }

    /** Told of every call that proceeds without a durable record (fail-open only). Default: none. */
    public Builder auditAlarm(AuditAlarm alarm) {
      this.auditAlarm = Checks.required(alarm, "auditAlarm");
      return this;
    }

    /**
     * The key of the patient reference: a request's {@link ClinicalRequest#patientId()} is recorded
     * as {@code hmac-sha256:<hex>} of the id under this key, never in clear. Keep the key in a vault;
     * with it, a given patient's records can be found, without it the reference reveals nothing.
     * At least {@link #MIN_AUDIT_KEY_BYTES} bytes. Default: none, and a request that names a patient
     * is {@link ClinicalResult.Rejected} (field {@code patientId}) rather than recorded without one.
     */
    public Builder auditPatientKey(byte[] key) {
      Checks.required(key, "auditPatientKey");
      if (key.length < MIN_AUDIT_KEY_BYTES) {
        throw new InvalidRequestException(
            "auditPatientKey", "must be at least " + MIN_AUDIT_KEY_BYTES + " bytes, was " + key.length);
      }
      this.auditPatientKey = key.clone();
      return this;
    }

    /**
     * Turns on content capture: the audit record also keeps the input messages and the answer,
     * each passed through {@code redactor} first (plug in the PHI redactor here). Default: off; the
     * record keeps only SHA-256 digests of input and output.
     */
    public Builder auditContentCapture(ContentRedactor redactor) {
      this.auditContentRedactor = Checks.required(redactor, "auditContentCapture");
      return this;
    }

    /**
     * Turns on the policy stage: before budget and model, every call is decided by this engine
     * (hai-governance's OPA engines, for example). A denial ends the call with {@link
     * ClinicalResult.Denied}; an engine error, a late or malformed decision also denies it (fail
     * closed). An allow's obligations are obeyed: PHI redacted before external models, output
     * tokens capped, backends restricted, the answer flagged for human review, redacted content
     * kept in the audit record. See {@code docs/policy-authoring.md}. Default: none, and calls are
     * not policy-checked.
     */
    public Builder policyEngine(PolicyEngine engine) {
      this.policyEngine = Checks.required(engine, "policyEngine");
      return this;
    }

    /**
     * Declares that a business associate agreement covers these backends (by name); the policy
     * sees it as {@code input.model.baa}. Adds to earlier calls. Default: none.
     */
    public Builder baaBackends(String... backendNames) {
      for (String name : Checks.required(backendNames, "baaBackends")) {
        baaBackends.add(Checks.notBlank(name, "baaBackends"));
      }
      return this;
    }

    /**
     * The longest a policy decision may take; a later decision is discarded and the call denied.
     * Remote engines should time out their own requests within it. Default: {@link
     * #DEFAULT_POLICY_TIMEOUT} (1 s).
     */
    public Builder policyTimeout(Duration timeout) {
      this.policyTimeout = Checks.positive(timeout, "policyTimeout");
      return this;
    }

    /**
     * Turns on cost accounting and budgets: the budget stage (after prompt and policy, before the
     * model) prices every call, reserves its worst case against the budgets that apply, refuses it
     * with {@link ClinicalResult.BudgetExceeded} when a hard budget does not fit, settles the real
     * cost after the call and records one ledger entry. The cost is in {@link CallMetadata#cost()}
     * and the audit record. See {@code docs/cost-and-budgets.md}. Default: none (no cost is
     * computed, no budget kept).
     */
    public Builder costTracking(CostTracking costTracking) {
      this.costTracking = Checks.required(costTracking, "costTracking");
      return this;
    }

    /**
     * Turns on kill switches: a call that meets a disabled target (everything, its tenant, its
     * prompt or prompt version, its model) ends at once with {@link ClinicalResult.Disabled} and no
     * model is called. They are checked twice: right after the audit stage for what the request
     * names, and just before the model stage for the resolved prompt version and each backend's
     * model; a disabled model is skipped in favour of the fallback backends. hai-governance's {@code
     * FileKillSwitches} is the embedded store; see {@code docs/kill-switches.md}. Default: none.
     */
    public Builder killSwitches(KillSwitches killSwitches) {
      this.killSwitches = Checks.required(killSwitches, "killSwitches");
      return this;
    }

    /**
     * Turns on the route stage (after budget, before model): calls whose prompt reference names a
     * route's prompt id are served by its champion or, for the challenger's share of subjects, by
     * its challenger, and its shadows run after the answer on the table's bounded pool; the arm is
     * in {@link CallMetadata#route()} and the audit record. Every arm must name one of this client's
     * backends or bring its own; with an audit sink, the table must have the same sink (share changes
     * and shadow calls are audited there). The client does not close the table. See {@code
     * docs/rollout.md}. Default: none.
     */
    public Builder routes(RouteTable routes) {
      this.routes = Checks.required(routes, "routes");
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws InvalidRequestException if no backend was added, audit settings were given without
     *     an audit sink, BAA backends were declared without a policy engine or name no backend
     *     that was added, or a route arm names a backend the client does not have
     */
    public ClinicalModelClient build() {
      if (backends.isEmpty()) {
        throw new InvalidRequestException("backend", "add at least one backend");
      }
      AuditSettings audit = null;
      if (auditSink != null) {
        audit = new AuditSettings(auditSink, auditFailOpen, auditAlarm, auditPatientKey, auditContentRedactor);
      } else if (auditFailOpen || auditAlarm != null || auditPatientKey != null || auditContentRedactor != null) {
        throw new InvalidRequestException("auditSink", "audit settings were given but no audit sink");
      }
      PolicySettings policy = null;
      if (policyEngine != null) {
        for (String name : baaBackends) {
          if (backends.stream().noneMatch(r -> r.backend().info().name().equals(name))) {
            throw new InvalidRequestException("baaBackends", "no backend named '" + name + "' was added");
          }
        }
        policy = new PolicySettings(policyEngine, baaBackends, policyTimeout);
      } else if (!baaBackends.isEmpty()) {
        throw new InvalidRequestException("policyEngine", "BAA backends were declared but no policy engine");
      }
      if (routes != null && auditSink != null && routes.auditSink().orElse(null) != auditSink) {
        throw new InvalidRequestException("routes", "the route table must audit to the client's audit sink"
            + " (RouteTable.Builder.auditSink): its share changes belong in the same trail as the calls");
      }
      List<ClientConfig.BackendRoute> withPolicies = new ArrayList<>();
      for (ClientConfig.BackendRoute r : backends) {
        withPolicies.add(new ClientConfig.BackendRoute(r.backend(), r.retryPolicy() == null ? retryPolicy : r.retryPolicy()));
      }
      return DefaultClinicalModelClient.create(
          new ClientConfig(
              withPolicies, stages, defaultTimeout, promptResolver, asyncExecutor, asyncThreads, asyncQueue, clock,
              sleeper, audit, phiRedactor, costTracking, policy, killSwitches,
              routes == null ? null : new ClientConfig.Routing(routes, retryPolicy)));
    }
  }
}
