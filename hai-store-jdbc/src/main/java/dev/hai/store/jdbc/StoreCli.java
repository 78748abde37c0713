package dev.hai.store.jdbc;

import dev.hai.store.jdbc.internal.cli.StoreCommand;

/**
 * The {@code hai-store} command line: {@code java -cp <hai-store-jdbc and its dependencies>
 * dev.hai.store.jdbc.StoreCli <command> --url jdbc:postgresql://host:5432/db [--user U]
 * [--password-env VAR | --password-file FILE]}, with the commands
 *
 * <ul>
 *   <li>{@code migrate}: apply the pending migrations ({@link JdbcStore#migrate});
 *   <li>{@code status}: show the applied and pending migrations;
 *   <li>{@code verify-audit [--chain NAME] [--key-file FILE]}: verify an audit chain ({@link
 *       JdbcAuditLog#verify});
 *   <li>{@code export-audit --out DIR [--chain NAME]}: write an audit chain as JSON Lines files;
 *   <li>{@code release-abandoned --older-than DURATION}: free the budget holds of dead JVMs;
 *   <li>{@code cost-report [--from DATE] [--to DATE] [--by tenant,model,...] [--csv]}: spend from
 *       the ledger, as {@code hai-cost report} prints it from a file.
 * </ul>
 *
 * <p>The password is never an argument (arguments show in process lists): it comes from the
 * environment variable named by {@code --password-env} (default {@code HAI_STORE_PASSWORD}) or from
 * a file. Exit code 0: done, up to date, or intact; 1: the schema is not current or the chain is
 * broken; 2: bad usage, or the database cannot be reached.
 */
public final class StoreCli {
  private StoreCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command without exiting, for tests and embedding; returns the exit code. */
  public static int run(String... args) {
    return StoreCommand.run(args);
  }
}
