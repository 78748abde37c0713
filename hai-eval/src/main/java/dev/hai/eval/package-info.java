/**
 * Evaluation of clinical model calls: golden {@link dev.hai.eval.Dataset}s, an {@link
 * dev.hai.eval.Evaluation} runner over a {@link dev.hai.core.ClinicalModelClient} with a resumable
 * run file, {@link dev.hai.eval.RunComparison} of two runs with paired statistics, the {@link
 * dev.hai.eval.Gate} for CI, the {@link dev.hai.eval.DeterminismHarness}, and reports.
 *
 * <p>Metrics live in {@link dev.hai.eval.metrics}, statistical tests in {@link dev.hai.eval.stats}.
 * The command line is {@link dev.hai.eval.EvalCli} ({@code hai-eval run|compare|gate|determinism}).
 */
@NullMarked
package dev.hai.eval;

import org.jspecify.annotations.NullMarked;
