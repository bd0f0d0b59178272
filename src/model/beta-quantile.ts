import betaFunction from '@stdlib/math-base-special-beta';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';

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
 * Accuracy, against the exact quantile on a grid of α, β in [1, 5] (test/model/beta-quantile.test.ts):
 * within 1e-13 of the unit interval everywhere; the error shrinks as the 6th power of the step.
 * The two halves meet at an exact quantile, and each result is clamped to its side of it, so
 * the function is non-decreasing across the join.
 */

/** Steps of t in each half of the table. */
export const BETA_TABLE_INTERVALS = 160;

/** Tables already made, by shape: a run asks again for each PERT input of each worker. */
const tables = new Map<string, (u: number) => number>();
const MAX_CACHED_TABLES = 64;

/**
 * The quantile function of Beta(α, β), α, β ≥ 1 (not checked: the PERT maker's job).
 *
 * @example betaQuantileFast(2, 3)(0.5) // 0.38572756813238945 (the exact median, a knot)
 */
export function betaQuantileFast(alpha: number, beta: number): (u: number) => number {
  const key = `${alpha},${beta}`;
  let quantile = tables.get(key);
  if (!quantile) {
    if (tables.size >= MAX_CACHED_TABLES) tables.clear();
    quantile = makeTable(alpha, beta);
    tables.set(key, quantile);
  }
  return quantile;
}

function makeTable(alpha: number, beta: number): (u: number) => number {
  const split = splitPoint(alpha, beta);
  const join = betaQuantile(split, alpha, beta);
  const lower = half(alpha, beta, split, join);
  const upper = half(beta, alpha, 1 - split, 1 - join);
  return (u) => (u <= split ? Math.min(lower(u), join) : Math.max(1 - upper(1 - u), join));
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
    if (Math.log(u) / alpha < Math.log1p(-u) / beta) low = u;
    else high = u;
  }
  return (low + high) / 2;
}

/**
 * x(u) of Beta(a, b) for u in (0, `last`], as a table in t = u^(1/a) whose last knot is `end`,
 * the exact quantile of `last` (the join, or 1 − the join for the mirrored half).
 */
function half(a: number, b: number, last: number, end: number): (u: number) => number {
  const K = BETA_TABLE_INTERVALS;
  const B = betaFunction(a, b);
  const step = last ** (1 / a) / K;
  const x = new Float64Array(K + 1);
  const d1 = new Float64Array(K + 1); // dx/dt
  const d2 = new Float64Array(K + 1); // d²x/dt²
  const c = (a * B) ** (1 / a);
  d1[0] = c;
  d2[0] = ((-2 * (1 - b)) / (a + 1)) * c * c;
  for (let j = 1; j <= K; j++) {
    const t = j * step;
    const xj = j === K ? end : betaQuantile(t ** a, a, b);
    const dxdu = B / (xj ** (a - 1) * (1 - xj) ** (b - 1));
    const dudt = a * t ** (a - 1);
    const d2udt2 = a * (a - 1) * t ** (a - 2);
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
  const inverseA = 1 / a;
  return (u) => {
    const y = Math.exp(Math.log(u) * inverseA) / step;
    const j = Math.min(K - 1, Math.floor(y));
    const s = y - j;
    const o = 6 * j;
    const k = coefficients;
    return k[o] + s * (k[o + 1] + s * (k[o + 2] + s * (k[o + 3] + s * (k[o + 4] + s * k[o + 5]))));
  };
}
