import { normalQuantile } from '../model/normal';
import { trialsByUniform } from './sampling';

/**
 * Correlated inputs (model.md v3, "Correlated inputs"): Spearman rank correlations between
 * uncertain inputs, imposed on a run's samples with the method of Iman and Conover (1982, "A
 * distribution-free approach to inducing rank correlation among input variables", Commun.
 * Statist. B11(3), 311–334), as @RISK and XLRisk do. Only the order of each input's samples
 * changes, never their values: every marginal distribution stays exactly what it was (the Latin
 * Hypercube's strata included), and a quantile function is monotone, so the ranks imposed on the
 * uniforms are the ranks of the input values.
 *
 * The method, for the k inputs that a correlation names, over the n trials of a run:
 *
 * 1. scores: each input's uniforms are ranked (1..n, ties in trial order), and rank r becomes the
 *    van der Waerden score Φ⁻¹(r / (n + 1)). The columns of scores are independent (the uniforms
 *    are), all with the same values;
 * 2. the correction: E, the scores' own sample correlation, is never exactly the identity, so the
 *    scores are first decorrelated with the Cholesky factor Q of E (E = Q·Qᵀ), then given the
 *    target with the Cholesky factor P of the target C (C = P·Pᵀ): T = S·(P·Q⁻¹)ᵀ has sample
 *    correlation C to rounding (Iman and Conover's variant; without it, a run's achieved
 *    correlations scatter by about 1/√n around the targets);
 * 3. each input's samples are put in the order of its column of T: the trial with the r-th
 *    smallest T gets the r-th smallest sample.
 *
 * The target C is the Pearson correlation of the scores that gives the Spearman targets: a
 * normal pair with Pearson correlation r has Spearman correlation (6/π)·asin(r/2), so a Spearman
 * target ρ becomes r = 2·sin(π·ρ/6) ({@link scoreCorrelation}). Measured over 20 seeds at 1,000
 * trials, two inputs: without it the achieved Spearman correlations fall short of their targets
 * by 0.018 on average for ±0.5 (0.013 for ±0.8, 0.010 for 0.2), 0.037 at worst; with it the
 * average error is at most 0.0012 and the worst 0.019. The conversion removes a bias that was
 * the larger part of the error and halves the worst case, so it is made. It moves a
 * correlation by at most 0.018, so a valid matrix stays valid in all but contrived cases near
 * the boundary; where the converted matrix is not positive definite, the Spearman targets
 * themselves are used (see {@link scoreTarget}).
 *
 * Everything is plain arithmetic on the run's columns (Φ⁻¹ is portable, the sine a
 * series), so every worker that computes it from the same columns gets the same
 * bits: a run is the same whatever the number of workers.
 */

/** One correlation between the columns `i` and `j` (0-based, i ≠ j) of a run's uncertain inputs. */
export interface IndexedCorrelation {
  readonly i: number;
  readonly j: number;
  /** The Spearman rank correlation, −1..1. */
  readonly correlation: number;
}

/**
 * The smallest pivot a correlation matrix may have in its Cholesky factorisation: below it the
 * matrix is singular (a correlation of ±1, or inputs that the others determine) or indefinite.
 */
export const MIN_PIVOT = 1e-10;

/**
 * The symmetric matrix of `size` × `size` (row-major) with a unit diagonal and the correlations
 * given; the pairs not given are 0.
 *
 * @example correlationMatrix(2, [{ i: 0, j: 1, correlation: 0.5 }]) // Float64Array [1, 0.5, 0.5, 1]
 */
export function correlationMatrix(size: number, pairs: readonly IndexedCorrelation[]): Float64Array {
  const m = new Float64Array(size * size);
  for (let i = 0; i < size; i++) m[i * size + i] = 1;
  for (const { i, j, correlation } of pairs) m[i * size + j] = m[j * size + i] = correlation;
  return m;
}

/** A Cholesky factorisation: the lower factor L (row-major, m = L·Lᵀ), or the first row whose pivot is not positive. */
export type Cholesky = { readonly factor: Float64Array } | { readonly failedRow: number };

/**
 * The Cholesky factor of a symmetric matrix (row-major, `size` × `size`), row by row
 * (Cholesky–Banachiewicz), or the row at which it fails: the first j whose pivot
 * m[j][j] − Σₖ L[j][k]² is at most {@link MIN_PIVOT}, so that the leading (j + 1) × (j + 1) block
 * is not positive definite while the leading j × j one is.
 *
 * @example cholesky(Float64Array.of(1, 0.6, 0.6, 1), 2) // { factor: [1, 0, 0.6, 0.8] }
 * @example cholesky(correlationMatrix(3, [{ i: 0, j: 1, correlation: 0.9 }, { i: 1, j: 2, correlation: 0.9 }, { i: 0, j: 2, correlation: -0.9 }]), 3) // { failedRow: 2 }
 */
export function cholesky(m: Float64Array, size: number): Cholesky {
  const L = new Float64Array(size * size);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < j; i++) {
      let s = m[j * size + i];
      for (let k = 0; k < i; k++) s -= L[j * size + k] * L[i * size + k];
      L[j * size + i] = s / L[i * size + i];
    }
    let d = m[j * size + j];
    for (let k = 0; k < j; k++) d -= L[j * size + k] * L[j * size + k];
    if (!(d > MIN_PIVOT)) return { failedRow: j };
    L[j * size + j] = Math.sqrt(d);
  }
  return { factor: L };
}

/**
 * Why a set of correlations is not a valid correlation matrix: the pair (an index into the pairs
 * given) that breaks it, and, when changing that pair alone can mend it, the open interval its
 * correlation must lie in, the others staying as they are.
 */
export interface MatrixConflict {
  readonly pair: number;
  readonly range?: readonly [number, number];
}

/**
 * Whether correlations between `size` inputs make a valid correlation matrix (symmetric with a
 * unit diagonal by construction; each |r| ≤ 1; positive definite), and if not, the pair that
 * breaks it. The matrix is factorised (see {@link cholesky}); where it fails at row j, the
 * inputs 0..j are inconsistent while 0..j − 1 are not, so the pair to name is one of the given
 * pairs between input j and an earlier one. For each such pair (i, j), the range of r_ij that
 * makes the leading block positive definite (the others fixed) is where its Schur complement
 * 1 − cᵀA⁻¹c stays positive, an interval because that is a concave quadratic in r_ij; the pair
 * named is the one nearest its interval (the smallest change that mends the matrix), else, when
 * no single pair can, the strongest pair of row j. A pair beyond ±1 is named first, without a
 * range.
 *
 * @example
 * // a–b 0.9 and a–c −0.9 leave b–c at most −0.62: b–c 0.9 is named
 * matrixConflict(3, [{ i: 0, j: 1, correlation: 0.9 }, { i: 1, j: 2, correlation: 0.9 }, { i: 0, j: 2, correlation: -0.9 }])
 * // { pair: 1, range: [-1, -0.62] }
 * @example matrixConflict(2, [{ i: 0, j: 1, correlation: 0.5 }]) // undefined
 */
export function matrixConflict(size: number, pairs: readonly IndexedCorrelation[]): MatrixConflict | undefined {
  const beyond = pairs.findIndex((p) => !(Math.abs(p.correlation) <= 1));
  if (beyond >= 0) return { pair: beyond };
  const m = correlationMatrix(size, pairs);
  const chol = cholesky(m, size);
  if ('factor' in chol) return undefined;
  const j = chol.failedRow;
  const inRow = pairs.map((p, index) => ({ p, index })).filter(({ p }) => Math.max(p.i, p.j) === j);
  // The leading j × j block is positive definite: its factor, to solve with it.
  const lead = new Float64Array(j * j);
  for (let r = 0; r < j; r++) for (let c = 0; c < j; c++) lead[r * j + c] = m[r * size + c];
  const leadChol = cholesky(lead, j);
  let best: { index: number; distance: number; range: [number, number] } | undefined;
  if ('factor' in leadChol && j > 0) {
    const c = Float64Array.from({ length: j }, (_, k) => m[k * size + j]);
    const w = solve(leadChol.factor, j, c); // A⁻¹c
    const cw = dot(c, w);
    for (const { p, index } of inRow) {
      const i = Math.min(p.i, p.j);
      const e = new Float64Array(j);
      e[i] = 1;
      const g = solve(leadChol.factor, j, e)[i]; // (A⁻¹)_ii > 0
      // Schur complement at r_ij = c_i + δ: 1 − (cw + 2·w_i·δ + g·δ²) > 0.
      const discriminant = w[i] * w[i] - g * (cw - 1);
      if (!(discriminant > 0)) continue;
      const root = Math.sqrt(discriminant);
      const low = Math.max(-1, c[i] + (-w[i] - root) / g);
      const high = Math.min(1, c[i] + (-w[i] + root) / g);
      if (!(low < high)) continue;
      const r = p.correlation;
      const distance = r <= low ? low - r : r >= high ? r - high : 0;
      if (!best || distance < best.distance) best = { index, distance, range: [low, high] };
    }
  }
  if (best) return { pair: best.index, range: best.range };
  const strongest = inRow.reduce((a, b) => (Math.abs(b.p.correlation) > Math.abs(a.p.correlation) ? b : a), inRow[0]);
  return { pair: strongest.index };
}

/** x with L·Lᵀ·x = b (L lower, row-major n × n). */
function solve(L: Float64Array, n: number, b: Float64Array): Float64Array {
  const y = forward(L, n, b);
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = y[r];
    for (let k = r + 1; k < n; k++) s -= L[k * n + r] * x[k];
    x[r] = s / L[r * n + r];
  }
  return x;
}

/** y with L·y = b (L lower, row-major n × n). */
function forward(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = b[r];
    for (let k = 0; k < r; k++) s -= L[r * n + k] * y[k];
    y[r] = s / L[r * n + r];
  }
  return y;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * sin x for |x| ≤ π/6, by its Taylor series to x¹⁹ (the next term is below 10⁻²⁵): only + and ×,
 * so the same bits on every engine, and sin 0 = 0 exactly.
 */
function sin(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k <= 9; k++) {
    term *= -x2 / (2 * k * (2 * k + 1));
    sum += term;
  }
  return sum;
}

/**
 * The Pearson correlation of normal scores whose Spearman correlation is `rho` (−1..1):
 * 2·sin(π·ρ/6) (Pearson 1907, for a bivariate normal). It fixes 0 and ±1; ±0.5 ↦ ±0.5176.
 *
 * @example scoreCorrelation(0.5) // ≈ 0.5176
 */
export function scoreCorrelation(rho: number): number {
  return 2 * sin((Math.PI * rho) / 6);
}

/**
 * The target of Iman–Conover for Spearman correlations between `size` inputs (already checked
 * valid, see {@link matrixConflict}): the Cholesky factor of the scores' Pearson correlations
 * ({@link scoreCorrelation}), or of the Spearman targets themselves in the rare case where the
 * converted matrix is not positive definite.
 *
 * @example scoreTarget(2, [{ i: 0, j: 1, correlation: 0.5 }]) // factor of [[1, 0.5176], [0.5176, 1]]
 */
export function scoreTarget(size: number, pairs: readonly IndexedCorrelation[]): Float64Array {
  const converted = cholesky(
    correlationMatrix(
      size,
      pairs.map((p) => ({ ...p, correlation: scoreCorrelation(p.correlation) })),
    ),
    size,
  );
  if ('factor' in converted) return converted.factor;
  const plain = cholesky(correlationMatrix(size, pairs), size);
  if ('factor' in plain) return plain.factor;
  throw new Error(`correlation: the matrix is not positive definite at row ${plain.failedRow + 1}`);
}

/**
 * Iman–Conover: the columns (n values each) reordered so that their rank correlations approach
 * those whose score target's Cholesky factor is `target` (k × k, from {@link scoreTarget}). Each
 * returned column holds exactly the values of the column given (new arrays; the columns given
 * are not changed). With fewer than k + 2 trials the scores' own correlation cannot be
 * factorised and the correction is left out.
 *
 * @example imanConover([u1, u2], scoreTarget(2, [{ i: 0, j: 1, correlation: 0.7 }])) // [u1 reordered, u2 reordered]
 */
export function imanConover(columns: readonly Float64Array[], target: Float64Array): Float64Array[] {
  const k = columns.length;
  const n = k > 0 ? columns[0].length : 0;
  if (n < 2) return columns.map((c) => c.slice());
  // van der Waerden scores, centred: the same values in every column.
  const scores = new Float64Array(n);
  let mean = 0;
  for (let r = 0; r < n; r++) mean += scores[r] = normalQuantile((r + 1) / (n + 1));
  mean /= n;
  for (let r = 0; r < n; r++) scores[r] -= mean;
  const orders = columns.map((c) => trialsByUniform(c));
  const S = orders.map((order) => {
    const s = new Float64Array(n);
    for (let r = 0; r < n; r++) s[order[r]] = scores[r];
    return s;
  });
  // E, the scores' sample correlation, and its factor Q; then M = P·Q⁻¹ (lower triangular).
  const E = new Float64Array(k * k);
  const norms = S.map((s) => Math.sqrt(dot(s, s)));
  for (let a = 0; a < k; a++) {
    E[a * k + a] = 1;
    for (let b = 0; b < a; b++) E[a * k + b] = E[b * k + a] = dot(S[a], S[b]) / (norms[a] * norms[b]);
  }
  const q = n >= k + 2 ? cholesky(E, k) : { failedRow: 0 };
  const M = new Float64Array(k * k);
  if ('factor' in q) {
    // Row a of M = row a of P times Q⁻¹: solve Mᵀ column by column, i.e. Qᵀ·x = P[a]ᵀ.
    const Q = q.factor;
    for (let a = 0; a < k; a++) {
      for (let c = k - 1; c >= 0; c--) {
        let s = target[a * k + c];
        for (let d = c + 1; d < k; d++) s -= M[a * k + d] * Q[d * k + c];
        M[a * k + c] = s / Q[c * k + c];
      }
    }
  } else M.set(target);
  const out: Float64Array[] = [];
  const t = new Float64Array(n);
  for (let a = 0; a < k; a++) {
    let low = Infinity;
    let high = -Infinity;
    for (let r = 0; r < n; r++) {
      let v = 0;
      for (let b = 0; b <= a; b++) v += M[a * k + b] * S[b][r];
      t[r] = v;
      if (v < low) low = v;
      if (v > high) high = v;
    }
    // T's order, by the bucket sort of uniforms: an affine map onto [0, 1) keeps the order.
    const span = high - low || 1;
    for (let r = 0; r < n; r++) t[r] = ((t[r] - low) / span) * (1 - 1 / (2 * n));
    const byT = trialsByUniform(t);
    const column = columns[a];
    const result = new Float64Array(n);
    const order = orders[a];
    for (let r = 0; r < n; r++) result[byT[r]] = column[order[r]];
    out.push(result);
  }
  return out;
}

/**
 * A run's columns (one per uncertain input, index t − 1 holding trial t) with the correlations
 * imposed: the columns of the inputs a correlation names reordered by {@link imanConover}, the
 * others as they are (the same arrays). Without correlations, the columns given.
 *
 * @example correlateColumns(uniforms, [{ i: 0, j: 2, correlation: 0.6 }]) // columns 0 and 2 reordered, the rest as given
 */
export function correlateColumns(
  columns: readonly Float64Array[],
  correlations: readonly IndexedCorrelation[],
): Float64Array[] {
  if (correlations.length === 0) return [...columns];
  const named = [...new Set(correlations.flatMap((c) => [c.i, c.j]))].sort((a, b) => a - b);
  const position = new Map(named.map((column, p) => [column, p]));
  const pairs = correlations.map((c) => ({ i: position.get(c.i)!, j: position.get(c.j)!, correlation: c.correlation }));
  const reordered = imanConover(
    named.map((c) => columns[c]),
    scoreTarget(named.length, pairs),
  );
  const out = [...columns];
  named.forEach((column, p) => (out[column] = reordered[p]));
  return out;
}

/**
 * Ranks 1..n, ties given their average rank (as Excel's RANK.AVG).
 *
 * @example averageRanks(Float64Array.of(3, 1, 3)) // [2.5, 1, 2.5]
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  const ranks = new Float64Array(n);
  for (let r = 0; r < n;) {
    let end = r + 1;
    while (end < n && x[order[end]] === x[order[r]]) end++;
    const rank = (r + 1 + end) / 2;
    for (let s = r; s < end; s++) ranks[order[s]] = rank;
    r = end;
  }
  return ranks;
}

/**
 * Spearman's rank correlation of two equally long columns: the Pearson correlation of their
 * average ranks (so ties, as a whole-number input has, count as Excel's CORREL of RANK.AVG
 * does). NaN when a column is constant.
 *
 * @example spearman([1, 2, 3, 4], [10, 20, 40, 30]) // 0.8
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(averageRanks(x), averageRanks(y));
}

function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
