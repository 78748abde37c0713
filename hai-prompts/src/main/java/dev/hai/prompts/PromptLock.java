package dev.hai.prompts;

import dev.hai.core.internal.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The lock file {@code prompts.lock}: the id, version and content hash of every approved prompt
 * version, one per line, sorted. {@code hai-prompts lock} writes it; a {@link PromptRegistry}
 * checks every load against it, and {@code hai-prompts verify} runs the same check in CI.
 *
 * <pre>
 * # prompts.lock: approved prompt versions (id version sha256). Written by `hai-prompts lock`.
 * discharge-summary 1.1.0 sha256:4f1c…
 * discharge-summary 1.2.0 sha256:9a0b…
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PromptLock {
  /** The lock file's usual name, at the prompt root. */
  public static final String FILE_NAME = "prompts.lock";
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  /**
   * One approved version.
   *
   * @param promptId the prompt id
   * @param version the version
   * @param sha256 its content hash, lowercase hex
   */
  public record Entry(String promptId, SemVer version, String sha256) {
    public Entry {
      Objects.requireNonNull(promptId, "promptId");
      Objects.requireNonNull(version, "version");
      if (!HEX.matcher(sha256).matches()) {
        throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
      }
    }
  }

  /**
   * A difference between the prompt files and the lock file: the integrity metric "prompt hash
   * mismatch".
   *
   * @param kind what differs
   * @param promptId the prompt
   * @param version the version
   * @param file the prompt file, or the lock file for {@link Kind#MISSING}
   * @param locked the hash in the lock file, or {@code null} for {@link Kind#UNLOCKED}
   * @param actual the file's hash, or {@code null} for {@link Kind#MISSING}
   */
  public record Drift(Kind kind, String promptId, String version, String file, @Nullable String locked,
      @Nullable String actual) {
    /** What differs. */
    public enum Kind {
      /** The file's content changed without a version bump: its hash differs from the lock entry. */
      CHANGED,
      /** A version that the lock file does not list: not approved. */
      UNLOCKED,
      /** A locked version whose file is gone. */
      MISSING
    }

    /** One line for logs and the command line: {@code <file>: <what differs>}. */
    public String message() {
      return file + ": " + description();
    }

    /** What differs and what to do, naming prompt and version (without the file). */
    public String description() {
      return switch (kind) {
        case CHANGED -> "prompt " + promptId + " " + version + " changed without a version bump: its hash is "
            + actual + " but prompts.lock approved " + locked + "; restore the file or release the change as a"
            + " new version";
        case UNLOCKED -> "prompt " + promptId + " " + version + " is not in prompts.lock: run `hai-prompts lock`"
            + " once it is approved";
        case MISSING -> "prompt " + promptId + " " + version + " is locked but its file is missing";
      };
    }
  }

  private final Map<String, Entry> entries; // key: id + " " + version, sorted

  private PromptLock(Map<String, Entry> entries) {
    this.entries = java.util.Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  /** A lock of exactly these templates. */
  public static PromptLock of(Collection<PromptTemplate> templates) {
    Map<String, Entry> m = new TreeMap<>();
    for (PromptTemplate t : templates) {
      m.put(key(t.id(), t.version()), new Entry(t.id(), t.version(), t.sha256()));
    }
    return new PromptLock(m);
  }

  /**
   * Reads a lock file.
   *
   * @throws PromptLoadException on a malformed line, naming it
   * @throws UncheckedIOException if it cannot be read
   */
  public static PromptLock read(Path file) {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lock file " + file, e);
    }
  }

  /** Parses a lock file's content; {@code file} names it in errors. */
  public static PromptLock parse(String file, String content) {
    Map<String, Entry> m = new TreeMap<>();
    List<PromptLoadException.Problem> problems = new ArrayList<>();
    String[] lines = content.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      SemVer v = f.length == 3 ? SemVer.tryParse(f[1]) : null;
      if (f.length != 3 || v == null || !f[2].startsWith("sha256:") || !HEX.matcher(f[2].substring(7)).matches()) {
        problems.add(new PromptLoadException.Problem(file, i + 1, "expected 'ID VERSION sha256:HEX'"));
        continue;
      }
      if (m.put(key(f[0], v), new Entry(f[0], v, f[2].substring(7))) != null) {
        problems.add(new PromptLoadException.Problem(file, i + 1, "prompt " + f[0] + " " + v + " is listed twice"));
      }
    }
    if (!problems.isEmpty()) {
      throw new PromptLoadException(problems);
    }
    return new PromptLock(m);
  }

  /** Every entry, sorted by id and version text. */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /** The locked hash of a version, if locked. */
  public @Nullable String hash(String promptId, SemVer version) {
    Entry e = entries.get(key(promptId, version));
    return e == null ? null : e.sha256();
  }

  /**
   * Compares templates with this lock.
   *
   * @return every drift, changed and unlocked versions first in the templates' order, then missing ones
   */
  public List<Drift> check(Collection<PromptTemplate> templates) {
    List<Drift> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (PromptTemplate t : templates) {
      String k = key(t.id(), t.version());
      seen.add(k);
      Entry e = entries.get(k);
      if (e == null) {
        out.add(new Drift(Drift.Kind.UNLOCKED, t.id(), t.version().toString(), t.source(), null, t.sha256()));
      } else if (!e.sha256().equals(t.sha256())) {
        out.add(new Drift(Drift.Kind.CHANGED, t.id(), t.version().toString(), t.source(), e.sha256(), t.sha256()));
      }
    }
    entries.forEach((k, e) -> {
      if (!seen.contains(k)) {
        out.add(new Drift(Drift.Kind.MISSING, e.promptId(), e.version().toString(), FILE_NAME, e.sha256(), null));
      }
    });
    return out;
  }

  /** The file's text. */
  public String write() {
    StringBuilder out = new StringBuilder(
        "# prompts.lock: approved prompt versions (id version sha256). Written by `hai-prompts lock`.\n");
    for (Entry e : entries.values()) {
      out.append(e.promptId()).append(' ').append(e.version()).append(" sha256:").append(e.sha256()).append('\n');
    }
    return out.toString();
  }

  /** Writes the lock file atomically (temporary file, then rename). */
  public void writeTo(Path file) {
    try {
      AtomicFiles.write(file, write());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write lock file " + file, e);
    }
  }

  private static String key(String id, SemVer v) {
    return id + " " + v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PromptLock l && l.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "PromptLock[" + entries.size() + " entries]";
  }
}
