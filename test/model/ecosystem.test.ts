/**
 * The ecosystem: Perens's "massively-parallel drunkard's walk filtered by a Darwinistic process"
 * (src/model/ecosystem.ts; model.md "Ecosystem").
 *
 * Oracle: the walk of model.md re-implemented here, project by project, with
 * Z = Φ⁻¹(HDR(trial = project, variable = month, entity = 0, seed3 = seed, seed4 = 0)); HDR and Φ⁻¹
 * are checked on their own in hdr.test.ts (exact reference values) and normal.test.ts.
 *
 * Calibration (asserted, as model.md asks). Feitelson, Heller & Schach (2006), 122,205
 * SourceForge projects: 66 % had no downloads, about 8 % more than 1,680, 0.07 % more than 1.1
 * million. The defaults (drift 0, volatility 0.35, teamBonus 0, initialInterest 5) were fitted
 * by scripts/fit-ecosystem.js (result: scripts/fit-ecosystem.result.txt); with projects 10,000,
 * months 120, teamThreshold 50, seed 1 they give died 64.81 %, ≥ 1,000 6.86 %, ≥ 10⁶ 0.06 %,
 * inside the spec's ranges 60–72 %, 5–12 %, 0.03–0.15 %. The printed line of the calibration
 * test shows the current figures.
 */
import * as fs from 'fs';
import { join } from 'path';
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
  let ln = Math.log(o.initialInterest);
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

  test('volatility 0, drift 0, no bonus: every project stays at initialInterest, for any months', () => {
    for (const months of [1, 2, 120, 600]) {
      const r = walk(defaults({ projects: 500, months, volatility: 0, drift: 0, teamBonus: 0, initialInterest: 1 }));
      expect(r.counts).toEqual([0, 500, 0, 0, 0]);
      expect(r.largestInterest).toBe(1);
    }
    for (const [initialInterest, counts] of [
      [5, [0, 500, 0, 0, 0]],
      [49.9, [0, 500, 0, 0, 0]],
      [50, [0, 0, 500, 0, 0]],
      [2e6, [0, 0, 0, 0, 500]],
    ] as const) {
      const r = walk(defaults({ projects: 500, months: 120, volatility: 0, drift: 0, teamBonus: 0, initialInterest }));
      expect(r.counts).toEqual(counts);
      expect(r.largestInterest / initialInterest).toBeCloseTo(1, 12);
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
    const one = (drift: number, months = 1) =>
      walk(defaults({ projects: 1, months, volatility: 0, drift, initialInterest: 1 })).counts;
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
      defaults({
        projects: 1,
        months: 6,
        volatility: 0,
        drift: 0,
        teamThreshold: 1,
        teamBonus: Math.log(10),
        initialInterest: 1,
      }),
    );
    expect(r.counts).toEqual([0, 0, 0, 0, 1]);
    expect(r.largestInterest).toBeCloseTo(1e6, 3);
    // Threshold just above 1: never reached without volatility.
    expect(
      walk(
        defaults({
          projects: 1,
          months: 6,
          volatility: 0,
          drift: 0,
          teamThreshold: 1.0001,
          teamBonus: 5,
          initialInterest: 1,
        }),
      ).largestInterest,
    ).toBe(1);
    // Drift carries it to 50 after 2 months; the bonus starts in month 3.
    const half = Math.log(50) / 2;
    const r3 = walk(
      defaults({
        projects: 1,
        months: 3,
        volatility: 0,
        drift: half,
        teamThreshold: 50,
        teamBonus: 1,
        initialInterest: 1,
      }),
    );
    expect(Math.log(r3.largestInterest)).toBeCloseTo(3 * half + 1, 12);
    // A project that starts at the threshold has its team from month 1.
    const r1 = walk(
      defaults({
        projects: 1,
        months: 1,
        volatility: 0,
        drift: 0,
        teamThreshold: 50,
        teamBonus: 1,
        initialInterest: 50,
      }),
    );
    expect(Math.log(r1.largestInterest)).toBeCloseTo(Math.log(50) + 1, 12);
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

  test('all projects: counts and largest interest equal the hand recomputation (seeds 1 and 5)', () => {
    for (const [seed, o] of [
      [1, defaults({ projects: 3000 })],
      [5, defaults({ projects: 3000 })],
      [1, defaults({ projects: 1000, initialInterest: 1, volatility: 0.5, teamBonus: 0.02 })],
      [5, defaults({ projects: 1000, initialInterest: 30, drift: -0.01, teamBonus: 0.05 })],
    ] as const) {
      const finals = handFinals(o, seed);
      const r = walk(o, seed);
      expect(r.counts).toEqual(bucketCounts(finals));
      expect(r.largestInterest / Math.max(...finals)).toBeCloseTo(1, 12);
    }
  });

  test('initialInterest 1 reproduces v1 exactly (figures of the v1 code, commit baf6fa1)', () => {
    // v1 started every project at ln I₀ = 0; its defaults were drift 0, volatility 0.5, teamBonus 0.02.
    const v1 = defaults({ drift: 0, volatility: 0.5, teamBonus: 0.02, initialInterest: 1 });
    expect(walk(v1, 1)).toEqual({ counts: [9449, 125, 149, 229, 48], largestInterest: 21071821491.75953 });
    expect(walk(v1, 5)).toEqual({ counts: [9464, 105, 142, 251, 38], largestInterest: 149519583973.82922 });
    expect(walk({ ...v1, projects: 2000, months: 60, drift: 0.01, volatility: 0.4, teamBonus: 0.05 }, 3)).toEqual({
      counts: [1801, 88, 66, 44, 1],
      largestInterest: 3501071.199170322,
    });
  });

  test('a larger initialInterest kills fewer projects and lifts every bucket (same seed: common random numbers)', () => {
    const starts = [1, 2, 5, 20, 100];
    const runs = starts.map((initialInterest) => walk(defaults({ projects: 1000, initialInterest })));
    const atLeast = (counts: readonly number[], k: number) => counts.slice(k).reduce((x, y) => x + y, 0);
    for (let i = 1; i < runs.length; i++) {
      // teamBonus ≥ 0 keeps the step non-decreasing in ln I, so a higher start stays higher on the same Z.
      expect(runs[i].counts[0]).toBeLessThan(runs[i - 1].counts[0]);
      for (let k = 1; k < 5; k++)
        expect(atLeast(runs[i].counts, k)).toBeGreaterThanOrEqual(atLeast(runs[i - 1].counts, k));
      expect(runs[i].largestInterest).toBeGreaterThan(runs[i - 1].largestInterest);
    }
  });

  test('calibration: the defaults land in the SourceForge ranges of model.md (Feitelson, Heller & Schach 2006)', () => {
    const o = defaults();
    expect([o.projects, o.months, o.teamThreshold]).toEqual([10000, 120, 50]);
    const r = walk(o, 1);
    const died = r.counts[0] / o.projects;
    const atLeast1000 = (r.counts[3] + r.counts[4]) / o.projects;
    const atLeastMillion = r.counts[4] / o.projects;
    // Ranges of model.md around 66 % no downloads, ~8 % above 1,680, 0.07 % above 1.1 million.
    expect(died).toBeGreaterThanOrEqual(0.6);
    expect(died).toBeLessThanOrEqual(0.72);
    expect(atLeast1000).toBeGreaterThanOrEqual(0.05);
    expect(atLeast1000).toBeLessThanOrEqual(0.12);
    expect(atLeastMillion).toBeGreaterThanOrEqual(0.0003);
    expect(atLeastMillion).toBeLessThanOrEqual(0.0015);
    // The figures docs/model.md quotes (scripts/fit-ecosystem.result.txt, seed 1).
    expect(r.counts).toEqual([6481, 1528, 1305, 680, 6]);
    expect(r.largestInterest).toBeCloseTo(1.88e7, -5);

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

  test('the defaults are the ones scripts/fit-ecosystem.js chose (its checked-in result)', () => {
    const result = fs.readFileSync(join(__dirname, '../../scripts/fit-ecosystem.result.txt'), 'utf8');
    const chosen = /^chosen: initialInterest (\S+), drift (\S+), volatility (\S+), teamBonus (\S+)$/m.exec(result);
    expect(chosen).not.toBeNull();
    const [initialInterest, drift, volatility, teamBonus] = chosen!.slice(1).map(Number);
    const { initialInterest: i, drift: d, volatility: v, teamBonus: b } = ECOSYSTEM_DEFAULTS;
    expect({ initialInterest: i, drift: d, volatility: v, teamBonus: b }).toEqual({
      initialInterest,
      drift,
      volatility,
      teamBonus,
    });
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
      volatility: 0.35,
      teamThreshold: 50,
      teamBonus: 0,
      initialInterest: 5,
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
    // Interest below 1 is the walk's death line, so a project cannot start there.
    expectInvalid({ initialInterest: 0.5 }, 'initialInterest must be ≥ 1 (a project below 1 is dead), got 0.5');
    expectInvalid({ initialInterest: 0 }, 'initialInterest must be ≥ 1 (a project below 1 is dead), got 0');
    expectInvalid({ initialInterest: -2 }, 'initialInterest must be ≥ 1 (a project below 1 is dead), got -2');
    expectInvalid(
      { initialInterest: Infinity },
      'initialInterest must be ≥ 1 (a project below 1 is dead), got Infinity',
    );
    expectInvalid({ initialInterest: NaN }, 'initialInterest must be a number, got NaN');
    expect(resolveEcosystemOptions({ initialInterest: 1 }).initialInterest).toBe(1);
  });
});
