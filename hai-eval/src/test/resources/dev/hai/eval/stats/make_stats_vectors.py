#!/usr/bin/env python3
"""Reference statistics from SciPy and statsmodels for StatsReferenceTest.

Run from this directory:
  pip install scipy==1.17.1 statsmodels==0.15.0 && python3 make_stats_vectors.py
Writes stats-vectors.json with the inputs and the reference outputs:
- wilcoxon: scipy.stats.wilcoxon(d) with its defaults (zero_method="wilcox", correction=False,
  method="auto"): the statistic, the p-value, and R+ / R- (from the same ranks) for the
  rank-biserial effect size;
- mcnemar: statsmodels.stats.contingency_tables.mcnemar([[a, b], [c, d]], exact=True);
- normal_sf: scipy.stats.norm.sf(z).
"""
import json

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar

rng = np.random.default_rng(20261126)


def r(x):
    return [float(v) for v in x]


WILCOXON_CASES = {
    # n <= 50, no ties, no zeros: exact distribution
    "exact_small": r(rng.normal(0.3, 1.0, 9).round(6)),
    "exact_n20": r(rng.normal(0.1, 0.5, 20).round(6)),
    "exact_n50": r(rng.normal(-0.05, 0.2, 50).round(6)),
    # n <= 13 with ties or zeros: exact permutation test
    "permutation_ties": [0.5, -0.5, 1.0, 1.0, 0.25, -0.75, 0.5, 1.0],
    "permutation_zeros": [0.0, 0.2, -0.1, 0.3, 0.0, 0.4, 0.2, -0.3, 0.5, 0.6],
    # larger, with ties and zeros: normal approximation with tie correction
    "asymptotic_f1_diffs": r((rng.integers(-4, 6, 120) / 10.0)),
    "asymptotic_n60_no_ties": r(rng.normal(0.02, 0.1, 60).round(8)),
    "asymptotic_binary": r(rng.choice([-1.0, 0.0, 0.0, 1.0, 1.0], 80)),
}

wilcoxon = []
for name, d in WILCOXON_CASES.items():
    res = stats.wilcoxon(d)
    arr = np.array(d)
    nz = arr[arr != 0]
    ranks = stats.rankdata(np.abs(nz))
    r_plus = float(ranks[nz > 0].sum())
    r_minus = float(ranks[nz < 0].sum())
    wilcoxon.append({"name": name, "d": d, "statistic": float(res.statistic), "pvalue": float(res.pvalue),
                     "r_plus": r_plus, "r_minus": r_minus})

MCNEMAR_TABLES = [[[40, 3], [9, 8]], [[10, 0], [0, 5]], [[25, 12], [2, 21]], [[100, 17], [31, 52]],
                  [[5, 1], [1, 5]], [[0, 0], [7, 0]], [[300, 120], [150, 430]]]
mcn = []
for t in MCNEMAR_TABLES:
    res = mcnemar(t, exact=True)
    mcn.append({"table": t, "statistic": float(res.statistic), "pvalue": float(res.pvalue)})

normal = [{"z": z, "sf": float(stats.norm.sf(z))} for z in [-3.0, -1.0, 0.0, 0.5, 1.0, 1.959963984540054,
                                                             2.5, 3.0, 4.0, 6.0, 8.5]]

out = {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "wilcoxon": wilcoxon,
       "mcnemar": mcn, "normal_sf": normal}
with open("stats-vectors.json", "w", encoding="utf-8") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote stats-vectors.json")
