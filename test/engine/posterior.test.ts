/**
 * A run conditioned on a history (model.md v3, "History"): checked against the posterior
 * computed on a grid, here, independently of the engine (two uncertain inputs: the prior is
 * uniform in their uniforms, the likelihood is the spec's, each point projected with
 * projectMonthly); the same trials whatever the workers; a history out of the prior's reach.
 */
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { SimulationPool } from '../../src/engine/pool';
import { MIN_ESS } from '../../src/engine/posterior';
import { planRun, simulate } from '../../src/engine/simulation';
import { readSimulationTable, withHistory } from '../../src/engine/simulation-inputs';
import { percentileSorted } from '../../src/engine/statistics';
import { resolveAssumptions } from '../../src/model/assumptions';
import { History, checkHistory } from '../../src/model/history';
import type { InputTable } from '../../src/model/input-table';
import { projectMonthly } from '../../src/model/projection';
import { memoryHost } from '../support/memory-workers';

const UNCERTAIN = ['imitation', 'persuasion'];

/** The default table with every distribution cleared but those of `keep`. */
function tableKeeping(keep: readonly string[]): InputTable {
  const table = defaultSimulationTable();
  const col = (name: string) => table.header.findIndex((c) => c.value === name);
  const cleared = ['distribution', 'p1', 'p2', 'p3'].map(col);
  return {
    ...table,
    rows: table.rows.map((row) =>
      keep.includes(String(row[0].value)) ? row : row.map((c, j) => (cleared.includes(j) ? { ...c, value: '' } : c)),
    ),
  };
}

// A 24-month horizon: the history's own (the likelihood reads no later month), and the tests' time.
const inputs = (() => {
  const read = readSimulationTable(tableKeeping(UNCERTAIN));
  return { ...read, base: { ...read.base, months: 24 } };
})();
const [imitation, persuasion] = UNCERTAIN.map((n) => inputs.uncertain.find((u) => u.name === n)!);

/** The truth the history is made from, and the history: four observations, noise written out. */
const truth = resolveAssumptions({
  ...inputs.base,
  imitation: imitation.distribution.quantile(0.7),
  persuasion: persuasion.distribution.quantile(0.3),
});
const observed = projectMonthly(truth, 'beekeeper');
const history: History = checkHistory(
  [
    { month: 12, metric: 'members', value: observed.members[11] * 0.96, error: 0.1 },
    { month: 12, metric: 'customers', value: observed.customers[11] * 1.05, error: 0.1 },
    { month: 18, metric: 'customers', value: observed.customers[17] * 0.97, error: 0.1 },
    { month: 24, metric: 'customers', value: observed.customers[23] * 1.02, error: 0.1 },
  ],
  inputs.base,
);

/** The spec's log-likelihood of a projection, written again here. */
function logLikelihood(a: ReturnType<typeof resolveAssumptions>): number {
  const s = projectMonthly(a, 'beekeeper');
  let sum = 0;
  for (const o of history) {
    const x = s[o.metric][o.month - 1];
    if (!(x > 0)) return -Infinity;
    sum -= 0.5 * ((Math.log(o.value) - Math.log(x)) / o.error) ** 2;
  }
  return sum;
}

/** The posterior on a G × G grid of the two inputs' uniforms (the prior is uniform there). */
const G = 120;
const grid = (() => {
  const logW = new Float64Array(G * G);
  for (let i = 0; i < G; i++)
    for (let j = 0; j < G; j++) {
      const a = resolveAssumptions({
        ...inputs.base,
        imitation: imitation.distribution.quantile((i + 0.5) / G),
        persuasion: persuasion.distribution.quantile((j + 0.5) / G),
      });
      logW[i * G + j] = logLikelihood(a);
    }
  const top = Math.max(...logW);
  const w = Float64Array.from(logW, (l) => Math.exp(l - top));
  const total = w.reduce((x, y) => x + y, 0);
  // The marginals of each input over its uniforms, as masses per grid cell.
  const marginal = [new Float64Array(G), new Float64Array(G)];
  for (let i = 0; i < G; i++)
    for (let j = 0; j < G; j++) {
      marginal[0][i] += w[i * G + j] / total;
      marginal[1][j] += w[i * G + j] / total;
    }
  return marginal;
})();

/** The grid posterior's quantile p of input k, interpolated within its cell, as the input's value. */
function gridQuantile(k: number, p: number): number {
  let below = 0;
  for (let i = 0; i < G; i++) {
    const m = grid[k][i];
    if (below + m >= p) {
      const u = (i + (p - below) / m) / G;
      return [imitation, persuasion][k].distribution.quantile(u);
    }
    below += m;
  }
  return [imitation, persuasion][k].distribution.quantile(1 - 0.5 / G);
}

describe('a run conditioned on a history agrees with the posterior on a grid', () => {
  const conditioned = withHistory(inputs, history);
  const options = { scenario: 'beekeeper' as const, trials: 3000, seed: 1, sampling: 'lhs' as const };
  const run = simulate(conditioned, options)!;

  test('the chains and importance sampling ran (the prior alone did not fit), with an ESS to rest on', () => {
    const p = run.posterior!;
    console.log(`grid test posterior: ESS ${Math.round(p.ess)} of ${p.particles}, rounds ${p.rounds.map(Math.round)}`);
    expect(p.rounds).toHaveLength(2);
    expect(p.ess).toBeGreaterThanOrEqual(MIN_ESS);
    expect(p.observations).toBe(4);
    expect(p.lastMonth).toBe(24);
  });

  test("each input's posterior P10, P50 and P90: the run's trials below the grid's quantile are p within Monte Carlo error", () => {
    const ess = run.posterior!.ess;
    [imitation, persuasion].forEach((input, k) => {
      const column = run.samples[inputs.uncertain.indexOf(input)];
      for (const p of [0.1, 0.5, 0.9]) {
        const q = gridQuantile(k, p);
        const share = column.filter((x) => x <= q).length / column.length;
        // 4 standard errors of a share over ESS draws, and the grid's own resolution.
        const tolerance = 4 * Math.sqrt((p * (1 - p)) / ess) + 0.02;
        expect([input.name, p, Math.abs(share - p) <= tolerance]).toEqual([input.name, p, true]);
      }
      // The history moved the input: its posterior is narrower than its prior.
      const sorted = Float64Array.from(column).sort();
      const spread = percentileSorted(sorted, 0.9) - percentileSorted(sorted, 0.1);
      const priorSpread = input.distribution.quantile(0.9) - input.distribution.quantile(0.1);
      expect(spread).toBeLessThan(0.8 * priorSpread);
    });
  });

  test('the forecast holds the history: customers at month 24 within the observation and its error', () => {
    const c = run.scenarios[0].monthly.customers;
    const y = history[3].value;
    expect(c.p10[23]).toBeLessThan(y * 1.25);
    expect(c.p90[23]).toBeGreaterThan(y / 1.25);
  });

  test.each([2])('%i in-memory workers give the same trials and results as simulate()', async (workers) => {
    const small = { ...options, trials: 700 };
    const reference = simulate(conditioned, small)!;
    const pool = new SimulationPool(workers, memoryHost());
    const pooled = (await pool.run(conditioned, small))!;
    await pool.close();
    expect(pooled.samples).toEqual(reference.samples);
    expect(pooled.scenarios[0].kpis).toEqual(reference.scenarios[0].kpis);
    expect(pooled.posterior).toEqual(reference.posterior);
  });

  test('a history that says little is importance sampling from the prior alone', () => {
    const weak = checkHistory(
      [{ month: 24, metric: 'customers', value: observed.customers[23], error: 2 }],
      inputs.base,
    );
    const r = simulate(withHistory(inputs, weak), { ...options, trials: 1000 })!;
    expect(r.posterior!.rounds).toHaveLength(1);
    expect(r.posterior!.ess).toBeGreaterThan(500);
  });
});

describe('the posterior in a pool of workers (the task pane runs it so)', () => {
  const options = { scenario: 'beekeeper' as const, trials: 600, seed: 3, sampling: 'lhs' as const };
  test('a worker fits it: the page thread only waits; a history that does not fit rejects with its reason', async () => {
    const pool = new SimulationPool(2, memoryHost());
    const far = checkHistory([{ month: 24, metric: 'customers', value: 1e6, error: 0.1 }], inputs.base);
    await expect(pool.run(withHistory(inputs, far), options)).rejects.toThrow(
      /the history does not fit the assumptions/,
    );
    // The pool is usable after the refusal.
    const run = (await pool.run(withHistory(inputs, history), options))!;
    await pool.close();
    expect(run.samples).toEqual(simulate(withHistory(inputs, history), options)!.samples);
  });

  test("a worker's fit reports its progress: from 0 through the chains to its total, before the first trial", async () => {
    const pool = new SimulationPool(2, memoryHost());
    const events: string[] = [];
    const fit: [number, number][] = [];
    await pool.run(withHistory(inputs, history), options, {
      onFitProgress: (done, total) => {
        fit.push([done, total]);
        events.push('fit');
      },
      onProgress: () => events.push('trials'),
    });
    await pool.close();
    const total = fit[0][1];
    expect(fit[0]).toEqual([0, total]);
    expect(fit[fit.length - 1]).toEqual([total, total]);
    expect(fit.every(([, t]) => t === total)).toBe(true);
    expect(fit.every(([done], i) => i === 0 || done >= fit[i - 1][0])).toBe(true);
    // The chains ran (this history moves the inputs): steps between the prior's draws and the end.
    expect(fit.filter(([done]) => done > 0 && done < total).length).toBeGreaterThan(10);
    expect(events.lastIndexOf('fit')).toBeLessThan(events.indexOf('trials'));
  });

  test('a history the prior fits well: the fit goes from 0 to its total at once', () => {
    const weak = checkHistory(
      [{ month: 24, metric: 'customers', value: observed.customers[23], error: 2 }],
      inputs.base,
    );
    const fit: [number, number][] = [];
    const plan = planRun(withHistory(inputs, weak), options, (done, total) => fit.push([done, total]));
    expect(plan.posterior!.rounds).toHaveLength(1);
    expect(fit).toEqual([
      [0, fit[0][1]],
      [fit[0][1], fit[0][1]],
    ]);
  });

  test('Cancel during the fit: the run resolves to undefined', async () => {
    const pool = new SimulationPool(2, memoryHost());
    const controller = new AbortController();
    const running = pool.run(withHistory(inputs, history), options, { signal: controller.signal });
    controller.abort();
    await expect(running).resolves.toBeUndefined();
    await pool.close();
  });
});

describe('a history the assumptions cannot reach', () => {
  test('is refused before any trial, naming the observation, the bound and the inputs to widen', () => {
    const far = checkHistory([{ month: 24, metric: 'customers', value: 1e6, error: 0.1 }], inputs.base);
    expect(() =>
      simulate(withHistory(inputs, far), { scenario: 'beekeeper', trials: 500, seed: 1, sampling: 'lhs' }),
    ).toThrow(
      /^the history does not fit the assumptions: customers in month 24 = 1,000,000, but the assumptions allow at most 171: widen (persuasion|imitation) or (persuasion|imitation)/,
    );
  });

  test('a history past the horizon is refused', () => {
    const late = [{ month: 24, metric: 'customers' as const, value: 10, error: 0.1 }];
    const short = readSimulationTable(tableKeeping(UNCERTAIN));
    expect(() =>
      simulate(
        { ...short, base: { ...short.base, months: 12 }, history: late },
        { scenario: 'beekeeper', trials: 500, seed: 1, sampling: 'lhs' },
      ),
    ).toThrow(/observes month 24, after the projection's last month \(12\)/);
  });
});
