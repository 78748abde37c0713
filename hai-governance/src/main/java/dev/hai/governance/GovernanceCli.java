package dev.hai.governance;

import dev.hai.governance.internal.cli.GovernanceCommand;

/**
 * The {@code hai-governance} command line: {@code java -cp <hai-governance and its dependencies>
 * dev.hai.governance.GovernanceCli <command>}.
 *
 * <ul>
 *   <li>{@code kill --file F --model M --by WHO --why WHY --audit-dir D}: disable a model (or
 *       {@code --prompt ID[@VERSION]}, {@code --tenant T}, {@code --all}); see {@code
 *       docs/kill-switches.md}
 *   <li>{@code revive ...}: the same options, enable it again
 *   <li>{@code list --file F}: the switches in force
 *   <li>{@code report --from DATE --to DATE [--format markdown|html|csv] [--out FILE] DIR...}: the
 *       compliance report; see {@code docs/compliance-report.md}
 * </ul>
 *
 * <p>Exit codes: 0 done; 1 the report was written but an audit log did not verify; 2 bad usage or
 * an error (the message says which).
 */
public final class GovernanceCli {
  private GovernanceCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command without exiting, for tests and embedding; returns the exit code. */
  public static int run(String... args) {
    return GovernanceCommand.run(args);
  }
}
