import type betaFunctionType from '@stdlib/math-base-special-beta';
import type betaQuantileType from '@stdlib/stats-base-dists-beta-quantile';
import { exp, log, log1p, pow } from '../model/portable-math';

/**
 * A fast quantile function of Beta(α, β) for α, β ≥ 1, the shapes of every beta-PERT.
 *
 * @stdlib's exact quantile (a port of Boost's ibeta_inv) costs about 10 µs a call: ten PERT
 * inputs of a 10,000-trial run would spend a second there. Here it is called only at the 2·160 knots
 * of a table, once per shape; a sample then costs one power and a polynomial (about 60 ns).
 *
 * The table: below a split point, x as a function of t = u^(1/α); above it, 1 − x as a function
 * of s = (1 − u)^(1/β) (the same construction for Beta(β, α)). Near u = 0, u = x^α·g(x) with g
 * analytic and g(0) = 1/(α·B(α, β)), so x(t) is analytic up to and including t = 0: the power
 * takes away the singular slope of the quantile at the ends. Each half is cut into
 * {@link BETA_TABLE_INTERVALS} equal steps of t, and each step is the quintic Hermite
 * polynomial through the exact values, first and second derivatives at its ends:
 *
 *   dx/du = 1/f(x),  d²x/du² = −(f′/f)(x)·(dx/du)²,  f′/f = (α − 1)/x − (β − 1)/(1 − x),
 *
 * chained through du/dt = α·t^(α−1); at t = 0 from the series of the incomplete beta,
 * x ≈ c·t − (1 − β)/(α + 1)·c²·t² with c = (α·B(α, β))^(1/α).
 *
 * Accuracy, against the exact quantile on a grid of α, β in [1, 5] (test/engine/beta-quantile.test.ts):
 * within 1e-13 of the unit interval everywhere; the error shrinks as the 6th power of the step.
 * The two halves meet at an exact quantile, and each result is clamped to its side of it, so
 * the function is non-decreasing across the join.
 */

/** Steps of t in each half of the table. */
export const BETA_TABLE_INTERVALS = 160;

/**
 * A table as plain data: what a worker thread receives instead of making it again (and instead
 * of loading @stdlib, about 0.1 s of module loading per thread).
 */
export interface BetaTable {
  readonly alpha: number;
  readonly beta: number;
  /** The u where the halves meet, and its exact quantile. */
  readonly split: number;
  readonly join: number;
  /** Per half: the step of t and six polynomial coefficients per step. */
  readonly lowerStep: number;
  readonly lower: Float64Array;
  readonly upperStep: number;
  readonly upper: Float64Array;
}

/** Tables already made, and their quantile functions, by shape. */
const tables = new Map<string, { table: BetaTable; quantile: (u: number) => number }>();
const MAX_CACHED_TABLES = 64;
const shapeKey = (alpha: number, beta: number) => `${alpha},${beta}`;

/** @stdlib's exact functions, loaded on first use. */
let exact: { quantile: typeof betaQuantileType; beta: typeof betaFunctionType } | undefined;
function exactFunctions(): NonNullable<typeof exact> {
  // Loaded lazily (require, not import): see BetaTable.
  exact ??= {
    quantile: require('@stdlib/stats-base-dists-beta-quantile'),
    beta: require('@stdlib/math-base-special-beta'),
  };
  return exact;
}

function cache(table: BetaTable): (u: number) => number {
  if (tables.size >= MAX_CACHED_TABLES) tables.clear();
  const quantile = quantileOf(table);
  tables.set(shapeKey(table.alpha, table.beta), { table, quantile });
  return quantile;
}

/**
 * The table of Beta(α, β), α, β ≥ 1 (made once per shape, then cached).
 *
 * @example betaTable(2, 3).lower.length // 960: six coefficients for each of 160 steps
 */
export function betaTable(alpha: number, beta: number): BetaTable {
  betaQuantileFast(alpha, beta);
  return tables.get(shapeKey(alpha, beta))!.table;
}

/**
 * Adds a table made elsewhere (by the thread that planned a run) to this thread's cache.
 *
 * @example loadBetaTable(tableFromTheMainThread)
 */
export function loadBetaTable(table: BetaTable): void {
  if (!tables.has(shapeKey(table.alpha, table.beta))) cache(table);
}

/**
 * The quantile function of Beta(α, β), α, β ≥ 1 (not checked: the PERT maker's job).
 *
 * @example betaQuantileFast(2, 3)(0.5) // 0.38572756813238945 (the exact median, a knot)
 */
export function betaQuantileFast(alpha: number, beta: number): (u: number) => number {
  return tables.get(shapeKey(alpha, beta))?.quantile ?? cache(makeTable(alpha, beta));
}

function makeTable(alpha: number, beta: number): BetaTable {
  const split = splitPoint(alpha, beta);
  const join = exactFunctions().quantile(split, alpha, beta);
  const [lowerStep, lower] = half(alpha, beta, split, join);
  const [upperStep, upper] = half(beta, alpha, 1 - split, 1 - join);
  return { alpha, beta, split, join, lowerStep, lower, upperStep, upper };
}

function quantileOf({
  alpha,
  beta,
  split,
  join,
  lowerStep,
  lower,
  upperStep,
  upper,
}: BetaTable): (u: number) => number {
  const below = evaluate(lower, lowerStep, 1 / alpha);
  const above = evaluate(upper, upperStep, 1 / beta);
  return (u) => (u <= split ? Math.min(below(u), join) : Math.max(1 - above(1 - u), join));
}

/** The polynomial of t = u^(1/a) on its step. */
function evaluate(coefficients: Float64Array, step: number, inverseA: number): (u: number) => number {
  const K = coefficients.length / 6;
  return (u) => {
    const y = exp(log(u) * inverseA) / step;
    const j = Math.min(K - 1, Math.floor(y));
    const s = y - j;
    const o = 6 * j;
    const k = coefficients;
    return k[o] + s * (k[o + 1] + s * (k[o + 2] + s * (k[o + 3] + s * (k[o + 4] + s * k[o + 5]))));
  };
}

/**
 * Where the halves meet: the u at which u^(1/α) = (1 − u)^(1/β). Each half's x(t) is singular
 * at t = 1 (the far end of the distribution), so the join keeps both halves' last t, and with
 * it their error, as far from 1 as it can (for α = β, u = 1/2).
 */
function splitPoint(alpha: number, beta: number): number {
  let [low, high] = [0, 1];
  for (let i = 0; i < 60; i++) {
    const u = (low + high) / 2;
    if (log(u) / alpha < log1p(-u) / beta) low = u;
    else high = u;
  }
  return (low + high) / 2;
}

/**
 * The coefficients of x(u) of Beta(a, b) for u in (0, `last`], in t = u^(1/a), whose last knot
 * is `end`, the exact quantile of `last` (the join, or 1 − the join for the mirrored half).
 */
function half(a: number, b: number, last: number, end: number): [number, Float64Array] {
  const K = BETA_TABLE_INTERVALS;
  const { quantile, beta } = exactFunctions();
  const B = beta(a, b);
  const step = pow(last, 1 / a) / K;
  const x = new Float64Array(K + 1);
  const d1 = new Float64Array(K + 1); // dx/dt
  const d2 = new Float64Array(K + 1); // d²x/dt²
  const c = pow(a * B, 1 / a);
  d1[0] = c;
  d2[0] = ((-2 * (1 - b)) / (a + 1)) * c * c;
  for (let j = 1; j <= K; j++) {
    const t = j * step;
    const xj = j === K ? end : quantile(pow(t, a), a, b);
    const dxdu = B / (pow(xj, a - 1) * pow(1 - xj, b - 1));
    const dudt = a * pow(t, a - 1);
    const d2udt2 = a * (a - 1) * pow(t, a - 2);
    const logSlope = (a - 1) / xj - (b - 1) / (1 - xj);
    x[j] = xj;
    d1[j] = dxdu * dudt;
    d2[j] = -logSlope * dxdu * dxdu * dudt * dudt + dxdu * d2udt2;
  }
  // Coefficients of p(σ) = Σ c_k σ^k on each step, σ = (t − t_j)/step in [0, 1].
  const coefficients = new Float64Array(6 * K);
  for (let j = 0; j < K; j++) {
    const [p0, m0, c0] = [x[j], d1[j] * step, d2[j] * step * step];
    const [p1, m1, c1] = [x[j + 1], d1[j + 1] * step, d2[j + 1] * step * step];
    const r0 = p1 - p0 - m0 - c0 / 2;
    const r1 = m1 - m0 - c0;
    const r2 = c1 - c0;
    coefficients.set(
      [p0, m0, c0 / 2, 10 * r0 - 4 * r1 + r2 / 2, -15 * r0 + 7 * r1 - r2, 6 * r0 - 3 * r1 + r2 / 2],
      6 * j,
    );
  }
  return [step, coefficients];
}
