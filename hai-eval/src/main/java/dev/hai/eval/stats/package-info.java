/**
 * The statistics behind comparisons, aggregates and rollout decisions: seeded {@link
 * dev.hai.eval.stats.Bootstrap} confidence intervals, the {@link dev.hai.eval.stats.PairedBootstrap}
 * test, {@link dev.hai.eval.stats.McNemar}'s exact test, the {@link dev.hai.eval.stats.Wilcoxon}
 * signed-rank test, and for two arms' proportions the {@link dev.hai.eval.stats.Wilson} score
 * interval, {@link dev.hai.eval.stats.Newcombe}'s interval of their difference, the {@link dev.hai.eval.stats.ChiSquare} test of independence (with or without Yates),
 * {@link dev.hai.eval.stats.Fisher}'s exact test and the {@link dev.hai.eval.stats.SampleSize} a test
 * needs. All of them reproduce SciPy's and statsmodels' statistics and p-values to 1e-9 on the vectors
 * committed with the tests (src/test/resources/dev/hai/eval/stats, with the scripts that made them).
 */
@NullMarked
package dev.hai.eval.stats;

import org.jspecify.annotations.NullMarked;
