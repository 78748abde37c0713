package dev.hai.prompts;

import dev.hai.prompts.internal.cli.PromptsCommand;

/**
 * The {@code hai-prompts} command line: {@code java -cp <hai-prompts and its dependencies>
 * dev.hai.prompts.PromptsCli <command>}, with commands {@code lock}, {@code verify}, {@code label},
 * {@code diff} and {@code list}, each over {@code --dir} (default {@code prompts}). Exit code 0: done
 * (for {@code verify}: the files match the lock); 1: {@code verify} found drift or invalid files, or a
 * command could not do its work; 2: bad usage.
 */
public final class PromptsCli {
  private PromptsCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command without exiting, for tests and embedding; returns the exit code. */
  public static int run(String... args) {
    return PromptsCommand.run(args);
  }
}
