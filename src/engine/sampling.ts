import { invalid, messages } from '../model/errors';
import { hdrUniform } from '../model/hdr';
import { floor, min, round } from '../model/portable-math';
import { checkNumber, wholeBetween } from '../model/rules';
import type { UncertainInput } from './simulation-inputs';

/**
 * Sampling the uncertain inputs of a run. Every uniform comes from the HDR generator with the
 * keys workbook.md assigns: trial = the trial number (1-based), variable = the assumption's row
 * in the assumptions table, entity = 1, seed3 = the run's seed. So any trial's inputs can be
 * regenerated in a worksheet:
 *
 * - plain Monte Carlo: u = HDR(trial, row, 1, seed), the input is its distribution's quantile of u;
 * - Latin Hypercube (centred): the same u ranks trial t among all trials (ties by trial number),
 *   and the input is the quantile of (rank − 0.5) / trials, one value in each of `trials`
 *   equally likely strata. In Excel: `(RANK.EQ(u, U, 1) + COUNTIF(U$2:U2, u) − 1 − 0.5) / N`.
 *
 * Centred strata keep every uniform inside [U_MIN, U_MAX] for up to 10⁶ trials, the range the
 * inputs' support check covers, and need one HDR draw per trial and input, no more.
 */

export const SAMPLING_METHODS = ['lhs', 'mc'] as const;
export type SamplingMethod = (typeof SAMPLING_METHODS)[number];

/** The most trials a run may have (workbook.md). */
export const MAX_TRIALS = 1_000_000;
/** HDR's `entity` key for simulation inputs (workbook.md). */
export const INPUT_ENTITY = 1;

export const trialsRule = wholeBetween(1, MAX_TRIALS);
export const seedRule = wholeBetween(0, 100_000_000);

/**
 * The uniforms of one input for trials 1..`trials`: index t − 1 holds trial t.
 *
 * @example inputUniforms(3, 1000, 1, 'lhs') // 1000 values, one in each stratum [k/1000, (k+1)/1000)
 */
export function inputUniforms(variable: number, trials: number, seed: number, method: SamplingMethod): Float64Array {
  checkNumber('trials', trials, trialsRule);
  checkNumber('seed', seed, seedRule);
  const u = new Float64Array(trials);
  for (let t = 0; t < trials; t++) u[t] = hdrUniform(t + 1, variable, INPUT_ENTITY, seed, 0);
  if (method === 'mc') return u;
  if (method !== 'lhs') invalid(messages.oneOf('sampling', SAMPLING_METHODS, method));
  const strata = new Float64Array(trials);
  const order = trialsByUniform(u);
  for (let rank = 0; rank < trials; rank++) strata[order[rank]] = (rank + 0.5) / trials;
  return strata;
}

/** Above this many trials a bucket is sorted by comparison instead of insertion. */
const CROWDED_BUCKET = 32;

/**
 * The trials (0-based) in ascending order of their uniforms, equal uniforms in trial order: a
 * bucket sort, since uniforms are spread evenly over (0, 1). Each trial goes to bucket ⌊u·n⌋ in
 * trial order (a counting sort, stable), then each bucket, one trial long on average, is put in
 * order by insertion (stable too). Linear time for evenly spread uniforms: 10,000 trials take
 * 0.45 ms against 1.1 ms for a numeric sort of keys (measured in one loop).
 *
 * @example trialsByUniform(Float64Array.of(0.7, 0.2, 0.7, 0.1)) // [3, 1, 0, 2]
 */
export function trialsByUniform(u: Float64Array): Int32Array {
  const n = u.length;
  const start = new Int32Array(n + 1); // start[b + 1] counts bucket b, then start[b] is where it begins
  const bucket = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    bucket[t] = min(n - 1, floor(u[t] * n));
    start[bucket[t] + 1]++;
  }
  for (let b = 0; b < n; b++) start[b + 1] += start[b];
  const order = new Int32Array(n);
  const next = start.slice(0, n);
  for (let t = 0; t < n; t++) order[next[bucket[t]]++] = t;
  for (let b = 0; b < n; b++) {
    if (start[b + 1] - start[b] > CROWDED_BUCKET) {
      // Many equal or clustered uniforms (never from HDR): a comparison sort keeps it n·log n.
      order.subarray(start[b], start[b + 1]).sort((i, j) => u[i] - u[j] || i - j);
      continue;
    }
    for (let i = start[b] + 1; i < start[b + 1]; i++) {
      const t = order[i];
      const x = u[t];
      let j = i - 1;
      for (; j >= start[b] && u[order[j]] > x; j--) order[j + 1] = order[j];
      order[j + 1] = t;
    }
  }
  return order;
}

/**
 * The uniforms of every uncertain input (one column per input, index t − 1 holding trial t):
 * the cheap, global part of sampling. The quantile transform ({@link toInputValues}) runs per
 * block, in the workers.
 */
export function runUniforms(
  uncertain: readonly { readonly variable: number }[],
  options: { trials: number; seed: number; sampling: SamplingMethod },
): Float64Array[] {
  return uncertain.map((input) => inputUniforms(input.variable, options.trials, options.seed, options.sampling));
}

/** Input values from uniforms, in place: the quantile of each, rounded for whole-number inputs. */
export function toInputValues(u: Float64Array, quantile: (u: number) => number, whole: boolean): Float64Array {
  for (let t = 0; t < u.length; t++) {
    const x = quantile(u[t]);
    u[t] = whole ? round(x) : x;
  }
  return u;
}

/**
 * The sampled values of every uncertain input: one column per input, in the order given,
 * index t − 1 holding trial t. Whole-number inputs are rounded to the nearest whole number.
 *
 * @example sampleInputs(inputs.uncertain, { trials: 10000, seed: 1, sampling: 'lhs' })[0][41] // input 1, trial 42
 */
export function sampleInputs(
  uncertain: readonly UncertainInput[],
  options: { trials: number; seed: number; sampling: SamplingMethod },
): Float64Array[] {
  return runUniforms(uncertain, options).map((u, i) =>
    toInputValues(u, uncertain[i].distribution.quantile, uncertain[i].whole),
  );
}
