package dev.hai.prompts;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Prompt files that cannot be loaded: a syntax error, an unknown key, a bad version, an undeclared
 * placeholder, a duplicate version, a label pointing nowhere or a hash that differs from the lock
 * file. Every problem names its file and line; the message lists them all, one per line.
 *
 * <p>Messages quote keys, names and versions from the files, never variable values.
 */
public final class PromptLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * One problem.
   *
   * @param file the file, relative to the prompt root (or as given)
   * @param line the 1-based line, or 0 when the problem concerns the whole file
   * @param message what is wrong and what to do
   */
  public record Problem(String file, int line, String message) {
    @Override
    public String toString() {
      return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
  }

  private final transient List<Problem> problems;

  public PromptLoadException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** One problem at {@code file}:{@code line}. */
  public static PromptLoadException at(String file, int line, String message) {
    return new PromptLoadException(List.of(new Problem(file, line, message)));
  }

  /** Every problem found, in the order the files were read. */
  public List<Problem> problems() {
    return problems;
  }

  private static String message(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PromptLoadException needs at least one problem");
    }
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    return problems.size() + " problems:\n"
        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }
}
