package dev.hai.prompts.internal;

import dev.hai.core.spi.PromptResolver.PromptResolutionException;
import dev.hai.prompts.Experiment;
import dev.hai.prompts.PromptLoadException;
import dev.hai.prompts.PromptLoadException.Problem;
import dev.hai.prompts.PromptTemplate;
import dev.hai.prompts.SemVer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of every prompt under a root: {@code <root>/<id>/<version>.yaml|.yml|.json}
 * and {@code <root>/<id>/labels.yaml}. A registry swaps whole catalogs, so a call resolves against
 * one consistent set of versions and labels.
 */
public final class Catalog {
  /** How many distinct selectors per prompt are remembered; beyond it they are resolved each time. */
  static final int SELECTOR_CACHE_LIMIT = 256;

  /**
   * What a selector chose: a fixed template, or a label that an experiment may split.
   *
   * @param template the version the selector names (for a label: the label's own version)
   * @param label the label, when the selector was one
   * @param experiment the experiment on that label, if any
   */
  public record Selection(PromptTemplate template, @Nullable String label, @Nullable Experiment experiment) {}

  /** One prompt: its versions, labels and experiments. */
  public static final class Prompt {
    final String id;
    final NavigableMap<SemVer, PromptTemplate> versions;
    final Map<String, PromptTemplate> byText;
    final LabelsFile labels;
    final Map<String, Experiment> experimentByLabel;
    final ConcurrentHashMap<String, Selection> selections = new ConcurrentHashMap<>();

    Prompt(String id, NavigableMap<SemVer, PromptTemplate> versions, LabelsFile labels) {
      this.id = id;
      this.versions = Collections.unmodifiableNavigableMap(versions);
      Map<String, PromptTemplate> t = new HashMap<>();
      versions.forEach((v, tpl) -> t.put(v.toString(), tpl));
      this.byText = Map.copyOf(t);
      this.labels = labels;
      Map<String, Experiment> e = new HashMap<>();
      labels.experiments().values().forEach(x -> e.put(x.label(), x));
      this.experimentByLabel = Map.copyOf(e);
    }

    public String id() {
      return id;
    }

    public NavigableMap<SemVer, PromptTemplate> versions() {
      return versions;
    }

    public LabelsFile labels() {
      return labels;
    }

    public @Nullable PromptTemplate version(SemVer v) {
      return versions.get(v);
    }
  }

  private final Map<String, Prompt> prompts;

  private Catalog(Map<String, Prompt> prompts) {
    this.prompts = Collections.unmodifiableMap(new TreeMap<>(prompts));
  }

  /** A catalog of the given prompts (for tests and in-code registries). */
  public static Catalog of(Map<String, Prompt> prompts) {
    return new Catalog(prompts);
  }

  public Map<String, Prompt> prompts() {
    return prompts;
  }

  /**
   * This catalog with one prompt's labels and experiments replaced, its versions unchanged.
   *
   * @throws IllegalArgumentException if a label or experiment arm points to a version it lacks
   */
  public Catalog withLabels(String promptId, LabelsFile labels) {
    Prompt p = prompts.get(promptId);
    if (p == null) {
      throw new IllegalArgumentException("unknown prompt '" + promptId + "'");
    }
    labels.labels().forEach((label, v) -> {
      if (!p.versions.containsKey(v)) {
        throw new IllegalArgumentException("label '" + label + "' points to version " + v + ", which is not loaded");
      }
    });
    for (Experiment e : labels.experiments().values()) {
      for (Experiment.Arm a : e.arms()) {
        if (!p.versions.containsKey(a.version())) {
          throw new IllegalArgumentException("experiment '" + e.id() + "' arm '" + a.name() + "' points to version "
              + a.version() + ", which is not loaded");
        }
      }
    }
    Map<String, Prompt> next = new TreeMap<>(prompts);
    next.put(promptId, new Prompt(promptId, new TreeMap<>(p.versions), labels));
    return new Catalog(next);
  }

  /** Every template, by id then version. */
  public List<PromptTemplate> templates() {
    List<PromptTemplate> out = new ArrayList<>();
    prompts.values().forEach(p -> out.addAll(p.versions.values()));
    return out;
  }

  /**
   * Resolves a selector: a label, an exact version, or a range {@code ^1.2} / {@code ~1.2.3}.
   *
   * @throws PromptResolutionException naming the prompt and selector when nothing matches
   */
  public Selection select(String promptId, String selector) {
    Prompt p = prompts.get(promptId);
    if (p == null) {
      throw new PromptResolutionException("prompt.promptId", "unknown prompt '" + promptId + "'; the registry has "
          + (prompts.size() <= 20 ? prompts.keySet().toString() : prompts.size() + " prompts"));
    }
    Selection s = p.selections.get(selector);
    if (s != null) {
      return s;
    }
    s = selectUncached(p, selector);
    if (p.selections.size() < SELECTOR_CACHE_LIMIT) {
      p.selections.putIfAbsent(selector, s);
    }
    return s;
  }

  private static Selection selectUncached(Prompt p, String selector) {
    PromptTemplate exact = p.byText.get(selector);
    if (exact != null) {
      return new Selection(exact, null, null);
    }
    if (selector.startsWith("^") || selector.startsWith("~")) {
      SemVer[] range = range(selector);
      if (range == null) {
        throw new PromptResolutionException("prompt.selector", "'" + selector + "' is not a range: write ^1.2,"
            + " ^1.2.3, ~1.2 or ~1.2.3");
      }
      // The highest release in [low, high): walk down from just below the upper bound.
      for (Map.Entry<SemVer, PromptTemplate> e = p.versions.lowerEntry(range[1]);
          e != null && e.getKey().compareTo(range[0]) >= 0; e = p.versions.lowerEntry(e.getKey())) {
        if (!e.getKey().isPreRelease()) {
          return new Selection(e.getValue(), null, null);
        }
      }
      throw new PromptResolutionException("prompt.selector", "prompt '" + p.id + "' has no release in range '"
          + selector + "'; versions: " + versionsText(p));
    }
    SemVer label = p.labels.labels().get(selector);
    if (label != null) {
      return new Selection(p.versions.get(label), selector, p.experimentByLabel.get(selector));
    }
    if (SemVer.tryParse(selector) != null) {
      throw new PromptResolutionException("prompt.selector", "prompt '" + p.id + "' has no version " + selector
          + "; versions: " + versionsText(p));
    }
    throw new PromptResolutionException("prompt.selector", "prompt '" + p.id + "' has no label '" + selector
        + "'; labels: " + p.labels.labels().keySet());
  }

  private static String versionsText(Prompt p) {
    if (p.versions.size() <= 20) {
      return p.versions.keySet().toString();
    }
    return p.versions.size() + " from " + p.versions.firstKey() + " to " + p.versions.lastKey();
  }

  /** {@code [low, high)} of a caret or tilde range, or null. */
  static SemVer @Nullable [] range(String selector) {
    String body = selector.substring(1);
    String[] parts = body.split("\\.", -1);
    if (parts.length < 1 || parts.length > 3) {
      return null;
    }
    int[] n = new int[3];
    for (int i = 0; i < parts.length; i++) {
      if (!parts[i].matches("0|[1-9]\\d{0,8}")) {
        return null;
      }
      n[i] = Integer.parseInt(parts[i]);
    }
    SemVer low = new SemVer(n[0], n[1], n[2], null);
    SemVer high;
    if (selector.charAt(0) == '~') {
      high = parts.length == 1 ? new SemVer(n[0] + 1, 0, 0, null) : new SemVer(n[0], n[1] + 1, 0, null);
    } else if (n[0] > 0 || parts.length == 1) {
      high = new SemVer(n[0] + 1, 0, 0, null);
    } else if (n[1] > 0 || parts.length == 2) {
      high = new SemVer(0, n[1] + 1, 0, null);
    } else {
      high = new SemVer(0, 0, n[2] + 1, null);
    }
    // Pre-releases of the upper bound sort below it; "-0" is the lowest pre-release.
    return new SemVer[] {low, new SemVer(high.major(), high.minor(), high.patch(), "0")};
  }

  /**
   * Loads every prompt under {@code root}.
   *
   * @throws PromptLoadException listing every problem of every file
   */
  public static Catalog load(Path root) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Prompt> prompts = new TreeMap<>();
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      dirs = s.filter(Files::isDirectory).filter(d -> !hidden(d)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list prompt root " + root, e);
    }
    for (Path dir : dirs) {
      String id = dir.getFileName().toString();
      if (!PromptParser.isId(id)) {
        problems.add(new Problem(id + "/", 0, "directory name '" + id + "' is not a prompt id: lowercase letters,"
            + " digits, '.', '_' or '-'"));
        continue;
      }
      Prompt p = loadPrompt(dir, id, problems);
      if (p != null) {
        prompts.put(id, p);
      }
    }
    if (!problems.isEmpty()) {
      throw new PromptLoadException(problems);
    }
    return new Catalog(prompts);
  }

  private static @Nullable Prompt loadPrompt(Path dir, String id, List<Problem> problems) {
    NavigableMap<SemVer, PromptTemplate> versions = new TreeMap<>();
    Map<SemVer, String> files = new HashMap<>();
    LabelsFile labels = LabelsFile.empty();
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = s.filter(Files::isRegularFile).filter(f -> !hidden(f)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list prompt directory " + dir, e);
    }
    int before = problems.size();
    for (Path f : entries) {
      String name = f.getFileName().toString();
      String rel = id + "/" + name;
      if (!TreeReader.isPromptFile(name)) {
        continue; // README.md and other notes beside the prompts
      }
      String text = read(f);
      if (name.equals(LabelsFile.NAME)) {
        try {
          labels = LabelsFile.parse(rel, text);
        } catch (PromptLoadException e) {
          problems.addAll(e.problems());
        }
        continue;
      }
      String stem = name.substring(0, name.lastIndexOf('.'));
      SemVer fileVersion = SemVer.tryParse(stem);
      if (fileVersion == null) {
        problems.add(new Problem(rel, 0, "a prompt file is named after its version, such as 1.2.0.yaml"));
        continue;
      }
      PromptTemplate t;
      try {
        t = PromptParser.parse(rel, text);
      } catch (PromptLoadException e) {
        problems.addAll(e.problems());
        continue;
      }
      if (!t.id().equals(id)) {
        problems.add(new Problem(rel, 1, "id '" + t.id() + "' differs from its directory '" + id + "'"));
      }
      if (!t.version().equals(fileVersion)) {
        problems.add(new Problem(rel, 1, "version " + t.version() + " differs from the file name " + name));
        continue;
      }
      String other = files.put(t.version(), rel);
      if (other != null) {
        problems.add(new Problem(rel, 1, "duplicate version " + t.version() + ": also in " + other));
        continue;
      }
      versions.put(t.version(), t);
    }
    String labelsFile = id + "/" + LabelsFile.NAME;
    labels.labels().forEach((label, v) -> {
      if (!versions.containsKey(v)) {
        problems.add(new Problem(labelsFile, 0, "label '" + label + "' points to version " + v + ", which has no file"));
      }
    });
    Map<String, String> splitLabels = new HashMap<>();
    for (Experiment e : labels.experiments().values()) {
      if (!labels.labels().containsKey(e.label())) {
        problems.add(new Problem(labelsFile, 0, "experiment '" + e.id() + "' splits label '" + e.label()
            + "', which is not defined; define the label (its version serves calls without a subject key)"));
      }
      String other = splitLabels.put(e.label(), e.id());
      if (other != null) {
        problems.add(new Problem(labelsFile, 0, "label '" + e.label() + "' is split by two experiments, '" + other
            + "' and '" + e.id() + "'; end one first"));
      }
      for (Experiment.Arm a : e.arms()) {
        if (!versions.containsKey(a.version())) {
          problems.add(new Problem(labelsFile, 0, "experiment '" + e.id() + "' arm '" + a.name() + "' points to"
              + " version " + a.version() + ", which has no file"));
        }
      }
    }
    if (versions.isEmpty() && problems.size() == before) {
      return null; // an empty directory is not a prompt
    }
    return problems.size() == before ? new Prompt(id, versions, labels) : null;
  }

  private static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }
}
