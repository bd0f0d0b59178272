/**
 * The Bass diffusion model: the closed-form curve and its exact one-month step.
 * p = innovation, q = imitation (annual coefficients), m = market potential.
 */
import { exp, expm1, log1p, max, min } from './portable-math';

/**
 * The closed-form cumulative adoption share F(t) = (1 − e^(−(p+q)t)) / (1 + (q/p)·e^(−(p+q)t)).
 * Written with p multiplied through so that a tiny p does not overflow q/p.
 *
 * @example bassShare(0.03, 0.38, 1) // ≈ 0.035758
 */
export function bassShare(p: number, q: number, years: number): number {
  const e = exp(-(p + q) * years);
  return (-expm1(-(p + q) * years) * p) / (p + q * e);
}

/**
 * New adopters over one step of length `dt` years, from the exact solution of
 * dF/dt = (p + qF)(1 − F) started at F0 = n / m. The difference F1 − F0 is formed in closed
 * form, (1 − F0)(p + qF0)(1 − E) / (p + qF0 + q(1 − F0)E) with E = e^(−(p+q)dt), so there is
 * no cancellation when adoption is small.
 *
 * @example bassAdopters(1, 0, 0.03, 0.38, 1) // ≈ 0.035758 (one year from zero)
 */
export function bassAdopters(m: number, n: number, p: number, q: number, dt: number): number {
  const f0 = min(1, max(0, n / m));
  const em1 = expm1(-(p + q) * dt);
  const e = 1 + em1; // E within an ulp of exp(), for one transcendental a month instead of two
  const pull = p + q * f0;
  return (m * (1 - f0) * pull * -em1) / (pull + q * (1 - f0) * e);
}

/** Turns an annual fraction into a monthly one: 1 − (1 − x)^(1/12). */
export function monthly(annual: number): number {
  return -expm1(log1p(-annual) / 12);
}
