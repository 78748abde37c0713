package dev.hai.core.internal;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/** What hai-core's command lines ({@code hai-audit}, {@code hai-cost}) share. */
public final class CommandLines {
  /** Exit code of bad usage or unreadable input. */
  public static final int USAGE = 2;

  private CommandLines() {}

  /**
   * Runs a picocli command: an exception inside it prints {@code "<name>: <message>"} and exits
   * {@link #USAGE}.
   */
  public static int execute(Object command, String... args) {
    CommandLine cl = new CommandLine(command);
    String name = cl.getCommandName();
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println(name + ": " + e.getMessage());
      return USAGE;
    });
    return cl.execute(args);
  }

  /** A command with subcommands only: run alone, it prints its usage and exits {@link #USAGE}. */
  public abstract static class Parent implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return USAGE;
    }
  }
}
