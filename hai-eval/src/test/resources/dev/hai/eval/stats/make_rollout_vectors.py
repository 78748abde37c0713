#!/usr/bin/env python3
"""Reference statistics from SciPy and statsmodels for RolloutStatsReferenceTest.

Run from this directory:
  pip install scipy==1.17.1 statsmodels==0.15.0 && python3 make_rollout_vectors.py
Writes rollout-vectors.json with the inputs and the reference outputs:
- wilson: scipy.stats.binomtest(k, n).proportion_ci(confidence_level, method="wilson");
- chi2_contingency: scipy.stats.chi2_contingency(table, correction=False and True): statistic,
  p-value (skipped by SciPy, and so here, when an expected count is zero);
- chi2_sf: scipy.stats.chi2.sf(x, df), including extreme tails;
- fisher: scipy.stats.fisher_exact(table, alternative) for two-sided, less and greater;
- norm_ppf: scipy.stats.norm.ppf(p);
- newcombe: statsmodels confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff",
  alpha): Newcombe's hybrid score interval of p1 - p2 from the two Wilson intervals;
- power_superiority: the normal approximation on Cohen's h (arcsine transform) of statsmodels'
  NormalIndPower with ratio=1 and effect_size=proportion_effectsize(p2, p1):
  "power" is NormalIndPower().power(h, nobs1, alpha, ratio=1, alternative) at a given nobs1 (the
  formula itself); "n_per_arm" is the root of power(n) = target found by scipy.optimize.brentq with
  xtol=1e-14, rtol=1e-15; "statsmodels_solve_power" is NormalIndPower().solve_power(...) as shipped,
  whose root finder stops up to ~3e-9 (relative) short of the root, so the test holds it to 1e-8;
- power_noninferiority: the per-arm size of a one-sided non-inferiority test of two proportions
  (Chow, Shao & Wang, Sample Size Calculations in Clinical Research, 2nd ed., 4.2.2):
  n = (z_{1-alpha} + z_{power})^2 (p1 (1 - p1) + p2 (1 - p2)) / (p2 - p1 + margin)^2, computed
  with scipy.stats.norm.ppf.
"""
import json

import numpy as np
import scipy
import statsmodels
from scipy import optimize, stats
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_effectsize

WILSON = [(0, 1, 0.95), (1, 1, 0.95), (0, 10, 0.95), (10, 10, 0.95), (3, 10, 0.95), (7, 25, 0.9),
          (50, 100, 0.95), (1, 1000, 0.95), (999, 1000, 0.99), (123456, 200000, 0.95), (5, 7, 0.8),
          (2, 3, 0.999), (40, 41, 0.95)]
wilson = []
for k, n, cl in WILSON:
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=cl, method="wilson")
    wilson.append({"k": k, "n": n, "confidence": cl, "low": float(ci.low), "high": float(ci.high)})

TABLES = [[[12, 5], [9, 7]], [[30, 10], [20, 20]], [[100, 3], [80, 20]], [[0, 5], [5, 0]],
          [[1, 9], [11, 3]], [[3, 1], [1, 3]], [[5, 5], [5, 5]], [[8, 2], [1, 5]], [[0, 10], [1, 9]],
          [[2, 0], [0, 0]], [[0, 0], [4, 6]], [[500, 480], [520, 500]], [[900, 100], [850, 150]],
          [[9000, 1000], [8500, 1500]], [[4000, 1], [3000, 200]], [[20, 0], [0, 20]], [[60, 0], [0, 60]],
          [[45, 5], [40, 10]], [[10, 10], [10, 11]], [[7, 3], [2, 8]], [[1, 2], [3, 4]],
          [[200, 300], [250, 250]], [[15000, 5000], [14800, 5200]], [[3, 7], [3, 7]],
          [[0, 1], [0, 1]], [[1, 0], [0, 1]], [[30000, 20], [30000, 120]]]
chi2 = []
fisher = []
for t in TABLES:
    arr = np.array(t)
    has_zero_margin = 0 in arr.sum(axis=0) or 0 in arr.sum(axis=1)
    if not has_zero_margin:
        for corr in (False, True):
            res = stats.chi2_contingency(t, correction=corr)
            chi2.append({"table": t, "yates": corr, "statistic": float(res.statistic), "pvalue": float(res.pvalue),
                         "min_expected": float(res.expected_freq.min())})
    for alt in ("two-sided", "less", "greater"):
        res = stats.fisher_exact(t, alternative=alt)
        odds = float(res.statistic)
        fisher.append({"table": t, "alternative": alt,
                       "odds_ratio": "inf" if np.isinf(odds) else ("nan" if np.isnan(odds) else odds),
                       "pvalue": float(res.pvalue)})

CHI2_SF = [(0.0, 1), (1e-8, 1), (0.5, 1), (1.0, 1), (3.841458820694124, 1), (10.0, 1), (50.0, 1),
           (300.0, 1), (1200.0, 1), (0.5, 2), (7.0, 2), (100.0, 2), (2.5, 3), (11.3, 5), (0.01, 5), (40.0, 5),
           (18.3, 10), (3.0, 10), (150.0, 10), (60.0, 30), (20.0, 30)]
chi2_sf = [{"x": x, "df": df, "sf": float(stats.chi2.sf(x, df))} for x, df in CHI2_SF]

PPF = [1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.6, 0.8, 0.9, 0.95, 0.975,
       0.99, 0.999, 0.9999999, 1 - 1e-12]
norm_ppf = [{"p": p, "ppf": float(stats.norm.ppf(p))} for p in PPF]

SUP = [(0.80, 0.85, 0.05, 0.8, "two-sided"), (0.80, 0.90, 0.05, 0.9, "two-sided"), (0.5, 0.6, 0.01, 0.8, "two-sided"),
       (0.90, 0.95, 0.05, 0.8, "larger"), (0.95, 0.97, 0.05, 0.8, "two-sided"), (0.3, 0.2, 0.05, 0.8, "two-sided"),
       (0.70, 0.90, 0.10, 0.5, "two-sided"), (0.6, 0.62, 0.05, 0.95, "larger")]
power_sup = []
for p1, p2, alpha, power, alt in SUP:
    h = proportion_effectsize(p2, p1)
    nip = NormalIndPower()
    solved = nip.solve_power(effect_size=h, alpha=alpha, power=power, ratio=1.0, alternative=alt)
    exact = optimize.brentq(lambda n: nip.power(h, n, alpha, ratio=1.0, alternative=alt) - power, 1e-3, 1e9,
                            xtol=1e-14, rtol=1e-15)
    at = [float(solved) * f for f in (0.25, 1.0, 3.0)]
    power_sup.append({"baseline": p1, "challenger": p2, "alpha": alpha, "power": power, "alternative": alt,
                      "cohens_h": float(h), "n_per_arm": float(exact), "statsmodels_solve_power": float(solved),
                      "power_at": [{"nobs1": n, "power": float(nip.power(h, n, alpha, ratio=1.0, alternative=alt))}
                                   for n in at]})

NI = [(0.85, 0.85, 0.05, 0.05, 0.8), (0.90, 0.90, 0.05, 0.025, 0.9), (0.70, 0.72, 0.10, 0.05, 0.8),
      (0.95, 0.95, 0.02, 0.025, 0.8), (0.5, 0.5, 0.1, 0.05, 0.8)]
power_ni = []
for p1, p2, margin, alpha, power in NI:
    z = stats.norm.ppf(1 - alpha) + stats.norm.ppf(power)
    n = z * z * (p1 * (1 - p1) + p2 * (1 - p2)) / (p2 - p1 + margin) ** 2
    power_ni.append({"baseline": p1, "challenger": p2, "margin": margin, "alpha": alpha, "power": power,
                     "n_per_arm": float(n)})

NEWCOMBE = [(45, 50, 40, 50, 0.1), (90, 100, 85, 100, 0.05), (10, 12, 3, 11, 0.05), (900, 1000, 910, 1000, 0.1),
            (5, 5, 4, 5, 0.05), (0, 20, 1, 20, 0.1), (300, 400, 280, 410, 0.02), (7, 9, 7, 9, 0.05)]
newcombe = []
for k1, n1, k2, n2, alpha in NEWCOMBE:
    low, upp = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff", alpha=alpha)
    newcombe.append({"k1": k1, "n1": n1, "k2": k2, "n2": n2, "alpha": alpha, "low": float(low), "upp": float(upp)})

out = {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "wilson": wilson,
       "chi2_contingency": chi2, "chi2_sf": chi2_sf, "fisher": fisher, "norm_ppf": norm_ppf,
       "power_superiority": power_sup, "power_noninferiority": power_ni, "newcombe": newcombe}
with open("rollout-vectors.json", "w", encoding="utf-8") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote rollout-vectors.json")
