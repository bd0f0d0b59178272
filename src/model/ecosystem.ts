import { CounterRandom } from './hdr';
import { normalQuantile } from './normal';
import { Rule, atLeast, checkNumber, finite, wholeBetween } from './rules';
import { exp, log } from './portable-math';

/**
 * The drunkard's walk with a Darwinistic filter (Perens 2005): each project starts with
 * interest I₀ = initialInterest (v1: 1, the author alone), and each month
 * ln I_t = ln I_{t−1} + drift + [I_{t−1} ≥ teamThreshold]·teamBonus + volatility·Z;
 * a project whose interest falls below 1 dies and stays dead.
 */
export interface EcosystemOptions {
  projects: number;
  months: number;
  drift: number;
  volatility: number;
  teamThreshold: number;
  teamBonus: number;
  /** Interest at month 0, I₀ (≥ 1: below 1 a project is dead). Appended in v2. */
  initialInterest: number;
}

/**
 * Defaults: teamThreshold of model.md ("fifty people can form a viable development team");
 * drift, volatility, teamBonus and initialInterest fitted to SourceForge (Feitelson, Heller &
 * Schach 2006: 66 % no downloads, ~8 % above 1,680, 0.07 % above 1.1 million) by
 * scripts/fit-ecosystem.js (result in scripts/fit-ecosystem.result.txt). Seed 1 gives died
 * 64.8 %, ≥ 1,000 6.9 %, ≥ 10⁶ 0.06 %. A driftless walk from five people, no team bonus.
 */
export const ECOSYSTEM_DEFAULTS: Readonly<EcosystemOptions> = {
  projects: 10_000,
  months: 120,
  drift: 0,
  volatility: 0.35,
  teamThreshold: 50,
  teamBonus: 0,
  initialInterest: 5,
};

/** Valid ranges; the caps keep one evaluation under a few seconds (6·10^7 steps at most). */
const ECOSYSTEM_RULES: Readonly<Record<keyof EcosystemOptions, Rule>> = {
  projects: wholeBetween(1, 100_000),
  months: wholeBetween(1, 600),
  drift: finite,
  volatility: atLeast(0),
  teamThreshold: atLeast(0),
  teamBonus: finite,
  // atLeast(1)'s test and bound, with words that say why: interest 1 is the walk's death line.
  initialInterest: { ...atLeast(1), text: '≥ 1 (a project below 1 is dead)' },
};

/**
 * Completes options with the defaults (for omitted ones: null or undefined) and validates each.
 *
 * @example resolveEcosystemOptions({ projects: 500 }).months // 120
 */
export function resolveEcosystemOptions(
  given: Partial<Record<keyof EcosystemOptions, number | null | undefined>>,
): EcosystemOptions {
  const resolved = { ...ECOSYSTEM_DEFAULTS };
  for (const key of Object.keys(ECOSYSTEM_RULES) as Array<keyof EcosystemOptions>) {
    const value = given[key];
    if (value !== undefined && value !== null) resolved[key] = checkNumber(key, value, ECOSYSTEM_RULES[key]);
  }
  return resolved;
}

/** The interest buckets that are reported, from the dead to the famous. */
export const ECOSYSTEM_BUCKETS = ['died', '1–49', '50–999', '1,000–999,999', '≥ 1,000,000'] as const;
export type EcosystemBucket = (typeof ECOSYSTEM_BUCKETS)[number];

export interface EcosystemResult {
  /** Projects per bucket, in the order of {@link ECOSYSTEM_BUCKETS}. */
  readonly counts: readonly number[];
  /** The largest interest among the living projects at the horizon (0 when all died). */
  readonly largestInterest: number;
}

/** Lower bounds of the living buckets in ln-interest: 1, 50, 1,000 and 1,000,000 people. */
const LIVING_BOUNDS = [0, log(50), log(1000), log(1_000_000)];

/**
 * Walks every project. Z for project k (1-based) in month t is Φ⁻¹ of `random(k, t)`, so with
 * {@link hdrSource} each step can be regenerated in a worksheet as NORM.S.INV(HDR(k, t, …)).
 *
 * @example walkEcosystem(ECOSYSTEM_DEFAULTS, hdrSource({ seed3: 1 })).counts // [6481, 1528, 1305, 680, 6]
 */
export function walkEcosystem(o: EcosystemOptions, random: CounterRandom): EcosystemResult {
  const counts = [0, 0, 0, 0, 0];
  const logThreshold = log(o.teamThreshold);
  const logInitial = log(o.initialInterest);
  let largest = -Infinity;
  for (let k = 1; k <= o.projects; k++) {
    let logInterest = logInitial;
    let alive = true;
    for (let t = 1; t <= o.months && alive; t++) {
      const bonus = logInterest >= logThreshold ? o.teamBonus : 0;
      logInterest += o.drift + bonus + o.volatility * normalQuantile(random(k, t));
      alive = logInterest >= 0;
    }
    if (!alive) {
      counts[0]++;
      continue;
    }
    largest = Math.max(largest, logInterest);
    let bucket = LIVING_BOUNDS.length;
    while (logInterest < LIVING_BOUNDS[bucket - 1]) bucket--;
    counts[bucket]++;
  }
  return { counts, largestInterest: largest === -Infinity ? 0 : exp(largest) };
}
