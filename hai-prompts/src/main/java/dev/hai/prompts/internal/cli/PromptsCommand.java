package dev.hai.prompts.internal.cli;

import dev.hai.core.audit.FileAuditSink;
import dev.hai.prompts.LabelChange;
import dev.hai.prompts.PromptLoadException;
import dev.hai.prompts.PromptLock;
import dev.hai.prompts.PromptRegistry;
import dev.hai.prompts.PromptTemplate;
import dev.hai.prompts.SemVer;
import dev.hai.prompts.internal.Catalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hai-prompts}: picocli commands over a prompt directory. */
@Command(
    name = "hai-prompts",
    mixinStandardHelpOptions = true,
    description = "Tools for HAI prompt directories: <dir>/<id>/<version>.yaml, <dir>/<id>/labels.yaml,"
        + " <dir>/prompts.lock.",
    subcommands = {PromptsCommand.Lock.class, PromptsCommand.Verify.class, PromptsCommand.Label.class,
        PromptsCommand.Diff.class, PromptsCommand.ListCmd.class})
public final class PromptsCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  public static int run(String... args) {
    CommandLine cl = new CommandLine(new PromptsCommand());
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("hai-prompts: " + e.getMessage());
      commandLine.getErr().flush();
      return e instanceof IllegalArgumentException || e instanceof IllegalStateException ? USAGE : FAILED;
    });
    return cl.execute(args);
  }

  /** The {@code --dir} option and loading, shared by the subcommands. */
  abstract static class DirCommand implements Callable<Integer> {
    @Option(names = {"-d", "--dir"}, paramLabel = "DIR", defaultValue = "prompts",
        description = "the prompt directory (default: ${DEFAULT-VALUE})")
    Path dir;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    Catalog catalog() {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("not a directory: " + dir);
      }
      return Catalog.load(dir);
    }

    @Override
    public Integer call() {
      try {
        return run();
      } catch (PromptLoadException e) {
        err().println("hai-prompts: the prompt files have problems:");
        e.problems().forEach(p -> err().println("  " + p));
        return FAILED;
      } finally {
        out().flush();
        err().flush();
      }
    }

    abstract int run();
  }

  @Command(name = "lock", mixinStandardHelpOptions = true,
      description = "Write DIR/prompts.lock: the id, version and hash of every prompt version now in DIR."
          + " Run it when the versions are approved, and commit the file. A version already locked whose file"
          + " changed is refused (exit 1): release the change as a new version.")
  static final class Lock extends DirCommand {
    @Option(names = "--reapprove-changed",
        description = "also re-approve locked versions whose content changed (a deliberate re-approval,"
            + " for example of a version never deployed); without it such a change is refused")
    boolean reapproveChanged;

    @Override
    int run() {
      Catalog c = catalog();
      Path file = dir.resolve(PromptLock.FILE_NAME);
      if (Files.exists(file)) {
        // An approved version is immutable: rewriting its hash would approve the edit silently.
        List<PromptLock.Drift> changed = PromptLock.read(file).check(c.templates()).stream()
            .filter(d -> d.kind() == PromptLock.Drift.Kind.CHANGED).toList();
        if (!changed.isEmpty() && !reapproveChanged) {
          err().printf("hai-prompts: %d locked prompt version(s) changed without a version bump; %s is left as"
              + " it was:%n", changed.size(), file);
          changed.forEach(d -> err().println("  " + d.message()));
          err().println("Release each change as a new version, or run `hai-prompts lock --reapprove-changed` to"
              + " approve the new content under the same version.");
          return FAILED;
        }
        changed.forEach(d -> out().printf("re-approved %s %s: sha256:%s -> sha256:%s%n", d.promptId(), d.version(),
            d.locked(), d.actual()));
      }
      PromptLock lock = PromptLock.of(c.templates());
      lock.writeTo(file);
      out().printf("wrote %s: %d versions of %d prompts%n", file, lock.entries().size(), c.prompts().size());
      return OK;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check every prompt file in DIR and compare it with DIR/prompts.lock, as a registry does on"
          + " start. Exit 0: valid and matching; 1: invalid files or drift (each named with file and version).")
  static final class Verify extends DirCommand {
    @Override
    int run() {
      Catalog c = catalog();
      Path file = dir.resolve(PromptLock.FILE_NAME);
      if (!Files.exists(file)) {
        err().println("hai-prompts: " + file + " is missing; write it with `hai-prompts lock`");
        return FAILED;
      }
      List<PromptLock.Drift> drift = PromptLock.read(file).check(c.templates());
      if (drift.isEmpty()) {
        out().printf("OK: %d versions of %d prompts match %s%n", c.templates().size(), c.prompts().size(), file);
        return OK;
      }
      out().printf("DRIFT: %d prompt versions differ from %s%n", drift.size(), file);
      drift.forEach(d -> out().println("  " + d.kind() + " " + d.message()));
      return FAILED;
    }
  }

  @Command(name = "label", mixinStandardHelpOptions = true,
      description = "Point LABEL of prompt ID at VERSION (a rollback is a move back). Writes ID/labels.yaml"
          + " atomically and appends an audit event to the audit log in --audit-dir.")
  static final class Label extends DirCommand {
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Parameters(index = "1", paramLabel = "LABEL") String label;
    @Parameters(index = "2", paramLabel = "VERSION") String version;

    @Option(names = "--by", required = true, paramLabel = "WHO", description = "who makes the change")
    String by;

    @Option(names = "--why", required = true, paramLabel = "REASON",
        description = "why (recorded in the audit trail)")
    String why;

    @Option(names = "--audit-dir", required = true, paramLabel = "DIR",
        description = "the audit log directory (a FileAuditSink) that records the change")
    Path auditDir;

    @Option(names = "--audit-key-file", paramLabel = "FILE",
        description = "file holding the audit log's HMAC chain key, if it is written with one")
    Path auditKeyFile;

    @Override
    int run() {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("not a directory: " + dir);
      }
      FileAuditSink.Builder sb = FileAuditSink.builder(auditDir);
      if (auditKeyFile != null) {
        try {
          sb.chainKey(Files.readAllBytes(auditKeyFile));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + auditKeyFile, e);
        }
      }
      try (FileAuditSink sink = sb.build();
          PromptRegistry registry = PromptRegistry.builder().directory(dir).auditSink(sink).build()) {
        LabelChange c = registry.moveLabel(id, label, version, by, why);
        out().printf("%s: %s -> %s (by %s; recorded in %s)%n", c.subject(),
            c.from() == null ? "(none)" : c.from(), c.to(), c.by(), auditDir);
      }
      return OK;
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Show what changed between two versions of prompt ID.")
  static final class Diff extends DirCommand {
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Parameters(index = "1", paramLabel = "V1") String v1;
    @Parameters(index = "2", paramLabel = "V2") String v2;

    @Override
    int run() {
      Catalog.Prompt p = catalog().prompts().get(id);
      if (p == null) {
        throw new IllegalArgumentException("unknown prompt '" + id + "'");
      }
      PromptTemplate a = version(p, v1);
      PromptTemplate b = version(p, v2);
      PrintWriter out = out();
      out.printf("--- %s %s (sha256:%s)%n+++ %s %s (sha256:%s)%n", id, a.version(), a.sha256(), id,
          b.version(), b.sha256());
      int changes = 0;
      changes += field(out, "description", a.description(), b.description());
      changes += field(out, "owner", a.owner(), b.owner());
      changes += field(out, "approval", String.valueOf(a.approval().orElse(null)),
          String.valueOf(b.approval().orElse(null)));
      changes += field(out, "defaults", a.defaults().toString(), b.defaults().toString());
      changes += field(out, "variables", a.variables().toString(), b.variables().toString());
      changes += field(out, "outputSchema", a.outputSchema().orElse("(none)"), b.outputSchema().orElse("(none)"));
      changes += field(out, "classification", classification(a), classification(b));
      changes += field(out, "changelog", a.changelog(), b.changelog());
      int n = Math.max(a.messages().size(), b.messages().size());
      for (int i = 0; i < n; i++) {
        String x = i < a.messages().size() ? text(a.messages().get(i)) : "";
        String y = i < b.messages().size() ? text(b.messages().get(i)) : "";
        if (!x.equals(y)) {
          changes++;
          out.printf("@@ message %d%n", i + 1);
          lineDiff(out, x, y);
        }
      }
      if (changes == 0) {
        out.println("(no differences in content)");
      }
      return OK;
    }

    private static PromptTemplate version(Catalog.Prompt p, String v) {
      PromptTemplate t = p.version(SemVer.parse(v));
      if (t == null) {
        throw new IllegalArgumentException("prompt " + p.id() + " has no version " + v);
      }
      return t;
    }

    private static String classification(PromptTemplate t) {
      return t.classification().map(c -> c.value()).orElse("(none)");
    }

    private static String text(PromptTemplate.MessageTemplate m) {
      return "[" + m.role().name().toLowerCase(Locale.ROOT) + "]\n" + m.content();
    }

    private static int field(PrintWriter out, String name, String a, String b) {
      if (Objects.equals(a, b)) {
        return 0;
      }
      out.printf("@@ %s%n- %s%n+ %s%n", name, a.replace("\n", "\n  "), b.replace("\n", "\n  "));
      return 1;
    }

    /** A line diff by longest common subsequence: kept lines indented two spaces, removed -, added +. */
    static void lineDiff(PrintWriter out, String a, String b) {
      String[] x = a.split("\n", -1);
      String[] y = b.split("\n", -1);
      int[][] lcs = new int[x.length + 1][y.length + 1];
      for (int i = x.length - 1; i >= 0; i--) {
        for (int j = y.length - 1; j >= 0; j--) {
          lcs[i][j] = x[i].equals(y[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
      }
      int i = 0;
      int j = 0;
      while (i < x.length || j < y.length) {
        if (i < x.length && j < y.length && x[i].equals(y[j])) {
          out.println("  " + x[i++]);
          j++;
        } else if (i < x.length && (j == y.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
          out.println("- " + x[i++]);
        } else {
          out.println("+ " + y[j++]);
        }
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List every prompt in DIR: versions with their hashes and labels, and running experiments.")
  static final class ListCmd extends DirCommand {
    @Override
    int run() {
      Catalog c = catalog();
      for (Catalog.Prompt p : c.prompts().values()) {
        out().println(p.id());
        for (PromptTemplate t : p.versions().values()) {
          List<String> labels = new ArrayList<>();
          for (Map.Entry<String, SemVer> e : p.labels().labels().entrySet()) {
            if (e.getValue().equals(t.version())) {
              labels.add(e.getKey());
            }
          }
          out().printf("  %-12s sha256:%s  %s%n", t.version(), t.sha256().substring(0, 16), String.join(", ", labels));
        }
        p.labels().experiments().values().forEach(e -> out().printf("  experiment %s on %s: %s%n", e.id(),
            e.label(), e.arms().stream().map(a -> a.name() + "=" + a.version() + " (" + a.weight() + ")").toList()));
      }
      return OK;
    }
  }
}
