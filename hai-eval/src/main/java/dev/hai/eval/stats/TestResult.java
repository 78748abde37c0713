package dev.hai.eval.stats;

/**
 * The outcome of a two-sided test.
 *
 * @param test which test, for example {@code "mcnemar-exact"} or {@code "wilcoxon-exact"}
 * @param statistic the test statistic, as the reference implementation reports it
 * @param pValue the two-sided p-value
 * @param effectSize the effect size named by {@code effectSizeName}
 * @param effectSizeName what the effect size is, for example {@code "rank-biserial"}
 * @param n the number of informative pairs the test used
 */
public record TestResult(
    String test, double statistic, double pValue, double effectSize, String effectSizeName, int n) {}
