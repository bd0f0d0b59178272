/**
 * The tabulated beta quantile (src/engine/beta-quantile.ts) against the exact one.
 *
 * Reference: @stdlib/stats-base-dists-beta-quantile, an independent implementation (a port of
 * Boost's ibeta_inv), itself checked against mpmath at 40 digits for the PERT cases of
 * test/reference/distributions.json (see distributions.test.ts). Closed forms where the beta is
 * elementary: Beta(1, 1) is uniform, Beta(1, b) has quantile 1 − (1 − u)^(1/b), Beta(a, 1) u^(1/a).
 */
import exactBetaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { betaQuantileFast, betaTable, loadBetaTable } from '../../src/engine/beta-quantile';
import { U_MAX, U_MIN } from '../../src/engine/distributions';

/** u from U_MIN to U_MAX: both tails by decades, and a fine grid between. */
const grid = [
  U_MIN,
  ...[-9, -8, -7, -6, -5, -4, -3, -2].map((k) => 10 ** k),
  ...Array.from({ length: 1999 }, (_, i) => (i + 1) / 2000),
  ...[-2, -3, -4, -5, -6, -7, -8, -9].map((k) => 1 - 10 ** k),
  U_MAX,
];

/** Every PERT has α + β = 6, α = 1 + 4(mode − min)/(max − min) in [1, 5]. */
const pertShapes = Array.from({ length: 17 }, (_, i) => [1 + i / 4, 5 - i / 4] as const);

describe('betaQuantileFast', () => {
  test.each(pertShapes)('Beta(%d, %d), the shape of a PERT: within 1e-13 of the exact quantile', (a, b) => {
    const fast = betaQuantileFast(a, b);
    let worst = 0;
    for (const u of grid) worst = Math.max(worst, Math.abs(fast(u) - exactBetaQuantile(u, a, b)));
    expect(worst).toBeLessThan(1e-13);
  });

  test('closed forms: Beta(1, 1) = u, Beta(1, 5) = 1 − (1 − u)^(1/5), Beta(5, 1) = u^(1/5) (relative 1e-13)', () => {
    const [uniform, low, high] = [betaQuantileFast(1, 1), betaQuantileFast(1, 5), betaQuantileFast(5, 1)];
    for (const u of grid) {
      expect(Math.abs(uniform(u) - u)).toBeLessThanOrEqual(1e-13 * u);
      const lowExact = -Math.expm1(Math.log1p(-u) / 5);
      expect(Math.abs(low(u) - lowExact)).toBeLessThanOrEqual(1e-13 * lowExact);
      expect(Math.abs(high(u) - u ** 0.2)).toBeLessThanOrEqual(1e-13 * u ** 0.2);
    }
  });

  test('non-decreasing on 50,001 points, across the join of the two halves, and inside [0, 1]', () => {
    for (const [a, b] of [...pertShapes, [2.2, 3.8] as const]) {
      const q = betaQuantileFast(a, b);
      let previous = q(U_MIN);
      expect(previous).toBeGreaterThanOrEqual(0);
      for (let i = 1; i <= 50_000; i++) {
        const x = q(i / 50_001);
        if (!(x >= previous)) throw new Error(`Beta(${a}, ${b}) decreases at u = ${i / 50_001}`);
        previous = x;
      }
      expect(q(U_MAX)).toBeGreaterThanOrEqual(previous);
      expect(q(U_MAX)).toBeLessThanOrEqual(1);
    }
  });

  test('a table sent as data (structured clone, as to a worker thread) gives the same quantiles to the bit', () => {
    const table = structuredClone(betaTable(1.3, 4.7));
    expect(Object.prototype.toString.call(table.lower)).toBe('[object Float64Array]');
    jest.isolateModules(() => {
      // A fresh copy of the module: an empty cache, as in a new thread.
      const fresh = require('../../src/engine/beta-quantile') as typeof import('../../src/engine/beta-quantile');
      fresh.loadBetaTable(table);
      const [there, here] = [fresh.betaQuantileFast(1.3, 4.7), betaQuantileFast(1.3, 4.7)];
      for (const u of grid) expect(there(u)).toBe(here(u));
    });
    loadBetaTable(table); // already cached here: a no-op
    expect(betaTable(1.3, 4.7).lower).not.toBe(table.lower);
  });

  test('one table per shape: asking again returns the same function', () => {
    expect(betaQuantileFast(2.2, 3.8)).toBe(betaQuantileFast(2.2, 3.8));
    expect(betaQuantileFast(2.2, 3.8)).not.toBe(betaQuantileFast(3.8, 2.2));
  });
});
