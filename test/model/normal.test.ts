/**
 * The standard normal quantile Φ⁻¹ (src/model/normal.ts, Wichura's AS 241).
 *
 * Published values (as quoted in the brief; standard normal quantiles): Φ⁻¹(0.975) =
 * 1.959963984540054, Φ⁻¹(0.995) = 2.5758293035489, Φ⁻¹(0.001) = −3.090232306167813,
 * Φ⁻¹(1e-10) ≈ −6.361340902404056; Φ(1) = 0.8413447460685429. Checked for this suite with
 * mpmath at 30 digits (√2·erfinv(2u − 1)): 1.95996398454005423552, 2.57582930354890076098,
 * −3.09023230616781354154, −6.36134090240405620470; ncdf(1) = 0.841344746068542948585.
 * Independent oracle: mathjs's erf, Φ(x) = (1 + erf(x/√2))/2, for a round trip.
 */
import { erf } from 'mathjs';
import { normalQuantile } from '../../src/model/normal';

describe('normalQuantile against published values', () => {
  test.each([
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489],
    [0.001, -3.090232306167813],
    [1e-10, -6.361340902404056],
    [0.5, 0],
    [0.8413447460685429, 1], // Φ(1) = 0.8413447460685429 (standard normal tables)
  ])('Φ⁻¹(%d) = %d', (u, x) => {
    expect(Math.abs(normalQuantile(u) - x)).toBeLessThanOrEqual(2e-15 * Math.max(1, Math.abs(x)));
  });

  test('symmetry: Φ⁻¹(1 − u) = −Φ⁻¹(u), exactly where 1 − u is exact', () => {
    for (let k = 1; k < 1024; k++) {
      const u = k / 1024;
      expect(normalQuantile(1 - u) + normalQuantile(u)).toBe(0);
    }
    // Tails: v = 1 − u rounded, then u' = 1 − v is exact (Sterbenz), so the pair (u', v) is symmetric.
    for (const u of [1e-15, 1e-10, 1e-5, 0.01, 0.0749, 0.075, 0.0751, 0.3]) {
      const v = 1 - u;
      expect(normalQuantile(v) + normalQuantile(1 - v)).toBe(0);
    }
  });

  test('strictly increasing and finite on (0, 1)', () => {
    let previous = -Infinity;
    for (let k = -300; k <= -1; k += 0.5) {
      const x = normalQuantile(10 ** k);
      expect(Number.isFinite(x)).toBe(true);
      expect(x).toBeGreaterThan(previous);
      previous = x;
    }
    for (let u = 0.1005; u < 1; u += 0.001) {
      const x = normalQuantile(u);
      expect(x).toBeGreaterThan(previous);
      previous = x;
    }
    // u = 0 and u = 1 are outside the documented domain (0, 1) and give NaN (R's qnorm gives
    // ∓Infinity); the model never asks: HDR draws lie in [2^−33, 1 − 2^−33].
    // Φ⁻¹(2^−33) = −6.33795775455379 (mpmath, 30 digits).
    expect(Math.abs(normalQuantile(2 ** -33) + 6.33795775455379)).toBeLessThan(1e-13);
    expect(normalQuantile(1 - 2 ** -33)).toBe(-normalQuantile(2 ** -33));
  });
});

describe('round trip through mathjs erf: Φ(Φ⁻¹(u)) = u', () => {
  const phi = (x: number) => (1 + (erf(x / Math.SQRT2) as number)) / 2;

  test('within 1e-12 absolute over a grid of u in [0.001, 0.999]', () => {
    let worst = 0;
    for (let k = 1; k <= 999; k++) {
      const u = k / 1000;
      worst = Math.max(worst, Math.abs(phi(normalQuantile(u)) - u));
    }
    for (let k = 0; k < 2000; k++) {
      const u = 0.0005 + (0.999 * k) / 2000 + 1e-7 * Math.sin(k);
      worst = Math.max(worst, Math.abs(phi(normalQuantile(u)) - u));
    }
    // Measured: ~1.4e-16.
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  test('relative accuracy in the lower tail, u = 1e-3 .. 1e-6, through erf(−x) = −erf(x)', () => {
    // For x < 0, Φ(x) = (1 − erf(|x|/√2))/2 loses digits as Φ → 0; keep to u ≥ 1e-6 and 1e-9 relative.
    for (const u of [1e-3, 3e-4, 1e-4, 1e-5, 1e-6]) {
      expect(Math.abs(phi(normalQuantile(u)) - u) / u).toBeLessThanOrEqual(1e-9);
    }
  });
});
