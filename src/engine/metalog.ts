/**
 * The 3-term metalog of T. W. Keelin, "The Metalog Distributions", Decision Analysis 13(4), 2016,
 * fitted exactly to P10, P50 and P90, in its four forms: unbounded, log (bounded below or above)
 * and logit (bounded on both sides). Each form is the unbounded metalog M(y) of a transformed
 * variable z: z = x, ln(x − lower), −ln(upper − x) or ln((x − lower)/(upper − x)).
 *
 *     M(y) = a1 + a2·L + a3·(y − ½)·L,   L = ln(y/(1 − y))
 *
 * No validation here: `makeDistribution` (distributions.ts) checks the parameters first.
 */
import { exp, expm1, log, log1p, tanh } from '../model/portable-math';

export interface MetalogBounds {
  readonly lower?: number;
  readonly upper?: number;
}

export type MetalogForm = 'unbounded' | 'lower' | 'upper' | 'bounded';

/** A fitted 3-term metalog: the coefficients of M and the bounds of its form. */
export interface Metalog3 {
  readonly form: MetalogForm;
  readonly a1: number;
  readonly a2: number;
  readonly a3: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * M is increasing (the metalog feasible) iff a2 > 0 and |a3|/a2 < 1/max g, where
 * g(y) = y(1 − y)·L + y − ½ (from M′(y)·y(1 − y) = a2 + a3·g(y)). Keelin 2016 prints 1.66711;
 * 1/max g to double precision is from test/reference/make_distributions.py (mpmath, 40 digits).
 */
export const METALOG3_FEASIBLE = 1.6671131192019295;

const LN9 = log(9); // −L at y = 0.1, L at y = 0.9

/**
 * The form a metalog takes within `bounds`: unbounded, log or logit.
 *
 * @example metalogForm({ lower: 0 }) // "lower"
 * @example metalogForm({ lower: 0, upper: 1 }) // "bounded"
 */
export function metalogForm(bounds: MetalogBounds = {}): MetalogForm {
  const hasLower = bounds.lower !== undefined;
  const hasUpper = bounds.upper !== undefined;
  return hasLower ? (hasUpper ? 'bounded' : 'lower') : hasUpper ? 'upper' : 'unbounded';
}

/** x → z, the variable whose quantile function is the unbounded metalog M. */
function toZ(form: MetalogForm, lower: number, upper: number, x: number): number {
  if (form === 'lower') return log(x - lower);
  if (form === 'upper') return -log(upper - x);
  if (form === 'bounded') return log(x - lower) - log(upper - x);
  return x;
}

/** z → x, the inverse of {@link toZ}; increasing, and within the bounds after rounding. */
function fromZ(form: MetalogForm, lower: number, upper: number, z: number): number {
  if (form === 'lower') return lower + exp(z);
  if (form === 'upper') return upper - exp(-z);
  if (form === 'bounded') return Math.min(upper, lower + (upper - lower) * logistic(z));
  return z;
}

/** 1/(1 + e^−z) without overflow. */
function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + exp(-z));
  const e = exp(z);
  return e / (1 + e);
}

/**
 * Fits the 3-term metalog to P10, P50 and P90 exactly: with y = 0.1, 0.5, 0.9 the basis gives
 * z50 = a1, z90 − z10 = 2·a2·ln 9 and z90 + z10 − 2·z50 = 0.8·a3·ln 9. The quantiles must lie
 * strictly inside the bounds and increase; feasibility is checked by {@link metalogFeasible}.
 *
 * @example fitMetalog3(1, 2, 4, { lower: 0 }).a3 // 0: ln 1, ln 2, ln 4 are evenly spaced
 */
export function fitMetalog3(p10: number, p50: number, p90: number, bounds: MetalogBounds = {}): Metalog3 {
  const form = metalogForm(bounds);
  const lower = bounds.lower ?? -Infinity;
  const upper = bounds.upper ?? Infinity;
  const [z10, z50, z90] = [p10, p50, p90].map((p) => toZ(form, lower, upper, p));
  return { form, lower, upper, a1: z50, a2: (z90 - z10) / (2 * LN9), a3: (z90 + z10 - 2 * z50) / (0.8 * LN9) };
}

/**
 * Whether the fitted metalog is a distribution: its quantile function increasing on (0, 1).
 *
 * @example metalogFeasible(fitMetalog3(0, 1, 10)) // false: P50 far too close to P10
 */
export function metalogFeasible(m: Metalog3): boolean {
  return m.a2 > 0 && Math.abs(m.a3) < METALOG3_FEASIBLE * m.a2;
}

/**
 * The open interval of P50s that make a feasible metalog with this P10 and P90: in z, the
 * feasibility condition reads |z50 − (z10 + z90)/2| < 0.2·METALOG3_FEASIBLE·(z90 − z10).
 *
 * @example feasibleMedians(0, 10) // ≈ [1.666, 8.334]
 */
export function feasibleMedians(p10: number, p90: number, bounds: MetalogBounds = {}): [number, number] {
  const form = metalogForm(bounds);
  const lower = bounds.lower ?? -Infinity;
  const upper = bounds.upper ?? Infinity;
  const z10 = toZ(form, lower, upper, p10);
  const z90 = toZ(form, lower, upper, p90);
  const half = 0.2 * METALOG3_FEASIBLE * (z90 - z10);
  const mid = (z10 + z90) / 2;
  return [fromZ(form, lower, upper, mid - half), fromZ(form, lower, upper, mid + half)];
}

/**
 * The quantile function of a fitted metalog, as a fast closure (no validation).
 *
 * @example metalogQuantile(fitMetalog3(0.2, 0.45, 0.8))(0.9) // 0.8
 */
export function metalogQuantile(m: Metalog3): (u: number) => number {
  const { a1, a2, a3, lower, upper } = m;
  const w = upper - lower;
  const M = (u: number) => {
    const L = log(u / (1 - u));
    return a1 + (a2 + a3 * (u - 0.5)) * L;
  };
  switch (m.form) {
    case 'unbounded':
      return M;
    case 'lower':
      return (u) => lower + exp(M(u));
    case 'upper':
      return (u) => upper - exp(-M(u));
    case 'bounded':
      return (u) => Math.min(upper, lower + w * logistic(M(u)));
  }
}

/**
 * The mean and variance of a fitted metalog (of the whole distribution, not of the range a run
 * samples). Unbounded: Keelin's closed forms, mean = a1 + a3/2 and
 * variance = π²/3·a2² + (1/12 + π²/36)·a3². Log and logit forms have none; they are integrated
 * numerically (see {@link logMoments}, {@link logitMoments}). A log form's unbounded tail is a
 * power law: its moments are infinite when the tail is too heavy, and reported as ±Infinity.
 *
 * @example metalogMoments(fitMetalog3(1, 2, 4, { lower: 0 })).mean // 2.369238146045707…
 */
export function metalogMoments(m: Metalog3): { mean: number; variance: number } {
  switch (m.form) {
    case 'unbounded':
      return {
        mean: m.a1 + m.a3 / 2,
        variance: ((Math.PI * Math.PI) / 3) * m.a2 * m.a2 + (1 / 12 + (Math.PI * Math.PI) / 36) * m.a3 * m.a3,
      };
    case 'lower':
      return logMoments(m.a1, m.a2, m.a3, m.lower);
    case 'upper': {
      // x = upper − e^(−M(y)) is −(a lower-bounded metalog in 1 − y with coefficients −a1, a2, −a3).
      const mirrored = logMoments(-m.a1, m.a2, -m.a3, -m.upper);
      return { mean: -mirrored.mean, variance: mirrored.variance };
    }
    case 'bounded':
      return logitMoments(m);
  }
}

/*
 * Moments are integrals over u in (0, 1); in t = ln(u/(1 − u)) they are integrals over the real
 * line of f(t)·w(t), w(t) = u(1 − u) = 1/(4·cosh²(t/2)), with f analytic in the strip |Im t| < π/2
 * at least. The trapezoid rule with step h on the whole line then converges geometrically, with
 * error about e^(−π²/h) (Trefethen & Weideman, "The exponentially convergent trapezoidal rule",
 * SIAM Review 56(3), 2014): h = 1/4 gives 1e-17. The step shrinks with the slope of M, which
 * brings the poles of the logit form's logistic nearer the real axis.
 */
const STEP = 0.25;

/** M(t) − a1 in the variable t = logit(u): u − ½ = tanh(t/2)/2. */
const deviation = (a2: number, a3: number, t: number) => (a2 + (a3 * tanh(t / 2)) / 2) * t;

/** ln w(t) = ln(u(1 − u)), without underflow for large |t|. */
const logWeight = (t: number) => -Math.abs(t) - 2 * log1p(exp(-Math.abs(t)));

/** ln|e^y − 1|. */
const logAbsExpm1 = (y: number) => (y > 0 ? y + log(-expm1(-y)) : log(-expm1(y)));

/**
 * Moments of x = lower + e^(M(u)), about the median P50 = lower + e^a1 (d = x − P50 = e^a1·expm1(M − a1)).
 * The upper tail is a power law: x − lower ~ (u/(1 − u))^b with b = a2 + a3/2, so E[x^k] is finite
 * iff k·b < 1. Beyond |t| = 40, tanh(t/2) = ±1 and w(t) = e^(−|t|) to double precision, so f·w
 * is a sum of exponentials there and the rest of the (infinite) trapezoid sum is geometric:
 * summed in closed form, which keeps heavy tails (b near 1) exact instead of truncated.
 *
 * @example logMoments(Math.LN2, Math.LN2 / Math.log(9), 0, 0).mean // log-logistic: 2·πb/sin(πb), b = ln 2/ln 9
 */
export function logMoments(a1: number, a2: number, a3: number, lower: number): { mean: number; variance: number } {
  const median = lower + exp(a1);
  const b = a2 + a3 / 2; // upper-tail slope of M in t
  const c = a2 - a3 / 2; // lower-tail slope (> 0 when feasible)
  if (b >= 1) return { mean: Infinity, variance: Infinity };
  const h = STEP / Math.max(1, a2 + Math.abs(a3));
  const n = Math.floor(40 / h);
  const moment = (k: 1 | 2): number => {
    let sum = 0;
    for (let i = -n; i <= n; i++) {
      const t = i * h;
      const y = deviation(a2, a3, t);
      if (y === 0) continue;
      const sign = k === 1 && y < 0 ? -1 : 1;
      sum += sign * exp(k * (a1 + logAbsExpm1(y)) + logWeight(t));
    }
    // Tails: Σ over i > n of e^(k·a1)·(e^(βt) − 1)^k·e^(−t), t = i·h, β = b (upper) or −c (lower,
    // mirrored): binomial terms C(k,j)·(−1)^(k−j)·e^(−λt), λ = 1 − j·β, each a geometric series.
    const tail = (beta: number): number => {
      let s = 0;
      for (let j = 0; j <= k; j++) {
        const coefficient = (k === 2 && j === 1 ? 2 : 1) * ((k - j) % 2 === 0 ? 1 : -1);
        const lambda = 1 - j * beta;
        s += coefficient * exp(k * a1 - lambda * (n + 1) * h - log(-expm1(-lambda * h)));
      }
      return s;
    };
    return h * (sum + tail(b) + tail(-c));
  };
  const m1 = moment(1);
  const mean = median + m1;
  if (2 * b >= 1) return { mean, variance: Infinity };
  return { mean, variance: Math.max(0, moment(2) - m1 * m1) };
}

/**
 * Moments of the logit form, x = lower + (upper − lower)·logistic(M(u)): bounded, so the
 * integrands decay like e^(−|t|); the trapezoid sum runs outward until the terms no longer count
 * (below 1e-18 of the sum of magnitudes). Two passes: the mean, then E[(x − mean)²].
 *
 * @example logitMoments(fitMetalog3(0.2, 0.5, 0.8, { lower: 0, upper: 1 })).mean // 0.5 by symmetry
 */
export function logitMoments(m: Metalog3): { mean: number; variance: number } {
  const { a1, a2, a3, lower, upper } = m;
  const width = upper - lower;
  const x = (t: number) => lower + width * logistic(a1 + deviation(a2, a3, t));
  const h = STEP / Math.max(1, a2 + Math.abs(a3));
  const integrate = (f: (t: number) => number): number => {
    let sum = f(0);
    let magnitude = Math.abs(sum);
    for (let i = 1; ; i++) {
      const t = i * h;
      const terms = f(t) + f(-t);
      sum += terms;
      magnitude += Math.abs(terms);
      if ((t > 40 && Math.abs(terms) <= 1e-18 * magnitude) || t > 1500) break; // e^−1500 = 0
    }
    return h * sum;
  };
  const weight = (t: number) => exp(logWeight(t));
  const median = x(0);
  const mean = median + integrate((t) => (x(t) - median) * weight(t));
  const variance = integrate((t) => {
    const d = x(t) - mean;
    return d * d * weight(t);
  });
  return { mean, variance };
}
