/**
 * The ecosystem: Perens's "massively-parallel drunkard's walk filtered by a Darwinistic process"
 * (src/model/ecosystem.ts; model.md "Ecosystem").
 *
 * Oracle: the walk of model.md re-implemented here, project by project, with
 * Z = Φ⁻¹(HDR(trial = project, variable = month, entity = 0, seed3 = seed, seed4 = 0)); HDR and Φ⁻¹
 * are checked on their own in hdr.test.ts (exact reference values) and normal.test.ts.
 *
 * Calibration comparison (a comparison, not an assertion). model.md quotes Feitelson, Heller &
 * Schach (2006), 122,205 SourceForge projects: 66 % had no downloads, about 8 % more than 1,680,
 * 0.07 % more than 1.1 million. The default run (10,000 projects, 120 months, drift 0,
 * volatility 0.5, teamThreshold 50, teamBonus 0.02, seed 1) gives:
 *   died 94.49 %, 1–49: 1.25 %, 50–999: 1.49 %, 1,000–999,999: 2.29 %, ≥ 1,000,000: 0.48 %;
 *   interest > 1,680: 2.46 %;  > 1.1 million: 0.47 %;  largest interest ≈ 2.1·10^10.
 * So next to SourceForge the default walk kills far more projects (94 % vs 66 % with no
 * downloads — though "died" is not the same as "no downloads"), has a thinner middle (2.5 % vs
 * ~8 % above 1,680) and a fatter top (0.47 % vs 0.07 % above 1.1 million). The printed line of
 * the last test shows the current figures.
 */
import {
  ECOSYSTEM_BUCKETS,
  ECOSYSTEM_DEFAULTS,
  EcosystemOptions,
  resolveEcosystemOptions,
  walkEcosystem,
} from '../../src/model/ecosystem';
import { ModelError } from '../../src/model/errors';
import { CounterRandom, hdrSource, hdrUniform } from '../../src/model/hdr';
import { normalQuantile } from '../../src/model/normal';

const defaults = (overrides: Partial<EcosystemOptions> = {}): EcosystemOptions => ({
  ...ECOSYSTEM_DEFAULTS,
  ...overrides,
});
const walk = (o: EcosystemOptions, seed = 1) => walkEcosystem(o, hdrSource({ seed3: seed }));

/** One project's ln-interest after each month (NaN once dead), straight from model.md. */
function handWalk(o: EcosystemOptions, project: number, seed: number): number[] {
  const path: number[] = [];
  let ln = 0;
  let alive = true;
  for (let t = 1; t <= o.months; t++) {
    if (alive) {
      const z = normalQuantile(hdrUniform(project, t, 0, seed, 0));
      ln = ln + o.drift + (Math.exp(ln) >= o.teamThreshold ? o.teamBonus : 0) + o.volatility * z;
      alive = Math.exp(ln) >= 1;
    }
    path.push(alive ? ln : NaN);
  }
  return path;
}

/** Final interest of every project (0 for the dead). */
function handFinals(o: EcosystemOptions, seed: number): number[] {
  return Array.from({ length: o.projects }, (_, k) => {
    const path = handWalk(o, k + 1, seed);
    const ln = path[path.length - 1];
    return Number.isNaN(ln) ? 0 : Math.exp(ln);
  });
}

function bucketCounts(finals: number[]): number[] {
  const counts = [0, 0, 0, 0, 0];
  for (const i of finals) counts[i === 0 ? 0 : i < 50 ? 1 : i < 1000 ? 2 : i < 1e6 ? 3 : 4]++;
  return counts;
}

describe('walkEcosystem', () => {
  test('the five buckets of model.md, and the counts sum to the number of projects', () => {
    expect([...ECOSYSTEM_BUCKETS]).toEqual(['died', '1–49', '50–999', '1,000–999,999', '≥ 1,000,000']);
    for (const o of [
      defaults(),
      defaults({ projects: 1 }),
      defaults({ projects: 777, months: 1 }),
      defaults({ projects: 3000, months: 600, volatility: 1 }),
    ]) {
      const r = walk(o);
      expect(r.counts).toHaveLength(5);
      expect(r.counts.reduce((x, y) => x + y, 0)).toBe(o.projects);
    }
  });

  test('deterministic for a seed; different seeds differ', () => {
    const o = defaults({ projects: 3000 });
    expect(walk(o, 7)).toEqual(walk(o, 7));
    expect(walkEcosystem(o, hdrSource({ seed3: 7 }))).toEqual(walkEcosystem(o, (k, t) => hdrUniform(k, t, 0, 7, 0)));
    const a = walk(o, 1);
    const b = walk(o, 2);
    expect(a.largestInterest).not.toBe(b.largestInterest);
    expect(a.counts).not.toEqual(b.counts);
  });

  test('volatility 0 and drift 0: every project stays at interest 1 (alive, bucket 1–49), for any months', () => {
    for (const months of [1, 2, 120, 600]) {
      const r = walk(defaults({ projects: 500, months, volatility: 0, drift: 0 }));
      expect(r.counts).toEqual([0, 500, 0, 0, 0]);
      expect(r.largestInterest).toBe(1);
    }
  });

  test('strongly negative drift: every project dies', () => {
    for (const drift of [-5, -50]) {
      const r = walk(defaults({ projects: 2000, drift }));
      expect(r.counts).toEqual([2000, 0, 0, 0, 0]);
      expect(r.largestInterest).toBe(0);
    }
  });

  test('bucket edges: interest exactly 50 is in 50–999; just below 1 dies; exactly 1 lives', () => {
    const one = (drift: number, months = 1) => walk(defaults({ projects: 1, months, volatility: 0, drift })).counts;
    expect(one(Math.log(50))).toEqual([0, 0, 1, 0, 0]);
    expect(one(Math.log(50) - 1e-9)).toEqual([0, 1, 0, 0, 0]);
    expect(one(Math.log(1000))).toEqual([0, 0, 0, 1, 0]);
    expect(one(Math.log(1e6))).toEqual([0, 0, 0, 0, 1]);
    expect(one(-1e-12)).toEqual([1, 0, 0, 0, 0]);
    expect(one(0, 10)).toEqual([0, 1, 0, 0, 0]);
  });

  test('the team bonus applies from the month after interest reaches teamThreshold', () => {
    // Threshold 1: the author alone is a team; six months of ln 10 → 10^6 people.
    const r = walk(
      defaults({ projects: 1, months: 6, volatility: 0, drift: 0, teamThreshold: 1, teamBonus: Math.log(10) }),
    );
    expect(r.counts).toEqual([0, 0, 0, 0, 1]);
    expect(r.largestInterest).toBeCloseTo(1e6, 3);
    // Threshold just above 1: never reached without volatility.
    expect(
      walk(defaults({ projects: 1, months: 6, volatility: 0, drift: 0, teamThreshold: 1.0001, teamBonus: 5 }))
        .largestInterest,
    ).toBe(1);
    // Drift carries it to 50 after 2 months; the bonus starts in month 3.
    const half = Math.log(50) / 2;
    const r3 = walk(defaults({ projects: 1, months: 3, volatility: 0, drift: half, teamThreshold: 50, teamBonus: 1 }));
    expect(Math.log(r3.largestInterest)).toBeCloseTo(3 * half + 1, 12);
  });

  test('teamBonus raises the share in the top buckets (same seed: common random numbers)', () => {
    const bonuses = [0, 0.02, 0.05, 0.1];
    const runs = bonuses.map((teamBonus) => walk(defaults({ teamBonus })));
    const atLeast = (counts: readonly number[], k: number) => counts.slice(k).reduce((x, y) => x + y, 0);
    for (let i = 1; i < runs.length; i++) {
      // With the same Z, a bonus can only lift a path, so for every bucket the number of
      // projects in it or above can only grow (first-order stochastic dominance).
      for (let k = 1; k < 5; k++)
        expect(atLeast(runs[i].counts, k)).toBeGreaterThanOrEqual(atLeast(runs[i - 1].counts, k));
      expect(atLeast(runs[i].counts, 3)).toBeGreaterThan(atLeast(runs[i - 1].counts, 3));
      expect(runs[i].largestInterest).toBeGreaterThan(runs[i - 1].largestInterest);
    }
  });

  test('each Z is Φ⁻¹(HDR(project, month, 0, seed, 0)): the model asks random(project, month) in order', () => {
    const calls: Array<[number, number]> = [];
    const recording: CounterRandom = (k, t) => {
      calls.push([k, t]);
      return hdrUniform(k, t, 0, 3, 0);
    };
    // Drift 1 and volatility 0.1: nobody dies (HDR draws stay within Φ⁻¹ ≥ −6.34), so every month is asked for.
    const o = defaults({ projects: 4, months: 5, drift: 1, volatility: 0.1, teamBonus: 0 });
    walkEcosystem(o, recording);
    const expected: Array<[number, number]> = [];
    for (let k = 1; k <= 4; k++) for (let t = 1; t <= 5; t++) expected.push([k, t]);
    expect(calls).toEqual(expected);
  });

  test("one project's walk, step by step, against a hand recomputation", () => {
    const o = defaults({ projects: 1, months: 120 });
    // The first seed from 1 up whose project 1 is still alive at month 120.
    let seed = 1;
    while (Number.isNaN(handWalk(o, 1, seed)[119])) seed++;
    const path = handWalk(o, 1, seed);
    for (let t = 1; t <= 120; t++) {
      // walkEcosystem over the first t months of the same project and seed ends where the hand walk is at month t.
      const r = walk(defaults({ projects: 1, months: t }), seed);
      expect(Math.abs(Math.log(r.largestInterest) - path[t - 1])).toBeLessThanOrEqual(
        1e-12 * Math.max(1, Math.abs(path[t - 1])),
      );
    }
  });

  test('all projects: counts and largest interest equal the hand recomputation (defaults, seeds 1 and 5)', () => {
    for (const seed of [1, 5]) {
      const o = defaults({ projects: 3000 });
      const finals = handFinals(o, seed);
      const r = walk(o, seed);
      expect(r.counts).toEqual(bucketCounts(finals));
      expect(r.largestInterest / Math.max(...finals)).toBeCloseTo(1, 12);
    }
  });

  test('comparison with SourceForge (Feitelson, Heller & Schach 2006), reported, not asserted', () => {
    const o = defaults();
    const r = walk(o, 1);
    const finals = handFinals(o, 1);
    expect(r.counts).toEqual(bucketCounts(finals));
    const share = (n: number) => `${((100 * n) / o.projects).toFixed(2)} %`;
    const line = [
      ...ECOSYSTEM_BUCKETS.map((b, k) => `${b}: ${share(r.counts[k])}`),
      `> 1,680: ${share(finals.filter((i) => i > 1680).length)} (SourceForge ~8 %)`,
      `> 1.1 million: ${share(finals.filter((i) => i > 1.1e6).length)} (SourceForge 0.07 %)`,
      `died: ${share(r.counts[0])} (SourceForge no downloads 66 %)`,
      `largest ${r.largestInterest.toExponential(2)}`,
    ].join('; ');
    console.log(`ecosystem defaults, seed 1: ${line}`);
  });
});

describe('resolveEcosystemOptions', () => {
  const expectInvalid = (given: Parameters<typeof resolveEcosystemOptions>[0], message: string) => {
    try {
      resolveEcosystemOptions(given);
    } catch (e) {
      expect(e).toBeInstanceOf(ModelError);
      expect((e as ModelError).kind).toBe('invalid');
      expect((e as ModelError).message).toBe(message);
      return;
    }
    throw new Error(`no error for ${JSON.stringify(given)}`);
  };

  test('defaults of model.md for omitted (undefined or null) options', () => {
    expect(ECOSYSTEM_DEFAULTS).toEqual({
      projects: 10000,
      months: 120,
      drift: 0,
      volatility: 0.5,
      teamThreshold: 50,
      teamBonus: 0.02,
    });
    expect(resolveEcosystemOptions({})).toEqual(ECOSYSTEM_DEFAULTS);
    expect(resolveEcosystemOptions({ projects: null, months: undefined })).toEqual(ECOSYSTEM_DEFAULTS);
    expect(resolveEcosystemOptions({ projects: 500, drift: -0.1, teamBonus: -1 })).toEqual({
      ...ECOSYSTEM_DEFAULTS,
      projects: 500,
      drift: -0.1,
      teamBonus: -1,
    });
  });

  test('messages: "<name> must be <rule>, got <value>"', () => {
    expectInvalid({ projects: 0 }, 'projects must be a whole number from 1 to 100000, got 0');
    expectInvalid({ projects: 100001 }, 'projects must be a whole number from 1 to 100000, got 100001');
    expectInvalid({ projects: 2.5 }, 'projects must be a whole number from 1 to 100000, got 2.5');
    expectInvalid({ months: 0 }, 'months must be a whole number from 1 to 600, got 0');
    expectInvalid({ months: 601 }, 'months must be a whole number from 1 to 600, got 601');
    expectInvalid({ volatility: -0.1 }, 'volatility must be ≥ 0, got -0.1');
    expectInvalid({ teamThreshold: -1 }, 'teamThreshold must be ≥ 0, got -1');
    expectInvalid({ drift: Infinity }, 'drift must be a finite number, got Infinity');
    expectInvalid({ teamBonus: NaN }, 'teamBonus must be a number, got NaN');
    expectInvalid({ volatility: 'high' as unknown as number }, 'volatility must be a number, got "high"');
  });
});
