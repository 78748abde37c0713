package dev.hai.prompts;

import dev.hai.core.ClinicalRequest;
import dev.hai.core.PromptInfo;
import dev.hai.core.PromptSource;
import dev.hai.core.audit.AuditEvent;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditSink;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.ResolvedPrompt;
import dev.hai.core.internal.io.AtomicFiles;
import dev.hai.prompts.internal.Catalog;
import dev.hai.prompts.internal.DirectoryWatcher;
import dev.hai.prompts.internal.JarFileSystems;
import dev.hai.prompts.internal.LabelsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned prompt registry: reads prompt files from a directory or the classpath, resolves
 * references by label, exact version or range, runs experiments, checks the lock file, and moves
 * labels (rollback) with an audit event for each change.
 *
 * <pre>{@code
 * PromptRegistry prompts = PromptRegistry.builder()
 *     .directory(Path.of("/etc/myapp/prompts"))   // <id>/<version>.yaml, <id>/labels.yaml, prompts.lock
 *     .watch(true)                                  // reload when the files change
 *     .auditSink(audit)                             // label changes are audit events
 *     .build();
 * ClinicalModelClient client = ClinicalModelClient.builder()
 *     .backend(backend)
 *     .promptResolver(prompts)
 *     .auditSink(audit)
 *     .build();
 * client.call(ClinicalRequest.builder().caller(caller).patientId(mrn)
 *     .prompt("discharge-summary", "production", Map.of("note", note)).build());
 *
 * prompts.moveLabel("discharge-summary", "production", "1.1.0", "u-safety", "rollback: 1.2.0 omits allergies");
 * }</pre>
 *
 * <p>The registry holds an immutable snapshot of every prompt, label and experiment, replaced as a
 * whole by {@link #reload()}: a call resolves against one snapshot, so it never mixes two versions,
 * and a call that resolved before a reload keeps what it resolved. A reload that finds a problem
 * (a syntax error, a label pointing nowhere, a hash differing from {@code prompts.lock} in {@link
 * LockMode#REFUSE}) keeps the previous snapshot and reports the problem to the {@link Listener}.
 *
 * <p>Thread-safe; share one instance. {@link #close()} stops the directory watch.
 */
public final class PromptRegistry implements PromptResolver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PromptRegistry.class);

  /** What a registry does when prompt files differ from {@code prompts.lock}. */
  public enum LockMode {
    /** Refuse: the registry does not start, and a reload keeps the previous snapshot. */
    REFUSE,
    /** Load the files anyway, log the drift and report it to {@link Listener#drift}. */
    ALARM
  }

  /**
   * Told about reloads and drift. Called on the thread that reloaded; must be quick and must not
   * throw (an exception is logged and ignored).
   */
  public interface Listener {
    /** A new snapshot is in use. */
    default void reloaded(int prompts, int versions) {}

    /** A load or reload failed; the previous snapshot stays in use (none at start). */
    default void reloadFailed(PromptLoadException problem) {}

    /** Prompt files differ from the lock file: the "prompt hash mismatch" integrity metric. */
    default void drift(List<PromptLock.Drift> drift) {}
  }

  /** Default {@link Builder#lockMode}. */
  public static final LockMode DEFAULT_LOCK_MODE = LockMode.REFUSE;
  /** Default {@link Builder#watchDelay}: quiet time after a change before reloading. */
  public static final Duration DEFAULT_WATCH_DELAY = Duration.ofMillis(200);

  private final Path root;
  private final boolean writable;
  private final JarFileSystems.@Nullable Lease jar;
  private final Path lockFile;
  private final boolean requireLock;
  private final LockMode lockMode;
  private final @Nullable AuditSink auditSink;
  private final String auditTenant;
  private final String auditRole;
  private final Listener listener;
  private final Function<ClinicalRequest, @Nullable String> subjectKey;
  private final Clock clock;
  private final Object writeLock = new Object();
  private volatile Catalog catalog;
  private volatile List<PromptLock.Drift> drift;
  private final @Nullable DirectoryWatcher watcher;

  private PromptRegistry(Builder b, Path root, boolean writable, JarFileSystems.@Nullable Lease jar) {
    this.root = root;
    this.writable = writable;
    this.jar = jar;
    this.lockFile = b.lockFile != null ? b.lockFile : root.resolve(PromptLock.FILE_NAME);
    this.requireLock = b.requireLock;
    this.lockMode = b.lockMode;
    this.auditSink = b.auditSink;
    this.auditTenant = b.auditTenant;
    this.auditRole = b.auditRole;
    this.listener = b.listener;
    this.subjectKey = b.subjectKey;
    this.clock = b.clock;
    try {
      Loaded first = load();
      this.catalog = first.catalog();
      this.drift = first.drift();
      announce(first);
    } catch (PromptLoadException e) {
      notify(l -> l.reloadFailed(e));
      closeJar();
      throw e;
    }
    this.watcher = b.watch && writable ? DirectoryWatcher.start(root, b.watchDelay, this::reloadQuietly) : null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /* --- resolving --- */

  /** Resolves without a subject key: a label split by an experiment gives the label's own version. */
  @Override
  public ResolvedPrompt resolve(PromptSource.Reference reference) {
    return resolve(reference, (String) null);
  }

  /**
   * Resolves for {@code request}: an experiment on the requested label assigns the arm by the
   * request's subject key ({@link Builder#subjectKey}; by default the patient id).
   */
  @Override
  public ResolvedPrompt resolve(PromptSource.Reference reference, ClinicalRequest request) {
    return resolve(reference, subjectKey.apply(request));
  }

  /**
   * Resolves with an explicit subject key for experiments; {@code null} gives the label's own
   * version and puts the call in no experiment arm.
   *
   * @throws PromptResolver.PromptResolutionException naming the field at fault
   */
  public ResolvedPrompt resolve(PromptSource.Reference reference, @Nullable String subjectKey) {
    Catalog c = catalog; // one snapshot for the whole resolution
    Catalog.Selection s = c.select(reference.promptId(), reference.selector());
    PromptTemplate t = s.template();
    PromptInfo info;
    Experiment e = s.experiment();
    if (e != null && subjectKey != null) {
      Experiment.Arm arm = e.assign(subjectKey);
      t = c.prompts().get(t.id()).version(arm.version());
      info = new PromptInfo(t.id(), t.version().toString(), t.sha256(), s.label(), e.id(), arm.name(),
          classification(t));
    } else {
      info = new PromptInfo(t.id(), t.version().toString(), t.sha256(), s.label(), null, null, classification(t));
    }
    return new ResolvedPrompt(t.render(reference.variables()), info, t.defaults(), t.outputSchema().orElse(null));
  }

  private static @Nullable String classification(PromptTemplate t) {
    return t.classification().map(DataClassification::value).orElse(null);
  }

  /**
   * The template a selector names now (a label's own version, ignoring experiments).
   *
   * @throws PromptResolver.PromptResolutionException when nothing matches
   */
  public PromptTemplate template(String promptId, String selector) {
    return catalog.select(promptId, selector).template();
  }

  /** Every prompt id, sorted. */
  public List<String> promptIds() {
    return List.copyOf(catalog.prompts().keySet());
  }

  /** Every version of a prompt, oldest first; empty for an unknown prompt. */
  public List<PromptTemplate> versions(String promptId) {
    Catalog.Prompt p = catalog.prompts().get(promptId);
    return p == null ? List.of() : List.copyOf(p.versions().values());
  }

  /** A prompt's labels (label to version), sorted; empty for an unknown prompt. */
  public Map<String, SemVer> labels(String promptId) {
    Catalog.Prompt p = catalog.prompts().get(promptId);
    return p == null ? Map.of() : p.labels().labels();
  }

  /** A prompt's running experiments, by id. */
  public Map<String, Experiment> experiments(String promptId) {
    Catalog.Prompt p = catalog.prompts().get(promptId);
    return p == null ? Map.of() : p.labels().experiments();
  }

  /** Every template loaded, by id then version. */
  public List<PromptTemplate> templates() {
    return catalog.templates();
  }

  /** The drift found by the last successful load (empty in {@link LockMode#REFUSE}). */
  public List<PromptLock.Drift> drift() {
    return drift;
  }

  /* --- reloading --- */

  /**
   * Reads the files again and swaps the snapshot in one step. Calls in flight keep what they
   * resolved. With an audit sink, every label and experiment that changed on disk (a hand edit of
   * {@code labels.yaml}) is first appended as an audit event by {@code "labels.yaml"}.
   *
   * @throws PromptLoadException if the files have a problem; the previous snapshot stays in use
   * @throws RuntimeException what the audit sink threw when such an event cannot be recorded; the
   *     previous snapshot stays in use
   */
  public void reload() {
    synchronized (writeLock) {
      Loaded next;
      try {
        next = load();
      } catch (PromptLoadException e) {
        notify(l -> l.reloadFailed(e));
        throw e;
      }
      recordEditsOnDisk(catalog, next.catalog());
      catalog = next.catalog();
      drift = next.drift();
      announce(next);
    }
  }

  private void reloadQuietly() {
    try {
      reload();
    } catch (PromptLoadException e) {
      log.warn("prompt reload failed; the previous prompts stay in use:\n{}", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("prompt reload failed; the previous prompts stay in use: {}", e.toString());
    }
  }

  private record Loaded(Catalog catalog, List<PromptLock.Drift> drift) {}

  /** Who label events read from an edited {@code labels.yaml} name: the registry cannot know the editor. */
  static final String DISK_ACTOR = LabelsFile.NAME;

  /**
   * Every label change is an audit event: labels and experiments that differ between the snapshot in
   * use and the one a reload read (a hand edit of {@code labels.yaml}, a deployment) are appended
   * before the new snapshot serves. A failed append fails the reload, which keeps the snapshot in use.
   */
  private void recordEditsOnDisk(Catalog before, Catalog after) {
    if (auditSink == null || !writable) {
      return;
    }
    String why = "labels.yaml edited on disk and read by a reload; the registry cannot tell who edited it";
    java.util.Set<String> ids = new java.util.TreeSet<>(before.prompts().keySet());
    ids.addAll(after.prompts().keySet());
    for (String id : ids) {
      Catalog.Prompt a = before.prompts().get(id);
      Catalog.Prompt b = after.prompts().get(id);
      Map<String, SemVer> la = a == null ? Map.of() : a.labels().labels();
      Map<String, SemVer> lb = b == null ? Map.of() : b.labels().labels();
      java.util.Set<String> labels = new java.util.TreeSet<>(la.keySet());
      labels.addAll(lb.keySet());
      for (String label : labels) {
        SemVer from = la.get(label);
        SemVer to = lb.get(label);
        if (!Objects.equals(from, to)) {
          appendEvent(new AuditEvent("prompt.label", id + "@" + label, from == null ? null : from.toString(),
              to == null ? null : to.toString()), DISK_ACTOR, why);
        }
      }
      Map<String, Experiment> ea = a == null ? Map.of() : a.labels().experiments();
      Map<String, Experiment> eb = b == null ? Map.of() : b.labels().experiments();
      java.util.Set<String> experiments = new java.util.TreeSet<>(ea.keySet());
      experiments.addAll(eb.keySet());
      for (String e : experiments) {
        Experiment from = ea.get(e);
        Experiment to = eb.get(e);
        if (from != null && !from.equals(to)) {
          appendEvent(new AuditEvent("prompt.experiment.end", id + "#" + e, arms(from), null), DISK_ACTOR, why);
        }
        if (to != null && !to.equals(from)) {
          appendEvent(new AuditEvent("prompt.experiment.start", id + "#" + e, null, arms(to)), DISK_ACTOR, why);
        }
      }
    }
  }

  private AuditRecord appendEvent(AuditEvent event, String by, String why) {
    AuditRecord record = AuditRecord.ofEvent(event, auditTenant, by, auditRole, why, clock);
    auditSink.append(record);
    return record;
  }

  private void announce(Loaded loaded) {
    int versions = loaded.catalog().templates().size();
    notify(l -> l.reloaded(loaded.catalog().prompts().size(), versions));
  }

  private Loaded load() {
    if (!root.getFileSystem().isOpen()) {
      throw closedFileSystem();
    }
    try {
      return read();
    } catch (ClosedFileSystemException e) {
      throw closedFileSystem();
    } catch (RuntimeException e) {
      // the JDK's zip file system may fail otherwise (a NullPointerException) when closed meanwhile
      throw root.getFileSystem().isOpen() ? e : closedFileSystem();
    }
  }

  private PromptLoadException closedFileSystem() {
    return PromptLoadException.at(root.toString(), 0, "the file system holding the prompts was closed"
        + " (a jar closed elsewhere)");
  }

  private Loaded read() {
    Catalog c = Catalog.load(root);
    List<PromptLock.Drift> found = List.of();
    if (Files.exists(lockFile)) {
      found = PromptLock.read(lockFile).check(c.templates());
    } else if (requireLock) {
      throw PromptLoadException.at(lockFile.toString(), 0, "the lock file is missing; write it"
          + " with `hai-prompts lock` once the prompts are approved");
    }
    if (!found.isEmpty()) {
      List<PromptLock.Drift> reported = found;
      notify(l -> l.drift(reported));
      if (lockMode == LockMode.REFUSE) {
        throw new PromptLoadException(found.stream()
            .map(d -> new PromptLoadException.Problem(d.file(), 0, d.description())).toList());
      }
      log.warn("prompt files differ from prompts.lock (alarm mode, loaded anyway):\n{}",
          found.stream().map(PromptLock.Drift::message).collect(Collectors.joining("\n")));
    }
    return new Loaded(c, List.copyOf(found));
  }

  /* --- labels and experiments --- */

  /**
   * Points {@code label} at {@code version}; a rollback is a move back. Writes {@code labels.yaml}
   * atomically, appends an audit event (who, from, to, why), then reloads. When the reload is refused
   * for another file (an unapproved new version, say), the move still takes effect on the versions in
   * use, and the refusal goes to the {@link Listener} and the log: a rollback never waits for it.
   *
   * @throws IllegalArgumentException if the prompt or version does not exist or an argument is blank
   * @throws IllegalStateException for a classpath registry (read-only) or without an audit sink
   */
  public LabelChange moveLabel(String promptId, String label, String version, String by, String why) {
    Experiment.checkName(label, "label");
    SemVer v = SemVer.parse(Objects.requireNonNull(version, "version"));
    return change(promptId, by, why, labels -> {
      if (catalog.prompts().get(promptId).version(v) == null) {
        throw new IllegalArgumentException("prompt " + promptId + " has no version " + v);
      }
      SemVer from = labels.labels().get(label);
      return new Edit(labels.withLabel(label, v), "prompt.label", promptId + "@" + label,
          from == null ? null : from.toString(), v.toString());
    });
  }

  /**
   * Starts an experiment splitting one of the prompt's labels; audited like a label move.
   *
   * @throws IllegalArgumentException if an arm's version is missing, the label undefined or already split
   */
  public LabelChange startExperiment(String promptId, Experiment experiment, String by, String why) {
    Objects.requireNonNull(experiment, "experiment");
    return change(promptId, by, why, labels -> {
      if (labels.experiments().containsKey(experiment.id())) {
        throw new IllegalArgumentException("experiment '" + experiment.id() + "' already exists");
      }
      // Checked here as the loader would, so that a bad experiment never reaches the file.
      if (!labels.labels().containsKey(experiment.label())) {
        throw new IllegalArgumentException("label '" + experiment.label() + "' of prompt " + promptId
            + " is not defined; define it first (its version serves calls without a subject key)");
      }
      labels.experiments().values().stream().filter(x -> x.label().equals(experiment.label())).findAny()
          .ifPresent(x -> {
            throw new IllegalArgumentException("label '" + experiment.label() + "' is already split by experiment '"
                + x.id() + "'; end it first");
          });
      for (Experiment.Arm a : experiment.arms()) {
        if (catalog.prompts().get(promptId).version(a.version()) == null) {
          throw new IllegalArgumentException("arm '" + a.name() + "': prompt " + promptId + " has no version "
              + a.version());
        }
      }
      return new Edit(labels.withExperiment(experiment), "prompt.experiment.start",
          promptId + "#" + experiment.id(), null, arms(experiment));
    });
  }

  /**
   * Ends an experiment: its label serves the label's own version again (move the label first to
   * keep the winning arm). Audited like a label move.
   *
   * @throws IllegalArgumentException if there is no such experiment
   */
  public LabelChange endExperiment(String promptId, String experimentId, String by, String why) {
    return change(promptId, by, why, labels -> {
      Experiment e = labels.experiments().get(experimentId);
      if (e == null) {
        throw new IllegalArgumentException("prompt " + promptId + " has no experiment '" + experimentId + "'");
      }
      return new Edit(labels.withoutExperiment(experimentId), "prompt.experiment.end",
          promptId + "#" + experimentId, arms(e), null);
    });
  }

  private static String arms(Experiment e) {
    return e.label() + ": " + e.arms().stream().map(a -> a.name() + "=" + a.version() + "/" + a.weight())
        .collect(Collectors.joining(", "));
  }

  private record Edit(LabelsFile labels, String kind, String subject, @Nullable String from, @Nullable String to) {}

  private LabelChange change(String promptId, String by, String why, Function<LabelsFile, Edit> edit) {
    requireText(by, "by");
    requireText(why, "why");
    if (!writable) {
      throw new IllegalStateException("this registry reads prompts from the classpath and cannot change labels;"
          + " use a directory registry");
    }
    if (auditSink == null) {
      throw new IllegalStateException("label changes are audit events: give the registry an AuditSink with"
          + " PromptRegistry.Builder.auditSink(...)");
    }
    synchronized (writeLock) {
      if (!catalog.prompts().containsKey(promptId)) {
        throw new IllegalArgumentException("unknown prompt '" + promptId + "'");
      }
      Path file = root.resolve(promptId).resolve(LabelsFile.NAME);
      try {
        LabelsFile current = Files.exists(file)
            ? LabelsFile.parse(promptId + "/" + LabelsFile.NAME, Files.readString(file, StandardCharsets.UTF_8))
            : LabelsFile.empty();
        Edit e = edit.apply(current);
        // Stage the new file, record the event, then rename: a failed audit append leaves no change.
        Path staged = AtomicFiles.stage(file, e.labels().write(promptId));
        LabelChange change;
        try {
          AuditRecord event = appendEvent(new AuditEvent(e.kind(), e.subject(), e.from(), e.to()), by, why);
          change = new LabelChange(promptId, e.subject(), e.kind(), e.from(), e.to(), by, why, event.time());
        } catch (RuntimeException ex) {
          Files.deleteIfExists(staged);
          throw ex;
        }
        AtomicFiles.commit(staged, file);
        log.info("{} {}: {} -> {} by {}", e.kind(), e.subject(), e.from(), e.to(), by);
        // Serve the recorded change now, on the versions in use; the reload then records only what
        // else changed on disk. When it is refused for another file (an unapproved new version, a
        // syntax error), the change still serves rather than leave the old label in place.
        try {
          catalog = catalog.withLabels(promptId, edit.apply(catalog.prompts().get(promptId).labels()).labels());
        } catch (IllegalArgumentException notInUse) {
          // The labels in use lack what the change touched (a disk edit not read yet): the reload reads it.
          log.debug("{} {} not applicable to the labels in use: {}", e.kind(), e.subject(), notInUse.toString());
        }
        try {
          reload();
        } catch (PromptLoadException refused) {
          log.warn("{} {} applied to the prompts in use; the other changes on disk stay refused:\n{}", e.kind(),
              e.subject(), refused.getMessage());
        }
        return change;
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot write " + file, ex);
      }
    }
  }

  private static void requireText(String s, String name) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank: every label change names who made it and why");
    }
  }

  private void notify(java.util.function.Consumer<Listener> event) {
    try {
      event.accept(listener);
    } catch (RuntimeException e) {
      log.warn("prompt registry listener threw {}", e.toString());
    }
  }

  /** Stops watching the directory. Resolving keeps working on the last snapshot. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    closeJar();
  }

  private void closeJar() {
    if (jar != null) {
      jar.close(); // the jar's file system closes with the last registry reading it
    }
  }

  @Override
  public String toString() {
    Catalog c = catalog;
    return "PromptRegistry[" + root + ", " + c.prompts().size() + " prompts, " + c.templates().size()
        + " versions, lock " + lockMode + (watcher != null ? ", watching" : "") + "]";
  }

  /** Builds a {@link PromptRegistry}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Path directory;
    private @Nullable String classpathRoot;
    private @Nullable ClassLoader classLoader;
    private boolean watch;
    private Duration watchDelay = DEFAULT_WATCH_DELAY;
    private @Nullable Path lockFile;
    private boolean requireLock;
    private LockMode lockMode = DEFAULT_LOCK_MODE;
    private @Nullable AuditSink auditSink;
    private String auditTenant = "*";
    private String auditRole = "prompt-admin";
    private Listener listener = new Listener() {};
    private Function<ClinicalRequest, @Nullable String> subjectKey = ClinicalRequest::patientId;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Reads prompts from {@code directory}: {@code <id>/<version>.yaml}, {@code <id>/labels.yaml}. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      this.classpathRoot = null;
      return this;
    }

    /**
     * Reads prompts from a classpath folder (an embedded default set), in a directory or a jar.
     * Such a registry is read-only: labels move only in a new build.
     */
    public Builder classpath(String root, ClassLoader loader) {
      this.classpathRoot = Objects.requireNonNull(root, "root");
      this.classLoader = Objects.requireNonNull(loader, "loader");
      this.directory = null;
      return this;
    }

    /** Reloads when files under the directory change. Default false; ignored for the classpath. */
    public Builder watch(boolean watch) {
      this.watch = watch;
      return this;
    }

    /** Quiet time after a change before a watched directory reloads. Default {@link #DEFAULT_WATCH_DELAY}. */
    public Builder watchDelay(Duration watchDelay) {
      if (watchDelay.isNegative()) {
        throw new IllegalArgumentException("watchDelay must not be negative");
      }
      this.watchDelay = watchDelay;
      return this;
    }

    /** The lock file. Default {@code prompts.lock} at the prompt root. */
    public Builder lockFile(Path lockFile) {
      this.lockFile = Objects.requireNonNull(lockFile, "lockFile");
      return this;
    }

    /** Whether a missing lock file is an error. Default false: without a lock file nothing is checked. */
    public Builder requireLock(boolean requireLock) {
      this.requireLock = requireLock;
      return this;
    }

    /** What to do when files differ from the lock file. Default {@link LockMode#REFUSE}. */
    public Builder lockMode(LockMode lockMode) {
      this.lockMode = Objects.requireNonNull(lockMode, "lockMode");
      return this;
    }

    /** Where label and experiment changes are recorded. Required for {@link #moveLabel} and the like. */
    public Builder auditSink(AuditSink auditSink) {
      this.auditSink = Objects.requireNonNull(auditSink, "auditSink");
      return this;
    }

    /** The tenant and role written in label-change events. Default {@code "*"} (all tenants), {@code "prompt-admin"}. */
    public Builder auditActor(String tenant, String role) {
      requireText(tenant, "tenant");
      requireText(role, "role");
      this.auditTenant = tenant;
      this.auditRole = role;
      return this;
    }

    /** Told about reloads, failures and drift. */
    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The subject an experiment assigns arms by, from the request (a patient or encounter
     * reference). Default: {@link ClinicalRequest#patientId()}. A {@code null} subject gets the
     * label's own version and no arm.
     */
    public Builder subjectKey(Function<ClinicalRequest, @Nullable String> subjectKey) {
      this.subjectKey = Objects.requireNonNull(subjectKey, "subjectKey");
      return this;
    }

    /** The clock of audit events. Default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Loads the prompts and checks them against the lock file.
     *
     * @throws PromptLoadException listing every problem (file and line), or the drift in {@link LockMode#REFUSE}
     * @throws IllegalStateException if neither a directory nor a classpath root was set
     */
    public PromptRegistry build() {
      if (directory != null) {
        if (!Files.isDirectory(directory)) {
          throw new IllegalArgumentException("prompt directory " + directory + " does not exist");
        }
        return new PromptRegistry(this, directory, true, null);
      }
      if (classpathRoot == null) {
        throw new IllegalStateException("set directory(...) or classpath(...)");
      }
      URL url = classLoader.getResource(classpathRoot);
      if (url == null) {
        throw new IllegalArgumentException("no classpath folder '" + classpathRoot + "'");
      }
      try {
        URI uri = url.toURI();
        if ("jar".equals(uri.getScheme())) {
          JarFileSystems.Lease lease = JarFileSystems.open(uri); // shared with other registries over the jar
          try {
            return new PromptRegistry(this, lease.fileSystem().getPath(classpathRoot), false, lease);
          } catch (RuntimeException e) {
            lease.close();
            throw e;
          }
        }
        return new PromptRegistry(this, Path.of(uri), false, null);
      } catch (URISyntaxException | IOException e) {
        throw new IllegalArgumentException("cannot open classpath folder '" + classpathRoot + "': " + e, e);
      }
    }
  }
}
