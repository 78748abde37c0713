package dev.hai.prompts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes prompt files for tests. */
final class PromptFiles {
  private PromptFiles() {}

  /** A valid prompt file: 2 messages naming the version, variables note (required) and audience (optional). */
  static String yaml(String id, String version) {
    return """
        id: %1$s
        version: "%2$s"
        description: Discharge summary for the GP
        owner: clinical-safety@hospital.example
        approval:
          by: dr.jones
          at: 2026-02-01
        defaults:
          model: summary-model
          temperature: 0.2
          maxTokens: 400
          seed: 7
        messages:
          - role: system
            content: |
              You write discharge summaries (prompt %2$s).
              Audience: {{audience}}
          - role: user
            content: "Summarise this note (prompt %2$s): {{note}}"
        variables:
          note: {required: true, maxLength: 8000, description: the discharge note}
          audience: {required: false, maxLength: 40}
        changelog: version %2$s
        """.formatted(id, version);
  }

  static Path write(Path root, String relative, String content) {
    try {
      Path f = root.resolve(relative);
      Files.createDirectories(f.getParent());
      Files.writeString(f, content);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void version(Path root, String id, String version) {
    write(root, id + "/" + version + ".yaml", yaml(id, version));
  }

  /**
   * labels.yaml with {@code production} at {@code production} and experiment {@code concise-2026}
   * splitting it; each arm is {@code "name version weight"}.
   */
  static void experiment(Path root, String id, String production, String... arms) {
    StringBuilder b = new StringBuilder("labels:\n  production: \"" + production + "\"\n"
        + "experiments:\n  concise-2026:\n    label: production\n    arms:\n");
    for (String arm : arms) {
      String[] f = arm.split(" ");
      b.append("      - {name: ").append(f[0]).append(", version: \"").append(f[1]).append("\", weight: ")
          .append(f[2]).append("}\n");
    }
    labels(root, id, b.toString());
  }

  static void labels(Path root, String id, String body) {
    write(root, id + "/labels.yaml", body);
  }
}
