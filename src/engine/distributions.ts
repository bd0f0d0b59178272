import { nearest } from '../model/assumptions';
import { betaQuantileFast } from './beta-quantile';
import { ModelError, describeValue, messages } from '../model/errors';
import {
  MetalogBounds,
  feasibleMedians,
  fitMetalog3,
  metalogFeasible,
  metalogForm,
  metalogMoments,
  metalogQuantile,
} from './metalog';
import { normalQuantile } from '../model/normal';
import { exp, log, log1p, sqrt } from '../model/portable-math';
import { isBlank } from '../model/input-table';

/**
 * The distributions an uncertain assumption may take (workbook.md, "Inputs"), each given by up
 * to three numbers p1, p2, p3 and turned into a quantile function: a run samples an input as
 * quantile(u) for its uniform u.
 */
export const DISTRIBUTION_NAMES = ['uniform', 'triangular', 'pert', 'normal', 'lognormal', 'metalog'] as const;
export type DistributionName = (typeof DISTRIBUTION_NAMES)[number];

export interface Distribution {
  readonly name: DistributionName;
  /** The parameters used, in p1, p2, p3 order. */
  readonly params: readonly number[];
  /** Inverse CDF for u in (0, 1): a fast closure, no validation inside. */
  readonly quantile: (u: number) => number;
  /** Closed forms; a metalog's as in `metalogMoments` (metalog.ts); ±Infinity when the moment does not exist. */
  readonly mean: number;
  readonly variance: number;
  /** Describes it for people, e.g. "pert(0.2, 0.38, 0.6)". */
  readonly label: string;
  /** A metalog's bounds, when it was fitted within some (log or logit metalog). */
  readonly bounds?: MetalogBounds;
}

/**
 * The smallest and largest uniforms a run can draw: HDR returns (k + 0.5)/2³², and centred Latin
 * Hypercube (rank − 0.5)/N with N ≤ 10⁶ stays inside [U_MIN, U_MAX].
 */
export const U_MIN = 0.5 / 4294967296; // 2³²
export const U_MAX = 1 - U_MIN;

/**
 * A bad parameter, with the 0-based index of the column at fault (0 for p1), so that a table
 * reader can point at its cell; `undefined` when no single parameter is (an unknown name).
 */
export class ParameterError extends ModelError {
  constructor(
    readonly parameter: number | undefined,
    message: string,
  ) {
    super('invalid', message);
  }
}

const fail = (parameter: number | undefined, message: string): never => {
  throw new ParameterError(parameter, message);
};

/** What p1, p2, p3 mean for each distribution. */
const MEANINGS: Readonly<Record<DistributionName, readonly string[]>> = {
  uniform: ['min', 'max'],
  triangular: ['min', 'mode', 'max'],
  pert: ['min', 'mode', 'max'],
  normal: ['mean', 'sd'],
  lognormal: ['mean', 'sd'],
  metalog: ['P10', 'P50', 'P90'],
};

/** How a message names parameter i of a distribution: "mode (p2)". */
const named = (name: DistributionName, i: number) => `${MEANINGS[name][i]} (p${i + 1})`;

// Whether a cell counts as empty: one definition for every table.
export { isBlank };

/**
 * Makes a distribution from its name (any case) and parameters p1, p2, p3, validating them once:
 * each message names the parameter by meaning and column ("pert: mode (p2) must be between min
 * (p1) and max (p3), got 0.9"), and an unknown name suggests the nearest. `bounds` is used by
 * the metalog only: bounded below, above or both, it becomes the log or logit metalog (Keelin
 * 2016), still through P10, P50 and P90, and never samples outside the bounds.
 *
 * @example makeDistribution('PERT', [0.2, 0.38, 0.6]).mean // 0.386666…
 * @example makeDistribution('metalog', [0.1, 0.3, 0.5], { lower: 0, upper: 1 }).quantile(0.5) // 0.3
 * @example makeDistribution('normal', [0.38, 0.3, 1]) // throws: normal: p3 must be empty (normal takes mean (p1) and sd (p2)), got 1
 */
export function makeDistribution(name: string, params: readonly unknown[], bounds: MetalogBounds = {}): Distribution {
  if (typeof name !== 'string') fail(undefined, messages.notText('distribution', name));
  const key = name.trim().toLowerCase();
  if (!(DISTRIBUTION_NAMES as readonly string[]).includes(key)) {
    fail(undefined, messages.unknownName('distribution', name, nearest(name, DISTRIBUTION_NAMES)));
  }
  const d = key as DistributionName;
  const count = MEANINGS[d].length;
  for (let i = count; i < params.length; i++) {
    if (!isBlank(params[i])) {
      const names = MEANINGS[d].map((_, j) => named(d, j));
      const takes = `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
      fail(i, messages.extraParameter(d, `p${i + 1}`, takes, params[i]));
    }
  }
  const p = MEANINGS[d].map((_, i) => parameter(d, params, i));
  const label = `${d}(${p.join(', ')})`;
  return Object.freeze({ name: d, params: Object.freeze(p), label, ...MAKERS[d](p, bounds, label) });
}

/** Parameter i: present, a number, finite. */
function parameter(d: DistributionName, params: readonly unknown[], i: number): number {
  const value = params[i];
  const what = `${d}: ${named(d, i)}`;
  if (isBlank(value)) fail(i, messages.required(what));
  if (typeof value !== 'number' || Number.isNaN(value)) fail(i, messages.notANumber(what, value));
  if (!Number.isFinite(value)) fail(i, messages.mustBe(what, 'a finite number', value));
  return value as number;
}

type Made = Pick<Distribution, 'quantile' | 'mean' | 'variance'> & Partial<Pick<Distribution, 'label' | 'bounds'>>;

const MAKERS: Readonly<Record<DistributionName, (p: number[], bounds: MetalogBounds, label: string) => Made>> = {
  uniform: ([a, b]) => {
    checkRange('uniform', a, b, 1);
    const w = b - a;
    return { quantile: (u) => a + w * u, mean: (a + b) / 2, variance: (w * w) / 12 };
  },
  triangular: ([a, c, b]) => {
    checkRange('triangular', a, b, 2);
    checkMode('triangular', a, c, b);
    const w = b - a;
    const split = (c - a) / w; // the CDF at the mode
    const left = w * (c - a);
    const right = w * (b - c);
    return {
      quantile: (u) => (u < split ? a + sqrt(u * left) : b - sqrt((1 - u) * right)),
      mean: (a + b + c) / 3,
      variance: (a * a + b * b + c * c - a * b - a * c - b * c) / 18,
    };
  },
  pert: ([a, m, b]) => {
    checkRange('pert', a, b, 2);
    checkMode('pert', a, m, b);
    const w = b - a;
    // beta-PERT, λ = 4: a table of the exact beta quantile, within 1e-13 of it (beta-quantile.ts).
    const beta = betaQuantileFast(...pertShape(a, m, b));
    const mean = (a + 4 * m + b) / 6;
    return { quantile: (u) => a + w * beta(u), mean, variance: ((mean - a) * (b - mean)) / 7 };
  },
  normal: ([mean, sd]) => {
    if (!(sd > 0)) fail(1, messages.mustBe(`normal: ${named('normal', 1)}`, '> 0', sd));
    return { quantile: (u) => mean + sd * normalQuantile(u), mean, variance: sd * sd };
  },
  lognormal: ([mean, sd]) => {
    if (!(mean > 0)) fail(0, messages.mustBe(`lognormal: ${named('lognormal', 0)}`, '> 0', mean));
    if (!(sd > 0)) fail(1, messages.mustBe(`lognormal: ${named('lognormal', 1)}`, '> 0', sd));
    // The mean and sd are the variable's own: σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2.
    const cv = sd / mean;
    const s2 = log1p(cv * cv);
    const mu = log(mean) - s2 / 2;
    const sigma = Math.sqrt(s2);
    return { quantile: (u) => exp(mu + sigma * normalQuantile(u)), mean, variance: sd * sd };
  },
  metalog: ([p10, p50, p90], bounds, label) => {
    const { lower, upper } = bounds;
    if (lower !== undefined && !(p10 > lower)) {
      fail(0, messages.mustBe(`metalog: ${named('metalog', 0)}`, `> ${lower} (the lower bound)`, p10));
    }
    if (upper !== undefined && !(p90 < upper)) {
      fail(2, messages.mustBe(`metalog: ${named('metalog', 2)}`, `< ${upper} (the upper bound)`, p90));
    }
    if (!(p10 < p50 && p50 < p90)) fail(p10 < p50 ? 2 : 1, messages.quantilesMustIncrease(p10, p50, p90));
    const m = fitMetalog3(p10, p50, p90, bounds);
    if (!metalogFeasible(m)) {
      const [low, high] = feasibleMedians(p10, p90, bounds);
      fail(1, messages.metalogInfeasible(p10, p50, p90, short(low), short(high)));
    }
    const form = metalogForm(bounds);
    const suffix =
      form === 'bounded'
        ? ` bounded to (${lower}, ${upper})`
        : form === 'lower'
          ? ` bounded below by ${lower}`
          : form === 'upper'
            ? ` bounded above by ${upper}`
            : '';
    return {
      quantile: metalogQuantile(m),
      ...metalogMoments(m),
      label: label + suffix,
      ...(form === 'unbounded' ? {} : { bounds: Object.freeze({ ...bounds }) }),
    };
  },
};

/**
 * The shape (α, β) of the beta-PERT with λ = 4 on [min, max]: α = 1 + 4(mode − min)/(max − min),
 * β = 1 + 4(max − mode)/(max − min).
 *
 * @example pertShape(0, 0.25, 1) // [2, 4]
 */
export function pertShape(min: number, mode: number, max: number): [number, number] {
  const w = max - min;
  return [1 + (4 * (mode - min)) / w, 1 + (4 * (max - mode)) / w];
}

/** min < max, else the error names both: equal ends ask for a fixed value. */
function checkRange(d: DistributionName, min: number, max: number, maxIndex: number): void {
  if (min === max) fail(maxIndex, messages.useFixedValue(d, `${named(d, 0)} and ${named(d, maxIndex)}`, min));
  if (!(min < max)) fail(maxIndex, messages.mustBe(`${d}: ${named(d, maxIndex)}`, `> ${named(d, 0)} = ${min}`, max));
}

function checkMode(d: DistributionName, min: number, mode: number, max: number): void {
  if (!(mode >= min && mode <= max)) {
    fail(1, messages.mustBe(`${d}: ${named(d, 1)}`, `between ${named(d, 0)} and ${named(d, 2)}`, mode));
  }
}

/** Four significant digits, for numbers a message computed. */
const short = (x: number) => describeValue(Number(x.toPrecision(4)));

/**
 * The values a run can actually sample: the quantiles at the extreme uniforms U_MIN and U_MAX
 * (quantile functions are non-decreasing, so every sample lies between them).
 *
 * @example sampledRange(makeDistribution('normal', [0, 1])) // ≈ [-6.338, 6.338]
 */
export function sampledRange(d: Distribution): [number, number] {
  return [d.quantile(U_MIN), d.quantile(U_MAX)];
}
