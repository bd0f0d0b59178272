import { floor } from './portable-math';
import { checkNumber, wholeBetween } from './rules';

/**
 * The HDR 2.0 counter-based generator (Hubbard Decision Research; the SIPmath 3.0 standard).
 * A uniform is a pure function of its five keys, so any draw can be regenerated in a plain
 * Excel formula. Every intermediate value stays below 2^53, so doubles reproduce it exactly.
 */
export interface HdrKey {
  trial: number;
  variable?: number;
  entity?: number;
  seed3?: number;
  seed4?: number;
}

/** Keys are whole numbers up to 10^8: the weighted sums then stay below 2^53. */
export const HDR_MAX_KEY = 100_000_000;
const keyRule = wholeBetween(0, HDR_MAX_KEY);

/** Excel's MOD: the result takes the sign of the divisor. */
const mod = (n: number, d: number): number => n - d * floor(n / d);

/**
 * The HDR 2.0 uniform in (0, 1) for one key, without validation (for hot loops over keys the
 * caller has checked).
 *
 * @example hdrUniform(1, 0, 0, 0, 0) // same as =HDR formula with trial 1 and zero seeds
 */
export function hdrUniform(trial: number, variable = 0, entity = 0, seed3 = 0, seed4 = 0): number {
  const s1 = mod(trial * 2499997 + variable * 1800451 + entity * 2000371 + seed3 * 1796777 + seed4 * 2299603, 7450589);
  const s2 = mod(trial * 2246527 + variable * 2399993 + entity * 2100869 + seed3 * 1918303 + seed4 * 1624729, 7450987);
  const a = mod(mod(999999999999989, s1 * 4658 + 7450581) * 383, 99991) * 7440893;
  const b = mod(mod(999999999999989, s2 * 7580 + 7560584) * 17669, 7440893);
  return (mod((a + b) * 1343, 4294967296) + 0.5) / 4294967296;
}

/**
 * The HDR 2.0 uniform for a validated key: each key must be a whole number from 0 to 10^8.
 *
 * @example hdr({ trial: 1, seed3: 42 })
 */
export function hdr(key: HdrKey): number {
  return hdrUniform(
    checkNumber('trial', key.trial, keyRule),
    checkNumber('variable', key.variable ?? 0, keyRule),
    checkNumber('entity', key.entity ?? 0, keyRule),
    checkNumber('seed3', key.seed3 ?? 0, keyRule),
    checkNumber('seed4', key.seed4 ?? 0, keyRule),
  );
}

/**
 * An injected random source keyed by counters (in the spirit of d3-random's `source`): the
 * model asks for the uniform of (trial, variable) and never holds hidden state.
 */
export type CounterRandom = (trial: number, variable: number) => number;

/**
 * A {@link CounterRandom} over HDR with fixed entity and seeds.
 *
 * @example const u = hdrSource({ seed3: 7 }); u(1, 2) === hdrUniform(1, 2, 0, 7, 0)
 */
export function hdrSource(seeds: { entity?: number; seed3?: number; seed4?: number } = {}): CounterRandom {
  const entity = checkNumber('entity', seeds.entity ?? 0, keyRule);
  const seed3 = checkNumber('seed3', seeds.seed3 ?? 0, keyRule);
  const seed4 = checkNumber('seed4', seeds.seed4 ?? 0, keyRule);
  return (trial, variable) => hdrUniform(trial, variable, entity, seed3, seed4);
}
