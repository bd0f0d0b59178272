/**
 * The nearest valid correlation matrix (model.md v3, "Correlated inputs", on request): checked
 * against a closed form, by the condition that characterises a nearest point of a convex set
 * (the variational inequality, against many feasible matrices drawn at random), and by the
 * eigendecomposition's own identities.
 */
import * as fc from 'fast-check';
import { IndexedCorrelation, correlationMatrix, matrixConflict } from '../../src/engine/correlation';
import { MIN_EIGENVALUE, nearestCorrelations, symmetricEigen } from '../../src/engine/nearest-correlation';
import { checkCorrelations, mendedWarning, readCorrelations } from '../../src/engine/correlation-table';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { readSimulationTable } from '../../src/engine/simulation-inputs';
import type { InputTable } from '../../src/model/input-table';

const CONFLICT: IndexedCorrelation[] = [
  { i: 0, j: 1, correlation: 0.9 },
  { i: 1, j: 2, correlation: 0.9 },
  { i: 0, j: 2, correlation: -0.9 },
];

/** The smallest eigenvalue of a symmetric matrix. */
const smallest = (m: Float64Array, n: number) => Math.min(...symmetricEigen(m, n).values);

describe('symmetricEigen', () => {
  test('a 2 × 2 matrix: the closed form (a + c)/2 ± √(((a − c)/2)² + b²)', () => {
    const [a, b, c] = [2.5, -0.7, 1.1];
    const values = [...symmetricEigen(Float64Array.of(a, b, b, c), 2).values].sort((x, y) => x - y);
    const r = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    expect(values[0]).toBeCloseTo((a + c) / 2 - r, 14);
    expect(values[1]).toBeCloseTo((a + c) / 2 + r, 14);
  });

  test('any symmetric matrix up to 8 × 8: V·diag(λ)·Vᵀ gives it back and V is orthogonal', () =>
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n * n, maxLength: n * n }),
            ),
          ),
        ([n, raw]) => {
          const m = new Float64Array(n * n);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = (raw[i * n + j] + raw[j * n + i]) / 2;
          const { values, vectors } = symmetricEigen(m, n);
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) {
              let back = 0;
              let gram = 0;
              for (let k = 0; k < n; k++) {
                back += vectors[i * n + k] * values[k] * vectors[j * n + k];
                gram += vectors[k * n + i] * vectors[k * n + j];
              }
              expect(Math.abs(back - m[i * n + j])).toBeLessThan(1e-12);
              expect(Math.abs(gram - (i === j ? 1 : 0))).toBeLessThan(1e-12);
            }
        },
      ),
      { numRuns: 200 },
    ));
});

describe('nearestCorrelations', () => {
  test('valid correlations come back as given', () => {
    const pairs = [
      { i: 0, j: 1, correlation: 0.6 },
      { i: 1, j: 2, correlation: -0.3 },
    ];
    expect(nearestCorrelations(3, pairs)).toEqual([0.6, -0.3]);
  });

  test('a–b 0.9, b–c 0.9, a–c −0.9: the closed form ±(1 − δ)/2', () => {
    // The given matrix is unchanged by swapping a and c and negating b, so (the nearest point
    // of a convex set being unique) the answer is too: [[1, x, −x], [x, 1, x], [−x, x, 1]],
    // whose eigenvalues are 1 − 2x (vector (1, −1, 1)) and 1 + x twice. The nearest such x
    // to 0.9 with every eigenvalue ≥ δ is (1 − δ)/2.
    const x = (1 - MIN_EIGENVALUE) / 2;
    const used = nearestCorrelations(3, CONFLICT);
    used.forEach((u, k) => expect(Math.abs(u - [x, x, -x][k])).toBeLessThan(1e-9));
    expect(
      matrixConflict(
        3,
        CONFLICT.map((p, k) => ({ ...p, correlation: used[k] })),
      ),
    ).toBeUndefined();
  });

  test('a pair given as exactly 1 is mended below it', () => {
    const used = nearestCorrelations(2, [{ i: 0, j: 1, correlation: 1 }]);
    expect(used[0]).toBeLessThan(1);
    expect(used[0]).toBeCloseTo(1 - MIN_EIGENVALUE, 9);
  });

  /** Random conflicting correlations between up to 6 inputs, some pairs not given. */
  const conflicting = fc
    .integer({ min: 3, max: 6 })
    .chain((n) => {
      const all: [number, number][] = [];
      for (let j = 1; j < n; j++) for (let i = 0; i < j; i++) all.push([i, j]);
      return fc.tuple(
        fc.constant(n),
        fc.subarray(all, { minLength: 2 }),
        fc.array(fc.double({ min: -0.99, max: 0.99, noNaN: true }), { minLength: all.length, maxLength: all.length }),
      );
    })
    .map(([n, pairs, values]) => ({
      n,
      pairs: pairs.map(([i, j], k) => ({ i, j, correlation: values[k] })),
    }))
    .filter(({ n, pairs }) => matrixConflict(n, pairs) !== undefined);

  test('random conflicts: valid, the pairs not given still 0, and nearest (no feasible matrix is closer)', () =>
    fc.assert(
      fc.property(conflicting, fc.integer({ min: 0, max: 2 ** 31 - 1 }), ({ n, pairs }, seed) => {
        const used = nearestCorrelations(n, pairs);
        const mended = pairs.map((p, k) => ({ ...p, correlation: used[k] }));
        expect(matrixConflict(n, mended)).toBeUndefined();
        const x = correlationMatrix(n, mended); // the pairs not given are 0 in it by construction
        expect(smallest(x, n)).toBeGreaterThan(MIN_EIGENVALUE - 1e-9);
        // X is the nearest point of the convex feasible set to A iff ⟨A − X, Z − X⟩ ≤ 0 for every
        // feasible Z: drawn here as random matrices of the pattern pulled toward the identity
        // until their eigenvalues are at least δ.
        const a = correlationMatrix(n, pairs);
        let state = seed || 1;
        const random = () => ((state = (state * 48271) % 2147483647) / 2147483647) * 2 - 1;
        for (let draw = 0; draw < 50; draw++) {
          let z = correlationMatrix(
            n,
            pairs.map((p) => ({ ...p, correlation: random() })),
          );
          for (let t = 0.05; smallest(z, n) < MIN_EIGENVALUE; t += 0.05)
            z = z.map((v, k) => (k % (n + 1) === 0 ? 1 : (1 - t) * v));
          let inner = 0;
          for (let k = 0; k < n * n; k++) inner += (a[k] - x[k]) * (z[k] - x[k]);
          expect(inner).toBeLessThan(1e-8);
        }
      }),
      { numRuns: 60 },
    ));
});

describe('reading a table on request of the nearest matrix', () => {
  const inputs = readSimulationTable(defaultSimulationTable());
  const table: InputTable = {
    source: 'c.csv',
    header: ['name1', 'name2', 'correlation'].map((value, c) => ({ value, where: `c.csv row 1, column ${'ABC'[c]}` })),
    rows: [
      ['imitation', 'persuasion', 0.9],
      ['persuasion', 'marketSize', 0.9],
      ['imitation', 'marketSize', -0.9],
    ].map((row, r) => row.map((value, c) => ({ value, where: `c.csv row ${r + 2}, column ${'ABC'[c]}` }))),
  };

  test('refused without it (naming how to ask); with it, the mended values and what was typed', () => {
    expect(() => readCorrelations(table, inputs, { askNearest: 'or ask for the nearest' })).toThrow(
      /^c\.csv row 2, column C: the correlations are not a valid correlation matrix .*; or ask for the nearest$/,
    );
    const read = readCorrelations(table, inputs, { nearest: true });
    const x = (1 - MIN_EIGENVALUE) / 2;
    expect(read.map((c) => [c.a, c.b, c.given])).toEqual([
      ['imitation', 'persuasion', 0.9],
      ['persuasion', 'marketSize', 0.9],
      ['imitation', 'marketSize', -0.9],
    ]);
    read.forEach((c, k) => expect(Math.abs(c.correlation - [x, x, -x][k])).toBeLessThan(1e-9));
    expect(mendedWarning(read)).toBe(
      "the correlations are not a valid correlation matrix; as asked, the run uses the nearest valid one (Higham's " +
        'alternating projections; pairs not given stay independent): imitation–persuasion 0.9 → 0.5, ' +
        'persuasion–marketSize 0.9 → 0.5, imitation–marketSize -0.9 → -0.5',
    );
    // Passed on (to a worker, a report), they keep what was typed; a valid table has no warning.
    expect(checkCorrelations(read, inputs).map((c) => c.given)).toEqual([0.9, 0.9, -0.9]);
    expect(mendedWarning(readCorrelations({ ...table, rows: table.rows.slice(0, 1) }, inputs, { nearest: true }))).toBe(
      undefined,
    );
  });
});
