package dev.hai.gpu.server;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.phi.PhiSafe;
import dev.hai.gpu.internal.Deadlines;
import dev.hai.gpu.internal.HttpProbe;
import dev.hai.gpu.internal.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a model server as a child process and keeps it up: starts it from a configured command,
 * waits until its readiness URL answers 200, watches it (process exit and a periodic health
 * probe), restarts it with exponential backoff when it dies or stops answering, gives up after too
 * many restarts in a window, and on {@link #close()} stops it with its whole process tree (SIGTERM,
 * then SIGKILL after a grace period).
 *
 * <pre>{@code
 * try (ServerSupervisor server = ServerSupervisor.builder()
 *     .name("llama-server")
 *     .command("python3", "-m", "llama_cpp.server", "--model", model, "--port", "8080")
 *     .readinessUrl("http://127.0.0.1:8080/v1/models")
 *     .listener(e -> log.info("{}: {}", e.type(), e.detail()))
 *     .build()
 *     .start()) {
 *   server.awaitReady(Duration.ofMinutes(2));
 *   ...
 * }
 * }</pre>
 *
 * <p>States ({@link #state()}): {@link ServerState#STOPPED} → {@link ServerState#STARTING} → {@link
 * ServerState#READY}; a death, a failed health probe or a start that takes too long leads to {@link
 * ServerState#RESTARTING} and back to {@code STARTING} after the backoff; too many restarts lead to
 * {@link ServerState#FAILED}. Each transition is also a {@link SupervisorEvent} to the listeners.
 *
 * <p>The server's output (stdout and stderr together) goes to SLF4J at debug level under {@code
 * dev.hai.gpu.server.output.<name>} with identifiers masked ({@link PhiSafe}), or, with {@link
 * Builder#logFile(Path)}, appended to a file as it is.
 *
 * <p>Thread-safe. The supervisor works on one daemon thread of its own; listeners are called there,
 * except for {@link SupervisorEvent.Type#STOPPED}, which is sent by the thread that calls {@link
 * #close()}. Unless {@link Builder#stopOnJvmExit(boolean)} is turned off, a JVM shutdown hook stops
 * the process tree too, so that no server outlives the application.
 */
public final class ServerSupervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerSupervisor.class);

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final @Nullable Path workingDirectory;
  private final String readinessUrl;
  private final String healthUrl;
  private final Duration startupTimeout;
  private final Duration readinessPollInterval;
  private final Duration healthInterval;
  private final int unhealthyThreshold;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double backoffMultiplier;
  private final int maxRestarts;
  private final Duration restartWindow;
  private final Duration stopGracePeriod;
  private final @Nullable Path logFile;
  private final boolean stopOnJvmExit;
  private final boolean healthConnectOnly;
  private final Duration probeTimeout;
  private final Logger serverOutput;
  private final List<SupervisorListener> listeners = new CopyOnWriteArrayList<>();
  private final HttpProbe probe;
  private final ScheduledExecutorService executor;
  // The executor's thread, on which listeners are called: close() from there must not wait for it.
  private volatile @Nullable Thread ownThread;
  private final AtomicInteger restarts = new AtomicInteger();

  private final Object lock = new Object();
  // Guarded by lock.
  private ServerState state = ServerState.STOPPED;
  private @Nullable Process process;
  private long generation;
  private boolean started;
  private boolean closed;
  private int failedProbes;
  private Duration nextBackoff;
  private String reason = "not started";
  private final Deque<Long> restartTimes = new ArrayDeque<>();
  private final Set<ProcessHandle> knownTree = new LinkedHashSet<>();
  private @Nullable Thread shutdownHook;

  private ServerSupervisor(Builder b) {
    this.name = b.name;
    this.command = List.copyOf(b.command);
    this.environment = Map.copyOf(b.environment);
    this.workingDirectory = b.workingDirectory;
    this.readinessUrl = Objects.requireNonNull(b.readinessUrl);
    this.healthUrl = b.healthUrl != null ? b.healthUrl : b.readinessUrl;
    this.startupTimeout = b.startupTimeout;
    this.readinessPollInterval = b.readinessPollInterval;
    this.healthInterval = b.healthInterval;
    this.unhealthyThreshold = b.unhealthyThreshold;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.backoffMultiplier = b.backoffMultiplier;
    this.maxRestarts = b.maxRestarts;
    this.restartWindow = b.restartWindow;
    this.stopGracePeriod = b.stopGracePeriod;
    this.logFile = b.logFile;
    this.stopOnJvmExit = b.stopOnJvmExit;
    this.healthConnectOnly = b.healthConnectOnly;
    this.probeTimeout = b.probeTimeout;
    this.listeners.addAll(b.listeners);
    this.serverOutput = LoggerFactory.getLogger("dev.hai.gpu.server.output." + b.name);
    this.probe = new HttpProbe(b.probeTimeout);
    this.nextBackoff = b.initialBackoff;
    ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "hai-supervisor-" + b.name);
      t.setDaemon(true);
      ownThread = t;
      return t;
    });
    ex.setRemoveOnCancelPolicy(true);
    this.executor = ex;
  }

  /** A builder; {@link Builder#command} and {@link Builder#readinessUrl} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** This supervisor's name, in events, thread names and the output logger. */
  public String name() {
    return name;
  }

  /** The current state. */
  public ServerState state() {
    synchronized (lock) {
      return state;
    }
  }

  /** Why the supervisor is in its current state, for messages: for example "exited with code 137". */
  public String stateReason() {
    synchronized (lock) {
      return reason;
    }
  }

  /** The server process's id while one runs. */
  public OptionalLong pid() {
    synchronized (lock) {
      Process p = process;
      return p != null && p.isAlive() ? OptionalLong.of(p.pid()) : OptionalLong.empty();
    }
  }

  /** How many restarts were scheduled since {@link #start()}. */
  public int restarts() {
    return restarts.get();
  }

  /** The URL whose 200 means ready. */
  public String readinessUrl() {
    return readinessUrl;
  }

  /** Adds a listener for the events from now on. */
  public ServerSupervisor addListener(SupervisorListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Starts the server in the background and returns at once; {@link #awaitReady(Duration)} waits
   * for it. Calling it again does nothing.
   *
   * @throws IllegalStateException if the supervisor was closed
   */
  public ServerSupervisor start() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("supervisor '" + name + "' is closed; build a new one");
      }
      if (started) {
        return this;
      }
      started = true;
      if (stopOnJvmExit) {
        Thread hook = new Thread(this::stopOnExit, "hai-supervisor-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        shutdownHook = hook;
      }
    }
    submit(this::launch, Duration.ZERO);
    return this;
  }

  /**
   * Waits until the server is {@link ServerState#READY}.
   *
   * @throws ServerStartException if it is not ready within {@code timeout}, or the supervisor gave
   *     up ({@link ServerState#FAILED}) or was closed meanwhile
   * @throws IllegalStateException if {@link #start()} was not called
   */
  public ServerSupervisor awaitReady(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = Deadlines.after(System.nanoTime(), timeout);
    synchronized (lock) {
      if (!started) {
        throw new IllegalStateException("supervisor '" + name + "' was not started: call start() first");
      }
      while (state != ServerState.READY) {
        if (state == ServerState.FAILED || closed) {
          throw new ServerStartException(
              "server '" + name + "' will not get ready: it is " + state + " (" + reason + ")", state);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ServerStartException(
              "server '" + name + "' was not ready within " + timeout.toMillis() + " ms: it is " + state
                  + " (" + reason + ")", state);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ServerStartException("interrupted while waiting for server '" + name + "'", state);
        }
      }
    }
    return this;
  }

  /**
   * Stops the server: SIGTERM to the process and every descendant, SIGKILL to what still runs
   * after the grace period ({@link Builder#stopGracePeriod}); then the supervisor's thread ends.
   * The state becomes {@link ServerState#STOPPED}. Idempotent; the supervisor cannot be restarted.
   * Called from a {@link SupervisorListener} (on the supervisor's own thread) it does the same,
   * grace period included, and returns once the server is stopped.
   */
  @Override
  public void close() {
    Process p;
    List<ProcessHandle> remembered;
    Thread hook;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      generation++; // every scheduled step of the old process is now stale
      p = process;
      remembered = new ArrayList<>(knownTree);
      hook = shutdownHook;
      shutdownHook = null;
    }
    boolean onOwnThread = Thread.currentThread() == ownThread;
    executor.shutdownNow();
    if (onOwnThread) {
      // Called from a listener: shutdownNow() just interrupted this very thread, which would cut
      // the grace period short. Clear that interrupt; the thread ends once the callback returns.
      Thread.interrupted();
    }
    stopTree(p, remembered, stopGracePeriod);
    if (!onOwnThread) {
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    probe.close();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // close() runs inside the JVM's shutdown: the hook is running or done.
      }
    }
    setState(ServerState.STOPPED, "closed");
    emit(SupervisorEvent.Type.STOPPED, p == null ? null : p.pid(), null, null, "stopped by close()");
  }

  @Override
  public String toString() {
    return "ServerSupervisor{" + name + ", " + state() + ", " + command.get(0) + "}";
  }

  /* --- the supervisor thread --- */

  private void launch() {
    Process started;
    long gen;
    synchronized (lock) {
      if (closed) {
        return;
      }
      gen = ++generation;
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(environment);
      if (workingDirectory != null) {
        pb.directory(workingDirectory.toFile());
      }
      if (logFile != null) {
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      }
      try {
        started = pb.start();
      } catch (IOException | RuntimeException e) {
        // A program that cannot be run will not run after a backoff either.
        String why = "could not start '" + command.get(0) + "': " + e.getMessage();
        process = null;
        setStateLocked(ServerState.FAILED, why);
        started = null;
      }
      if (started != null) {
        process = started;
        failedProbes = 0;
        knownTree.clear();
        setStateLocked(ServerState.STARTING, "started as pid " + started.pid());
      }
    }
    if (started == null) {
      emit(SupervisorEvent.Type.FAILED, null, null, null, stateReason());
      return;
    }
    Process p = started;
    if (logFile == null) {
      pumpOutput(p);
    }
    emit(SupervisorEvent.Type.STARTED, p.pid(), null, null, "started " + describeCommand());
    p.onExit().thenRun(() -> submit(() -> onExit(gen, p), Duration.ZERO));
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    submit(() -> awaitReadiness(gen, p, deadline), Duration.ZERO);
  }

  private void awaitReadiness(long gen, Process p, long deadline) {
    if (stale(gen) || !p.isAlive()) {
      return; // onExit takes over when the process died
    }
    remember(p);
    if (probe.ok(readinessUrl)) {
      synchronized (lock) {
        if (gen != generation || closed) {
          return;
        }
        nextBackoff = initialBackoff;
        setStateLocked(ServerState.READY, "ready");
      }
      emit(SupervisorEvent.Type.READY, p.pid(), null, null, readinessUrl + " answered 200");
      submit(() -> checkHealth(gen, p), healthInterval);
      return;
    }
    if (System.nanoTime() - deadline >= 0) {
      String why = "not ready within the startup timeout of " + startupTimeout.toMillis() + " ms";
      markRestarting(gen, why);
      emit(SupervisorEvent.Type.START_TIMED_OUT, p.pid(), null, null, why);
      kill(p);
      return;
    }
    submit(() -> awaitReadiness(gen, p, deadline), readinessPollInterval);
  }

  private void checkHealth(long gen, Process p) {
    if (stale(gen) || !p.isAlive()) {
      return;
    }
    remember(p);
    boolean healthy = healthConnectOnly ? HttpProbe.connects(healthUrl, probeTimeout) : probe.ok(healthUrl);
    if (healthy) {
      synchronized (lock) {
        failedProbes = 0;
      }
      submit(() -> checkHealth(gen, p), healthInterval);
      return;
    }
    int failed;
    synchronized (lock) {
      failed = ++failedProbes;
    }
    if (failed < unhealthyThreshold) {
      submit(() -> checkHealth(gen, p), healthInterval);
      return;
    }
    String why = (healthConnectOnly ? "connecting to " : "health probe ") + healthUrl + " failed " + failed
        + " times in a row";
    markRestarting(gen, why);
    emit(SupervisorEvent.Type.UNHEALTHY, p.pid(), null, null, why);
    kill(p);
  }

  private void onExit(long gen, Process p) {
    List<ProcessHandle> leftovers;
    synchronized (lock) {
      if (closed || gen != generation) {
        return;
      }
      leftovers = new ArrayList<>(knownTree);
      knownTree.clear();
    }
    // A killed parent leaves its children to init, out of reach of descendants(): kill the ones seen.
    leftovers.forEach(ProcessHandle::destroyForcibly);
    int code = p.exitValue();
    String why = "exited with code " + code;
    markRestarting(gen, why);
    emit(SupervisorEvent.Type.EXITED, p.pid(), code, null, why);
    scheduleRestart(gen, why);
  }

  private void scheduleRestart(long gen, String why) {
    @Nullable Duration delay;
    String failed = "";
    synchronized (lock) {
      if (closed || gen != generation) {
        return;
      }
      long now = System.nanoTime();
      while (!restartTimes.isEmpty() && now - restartTimes.peekFirst() > restartWindow.toNanos()) {
        restartTimes.removeFirst();
      }
      if (restartTimes.size() >= maxRestarts) {
        failed = why + "; gave up after " + restartTimes.size() + " restart(s) within "
            + restartWindow.toSeconds() + " s (maxRestarts " + maxRestarts + ")";
        setStateLocked(ServerState.FAILED, failed);
        process = null;
        delay = null;
      } else {
        restartTimes.addLast(now);
        delay = nextBackoff;
        long nextMillis = (long) Math.min(maxBackoff.toMillis(), Math.ceil(delay.toMillis() * backoffMultiplier));
        nextBackoff = Duration.ofMillis(nextMillis);
        restarts.incrementAndGet();
      }
    }
    if (delay == null) {
      emit(SupervisorEvent.Type.FAILED, null, null, null, failed);
      return;
    }
    emit(SupervisorEvent.Type.RESTART_SCHEDULED, null, null, delay, "restart in " + delay.toMillis() + " ms");
    submit(this::launch, delay);
  }

  private void markRestarting(long gen, String why) {
    synchronized (lock) {
      if (!closed && gen == generation) {
        setStateLocked(ServerState.RESTARTING, why);
      }
    }
  }

  private boolean stale(long gen) {
    synchronized (lock) {
      return closed || gen != generation;
    }
  }

  private void remember(Process p) {
    Set<ProcessHandle> tree = p.descendants().collect(Collectors.toSet());
    synchronized (lock) {
      knownTree.removeIf(h -> !h.isAlive());
      knownTree.addAll(tree);
    }
  }

  private void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private void submit(Runnable task, Duration delay) {
    Runnable guarded = () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("supervisor '{}': unexpected failure in its own thread", name, e);
      }
    };
    try {
      executor.schedule(guarded, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      // close() shut the executor down; nothing more is to be done.
    }
  }

  private void pumpOutput(Process p) {
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (serverOutput.isDebugEnabled()) {
            serverOutput.debug("{}", PhiSafe.redacted(line));
          }
        }
      } catch (IOException ended) {
        // the stream closes when the process ends
      }
    }, "hai-supervisor-" + name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /* --- stopping --- */

  private void stopOnExit() {
    Process p;
    List<ProcessHandle> remembered;
    synchronized (lock) {
      closed = true;
      generation++;
      p = process;
      remembered = new ArrayList<>(knownTree);
    }
    stopTree(p, remembered, stopGracePeriod.compareTo(Duration.ofSeconds(5)) < 0 ? stopGracePeriod : Duration.ofSeconds(5));
  }

  /** SIGTERM to the process and its descendants, then SIGKILL to what outlives the grace period. */
  static void stopTree(@Nullable Process p, List<ProcessHandle> remembered, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>();
    if (p != null) {
      tree.add(p.toHandle());
      p.descendants().forEach(tree::add);
    }
    for (ProcessHandle h : remembered) {
      if (!tree.contains(h)) {
        tree.add(h);
      }
    }
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : tree) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        try {
          h.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (Exception notYet) {
          // killed below
        }
      }
    }
    for (ProcessHandle h : tree) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
    for (ProcessHandle h : tree) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("process {} did not end within 5 s of SIGKILL", h.pid());
      }
    }
  }

  /* --- state and events --- */

  private void setState(ServerState next, String why) {
    synchronized (lock) {
      setStateLocked(next, why);
    }
  }

  private void setStateLocked(ServerState next, String why) {
    state = next;
    reason = why;
    lock.notifyAll();
  }

  private void emit(
      SupervisorEvent.Type type, @Nullable Long pid, @Nullable Integer exitCode, @Nullable Duration delay, String detail) {
    SupervisorEvent event = new SupervisorEvent(type, name, state(), pid, exitCode, delay, detail, Instant.now());
    if (type == SupervisorEvent.Type.READY || type == SupervisorEvent.Type.STARTED || type == SupervisorEvent.Type.STOPPED) {
      log.info("server '{}': {} ({})", name, type, detail);
    } else {
      log.warn("server '{}': {} ({})", name, type, detail);
    }
    for (SupervisorListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("supervisor '{}': listener {} failed on {}", name, l.getClass().getName(), type, e);
      }
    }
  }

  private String describeCommand() {
    // Only the program: arguments can hold paths or keys that do not belong in a log.
    return "'" + command.get(0) + "' with " + (command.size() - 1) + " argument(s)";
  }

  /**
   * Configures a {@link ServerSupervisor}. {@link #command} and {@link #readinessUrl} are required;
   * each setter checks its value at once.
   */
  public static final class Builder {
    /** Default name. */
    public static final String DEFAULT_NAME = "model-server";
    /** Default time a start may take until the readiness URL answers 200. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(2);
    /** Default wait between readiness probes while starting. */
    public static final Duration DEFAULT_READINESS_POLL_INTERVAL = Duration.ofMillis(250);
    /** Default wait between health probes while ready. */
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(5);
    /** Default timeout of one probe. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** Default number of failed health probes in a row that count as dead. */
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
    /** Default wait before the first restart. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** Default longest wait before a restart. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
    /** Default growth of the wait from one restart to the next. */
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
    /** Default most restarts within {@link #DEFAULT_RESTART_WINDOW}. */
    public static final int DEFAULT_MAX_RESTARTS = 5;
    /** Default window that {@link #DEFAULT_MAX_RESTARTS} counts in. */
    public static final Duration DEFAULT_RESTART_WINDOW = Duration.ofMinutes(10);
    /** Default time between SIGTERM and SIGKILL on close. */
    public static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofSeconds(10);

    private String name = DEFAULT_NAME;
    private List<String> command = List.of();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private @Nullable Path workingDirectory;
    private @Nullable String readinessUrl;
    private @Nullable String healthUrl;
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private Duration readinessPollInterval = DEFAULT_READINESS_POLL_INTERVAL;
    private Duration healthInterval = DEFAULT_HEALTH_INTERVAL;
    private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
    private int unhealthyThreshold = DEFAULT_UNHEALTHY_THRESHOLD;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
    private int maxRestarts = DEFAULT_MAX_RESTARTS;
    private Duration restartWindow = DEFAULT_RESTART_WINDOW;
    private Duration stopGracePeriod = DEFAULT_STOP_GRACE_PERIOD;
    private @Nullable Path logFile;
    private boolean stopOnJvmExit = true;
    private boolean healthConnectOnly;
    private final List<SupervisorListener> listeners = new ArrayList<>();

    private Builder() {}

    /** The name in events, logs and thread names. Default: {@value #DEFAULT_NAME}. */
    public Builder name(String name) {
      this.name = Settings.notBlank(name, "supervisor.name");
      return this;
    }

    /** The program and its arguments, run without a shell. Required. */
    public Builder command(String... command) {
      return command(Arrays.asList(command));
    }

    /** The program and its arguments, run without a shell. Required. */
    public Builder command(List<String> command) {
      Objects.requireNonNull(command, "command");
      if (command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
        throw new InvalidRequestException("supervisor.command", "must name a program, was " + command);
      }
      for (String arg : command) {
        if (arg == null) {
          throw new InvalidRequestException("supervisor.command", "must not hold null arguments");
        }
      }
      this.command = List.copyOf(command);
      return this;
    }

    /** An environment variable for the server, on top of this JVM's environment. */
    public Builder environment(String name, String value) {
      environment.put(Settings.notBlank(name, "supervisor.environment.name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The server's working directory. Default: this JVM's. */
    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
      return this;
    }

    /**
     * The URL whose HTTP 200 means the server takes calls, for example {@code
     * http://127.0.0.1:8080/v1/models} (any OpenAI-compatible server) or {@code
     * http://127.0.0.1:8080/health} (llama.cpp's server, vLLM). Required.
     */
    public Builder readinessUrl(String readinessUrl) {
      this.readinessUrl = Settings.url(readinessUrl, "supervisor.readinessUrl");
      return this;
    }

    /** The URL probed every {@link #healthInterval} while ready. Default: the readiness URL. */
    public Builder healthUrl(String healthUrl) {
      this.healthUrl = Settings.url(healthUrl, "supervisor.healthUrl");
      return this;
    }

    /**
     * How long a start may take until ready; after it the process is killed and restarted.
     * Default: {@link #DEFAULT_STARTUP_TIMEOUT} (loading a large model takes a while).
     */
    public Builder startupTimeout(Duration startupTimeout) {
      this.startupTimeout = Settings.positive(startupTimeout, "supervisor.startupTimeout");
      return this;
    }

    /** The wait between readiness probes while starting. Default: {@link #DEFAULT_READINESS_POLL_INTERVAL}. */
    public Builder readinessPollInterval(Duration interval) {
      this.readinessPollInterval = Settings.positive(interval, "supervisor.readinessPollInterval");
      return this;
    }

    /** The wait between health probes while ready. Default: {@link #DEFAULT_HEALTH_INTERVAL}. */
    public Builder healthInterval(Duration healthInterval) {
      this.healthInterval = Settings.positive(healthInterval, "supervisor.healthInterval");
      return this;
    }

    /** The timeout of one readiness or health probe. Default: {@link #DEFAULT_PROBE_TIMEOUT}. */
    public Builder probeTimeout(Duration probeTimeout) {
      this.probeTimeout = Settings.positive(probeTimeout, "supervisor.probeTimeout");
      return this;
    }

    /**
     * Makes the health probe only connect to the health URL's host and port instead of asking for
     * a 200. For servers whose every endpoint waits behind a running generation (llama-cpp-python's
     * server answers {@code /v1/models} only between completions), where a long answer would
     * otherwise look like a hung server and get it killed. A hung process that still accepts
     * connections is then not noticed; one that exits still is. Readiness is always a 200 of the
     * readiness URL. Default: false.
     */
    public Builder healthConnectOnly(boolean healthConnectOnly) {
      this.healthConnectOnly = healthConnectOnly;
      return this;
    }

    /**
     * How many health probes in a row must fail before the server counts as dead and is killed and
     * restarted. Default: {@value #DEFAULT_UNHEALTHY_THRESHOLD}.
     */
    public Builder unhealthyThreshold(int unhealthyThreshold) {
      this.unhealthyThreshold = Settings.atLeast(unhealthyThreshold, 1, "supervisor.unhealthyThreshold");
      return this;
    }

    /**
     * The restart backoff: the first restart waits {@code initial}, each further one {@code
     * multiplier} times longer, at most {@code max}; back to {@code initial} once the server is
     * ready again. Default: {@link #DEFAULT_INITIAL_BACKOFF}, {@link #DEFAULT_MAX_BACKOFF}, {@value
     * #DEFAULT_BACKOFF_MULTIPLIER}.
     */
    public Builder restartBackoff(Duration initial, Duration max, double multiplier) {
      Settings.positive(initial, "supervisor.restartBackoff.initial");
      Settings.positive(max, "supervisor.restartBackoff.max");
      if (max.compareTo(initial) < 0) {
        throw new InvalidRequestException("supervisor.restartBackoff.max", "must not be below initial (" + initial + "), was " + max);
      }
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new InvalidRequestException("supervisor.restartBackoff.multiplier", "must be at least 1.0, was " + multiplier);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      this.backoffMultiplier = multiplier;
      return this;
    }

    /**
     * The most restarts within {@code window}; one more death makes the supervisor give up ({@link
     * ServerState#FAILED}). 0: never restart. Default: {@value #DEFAULT_MAX_RESTARTS} within {@link
     * #DEFAULT_RESTART_WINDOW}.
     */
    public Builder maxRestarts(int maxRestarts, Duration window) {
      this.maxRestarts = Settings.atLeast(maxRestarts, 0, "supervisor.maxRestarts");
      this.restartWindow = Settings.positive(window, "supervisor.maxRestarts.window");
      return this;
    }

    /** The time between SIGTERM and SIGKILL on {@link ServerSupervisor#close()}. Default: {@link #DEFAULT_STOP_GRACE_PERIOD}. */
    public Builder stopGracePeriod(Duration stopGracePeriod) {
      this.stopGracePeriod = Settings.positive(stopGracePeriod, "supervisor.stopGracePeriod");
      return this;
    }

    /**
     * Appends the server's output, as it is, to this file instead of logging it (masked) to SLF4J.
     * The file holds whatever the server prints: keep it where PHI may be stored.
     */
    public Builder logFile(Path logFile) {
      this.logFile = Objects.requireNonNull(logFile, "logFile");
      return this;
    }

    /** Whether a JVM shutdown hook stops the process tree. Default: true. */
    public Builder stopOnJvmExit(boolean stopOnJvmExit) {
      this.stopOnJvmExit = stopOnJvmExit;
      return this;
    }

    /** Adds a listener for the supervisor's events. */
    public Builder listener(SupervisorListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the supervisor; nothing is started until {@link ServerSupervisor#start()}.
     *
     * @throws InvalidRequestException if the command or the readiness URL is missing
     */
    public ServerSupervisor build() {
      if (command.isEmpty()) {
        throw new InvalidRequestException("supervisor.command", "is required: the program that runs the server");
      }
      if (readinessUrl == null) {
        throw new InvalidRequestException(
            "supervisor.readinessUrl", "is required: a URL that answers 200 once the server takes calls");
      }
      return new ServerSupervisor(this);
    }
  }
}
