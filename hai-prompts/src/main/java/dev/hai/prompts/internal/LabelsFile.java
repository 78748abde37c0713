package dev.hai.prompts.internal;

import dev.hai.prompts.Experiment;
import dev.hai.prompts.PromptLoadException;
import dev.hai.prompts.PromptLoadException.Problem;
import dev.hai.prompts.SemVer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A prompt's {@code labels.yaml}: label to version, and the experiments that split a label.
 *
 * <pre>
 * labels:
 *   production: "1.1.0"
 *   canary: "1.2.0"
 * experiments:
 *   concise-2026:
 *     label: production
 *     arms:
 *       - {name: control, version: "1.1.0", weight: 90}
 *       - {name: concise, version: "1.2.0", weight: 10}
 * </pre>
 *
 * @param labels version by label, sorted
 * @param experiments experiment by id, sorted
 */
public record LabelsFile(Map<String, SemVer> labels, Map<String, Experiment> experiments) {
  public static final String NAME = "labels.yaml";
  private static final Set<String> TOP = Set.of("labels", "experiments");
  private static final Set<String> EXPERIMENT = Set.of("label", "arms");
  private static final Set<String> ARM = Set.of("name", "version", "weight");

  public LabelsFile {
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    experiments = java.util.Collections.unmodifiableMap(new TreeMap<>(experiments));
  }

  public static LabelsFile empty() {
    return new LabelsFile(Map.of(), Map.of());
  }

  /** Parses the file's content; every problem names its line. */
  public static LabelsFile parse(String file, String content) {
    if (content.isBlank()) {
      return empty();
    }
    Node root = TreeReader.read(file, content);
    List<Problem> problems = new ArrayList<>();
    Map<String, SemVer> labels = new LinkedHashMap<>();
    Map<String, Experiment> experiments = new LinkedHashMap<>();
    if (!(root instanceof Node.Obj top)) {
      throw PromptLoadException.at(file, root.line(), "labels.yaml must be a mapping with 'labels' (and optionally"
          + " 'experiments'), found " + root.kind());
    }
    unknown(file, top, TOP, "labels.yaml", problems);
    if (top.get("labels") instanceof Node.Obj l) {
      l.entries().forEach((name, v) -> {
        if (!Experiment.isName(name)) {
          problems.add(new Problem(file, l.keyLine(name), "label '" + name + "' must start with a letter and hold"
              + " only letters, digits, '.', '_' or '-'"));
        } else {
          SemVer ver = version(file, v, "label '" + name + "'", problems);
          if (ver != null) {
            labels.put(name, ver);
          }
        }
      });
    } else if (top.get("labels") != null && !(top.get("labels") instanceof Node.Null)) {
      problems.add(new Problem(file, top.keyLine("labels"), "labels must be a mapping of label to version"));
    }
    if (top.get("experiments") instanceof Node.Obj ex) {
      ex.entries().forEach((id, v) -> {
        Experiment e = experiment(file, id, ex.keyLine(id), v, problems);
        if (e != null) {
          experiments.put(id, e);
        }
      });
    } else if (top.get("experiments") != null && !(top.get("experiments") instanceof Node.Null)) {
      problems.add(new Problem(file, top.keyLine("experiments"), "experiments must be a mapping of id to"
          + " {label, arms}"));
    }
    if (!problems.isEmpty()) {
      throw new PromptLoadException(problems);
    }
    return new LabelsFile(labels, experiments);
  }

  private static Experiment experiment(String file, String id, int line, Node v, List<Problem> problems) {
    if (!(v instanceof Node.Obj o)) {
      problems.add(new Problem(file, line, "experiment '" + id + "' must be a mapping with label and arms"));
      return null;
    }
    unknown(file, o, EXPERIMENT, "experiment '" + id + "'", problems);
    List<Experiment.Arm> arms = new ArrayList<>();
    if (!(o.get("arms") instanceof Node.Seq seq)) {
      problems.add(new Problem(file, line, "experiment '" + id + "' needs arms: a list of {name, version, weight}"));
      return null;
    }
    for (Node a : seq.items()) {
      if (!(a instanceof Node.Obj arm)) {
        problems.add(new Problem(file, a.line(), "an arm must be a mapping {name, version, weight}"));
        continue;
      }
      unknown(file, arm, ARM, "an arm", problems);
      SemVer ver = version(file, arm.get("version") == null ? new Node.Null(arm.line()) : arm.get("version"),
          "arm version", problems);
      String name = arm.get("name") instanceof Node.Text t ? t.value() : null;
      Integer weight = arm.get("weight") instanceof Node.Num n && n.value().stripTrailingZeros().scale() <= 0
          ? n.value().intValue() : null;
      if (name == null || weight == null) {
        problems.add(new Problem(file, arm.line(), "an arm needs a name (text) and a weight (a whole number)"));
        continue;
      }
      if (ver != null) {
        try {
          arms.add(new Experiment.Arm(name, ver, weight));
        } catch (IllegalArgumentException e) {
          problems.add(new Problem(file, arm.line(), e.getMessage()));
        }
      }
    }
    String label = o.get("label") instanceof Node.Text t ? t.value() : null;
    if (label == null) {
      problems.add(new Problem(file, line, "experiment '" + id + "' needs the label it splits"));
      return null;
    }
    try {
      return new Experiment(id, label, arms);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(file, line, e.getMessage()));
      return null;
    }
  }

  private static SemVer version(String file, Node v, String what, List<Problem> problems) {
    if (v instanceof Node.Text t) {
      SemVer s = SemVer.tryParse(t.value());
      if (s != null) {
        return s;
      }
    }
    problems.add(new Problem(file, v.line(), what + " must be a version such as \"1.2.0\""));
    return null;
  }

  private static void unknown(String file, Node.Obj o, Set<String> allowed, String where, List<Problem> problems) {
    for (String key : o.entries().keySet()) {
      if (!allowed.contains(key)) {
        problems.add(new Problem(file, o.keyLine(key), "unknown key '" + key + "' in " + where + " (allowed: "
            + new java.util.TreeSet<>(allowed) + ")"));
      }
    }
  }

  /** A copy with {@code label} at {@code version}. */
  public LabelsFile withLabel(String label, SemVer version) {
    Map<String, SemVer> l = new TreeMap<>(labels);
    l.put(label, version);
    return new LabelsFile(l, experiments);
  }

  /** A copy with {@code experiment} added or replaced. */
  public LabelsFile withExperiment(Experiment experiment) {
    Map<String, Experiment> e = new TreeMap<>(experiments);
    e.put(experiment.id(), experiment);
    return new LabelsFile(labels, e);
  }

  /** A copy without experiment {@code id}. */
  public LabelsFile withoutExperiment(String id) {
    Map<String, Experiment> e = new TreeMap<>(experiments);
    e.remove(id);
    return new LabelsFile(labels, e);
  }

  /** The file's text, as {@link #parse} reads it back. */
  public String write(String promptId) {
    StringBuilder out = new StringBuilder();
    out.append("# Labels of prompt ").append(promptId).append(". Written by hai-prompts; every change through\n")
        .append("# `hai-prompts label` or PromptRegistry is an audit event. Hand edits are read on reload.\n");
    out.append("labels:\n");
    labels.forEach((k, v) -> out.append("  ").append(k).append(": \"").append(v).append("\"\n"));
    if (!experiments.isEmpty()) {
      out.append("experiments:\n");
      experiments.forEach((id, e) -> {
        out.append("  ").append(id).append(":\n");
        out.append("    label: ").append(e.label()).append('\n');
        out.append("    arms:\n");
        for (Experiment.Arm a : e.arms()) {
          out.append("      - {name: ").append(a.name()).append(", version: \"").append(a.version())
              .append("\", weight: ").append(a.weight()).append("}\n");
        }
      });
    }
    return out.toString();
  }
}
