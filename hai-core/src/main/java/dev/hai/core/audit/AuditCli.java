package dev.hai.core.audit;

import dev.hai.core.internal.audit.cli.AuditCommand;

/**
 * The {@code hai-audit} command line: {@code java -cp <hai-core and its dependencies>
 * dev.hai.core.audit.AuditCli verify <dir> [--key-file <file>]}. Exit code 0: the log verified;
 * 1: it is broken (the first broken record is printed); 2: bad usage or the log cannot be read.
 */
public final class AuditCli {
  private AuditCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command without exiting, for tests and embedding; returns the exit code. */
  public static int run(String... args) {
    return AuditCommand.run(args);
  }
}
