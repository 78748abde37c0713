package dev.hai.core.internal;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.StagePosition;
import dev.hai.core.internal.audit.AuditStage;
import dev.hai.core.internal.cost.BudgetStage;
import dev.hai.core.spi.CallContext;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The client: a fixed list of stages run for each call. */
public final class DefaultClinicalModelClient implements ClinicalModelClient {
  /** The MDC key holding the current call's id while a call runs. */
  public static final String MDC_CALL_ID = "hai.callId";
  private static final Logger log = LoggerFactory.getLogger(DefaultClinicalModelClient.class);

  private final ClientConfig config;
  private final List<Stage> stages;
  private final List<String> stageLabels;
  private final UuidV7 ids;
  private final ExecutorService asyncExecutor;
  private final boolean ownsExecutor;
  private final @Nullable AuditStage audit;

  private DefaultClinicalModelClient(ClientConfig config) {
    this.config = config;
    List<Stage> list = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    if (config.audit() != null) {
      audit = new AuditStage(config.audit(), config.clock(), config.phiRedactor());
      add(list, labels, audit);
    } else {
      audit = null;
      log.warn("this client has no audit sink: its calls leave no audit record. "
          + "Configure one with ClinicalModelClient.Builder.auditSink for any clinical use.");
    }
    if (config.killSwitches() != null) {
      add(list, labels, KillSwitchStage.early(config.killSwitches()));
    }
    addUser(list, labels, StagePosition.BEFORE_PROMPT);
    add(list, labels, new PromptStage(config.promptResolver(), config.phiRedactor()));
    addUser(list, labels, StagePosition.AFTER_PROMPT);
    ClientConfig.Routing routing = config.routing();
    RouteStage route = routing == null ? null : new RouteStage(routing.table(), config.backends(),
        config.promptResolver(), config.killSwitches(), config.audit(), config.phiRedactor(), config.clock());
    if (config.policy() != null) {
      PolicySettings p = config.policy();
      add(list, labels, new PolicyStage(p.engine(),
          config.backends().stream().map(r -> r.backend().info()).toList(), p.baaBackends(), p.timeout(),
          config.phiRedactor(), config.audit() == null ? null : config.audit().patientKey(),
          route == null ? ctx -> List.of() : route::policyTargets));
    }
    List<ClientConfig.BackendRoute> armBackends = routing == null ? List.of()
        : RouteStage.ownBackends(routing.table()).stream()
            .map(b -> new ClientConfig.BackendRoute(b, routing.armRetryPolicy()))
            .toList();
    if (config.costTracking() != null) {
      List<ModelBackend> priced = new ArrayList<>();
      config.backends().forEach(r -> priced.add(r.backend()));
      armBackends.forEach(r -> priced.add(r.backend()));
      add(list, labels, route == null ? new BudgetStage(config.costTracking(), priced)
          : new BudgetStage(config.costTracking(), priced, route::budgetTargets));
    }
    if (route != null) {
      add(list, labels, route);
    }
    addUser(list, labels, StagePosition.BEFORE_MODEL);
    if (config.killSwitches() != null) {
      add(list, labels, KillSwitchStage.late(config.killSwitches(), config.backends()));
    }
    add(list, labels, new ModelStage(config.backends(), armBackends, config.sleeper(), config.phiRedactor()));
    this.stages = List.copyOf(list);
    this.stageLabels = List.copyOf(labels);
    this.ids = new UuidV7(config.clock());
    if (config.asyncExecutor() != null) {
      this.asyncExecutor = config.asyncExecutor();
      this.ownsExecutor = false;
    } else {
      this.asyncExecutor = newAsyncPool(config.asyncThreads(), config.asyncQueue());
      this.ownsExecutor = true;
    }
  }

  public static ClinicalModelClient create(ClientConfig config) {
    return new DefaultClinicalModelClient(config);
  }

  private static void add(List<Stage> stages, List<String> labels, BuiltInStage stage) {
    stages.add(stage);
    labels.add(String.format("%-8s built-in  %s", stage.name(), stage.detail()));
  }

  private void addUser(List<Stage> stages, List<String> labels, StagePosition position) {
    for (ClientConfig.UserStage s : config.stages()) {
      if (s.position() == position) {
        stages.add(s.stage());
        labels.add(String.format("%-8s user      at %s", s.stage().name(), position));
      }
    }
  }

  private static ExecutorService newAsyncPool(int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    BlockingQueue<Runnable> work = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, work, r -> {
      Thread t = new Thread(r, "hai-async-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public ClinicalResult call(ClinicalRequest request) {
    Objects.requireNonNull(request, "request");
    CallContext ctx = newContext(request);
    UUID callId = ctx.callId();
    String previous = MDC.get(MDC_CALL_ID);
    MDC.put(MDC_CALL_ID, callId.toString());
    try {
      ClinicalResult result = new RealChain(stages, 0, ctx).proceed(ctx);
      return result.withMetadata(BudgetStage.costed(ctx, result.metadata()).withLatency(ctx.elapsed())
          .withBreakGlass(request.isBreakGlass()));
    } finally {
      if (previous == null) {
        MDC.remove(MDC_CALL_ID);
      } else {
        MDC.put(MDC_CALL_ID, previous);
      }
    }
  }

  private CallContext newContext(ClinicalRequest request) {
    UUID callId = ids.next();
    Instant deadline = request.deadline();
    if (deadline == null) {
      Duration timeout = request.timeout() != null ? request.timeout() : config.defaultTimeout();
      deadline = Durations.plus(config.clock().instant(), timeout); // Instant.MAX at most
    }
    CallContext ctx = CallContext.start(callId, request, deadline, config.clock(), System::nanoTime);
    return config.costTracking() == null ? ctx : ctx.with(BudgetStage.CURRENCY, config.costTracking().currency());
  }

  @Override
  public CompletableFuture<ClinicalResult> callAsync(ClinicalRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      return CompletableFuture.supplyAsync(() -> call(request), asyncExecutor);
    } catch (RejectedExecutionException e) {
      if (audit != null) {
        // A refused call is still a call: its record is written here, before the future completes.
        audit.refused(newContext(request), e, asyncExecutor.isShutdown());
      }
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("ClinicalModelClient pipeline (outermost first):\n");
    if (audit == null) {
      sb.append("  -. audit    off       no audit sink configured: calls leave no audit record"
          + " (ClinicalModelClient.Builder.auditSink)\n");
    }
    for (int i = 0; i < stageLabels.size(); i++) {
      // Built-in lines are made afresh: they show live state (the audit sink's health and alarm
      // count, the kill switches in force).
      String label = stages.get(i) instanceof BuiltInStage b
          ? String.format("%-8s built-in  %s", b.name(), b.detail())
          : stageLabels.get(i);
      sb.append(String.format("  %d. %s%n", i + 1, label));
    }
    sb.append(String.format("  default timeout %s; async pool %s%n", config.defaultTimeout(),
        ownsExecutor ? config.asyncThreads() + " threads, queue " + config.asyncQueue() : "supplied by the application"));
    return sb.toString();
  }

  @Override
  public void close() {
    if (ownsExecutor) {
      asyncExecutor.shutdown();
    }
    Backends.closeAll(config.backends().stream().map(ClientConfig.BackendRoute::backend).toList());
  }
}
