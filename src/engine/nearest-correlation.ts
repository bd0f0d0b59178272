import { IndexedCorrelation, MIN_PIVOT, cholesky, correlationMatrix } from './correlation';

/**
 * The nearest valid correlation matrix to correlations that do not make one (model.md v3,
 * "Correlated inputs": "or, on request, the nearest valid one with a warning").
 *
 * Nearest means: the pairs given change as little as they can, in the sum of their squared
 * changes (the Frobenius norm), while the pairs not given stay 0 (independent, as the user left
 * them) and the diagonal 1. That is the point nearest to the given matrix in the intersection of
 * two closed convex sets, the matrices whose eigenvalues are all at least {@link MIN_EIGENVALUE}
 * and the symmetric matrices with a unit diagonal and those zeros; it is found by alternating
 * projections with Dykstra's correction (Higham 2002, "Computing the nearest correlation matrix:
 * a problem from finance", IMA J. Numer. Anal. 22, 329–343, Algorithm 3.3, with the pattern of
 * zeros added to Higham's unit-diagonal set, which keeps it an affine subspace). The identity is
 * in both sets, so there is always an answer.
 *
 * The projection onto the eigenvalue set needs a symmetric eigendecomposition: cyclic Jacobi
 * rotations ({@link symmetricEigen}), written here rather than taken from mathjs because it uses
 * only +, −, ×, ÷ and √, so that the pane and the command line mend a matrix to the same bits
 * (mathjs's rotations go through `atan`, which engines round differently).
 */

/**
 * The smallest eigenvalue the mended matrix keeps: positive, so that it factorises with pivots
 * far above MIN_PIVOT and stays valid when its correlations are converted for Iman–Conover
 * (which moves each by at most 0.018).
 */
export const MIN_EIGENVALUE = 1e-3;

/** Dykstra's iterations stop when an iteration moves the matrix by less than this (Frobenius). */
const TOLERANCE = 1e-12;
const MAX_ITERATIONS = 10_000;

/**
 * The eigenvalues and eigenvectors of a symmetric `n` × `n` matrix (row-major): `vectors` holds
 * them as columns, so that A = V·diag(values)·Vᵀ. Cyclic Jacobi rotations (Golub and Van Loan,
 * "Matrix Computations", 4th ed., §8.5.2), until the off-diagonal part is below 1e-15 of the
 * matrix's norm.
 *
 * @example symmetricEigen(Float64Array.of(2, 1, 1, 2), 2).values // [1, 3] (in some order)
 */
export function symmetricEigen(m: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let norm = 0;
  for (let k = 0; k < n * n; k++) norm += a[k] * a[k];
  const threshold = 1e-30 * norm;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    if (off <= threshold) break;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // The rotation that zeroes a_pq: t = tan θ, the smaller root of t² + 2τt − 1 = 0.
        const tau = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // A ← A·J (columns p and q), then A ← Jᵀ·A (rows p and q), V ← V·J.
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}

/** The matrix with the same eigenvectors and every eigenvalue raised to at least `floor`. */
function raiseEigenvalues(m: Float64Array, n: number, floor: number): Float64Array {
  const { values, vectors } = symmetricEigen(m, n);
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const lambda = Math.max(values[k], floor);
    for (let i = 0; i < n; i++) {
      const vik = lambda * vectors[i * n + k];
      for (let j = 0; j < n; j++) out[i * n + j] += vik * vectors[j * n + k];
    }
  }
  // Symmetric to the bit, as a correlation matrix is.
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) out[i * n + j] = out[j * n + i] = (out[i * n + j] + out[j * n + i]) / 2;
  return out;
}

/**
 * The correlations of the nearest valid correlation matrix (see the module's comment) to
 * `pairs` between `size` inputs, in the order of `pairs`. Valid correlations come back as they
 * are; every result passes {@link matrixConflict} (positive definite, each |r| < 1).
 *
 * @example
 * // a–b 0.9, b–c 0.9 and a–c −0.9 cannot all hold: each is weakened to about ±0.5
 * nearestCorrelations(3, [{ i: 0, j: 1, correlation: 0.9 }, { i: 1, j: 2, correlation: 0.9 }, { i: 0, j: 2, correlation: -0.9 }])
 */
export function nearestCorrelations(size: number, pairs: readonly IndexedCorrelation[]): number[] {
  const given = correlationMatrix(size, pairs);
  if ('factor' in cholesky(given, size) && pairs.every((p) => Math.abs(p.correlation) < 1))
    return pairs.map((p) => p.correlation);
  const free = new Uint8Array(size * size);
  for (const p of pairs) free[p.i * size + p.j] = free[p.j * size + p.i] = 1;
  // Onto the unit diagonal and the zeros of the pairs not given.
  const toPattern = (x: Float64Array) => {
    const y = new Float64Array(size * size);
    for (let k = 0; k < size * size; k++) y[k] = free[k] ? x[k] : 0;
    for (let i = 0; i < size; i++) y[i * size + i] = 1;
    return y;
  };
  let y = given;
  const correction = new Float64Array(size * size);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const r = new Float64Array(size * size);
    for (let k = 0; k < size * size; k++) r[k] = y[k] - correction[k];
    const x = raiseEigenvalues(r, size, MIN_EIGENVALUE);
    for (let k = 0; k < size * size; k++) correction[k] = x[k] - r[k];
    const next = toPattern(x);
    let moved = 0;
    for (let k = 0; k < size * size; k++) {
      const step = next[k] - y[k];
      moved += step * step;
    }
    y = next;
    if (moved < TOLERANCE * TOLERANCE) break;
  }
  // y has the pattern exactly and its eigenvalues are within the tolerance of MIN_EIGENVALUE;
  // should the iterations have stopped short, the way to the identity mends what is left.
  for (let t = 0.01; !pivotsClear(y, size); t = Math.min(1, 2 * t)) {
    y = y.map((v, k) => (k % (size + 1) === 0 ? 1 : (1 - t) * v));
  }
  return pairs.map((p) => y[p.i * size + p.j]);
}

/** Whether the matrix factorises with its smallest pivot well above MIN_PIVOT. */
function pivotsClear(m: Float64Array, n: number): boolean {
  const f = cholesky(m, n);
  if (!('factor' in f)) return false;
  for (let i = 0; i < n; i++) {
    const pivot = f.factor[i * n + i];
    if (pivot * pivot < 1e3 * MIN_PIVOT) return false;
  }
  return true;
}
