#!/usr/bin/env python3
"""Independent reference values for src/engine/statistics.ts.

Run:   python3 test/reference/make_statistics_reference.py
Writes test/reference/statistics.json (next to this script), then formats it
with the project's prettier (npx prettier --write) so `prettier --check` passes;
prettier changes only the layout, never a number's value.

Written from the specification only (Excel PERCENTILE.INC = R type 7 = numpy's
'linear' quantile; sample SD with divisor n - 1; Spearman = Pearson correlation
of average ranks), with numpy/scipy and Python's exact `statistics`/`fractions`:

  percentile  numpy.quantile(x, p, method='linear')          (R type 7)
  summary     mean = math.fsum(x)/n (correctly rounded sum),
              sd   = statistics.stdev(x) (exact rational arithmetic, then sqrt)
  ranks       scipy.stats.rankdata(x, method='average')
  spearman    scipy.stats.spearmanr(x, y).statistic, on the pairs where both
              sides are finite
  decile      numpy.quantile for the cut-offs, math.fsum for the means

The data are drawn from numpy.random.default_rng(seed) and stored in the JSON,
so the TypeScript tests read the same numbers. NaN is written as null (JSON has
no NaN).
"""

import json
import math
import os
import statistics
import subprocess
import sys

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "statistics.json")
PS = [0, 0.05, 0.1, 0.123, 0.25, 0.3, 0.5, 0.75, 0.9, 0.95, 0.99, 1]


def check(cond, msg):
    if not cond:
        sys.exit("REFERENCE CHECK FAILED: " + msg)


def to_json(a):
    return [None if (isinstance(v, float) and math.isnan(v)) else float(v) for v in a]


def datasets():
    rng = np.random.default_rng(20240611)
    return {
        "normal-crossing-zero": rng.normal(100.0, 300.0, 1001),
        "lognormal": rng.lognormal(10.0, 1.5, 500),
        "integers-with-ties": rng.integers(-5, 6, 300).astype(float),
        "two": np.array([1.0, 2.0]),
        "three": np.array([-7.5, 0.0, 12.25]),
        "one": np.array([42.0]),
        "wide-magnitudes": np.concatenate([rng.normal(0, 1, 50) * 10.0 ** rng.integers(-6, 9, 50)]),
    }


def group_percentile(data):
    cases = []
    for name, x in data.items():
        s = np.sort(x)
        values = [float(np.quantile(s, p, method="linear")) for p in PS]
        cases.append(dict(name=name, data=to_json(x), p=PS, values=values))
    return dict(source="numpy %s numpy.quantile(x, p, method='linear') (R type 7 = Excel PERCENTILE.INC)"
                % np.__version__, cases=cases)


def group_summary(data):
    cases = []
    for name, x in data.items():
        xs = [float(v) for v in x]
        n = len(xs)
        mean = math.fsum(xs) / n
        sd = statistics.stdev(xs) if n > 1 else 0.0
        cases.append(dict(name=name, n=n, mean=mean, sd=sd, sem=sd / math.sqrt(n), min=min(xs), max=max(xs)))
    return dict(source="Python %s: mean = math.fsum(x)/n; sd = statistics.stdev (exact fractions)"
                % sys.version.split()[0], cases=cases)


def group_ranks(data):
    cases = []
    for name in ("integers-with-ties", "normal-crossing-zero", "three"):
        x = data[name]
        cases.append(dict(name=name, ranks=[float(r) for r in stats.rankdata(x, method="average")]))
    return dict(source="scipy %s scipy.stats.rankdata(x, method='average'); data: percentile group, same name"
                % scipy.__version__, cases=cases)


def spearman_finite(x, y):
    keep = np.isfinite(x) & np.isfinite(y)
    return float(stats.spearmanr(x[keep], y[keep]).statistic)


def group_spearman():
    rng = np.random.default_rng(7)
    cases = []
    # scipy's documentation example (ties in y).
    cases.append(("scipy-docs", np.array([1.0, 2, 3, 4, 5]), np.array([5.0, 6, 7, 8, 7])))
    # Heavy ties on both sides.
    a = rng.integers(0, 6, 200).astype(float)
    b = (a + rng.integers(-3, 4, 200)).astype(float)
    cases.append(("ties-both", a, b))
    # Continuous, correlated, negative.
    u = rng.normal(0, 1, 1000)
    v = -0.6 * u + 0.8 * rng.normal(0, 1, 1000)
    cases.append(("continuous", u, np.exp(v)))
    # With NaN pairs on either side (dropped before ranking).
    c = rng.normal(0, 1, 60)
    d = c + rng.normal(0, 1, 60)
    c[[3, 10, 11]] = np.nan
    d[[10, 20, 59]] = np.nan
    cases.append(("nan-pairs", c, d))
    out = []
    for name, x, y in cases:
        out.append(dict(name=name, x=to_json(x), y=to_json(y), rho=spearman_finite(x, y)))
    check(abs(out[0]["rho"] - 0.8207826816681233) < 1e-15, "scipy docs example changed")
    return dict(source="scipy %s scipy.stats.spearmanr(x, y).statistic over finite pairs" % scipy.__version__,
                cases=out)


def group_decile():
    rng = np.random.default_rng(11)
    x = rng.normal(0, 1, 997)
    y = 3.0 * x + rng.normal(0, 1, 997)
    xi = rng.integers(0, 20, 400).astype(float)  # ties at the cut-offs
    yi = xi * xi + rng.normal(0, 1, 400)
    cases = []
    for name, a, b in (("continuous", x, y), ("ties", xi, yi)):
        q10 = float(np.quantile(a, 0.1, method="linear"))
        q90 = float(np.quantile(a, 0.9, method="linear"))
        low = [float(v) for v, k in zip(b, a) if k <= q10]
        high = [float(v) for v, k in zip(b, a) if k >= q90]
        cases.append(dict(name=name, x=to_json(a), y=to_json(b), q10=q10, q90=q90,
                          low=math.fsum(low) / len(low), high=math.fsum(high) / len(high),
                          nLow=len(low), nHigh=len(high)))
    return dict(source="numpy %s quantile(method='linear') cut-offs; means by math.fsum" % np.__version__,
                cases=cases)


def main():
    data = datasets()
    out = dict(
        generated_by="test/reference/make_statistics_reference.py",
        percentile=group_percentile(data),
        summary=group_summary(data),
        ranks=group_ranks(data),
        spearman=group_spearman(),
        decile=group_decile(),
    )
    with open(OUT, "w") as f:
        json.dump(out, f, allow_nan=False, indent=1)
        f.write("\n")
    # Re-read before formatting: prettier must not change any value.
    with open(OUT) as f:
        before = json.load(f)
    subprocess.run(["npx", "prettier", "--write", OUT], cwd=HERE, check=True)
    with open(OUT) as f:
        check(json.load(f) == before, "prettier changed a value")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
