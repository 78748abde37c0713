package dev.hai.core.cost;

import dev.hai.core.internal.cost.cli.CostCommand;

/**
 * The {@code hai-cost} command line: {@code java -cp <hai-core and its dependencies>
 * dev.hai.core.cost.CostCli report (--ledger FILE | --audit DIR) [--from DATE] [--to DATE] [--by
 * tenant,model,...] [--zone ZONE] [--csv]}, and {@code ... break-even --model M --input-tokens N
 * --output-tokens N --gpu-hour PRICE --tokens-per-gpu-hour N}. Exit code 0: done; 2: bad usage or
 * the ledger cannot be read. See {@code docs/cost-and-budgets.md}.
 */
public final class CostCli {
  private CostCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command without exiting, for tests and embedding; returns the exit code. */
  public static int run(String... args) {
    return CostCommand.run(args);
  }
}
