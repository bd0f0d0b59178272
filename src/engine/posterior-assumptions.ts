/**
 * The posterior of a run conditioned on a history, written back as assumptions that run on their
 * own (issue 17, `beekeeper fit`): each uncertain input's posterior as a metalog through its
 * posterior P10, P50 and P90 (bounded, as every metalog of the table is, by the assumption's
 * valid range), its P50 as the value, and the posterior's rank correlations between the inputs
 * as a correlation table. A run of them without the history then reproduces the posterior run
 * (the metalog keeps three quantiles of each marginal exactly, Iman–Conover the rank
 * correlations; what neither keeps, the shape between the quantiles and dependence beyond rank
 * correlation, is the difference that remains).
 */
import { findAssumption } from '../model/assumptions';
import { feasibleMedians } from './metalog';
import { spearman } from './correlation';
import type { Correlation } from './correlation-table';
import type { SimulationRun } from './simulation';
import { percentileSorted } from './statistics';

/** One row of the assumptions table, as `beekeeper template` writes it. */
export interface FittedRow {
  readonly name: string;
  readonly value: number;
  readonly distribution: 'metalog';
  readonly p1: number;
  readonly p2: number;
  readonly p3: number;
}

/** The posterior as assumptions: a row per uncertain input, and the correlations between them. */
export interface FittedAssumptions {
  readonly rows: readonly FittedRow[];
  readonly correlations: readonly Correlation[];
  /** What was changed to make a row valid (a median moved into the metalog's feasible range). */
  readonly notes: readonly string[];
}

/** Correlations weaker than this are left out (noise of the posterior's sample, and no effect). */
export const MIN_FITTED_CORRELATION = 0.05;
/** The strongest correlation written: the table refuses ±1, which a degenerate posterior gives. */
const MAX_FITTED_CORRELATION = 0.95;

/** Rounds to 6 significant digits: a table a person reads, with no visible change of the run. */
const six = (x: number): number => Number(x.toPrecision(6));

/**
 * The posterior of `run` (a run with a history) as assumptions.
 *
 * @example fittedAssumptions(run).rows[0] // { name: 'imitation', value: 0.41, distribution: 'metalog', p1: 0.33, p2: 0.41, p3: 0.5 }
 */
export function fittedAssumptions(run: SimulationRun): FittedAssumptions {
  const notes: string[] = [];
  const rows = run.inputs.uncertain.map((input, i): FittedRow => {
    const sorted = Float64Array.from(run.samples[i]).sort();
    // A whole-number input (organizations) keeps whole quantiles: its value must be one.
    const [p10, p50, p90] = [0.1, 0.5, 0.9].map((p) => {
      const q = percentileSorted(sorted, p);
      return input.whole ? Math.round(q) : six(q);
    });
    const rule = findAssumption(input.name).rule;
    const bounds = {
      ...(rule.lower !== undefined ? { lower: rule.lower } : {}),
      ...(rule.upper !== undefined ? { upper: rule.upper } : {}),
    };
    let median = p50;
    if (p90 > p10) {
      // A median the 3-term metalog cannot take is moved just inside its feasible range.
      const [low, high] = feasibleMedians(p10, p90, bounds);
      const inside = Math.min(high - 1e-6 * (high - low), Math.max(low + 1e-6 * (high - low), p50));
      if (inside !== p50) {
        median = input.whole ? Math.round(inside) : six(inside);
        notes.push(
          `${input.name}: the posterior P50 ${p50} is outside what a metalog through P10 ${p10} and P90 ${p90} allows; written as ${median}`,
        );
      }
    }
    return { name: input.name, value: median, distribution: 'metalog', p1: p10, p2: median, p3: p90 };
  });
  const correlations: Correlation[] = [];
  const names = run.inputs.uncertain.map((u) => u.name);
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) {
      const r = spearman(run.samples[i], run.samples[j]);
      if (!(Math.abs(r) >= MIN_FITTED_CORRELATION)) continue;
      const clamped = Math.max(-MAX_FITTED_CORRELATION, Math.min(MAX_FITTED_CORRELATION, r));
      correlations.push({ a: names[i], b: names[j], correlation: Number(clamped.toFixed(4)) });
    }
  return { rows, correlations, notes };
}
