#!/usr/bin/env python3
"""Independent reference values for test/model/distributions.test.ts.

Run:   python3 test/reference/make_distributions.py
Writes test/reference/distributions.json (next to this script).
Needs: Python 3, mpmath, scipy (values written with scipy 1.17.1, mpmath 1.3).

Written from the definitions, not from src/engine/distributions.ts:

  pert        beta-PERT, lambda = 4: min + (max - min) * Beta(alpha, beta) quantile,
              alpha = 1 + 4 (mode - min)/(max - min), beta = 1 + 4 (max - mode)/(max - min).
              Quantile = root of mpmath's regularised incomplete beta at 40 digits
              (bisection), cross-checked against scipy.stats.beta.ppf; moments from
              scipy.stats.beta.stats.
  triangular  scipy.stats.triang.ppf / .stats (c = (mode - min)/(max - min)).
  normal      scipy.stats.norm.ppf, cross-checked with mpmath sqrt(2) erfinv(2u - 1).
  lognormal   scipy.stats.lognorm.ppf / .stats with s = sigma, scale = exp(mu), where
              sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2.
  metalog     3-term metalog of T. W. Keelin, "The Metalog Distributions", Decision
              Analysis 13(4), 2016: M(y) = a1 + a2 ln(y/(1-y)) + a3 (y - 1/2) ln(y/(1-y)),
              fitted by solving the 3x3 linear system at y = 0.1, 0.5, 0.9 (mpmath
              lu_solve, 40 digits) to z = x (unbounded), ln(x - bl) (log, bounded below),
              -ln(bu - x) (log, bounded above) or ln((x - bl)/(bu - x)) (logit, bounded);
              x = M, bl + e^M, bu - e^-M, (bl + bu e^M)/(1 + e^M). Moments by mpmath.quad
              over t = logit(y) on the real line, cross-checked by a second quadrature of
              x(y) over y in (0, 1), and for the unbounded form and the log-logistic case
              (a3 = 0) against closed forms. Feasibility constant: 1 / max_y g(y),
              g(y) = y (1-y) ln(y/(1-y)) + y - 1/2 (Keelin 2016 prints 1.66711).
"""

import json
import math
import os
import sys

import mpmath as mp
import scipy
from scipy import stats

mp.mp.dps = 40
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "distributions.json")

U_MIN = 0.5 / 2**32
U_MAX = 1 - U_MIN
US = [U_MIN, 1e-6, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 - 1e-6, U_MAX]


def check(cond, msg):
    if not cond:
        sys.exit("REFERENCE CHECK FAILED: " + msg)


def close(a, b, rel, scale=1e-300):
    return abs(a - b) <= rel * max(abs(a), abs(b), scale)


# --- beta-PERT ----------------------------------------------------------------

def pert_case(lo, mode, hi):
    a = 1 + 4 * mp.mpf(mode - lo) / (hi - lo)
    b = 1 + 4 * mp.mpf(hi - mode) / (hi - lo)
    quantiles = []
    for u in US:
        # Solve I_x(a, b) = u for x in (0, 1) by bisection (160 halvings: 1e-48 absolute);
        # the upper tail 1 - I_x = 1 - u keeps the digits of u near 1.
        if u < 0.5:
            above = lambda x: mp.betainc(a, b, 0, x, regularized=True) > u
        else:
            above = lambda x: mp.betainc(a, b, x, 1, regularized=True) < 1 - mp.mpf(u)
        left, right = mp.mpf(0), mp.mpf(1)
        for _ in range(160):
            mid = (left + right) / 2
            if above(mid):
                right = mid
            else:
                left = mid
        x = (left + right) / 2
        value = float(lo + (hi - lo) * x)
        sp = float(lo + (hi - lo) * stats.beta.ppf(u, float(a), float(b)))
        check(close(value, sp, 1e-9) or abs(value - sp) < 1e-12 * (hi - lo), f"pert {lo, mode, hi} u={u}: mpmath {value} scipy {sp}")
        quantiles.append(value)
    m, v = stats.beta.stats(float(a), float(b), moments="mv")
    return dict(params=[lo, mode, hi], alpha=float(a), beta=float(b), u=US, quantile=quantiles,
                mean=float(lo + (hi - lo) * m), variance=float((hi - lo) ** 2 * v))


# --- triangular, normal, lognormal ---------------------------------------------

def triangular_case(lo, mode, hi):
    c = (mode - lo) / (hi - lo)
    d = stats.triang(c, loc=lo, scale=hi - lo)
    m, v = d.stats(moments="mv")
    return dict(params=[lo, mode, hi], u=US, quantile=[float(d.ppf(u)) for u in US], mean=float(m), variance=float(v))


def normal_case(mean, sd):
    q = [float(stats.norm.ppf(u, loc=mean, scale=sd)) for u in US]
    for u, x in zip(US, q):
        z = mp.sqrt(2) * mp.erfinv(2 * mp.mpf(u) - 1)
        check(close(x, float(mean + sd * z), 1e-13) or abs(x - float(mean + sd * z)) < 1e-14 * sd, f"normal {u}")
    return dict(params=[mean, sd], u=US, quantile=q, mean=mean, variance=sd * sd)


def lognormal_case(mean, sd):
    s2 = math.log1p(sd * sd / (mean * mean))
    mu = math.log(mean) - s2 / 2
    d = stats.lognorm(math.sqrt(s2), scale=math.exp(mu))
    m, v = d.stats(moments="mv")
    check(close(float(m), mean, 1e-12) and close(float(v), sd * sd, 1e-10), "lognormal moments")
    return dict(params=[mean, sd], u=US, quantile=[float(d.ppf(u)) for u in US], mean=float(m), variance=float(v))


# --- metalog ------------------------------------------------------------------

def logit(y):
    return mp.log(y / (1 - y))


def basis(y):
    return [1, logit(y), (y - mp.mpf(1) / 2) * logit(y)]


def metalog_case(p10, p50, p90, lower=None, upper=None):
    ps = [mp.mpf(p10), mp.mpf(p50), mp.mpf(p90)]
    if lower is not None and upper is not None:
        z = [mp.log((p - lower) / (upper - p)) for p in ps]
        back = lambda m: (lower + upper * mp.exp(m)) / (1 + mp.exp(m))
        form = "logit"
    elif lower is not None:
        z = [mp.log(p - lower) for p in ps]
        back = lambda m: lower + mp.exp(m)
        form = "log-lower"
    elif upper is not None:
        z = [-mp.log(upper - p) for p in ps]
        back = lambda m: upper - mp.exp(-m)
        form = "log-upper"
    else:
        z = ps
        back = lambda m: m
        form = "unbounded"
    ys = [mp.mpf("0.1"), mp.mpf("0.5"), mp.mpf("0.9")]
    a = mp.lu_solve(mp.matrix([basis(y) for y in ys]), mp.matrix(z))
    M = lambda y: a[0] + a[1] * logit(y) + a[2] * (y - mp.mpf(1) / 2) * logit(y)
    Q = lambda y: back(M(y))
    for y, p in zip(ys, ps):
        check(abs(Q(y) - p) < mp.mpf(10) ** -30 * max(1, abs(p)), "metalog fit")
    case = dict(params=[p10, p50, p90], form=form, a=[float(x) for x in a], u=US,
                quantile=[float(Q(mp.mpf(u))) for u in US])
    if lower is not None:
        case["lower"] = lower
    if upper is not None:
        case["upper"] = upper
    # Tail slope of M in t = logit(y) on the unbounded side: finite k-th moment iff k * slope < 1.
    slope = None
    if form == "log-lower":
        slope = a[1] + a[2] / 2
    elif form == "log-upper":
        slope = a[1] - a[2] / 2
    if slope is not None and slope >= 1:
        case["mean"] = "Infinity" if form == "log-lower" else "-Infinity"
        case["variance"] = "Infinity"
        return case
    # Primary: quadrature over t = logit(y) on the real line, where the integrands are smooth
    # and decay exponentially: x(t) = back(a1 + a2 t + a3 (sigma(t) - 1/2) t), dy = dt / (4 cosh^2(t/2)).
    # Cross-check: tanh-sinh over y in (0, 1) (it converges slowly when the tail singularity of
    # the variance integrand is strong, hence the looser check for the variance).
    Qt = lambda t: back(a[0] + a[1] * t + a[2] * (1 / (1 + mp.exp(-t)) - mp.mpf(1) / 2) * t)
    w = lambda t: 1 / (4 * mp.cosh(t / 2) ** 2)
    cuts = [-mp.inf, -200, -50, -5, 0, 5, 50, 200, mp.inf]
    mean, err = mp.quad(lambda t: Qt(t) * w(t), cuts, error=True)
    check(err < mp.mpf(10) ** -25 * max(1, abs(mean)), f"metalog mean quadrature error {err}")
    mean_y = mp.quad(Q, [0, mp.mpf("0.1"), mp.mpf("0.5"), mp.mpf("0.9"), 1])
    check(close(float(mean), float(mean_y), 1e-12, p90 - p10), f"metalog mean quadratures {mean} {mean_y}")
    case["mean"] = float(mean)
    if slope is not None and 2 * slope >= 1:
        case["variance"] = "Infinity"
        return case
    var, err = mp.quad(lambda t: (Qt(t) - mean) ** 2 * w(t), cuts, error=True)
    check(err < mp.mpf(10) ** -25 * var, f"metalog variance quadrature error {err}")
    var_y = mp.quad(lambda y: (Q(y) - mean) ** 2, [0, mp.mpf("0.1"), mp.mpf("0.5"), mp.mpf("0.9"), 1])
    check(close(float(var), float(var_y), 1e-8), f"metalog variance quadratures {var} {var_y}")
    case["variance"] = float(var)
    if form == "unbounded":  # Keelin 2016's closed forms, used by the implementation
        check(close(float(mean), float(a[0] + a[2] / 2), 1e-15, p90 - p10), "metalog closed-form mean")
        cf = mp.pi**2 / 3 * a[1] ** 2 + (mp.mpf(1) / 12 + mp.pi**2 / 36) * a[2] ** 2
        check(close(float(var), float(cf), 1e-13), "metalog closed-form variance")
    if form == "log-lower" and abs(a[2]) < mp.mpf(10) ** -30:  # log-logistic: closed forms
        b = a[1]
        ll_mean = lower + mp.exp(a[0]) * mp.pi * b / mp.sin(mp.pi * b)
        check(close(float(mean), float(ll_mean), 1e-14), "log-logistic mean")
    return case


def feasibility_constant():
    g = lambda y: y * (1 - y) * logit(y) + y - mp.mpf(1) / 2
    # g'(y) = 2 - (2y - 1) logit(y) = 0 at the maximum; bracketed in (0.6, 0.99) so it stays real.
    ystar = mp.findroot(lambda y: (2 * y - 1) * logit(y) - 2, (mp.mpf("0.6"), mp.mpf("0.99")), solver="bisect")
    return dict(ystar=float(ystar), gmax=float(g(ystar)), bound=float(1 / g(ystar)))


def main():
    out = dict(
        generator="test/reference/make_distributions.py",
        versions=dict(python=sys.version.split()[0], scipy=scipy.__version__, mpmath=mp.__version__),
        U_MIN=U_MIN,
        U_MAX=U_MAX,
        pert=[pert_case(*p) for p in [(0.2, 0.38, 0.6), (0, 0, 1), (0, 1, 1), (100000, 200000, 400000), (-1, 0.5, 2), (0.002, 0.01, 0.03)]],
        triangular=[triangular_case(*p) for p in [(0, 0.5, 1), (0.2, 0.38, 0.6), (1, 1, 4), (1, 4, 4), (-3, 2, 10)]],
        normal=[normal_case(*p) for p in [(0, 1), (0.38, 0.3), (-5, 2)]],
        lognormal=[lognormal_case(*p) for p in [(1, 0.5), (30000, 15000), (0.0005, 0.001)]],
        metalog=[
            metalog_case(0.2, 0.45, 0.8),
            metalog_case(-1, 0, 1),
            metalog_case(10, 12, 20),
            metalog_case(1, 2, 4, lower=0),
            metalog_case(20000, 30000, 50000, lower=0),
            metalog_case(0.0002, 0.0005, 0.0012, lower=0),
            metalog_case(0.0, 0.03, 0.08, lower=-1),
            metalog_case(1, 3, 9, lower=0),
            metalog_case(1, 10, 100, lower=0),
            metalog_case(0.2, 0.5, 0.7, upper=1),
            metalog_case(0.0002, 0.0005, 0.0012, lower=0, upper=1),
            metalog_case(0.05, 0.15, 0.3, lower=0, upper=1),
            metalog_case(0.2, 0.45, 0.9, lower=0, upper=5),
            metalog_case(100000, 200000, 400000, lower=1, upper=1e9),
        ],
        metalogFeasibility=feasibility_constant(),
    )
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
