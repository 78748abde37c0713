/**
 * The statistics behind comparisons and aggregates: seeded {@link dev.hai.eval.stats.Bootstrap}
 * confidence intervals, the {@link dev.hai.eval.stats.PairedBootstrap} test, {@link
 * dev.hai.eval.stats.McNemar}'s exact test and the {@link dev.hai.eval.stats.Wilcoxon} signed-rank
 * test. McNemar and Wilcoxon reproduce statsmodels' and SciPy's statistics and p-values to 1e-9 on
 * the vectors committed with the tests (src/test/resources/dev/hai/eval/stats).
 */
@NullMarked
package dev.hai.eval.stats;

import org.jspecify.annotations.NullMarked;
