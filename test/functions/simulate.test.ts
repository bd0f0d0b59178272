/**
 * OSS.SIMULATE (functions.md: "metric, [assumptions], [trials=1000], [seed=1], [scenario]",
 * v3 "[plan]"; asynchronous and cancelable, deterministic for its arguments, at most 100,000
 * trials): the adapter against the engine it calls, its argument checks, the assumptions range
 * in both its shapes, the plan in every trial, and cancellation.
 */
import * as oss from '../../src/functions/functions';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { MONTHLY_STATISTICS, simulate } from '../../src/engine/simulation';
import { fixedInputs, readSimulationTable } from '../../src/engine/simulation-inputs';
import { errorOf } from '../support/oss-functions';

type Table = (string | number | null)[][];
const invocation = (): CustomFunctions.CancelableInvocation => ({}) as CustomFunctions.CancelableInvocation;
const call = (
  metric: unknown,
  assumptions?: unknown,
  trials?: unknown,
  seed?: unknown,
  scenario?: unknown,
  plan?: unknown,
) =>
  oss.simulate(
    metric as string,
    (assumptions ?? null) as never,
    (trials ?? null) as never,
    (seed ?? null) as never,
    (scenario ?? null) as never,
    (plan ?? null) as never,
    invocation(),
  );

/** The founder's case (test/reference/founder.json): today's state as fixed values, and the plan. */
const FOUNDER: Table = [
  ['initialMembers', 40000],
  ['initialCustomers', 150],
  ['initialArr', 4000000],
  ['foundingEngineers', 25],
  ['initialCash', 12000000],
];
const FOUNDER_PLAN: Table = [
  ['month', 'name', 'value'],
  [9, 'funding', 20000000],
  [13, 'annualContractValue', 36000],
  [7, 'marketingCosts', 2000000],
  [4, 'engineers', 40],
];

/** The default table as a user's range: the header row, then one row per assumption. */
const defaultRange = (): Table => {
  const t = defaultSimulationTable();
  return [
    t.header.map((c) => c.value as string),
    ...t.rows.map((row) => row.map((c) => c.value as string | number | null)),
  ];
};

describe('OSS.SIMULATE', () => {
  test("spills month, mean, P10, P50, P90 of the metric: the engine's numbers for the same table, trials and seed", async () => {
    const result = (await call('revenue', defaultRange(), 400, 7)) as (string | number)[][];
    expect(result[0]).toEqual(['month', 'mean', 'P10', 'P50', 'P90']);
    expect(result).toHaveLength(61);
    const run = simulate(readSimulationTable(defaultSimulationTable()), {
      scenario: 'beekeeper',
      trials: 400,
      seed: 7,
      sampling: 'lhs',
    })!;
    const s = run.scenarios[0].monthly.revenue;
    expect(result.slice(1)).toEqual(Array.from(s.mean, (mean, i) => [i + 1, mean, s.p10[i], s.p50[i], s.p90[i]]));
    // P10 ≤ P50 ≤ P90 and they differ: the trials are uncertain.
    const [, , p10, p50, p90] = result[60] as number[];
    expect(p10).toBeLessThan(p50);
    expect(p50).toBeLessThan(p90);
  });

  test('deterministic for its arguments; another seed gives other numbers', async () => {
    const a = await call('cash', defaultRange(), 200, 3);
    expect(await call('cash', defaultRange(), 200, 3)).toEqual(a);
    expect(await call('cash', defaultRange(), 200, 4)).not.toEqual(a);
  });

  test('the table without its header row, columns in the template order, reads the same', async () => {
    const withHeader = defaultRange();
    expect(await call('arr', withHeader.slice(1), 200)).toEqual(await call('arr', withHeader, 200));
  });

  test('defaults: 1,000 trials, seed 1, beekeeper, and no table is the default uncertainty (as the CLI runs it)', async () => {
    const result = (await call('customers')) as number[][];
    const run = simulate(readSimulationTable(defaultSimulationTable()), {
      scenario: 'beekeeper',
      trials: 1000,
      seed: 1,
      sampling: 'lhs',
    })!;
    expect(result.slice(1).map((row) => row[1])).toEqual(Array.from(run.scenarios[0].monthly.customers.mean));
    expect(await call('customers', defaultRange(), 1000, 1, 'beekeeper')).toEqual(result);
    // A table of fixed values: every trial the same, so the percentiles meet the mean.
    const fixed = (await call('customers', [['imitation', 0.45]], 50)) as number[][];
    const base = simulate(fixedInputs({ imitation: 0.45 }), {
      scenario: 'beekeeper',
      trials: 50,
      seed: 1,
      sampling: 'lhs',
    })!;
    expect(fixed.slice(1).map((row) => row[1])).toEqual(Array.from(base.scenarios[0].monthly.customers.mean));
    for (const [, mean, p10, , p90] of fixed.slice(1)) {
      expect(p10).toBeCloseTo(mean, 6);
      expect(p90).toBeCloseTo(mean, 6);
    }
    const proprietary = (await call('customers', null, 50, 1, 'proprietary')) as number[][];
    const beekeeper = (await call('customers', null, 50, 1, 'beekeeper')) as number[][];
    expect(proprietary[60][1]).toBeLessThan(beekeeper[60][1]);
  });

  test("the plan in every trial: with no uncertain input, P10 = P50 = P90 = the deterministic projection's cash", async () => {
    // The founder's case (test/reference/founder.json): fixed values only, so every trial is the projection.
    const result = (await call('cash', FOUNDER, 20, 1, null, FOUNDER_PLAN)) as number[][];
    expect(result[0]).toEqual(['month', 'mean', 'P10', 'P50', 'P90']);
    const projected = (oss.projection(FOUNDER as never, null as never, 'cash', FOUNDER_PLAN as never) as number[][])
      .slice(1)
      .map((row) => row[1]);
    expect(projected).toHaveLength(60);
    result.slice(1).forEach(([month, mean, p10, p50, p90], i) => {
      expect(month).toBe(i + 1);
      expect([p10, p50, p90]).toEqual([projected[i], projected[i], projected[i]]);
      expect(Math.abs(mean / projected[i] - 1)).toBeLessThan(1e-12); // a sum of 20 equal values, divided
    });
    // And the plan is what it runs: without it, cash runs out in month 21 (founder_no_plan).
    const unplanned = (await call('cash', FOUNDER, 20)) as number[][];
    expect(unplanned[21][1]).toBeLessThan(0);
    expect(result[21][1]).toBeGreaterThan(0);
  });

  test('a funding round in the plan moves every trial by exactly its amount from its month on', async () => {
    const base = (await call('cash', defaultRange(), 200, 5)) as number[][];
    const funded = (await call('cash', defaultRange(), 200, 5, null, [
      ['month', 'name', 'value'],
      [9, 'funding', 2e7],
    ])) as number[][];
    expect(funded.slice(1, 9)).toEqual(base.slice(1, 9));
    for (let month = 9; month <= 60; month++) {
      // The mean of the same trials, each 20,000,000 higher (to rounding).
      expect(funded[month][1] - base[month][1]).toBeCloseTo(2e7, 0);
      // P50 too, to the sketches' relative accuracy (0.001, MONTHLY_RELATIVE_ACCURACY; measured 9.8e-4).
      expect(Math.abs(funded[month][3] - base[month][3] - 2e7)).toBeLessThan(2e-3 * Math.abs(funded[month][3]));
    }
  });

  test('with startDate a date column follows month: the first of each month as an Excel date', async () => {
    const dated = (await call('arr', [...FOUNDER, ['startDate', '2027-01']], 10, 1, null, FOUNDER_PLAN)) as number[][];
    expect(dated[0]).toEqual(['month', 'date', 'mean', 'P10', 'P50', 'P90']);
    // 2027-01-01, 2027-02-01, 2031-12-01 (days since 1899-12-30).
    expect([dated[1][1], dated[2][1], dated[60][1]]).toEqual([46388, 46419, 48183]);
    const undated = (await call('arr', FOUNDER, 10, 1, null, FOUNDER_PLAN)) as number[][];
    expect(dated.slice(1).map(([m, , ...rest]) => [m, ...rest])).toEqual(undated.slice(1));
    // The plan may name its months as dates then: 2027-09 is month 9.
    const byDate = FOUNDER_PLAN.map((row, r) => (r === 1 ? ['2027-09', row[1], row[2]] : row));
    expect(await call('arr', [...FOUNDER, ['startDate', '2027-01']], 10, 1, null, byDate)).toEqual(dated);
  });

  test.each<[string, unknown[], string]>([
    ['a metric that is not a monthly statistic', ['goodwil'], `metric must be one of ${MONTHLY_STATISTICS.join(', ')}`],
    ['no metric', [null], 'metric is required'],
    ['over 100,000 trials', ['arr', null, 100_001], 'trials must be a whole number from 1 to 100000, got 100001'],
    ['zero trials', ['arr', null, 0], 'trials must be a whole number from 1 to 100000, got 0'],
    ['a bad seed', ['arr', null, 10, -1], 'seed must be a whole number from 0 to 100000000, got -1'],
    [
      'compare is not a scenario here',
      ['arr', null, 10, 1, 'compare'],
      'scenario must be one of beekeeper, proprietary',
    ],
    [
      'a bad cell of the table, named by its place in the range',
      [
        'arr',
        [
          ['name', 'value', 'distribution', 'p1', 'p2', 'p3'],
          ['imitation', 0.4, 'pert', 0.2, 0.45, 9],
        ],
      ],
      'assumptions row 2, column 3: imitation ~ pert(0.2, 0.45, 9) can sample',
    ],
    ['an unknown assumption', ['arr', [['imitaton', 0.4]]], 'did you mean "imitation"?'],
    [
      'a plan row for an assumption that cannot be planned, named by its cell',
      [
        'arr',
        null,
        10,
        1,
        null,
        [
          ['month', 'name', 'value'],
          [3, 'imitation', 0.3],
        ],
      ],
      'plan row 2, column 2: "imitation" cannot be planned: a plan may set annualContractValue',
    ],
    [
      "a plan month beyond the table's months",
      ['arr', [['months', 24]], 10, 1, null, [[25, 'funding', 1]]],
      "plan row 1, column 1: month must be a whole number from 1 to 24 (the projection's months), got 25",
    ],
    [
      'a plan date without startDate',
      ['arr', null, 10, 1, null, [['2027-09', 'funding', 1]]],
      'plan row 1, column 1: month 2027-09 is a calendar month, but startDate is not set',
    ],
    [
      'a plan that names one month twice',
      [
        'arr',
        null,
        10,
        1,
        null,
        [
          [3, 'customerChurn', 0.1],
          [3, 'customerChurn', 0.2],
        ],
      ],
      'plan row 2, column 2: customerChurn is planned twice for month 3 (also plan row 1, column 2)',
    ],
    [
      "a plan value outside the assumption's range",
      ['arr', null, 10, 1, null, [[3, 'reinvestShare', 1.5]]],
      'plan row 1, column 3: reinvestShare must be between 0 and 1, got 1.5',
    ],
  ])('%s is #VALUE! with a message that says so', async (_label, args, message) => {
    const error = errorOf(await call(...(args as [unknown])));
    expect(error?.code).toBe('#VALUE!');
    expect(error?.message).toContain(message);
  });

  test('cancelable: a cancel stops the run at its next turn and returns no numbers', async () => {
    const handle = invocation();
    const started = oss.simulate(
      'revenue',
      defaultRange() as never,
      100_000 as never,
      1 as never,
      null as never,
      null as never,
      handle,
    );
    // The run hands control back after each input column it samples and each block of trials;
    // cancel at the first turn, as Excel does when the user deletes the formula.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(typeof handle.onCanceled).toBe('function');
    const t0 = Date.now();
    handle.onCanceled!();
    const result = await started;
    const waited = Date.now() - t0;
    expect(errorOf(result)?.code).toBe('#N/A');
    expect(errorOf(result)?.message).toBe('canceled');
    // 100,000 trials take seconds; the cancel came back within one block's time (printed, not asserted).
    console.log(`OSS.SIMULATE canceled ${waited} ms after onCanceled`);
  });
});
