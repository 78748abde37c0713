package dev.hai.eval;

import dev.hai.core.spi.ModelBackend;
import dev.hai.eval.internal.cli.EvalCommand;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * The {@code hai-eval} command line: {@code run}, {@code compare}, {@code gate}, {@code
 * determinism} and {@code rollout report}. See the module README and docs/rollout.md for every
 * option.
 *
 * <pre>
 * hai-eval run --dataset example:triage-urgency.jsonl --task classification \
 *     --base-url http://127.0.0.1:8080/v1 --system @triage-v2.txt --user 'Message: {{message}}' \
 *     --label "triage v2" --out runs/v2.jsonl
 * hai-eval gate --baseline runs/v1.jsonl --candidate runs/v2.jsonl --rules gate.yaml \
 *     --junit target/hai-eval/TEST-gate.xml --html target/hai-eval/report.html
 * </pre>
 *
 * <p>Exit codes: 0 success (gate passed, no divergence bound exceeded, rollout decision PROMOTE or
 * KEEP_TESTING); 1 a gate rule failed, a determinism bound was exceeded, or the rollout decision is
 * ROLLBACK; 2 bad arguments or input files; 3 {@code rollout report --apply} could not make the
 * change.
 */
public final class EvalCli {
  private EvalCli() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line and returns its exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return EvalCommand.execute(args, out, err, null);
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, with the backend made by {@code backends}. */
  static int run(String[] args, PrintStream out, PrintStream err, Function<String, ModelBackend> backends) {
    return EvalCommand.execute(args, out, err, backends);
  }
}
