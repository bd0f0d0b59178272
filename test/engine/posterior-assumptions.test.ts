/**
 * The posterior written back as assumptions (issue 17, `beekeeper fit`): a run of them, without
 * the history, reproduces the posterior run's ARR P10, P50 and P90 at the horizon within 5 %.
 */
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { fittedAssumptions } from '../../src/engine/posterior-assumptions';
import { simulate } from '../../src/engine/simulation';
import { readSimulationTable, withCorrelations, withHistory } from '../../src/engine/simulation-inputs';
import { percentileSorted } from '../../src/engine/statistics';
import { checkHistory } from '../../src/model/history';
import type { InputTable } from '../../src/model/input-table';
import { projectMonthly } from '../../src/model/projection';

const table = defaultSimulationTable();
const inputs = readSimulationTable(table);
// Two years of members, customers and ARR around the default projection, ±5 % written out.
const s = projectMonthly(inputs.base, 'beekeeper');
const rows = [];
for (let m = 1; m <= 24; m++)
  for (const metric of ['members', 'customers', 'arr'] as const)
    if (s[metric][m - 1] > 0)
      rows.push({ month: m, metric, value: s[metric][m - 1] * (1 + 0.05 * Math.sin(7 * m + metric.length)) });
const history = checkHistory(rows, inputs.base);

/** The default table with the fitted rows in place of the uncertain inputs'. */
function tableWith(fitted: ReturnType<typeof fittedAssumptions>): InputTable {
  const col = (name: string) => table.header.findIndex((c) => c.value === name);
  return {
    ...table,
    rows: table.rows.map((row) => {
      const f = fitted.rows.find((r) => r.name === row[0].value);
      if (!f) return row;
      return row.map((c, j) => {
        const key = (['value', 'distribution', 'p1', 'p2', 'p3'] as const).find((k) => col(k) === j);
        return key ? { ...c, value: f[key] } : c;
      });
    }),
  };
}

test('a run of the fitted assumptions reproduces the posterior run: ARR at the horizon within 5 % at P10, P50, P90', () => {
  const options = { scenario: 'beekeeper' as const, trials: 6000, seed: 1, sampling: 'lhs' as const };
  const posterior = simulate(withHistory(inputs, history), options)!;
  const fitted = fittedAssumptions(posterior);
  expect(fitted.rows.map((r) => r.name)).toEqual(inputs.uncertain.map((u) => u.name));
  const refit = withCorrelations(
    readSimulationTable(tableWith(fitted)),
    fitted.correlations.map((c) => ({ a: c.a, b: c.b, correlation: c.correlation })),
  );
  const again = simulate(refit, { ...options, seed: 2 })!;
  const arr = (run: typeof posterior) => {
    const sorted = Float64Array.from(run.scenarios[0].kpis.arr).sort();
    return [0.1, 0.5, 0.9].map((p) => percentileSorted(sorted, p));
  };
  const [want, got] = [arr(posterior), arr(again)];
  const deviations = want.map((w, i) => Math.abs(got[i] - w) / w);
  console.log(
    `fit round trip: ${fitted.correlations.length} correlations, ${fitted.notes.length} notes; ARR P10/P50/P90 ` +
      `${want.map((x) => (x / 1e6).toFixed(2))} M against ${got.map((x) => (x / 1e6).toFixed(2))} M ` +
      `(deviations ${deviations.map((d) => (100 * d).toFixed(1))} %)`,
  );
  for (const d of deviations) expect(d).toBeLessThan(0.05);
  // Without the correlations the round trip is worse: they carry what the history taught.
  const independent = simulate(readSimulationTable(tableWith(fitted)), { ...options, trials: 2000, seed: 2 })!;
  const spread = (x: number[]) => x[2] - x[0];
  console.log(`without the correlations: ARR P10/P50/P90 ${arr(independent).map((x) => (x / 1e6).toFixed(2))} M`);
  expect(Math.abs(spread(arr(independent)) - spread(want))).toBeGreaterThan(Math.abs(spread(got) - spread(want)));
}, 120_000);
