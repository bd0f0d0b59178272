import { KPI_NAMES, allocateSeries, hdrUniform, kpis, project, projectInto, resolveAssumptions } from '../../src/model';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import fc from 'fast-check';
import { INPUT_ENTITY, inputUniforms, sampleInputs, trialsByUniform } from '../../src/engine/sampling';
import {
  BLOCK_TRIALS,
  MONTHLY_RELATIVE_ACCURACY,
  MONTHLY_STATISTICS,
  YEARLY_STATISTICS,
  SimulationOptions,
  SimulationRun,
  TrialRunner,
  blockCount,
  blockSamples,
  cellCount,
  ownedCells,
  planSimulation,
  sampleColumns,
  sampleRun,
  simulate,
} from '../../src/engine/simulation';
import { analyze, cashOutPercentiles } from '../../src/engine/simulation-results';
import { QuantileSketch } from '../../src/engine/quantile-sketch';
import { SimulationInputs, fixedInputs, readSimulationTable, withPlan } from '../../src/engine/simulation-inputs';
import { checkPlan } from '../../src/model/plan';
import { yearFigures, yearSpans } from '../../src/model/years';
import { percentileSorted, summarize } from '../../src/engine/statistics';
import { quickInputs, quickTable } from '../support/quick-inputs';

const defaults = (): SimulationInputs => readSimulationTable(defaultSimulationTable());
// Where a check holds at any horizon (how runs split, merge and repeat), the default uncertainty over 24 months.
const options = (o: Partial<SimulationOptions> = {}): SimulationOptions => ({
  scenario: 'beekeeper',
  trials: 600,
  seed: 1,
  sampling: 'lhs',
  ...o,
});
const run = (inputs: SimulationInputs, o: Partial<SimulationOptions> = {}): SimulationRun =>
  simulate(inputs, options(o))!;

describe('sampling: uniforms from HDR as workbook.md assigns them', () => {
  test('plain Monte Carlo: trial t, input row v takes HDR(t, v, 1, seed)', () => {
    const u = inputUniforms(7, 50, 42, 'mc');
    for (let t = 1; t <= 50; t++) expect(u[t - 1]).toBe(hdrUniform(t, 7, INPUT_ENTITY, 42, 0));
  });

  test('Latin Hypercube: one value in each of N equal strata, at its centre (the stratification property)', () => {
    for (const n of [1, 2, 7, 1000, 1234]) {
      const u = Array.from(inputUniforms(3, n, 9, 'lhs')).sort((a, b) => a - b);
      u.forEach((x, k) => expect(x).toBe((k + 0.5) / n));
    }
  });

  test('Latin Hypercube: a trial stratum is the rank of its HDR uniform, so a worksheet can regenerate it', () => {
    const n = 300;
    const lhs = inputUniforms(5, n, 3, 'lhs');
    const mc = inputUniforms(5, n, 3, 'mc');
    for (const t of [0, 17, 150, 299]) {
      const rank = Array.from(mc).filter((x, s) => x < mc[t] || (x === mc[t] && s < t)).length + 1;
      expect(lhs[t]).toBe((rank - 0.5) / n);
    }
  });

  test('trialsByUniform: ascending uniforms, ties in trial order, also when many share a bucket (property)', () => {
    const expected = (u: Float64Array) => Array.from(u.keys()).sort((i, j) => u[i] - u[j] || i - j);
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.constantFrom(0, 0.5, 0.25)),
          {
            maxLength: 300,
          },
        ),
        (values) => {
          const u = Float64Array.from(values);
          expect(Array.from(trialsByUniform(u))).toEqual(expected(u));
        },
      ),
    );
    // 40 equal uniforms in a bucket of their own: the comparison-sort path.
    const crowded = Float64Array.from({ length: 100 }, (_, t) => (t % 5 === 0 || t < 40 ? 0.5 : hdrUniform(t + 1, 4)));
    expect(Array.from(trialsByUniform(crowded))).toEqual(expected(crowded));
  });

  test('each uncertain input is its distribution quantile of its uniform; whole-number inputs are rounded', () => {
    const inputs = defaults();
    expect(inputs.uncertain.length).toBeGreaterThan(0);
    const samples = sampleInputs(inputs.uncertain, { trials: 100, seed: 2, sampling: 'mc' });
    inputs.uncertain.forEach((input, i) => {
      for (const t of [0, 50, 99]) {
        const x = input.distribution.quantile(hdrUniform(t + 1, input.variable, 1, 2, 0));
        expect(samples[i][t]).toBe(input.whole ? Math.round(x) : x);
      }
    });
  });

  test('trials and seed are validated', () => {
    expect(() => inputUniforms(1, 0, 1, 'lhs')).toThrow('trials must be a whole number from 1 to 1000000, got 0');
    expect(() => inputUniforms(1, 10, -1, 'lhs')).toThrow('seed must be a whole number from 0 to 100000000, got -1');
  });
});

describe('runners split the cells at the end of a run', () => {
  test('property: the runners own consecutive ranges that cover every cell once, sizes within one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 64 }), (cells, runners) => {
        const ranges = Array.from({ length: runners }, (_, r) => ownedCells(cells, runners, r));
        let next = 0;
        for (const range of ranges) {
          expect(range.first).toBe(next);
          next += range.count;
        }
        expect(next).toBe(cells);
        const sizes = ranges.map((r) => r.count);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  test('three runners that ran alternate blocks and merged their sketches give the percentiles of one runner', () => {
    const inputs = quickInputs();
    const o = options({ scenario: 'compare', trials: 7 * BLOCK_TRIALS + 11 });
    const plan = planSimulation(inputs, o);
    const uniforms = sampleRun(plan);
    expect(sampleColumns(plan, [3, 1])).toEqual([uniforms[3], uniforms[1]]); // any share of the columns
    const cells = cellCount(plan);
    // The monthly rows and the yearly ones (24 months: 2 years), for each of the 2 scenarios.
    expect(cells).toBe(2 * (MONTHLY_STATISTICS.length * inputs.base.months + YEARLY_STATISTICS.length * 2));
    const alone = new TrialRunner(plan);
    const runners = [0, 1, 2].map(() => new TrialRunner(plan));
    for (let k = 0; k < blockCount(o.trials); k++) {
      alone.runBlock(k, blockSamples(uniforms, o.trials, k));
      runners[k % 3].runBlock(k, blockSamples(uniforms, o.trials, k));
    }
    const merged = new Float64Array(3 * cells);
    runners.forEach((runner, r) => {
      const own = ownedCells(cells, 3, r);
      runners.forEach((other, v) => v !== r && runner.mergeSketches(own, other.exportSketches(own)));
      merged.set(runner.percentiles(own), 3 * own.first);
    });
    expect(merged).toEqual(alone.percentiles(ownedCells(cells, 1, 0)));
    expect(() => runners[0].mergeSketches(ownedCells(cells, 3, 0), QuantileSketch.pack([]))).toThrow(
      new RegExp(`0 sketches for ${ownedCells(cells, 3, 0).count} cells`),
    );
  });
});

describe('a runner that takes over the arrays of the last one', () => {
  const runAll = (plan: ReturnType<typeof planSimulation>, runner: TrialRunner) => {
    const uniforms = sampleRun(plan);
    const outputs = Array.from({ length: blockCount(plan.trials) }, (_, k) =>
      runner.runBlock(k, blockSamples(uniforms, plan.trials, k)),
    );
    return { outputs, percentiles: runner.percentiles(ownedCells(cellCount(plan), 1, 0)) };
  };

  test('gives what a fresh runner gives, whether the sizes match or not', () => {
    const a = planSimulation(quickInputs(), options({ trials: 1100, seed: 3 }));
    const sameSize = planSimulation(quickInputs(), options({ trials: 900, seed: 4, sampling: 'mc' }));
    const otherSize = planSimulation(quickInputs(), options({ scenario: 'compare', trials: 700, seed: 5 }));
    let previous = new TrialRunner(a);
    runAll(a, previous);
    for (const plan of [sameSize, otherSize, sameSize]) {
      const reused = new TrialRunner(plan, previous);
      expect(runAll(plan, reused)).toEqual(runAll(plan, new TrialRunner(plan)));
      previous = reused;
    }
  });
});

describe('a run', () => {
  test("today's customers and ARR (model.md v3) sampled: variables 44 and 45, each trial its own projection", () => {
    // name → value, distribution, p1, p2 (columns B–E of the table).
    const changes: Record<string, unknown[]> = {
      initialCustomers: [150, 'uniform', 100, 200],
      initialArr: [4e6, 'uniform', 3e6, 5e6],
    };
    const t = quickTable();
    const rows = t.rows.map((row) => {
      const change = changes[String(row[0].value)];
      return change ? row.map((c, j) => (j >= 1 && j <= 4 ? { ...c, value: change[j - 1] } : c)) : row;
    });
    const inputs = readSimulationTable({ ...t, rows });
    const today = inputs.uncertain.filter((u) => u.name in changes).map((u) => [u.name, u.variable]);
    expect(today).toEqual([
      ['initialCustomers', 44],
      ['initialArr', 45],
    ]);
    const r = run(inputs, { trials: 40 });
    for (let trial = 0; trial < 40; trial++) {
      const overrides = Object.fromEntries(inputs.uncertain.map((u, i) => [u.name, r.samples[i][trial]]));
      expect(overrides.initialCustomers).toBeGreaterThanOrEqual(100);
      expect(r.scenarios[0].kpis.arr[trial]).toBe(project({ ...inputs.base, ...overrides }).kpis.arr);
    }
  });

  test('same seed, same values: two runs are identical to the bit', () => {
    const a = run(quickInputs(), { trials: 700 });
    const b = run(quickInputs(), { trials: 700 });
    expect(a.scenarios[0].kpis).toEqual(b.scenarios[0].kpis);
    expect(a.scenarios[0].monthly).toEqual(b.scenarios[0].monthly);
    const c = run(quickInputs(), { trials: 700, seed: 2 });
    expect(c.scenarios[0].kpis.npv).not.toEqual(a.scenarios[0].kpis.npv);
  });

  test('a fixed run (no uncertainty): every trial is the deterministic projection, and so is the mean', () => {
    const inputs = fixedInputs({ months: 36 });
    const r = run(inputs, { trials: BLOCK_TRIALS + 3 });
    const p = project({ months: 36 });
    const s = r.scenarios[0];
    for (const output of MONTHLY_STATISTICS) {
      for (let m = 0; m < 36; m++) {
        const exact = p.monthly[output][m];
        expect(Math.abs(s.monthly[output].mean[m] - exact)).toBeLessThanOrEqual(1e-12 * Math.abs(exact));
        // Every trial has the same value: the sketch's percentiles are within its accuracy of it.
        for (const q of ['p10', 'p50', 'p90'] as const) {
          expect(Math.abs(s.monthly[output][q][m] - exact)).toBeLessThanOrEqual(
            MONTHLY_RELATIVE_ACCURACY * Math.abs(exact) + 1e-9,
          );
        }
      }
    }
    for (const k of KPI_NAMES) {
      const expected = p.kpis[k] ?? NaN;
      s.kpis[k].forEach((v) => expect(v).toBe(expected));
    }
  });

  test('monthly percentiles are ordered and within the sketch accuracy of the exact ones', () => {
    const inputs = quickInputs();
    const trials = 1200;
    const r = run(inputs, { trials });
    const s = r.scenarios[0];
    // The exact percentiles, from every trial's projection kept in full (small run only).
    const samples = r.samples;
    const months = inputs.base.months;
    const exact = MONTHLY_STATISTICS.map(() => Array.from({ length: months }, () => new Float64Array(trials)));
    const series = allocateSeries(months);
    for (let t = 0; t < trials; t++) {
      const overrides: Record<string, number> = { ...inputs.base };
      inputs.uncertain.forEach((u, i) => (overrides[u.name] = samples[i][t]));
      projectInto(resolveAssumptions(overrides), 'beekeeper', series, { reached: false });
      MONTHLY_STATISTICS.forEach((o, j) => series[o].forEach((v, m) => (exact[j][m][t] = v)));
    }
    let worst = 0;
    MONTHLY_STATISTICS.forEach((o, j) => {
      for (let m = 0; m < months; m++) {
        const stat = s.monthly[o];
        expect(stat.p10[m]).toBeLessThanOrEqual(stat.p50[m]);
        expect(stat.p50[m]).toBeLessThanOrEqual(stat.p90[m]);
        const sorted = exact[j][m].slice().sort();
        for (const [p, got] of [
          [0.1, stat.p10[m]],
          [0.5, stat.p50[m]],
          [0.9, stat.p90[m]],
        ]) {
          const want = percentileSorted(sorted, p);
          // Relative to the value, or to the spread of the trials when the percentile is near zero (cash).
          // (Every trial alike, as churned ARR is at month 1 from no customers: the scale is 0, the error must be.)
          const scale = Math.max(Math.abs(want), 1e-6 * (sorted[trials - 1] - sorted[0]));
          worst = Math.max(worst, got === want ? 0 : Math.abs(got - want) / scale);
        }
        const mean = exact[j][m].reduce((x, y) => x + y, 0) / trials;
        expect(Math.abs(stat.mean[m] - mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mean)));
      }
    });
    console.log(`monthly percentiles, 1,200 trials: largest relative error against exact ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(0.005);
  });

  test('KPI percentiles are ordered', () => {
    const a = analyze(run(defaults(), { trials: 800 }));
    for (const k of KPI_NAMES) {
      const s = a.scenarios[0].kpis[k];
      if (!s) continue;
      expect(s.p5).toBeLessThanOrEqual(s.p10);
      expect(s.p10).toBeLessThanOrEqual(s.p25);
      expect(s.p25).toBeLessThanOrEqual(s.p50);
      expect(s.p50).toBeLessThanOrEqual(s.p75);
      expect(s.p75).toBeLessThanOrEqual(s.p90);
      expect(s.p90).toBeLessThanOrEqual(s.p95);
    }
  });

  test('compare mode: both scenarios see the same trials, and the difference varies less than with independent trials', () => {
    const inputs = defaults();
    const both = analyze(run(inputs, { scenario: 'compare', trials: 1000 }));
    expect(both.scenarios.map((s) => s.scenario)).toEqual(['beekeeper', 'proprietary']);
    const crn = both.comparison!.find((c) => c.kpi === 'npv')!.difference!;
    // Independent trials: the proprietary scenario on another seed's samples.
    const b = run(inputs, { scenario: 'beekeeper', trials: 1000, seed: 1 }).scenarios[0].kpis.npv;
    const p = run(inputs, { scenario: 'proprietary', trials: 1000, seed: 2 }).scenarios[0].kpis.npv;
    const independent = summarize(p.map((v, t) => v - b[t]))!;
    console.log(
      `compare, NPV difference: sd ${crn.sd.toExponential(3)} on common random numbers, ${independent.sd.toExponential(3)} independent`,
    );
    expect(crn.sd).toBeLessThan(independent.sd);
    // Common random numbers: each scenario alone equals its own run on the same seed.
    const alone = run(inputs, { scenario: 'proprietary', trials: 1000, seed: 1 }).scenarios[0].kpis.npv;
    expect(both.scenarios[1].kpis.npv!.mean).toBe(summarize(alone)!.mean);
  });

  test('compare mode: differences are beekeeper − proprietary, trial by trial, and the NPV verdict counts the trials beekeeper wins', () => {
    const r = run(defaults(), { scenario: 'compare', trials: 700 });
    const a = analyze(r);
    const [b, p] = r.scenarios.map((s) => s.kpis);
    for (const kpi of ['npv', 'arr', 'cashOutMonth'] as const) {
      const exact = summarize(b[kpi].map((v, t) => v - p[kpi][t]));
      expect(a.comparison!.find((c) => c.kpi === kpi)!.difference).toEqual(exact);
    }
    let wins = 0;
    b.npv.forEach((v, t) => (wins += v > p.npv[t] ? 1 : 0));
    expect(a.npvVerdict).toEqual({
      beekeeperAhead: wins / 700,
      medianDifference: summarize(b.npv.map((v, t) => v - p.npv[t]))!.p50,
      proprietaryMedian: summarize(p.npv)!.p50,
    });
    // Neither side wins every trial with the default uncertainty: the share is a real share.
    expect(wins).toBeGreaterThan(0);
    expect(wins).toBeLessThan(700);
    expect(analyze(run(defaults(), { trials: 100 })).npvVerdict).toBeUndefined();
  });

  test('the month cash runs out over every trial: a trial whose cash lasts ranks after every month', () => {
    expect(cashOutPercentiles(new Float64Array([3, 5, NaN, NaN]))).toEqual({
      p10: 3.6,
      p50: undefined,
      p90: undefined,
    });
    expect(cashOutPercentiles(new Float64Array([NaN, 2, 1, 3, 4, 5, 6, 7, 8, 9, 10]))).toEqual({
      p10: 2, // PERCENTILE.INC of 1…10 and one "never" (rank 11): position 1 of 0…10
      p50: 6,
      p90: 10,
    });
    expect(cashOutPercentiles(new Float64Array([NaN, NaN]))).toEqual({
      p10: undefined,
      p50: undefined,
      p90: undefined,
    });
    // The defaults: some trials' cash lasts, so each percentile is at least the one over the
    // trials that run out (those trials rank last), and the P10 is still a month.
    const s = analyze(run(defaults(), { trials: 500 })).scenarios[0];
    const kpi = s.kpis.cashOutMonth!;
    expect(kpi.n).toBeLessThan(500);
    expect(s.cashOutMonth.p10).toBeGreaterThanOrEqual(kpi.p10);
    for (const q of ['p50', 'p90'] as const) expect(s.cashOutMonth[q] ?? Infinity).toBeGreaterThanOrEqual(kpi[q]);
  });

  test('sensitivity: every uncertain input has its Spearman correlations and decile means', () => {
    const a = analyze(run(defaults(), { trials: 1000 }));
    const rows = a.scenarios[0].sensitivity;
    expect(rows.length).toBe(defaults().uncertain.length);
    for (const r of rows) {
      if (r.npvCorrelation !== undefined) expect(Math.abs(r.npvCorrelation)).toBeLessThanOrEqual(1);
    }
    // Persuasion drives conversion, hence revenue: its correlation with ARR is clearly positive.
    const persuasion = rows.find((r) => r.name === 'persuasion');
    if (persuasion) expect(persuasion.arrCorrelation!).toBeGreaterThan(0.2);
  });

  test('onBlock returning false stops the run', () => {
    let blocks = 0;
    const result = simulate(quickInputs(), options({ trials: 5 * BLOCK_TRIALS }), () => ++blocks < 2);
    expect(result).toBeUndefined();
    expect(blocks).toBe(2);
  });

  test('the KPIs of each trial are its own projection', () => {
    const inputs = defaults();
    const r = run(inputs, { trials: 40 });
    const t = 23;
    const overrides: Record<string, number> = { ...inputs.base };
    inputs.uncertain.forEach((u, i) => (overrides[u.name] = r.samples[i][t]));
    const a = resolveAssumptions(overrides);
    const k = kpis(a, projectInto(a, 'beekeeper', allocateSeries(a.months), { reached: false }));
    for (const name of KPI_NAMES) expect(r.scenarios[0].kpis[name][t]).toBe(k[name] ?? NaN);
  });
});

describe('the plan in a simulation (model.md v3): the same decisions in every trial', () => {
  const founder = {
    initialMembers: 40_000,
    initialCustomers: 150,
    initialArr: 4e6,
    foundingEngineers: 25,
    initialCash: 12e6,
    months: 24,
  };
  const plan = [
    { month: 9, name: 'funding', value: 20e6 },
    { month: 13, name: 'annualContractValue', value: 36_000 },
    { month: 7, name: 'marketingCosts', value: 2e6 },
    { month: 4, name: 'engineers', value: 40 },
  ] as const;

  test('with no uncertain input every trial is the planned projection', () => {
    const inputs = withPlan(fixedInputs(founder), checkPlan(plan, resolveAssumptions(founder)));
    const r = run(inputs, { trials: 20 });
    const expected = project(founder, 'beekeeper', plan).monthly;
    const cash = r.scenarios[0].monthly.cash;
    for (let m = 0; m < 24; m++) {
      expect(cash.mean[m]).toBeCloseTo(expected.cash[m], 4);
      expect(Math.abs(cash.p50[m] / expected.cash[m] - 1)).toBeLessThan(2 * MONTHLY_RELATIVE_ACCURACY);
    }
    expect(r.scenarios[0].kpis.minCash[0]).toBe(project(founder, 'beekeeper', plan).kpis.minCash);
  });

  test('a plan row for an uncertain input replaces its sampled value from its month on', () => {
    // customerChurn uncertain; the plan fixes it at 0.05 from month 1, so every trial is alike.
    const table = {
      source: 'test',
      header: ['name', 'value', 'distribution', 'p1', 'p2', 'p3'].map((value) => ({ value, where: 'h' })),
      rows: [
        ['months', 24],
        ['customerChurn', 0.1, 'uniform', 0.05, 0.3],
      ].map((row, r) => row.map((value, c) => ({ value, where: `r${r}c${c}` }))),
    };
    const inputs = readSimulationTable(table);
    const planned = withPlan(inputs, checkPlan([{ month: 1, name: 'customerChurn', value: 0.05 }], inputs.base));
    const spread = (x: SimulationRun) => {
      const arr = x.scenarios[0].kpis.arr;
      return Math.max(...arr) - Math.min(...arr);
    };
    expect(spread(run(inputs, { trials: 50 }))).toBeGreaterThan(1e5);
    expect(spread(run(planned, { trials: 50 }))).toBe(0);
    // From month 13 only: the first year still differs between trials.
    const later = withPlan(inputs, checkPlan([{ month: 13, name: 'customerChurn', value: 0.05 }], inputs.base));
    const r = run(later, { trials: 50 });
    expect(r.scenarios[0].monthly.customers.p90[11]).toBeGreaterThan(r.scenarios[0].monthly.customers.p10[11]);
  });

  test('the plan is checked against the base assumptions', () => {
    expect(() => withPlan(fixedInputs({ months: 12 }), [{ month: 13, name: 'funding', value: 1 }])).toThrow(
      /month must be a whole number from 1 to 12/,
    );
  });
});

describe('the yearly statistics (workbook.md v3, the Years sheet)', () => {
  test("each year's mean is exact and its P10/P50/P90 within the sketches' accuracy of the trials' own figures", () => {
    const inputs = quickInputs();
    const r = run(inputs, { trials: 400 });
    const years = yearSpans(inputs.base);
    expect(years.map((y) => y.label)).toEqual(['Year 1', 'Year 2']);
    // Each trial again, from its sampled inputs: the yearly figures as the model defines them.
    const series = allocateSeries(inputs.base.months);
    const perTrial = YEARLY_STATISTICS.map(() => years.map(() => new Float64Array(400)));
    for (let t = 0; t < 400; t++) {
      const a = { ...inputs.base } as Record<string, number>;
      inputs.uncertain.forEach((u, i) => (a[u.name] = r.samples[i][t]));
      const assumptions = resolveAssumptions(a);
      projectInto(assumptions, 'beekeeper', series, { reached: false });
      yearFigures(assumptions, series).forEach((y, k) =>
        YEARLY_STATISTICS.forEach((name, j) => (perTrial[j][k][t] = y[name]!)),
      );
    }
    YEARLY_STATISTICS.forEach((name, j) =>
      years.forEach((_, k) => {
        const values = perTrial[j][k];
        const stat = r.scenarios[0].yearly[name];
        const mean = values.reduce((s, x) => s + x, 0) / 400;
        expect(Math.abs(stat.mean[k] - mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mean)));
        const sorted = Float64Array.from(values).sort();
        for (const [p, got] of [
          [0.1, stat.p10[k]],
          [0.5, stat.p50[k]],
          [0.9, stat.p90[k]],
        ] as const) {
          const exact = percentileSorted(sorted, p);
          expect(Math.abs(got - exact)).toBeLessThanOrEqual(2 * MONTHLY_RELATIVE_ACCURACY * Math.abs(exact) + 1e-9);
        }
      }),
    );
  });
});

test("the base case is the deterministic projection at the table's values, with the plan (OSS.PROJECTION's)", () => {
  const inputs = quickInputs();
  const planned = withPlan(inputs, checkPlan([{ month: 9, name: 'funding', value: 20e6 }], inputs.base));
  const analysis = analyze(run(planned, { trials: 50, scenario: 'compare' }));
  for (const s of analysis.scenarios) {
    const expected = project(inputs.base, s.scenario, [{ month: 9, name: 'funding', value: 20e6 }]);
    expect(s.baseCase.monthly).toEqual(expected.monthly);
    expect(s.baseCase.kpis).toEqual(expected.kpis);
    expect(s.baseCase.years).toEqual(yearFigures(inputs.base, expected.monthly, expected.plan));
  }
  expect(analysis.scenarios[0].baseCase.kpis.npv).not.toBe(analysis.scenarios[1].baseCase.kpis.npv);
});
