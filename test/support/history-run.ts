/**
 * A run conditioned on a weak history, for the tests of the Fit sheet and of its charts in both
 * writers: the default table's base case, 10 % above, observed as customers at months 12 and 24
 * and community members at month 12, each with an error of 0.3 (a history the method fits with
 * a high effective sample size: about 1,300 of 2,000 at seed 1).
 */
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { SimulationInputs, readSimulationTable, withHistory } from '../../src/engine/simulation-inputs';
import { SimulationOptions, SimulationRun, simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { projectMonthly } from '../../src/model/projection';
import { InputTable } from '../../src/model/input-table';
import { History } from '../../src/model/history';
import { buildReport } from '../../src/report/build';
import { Report } from '../../src/report/types';

/** The default table with `name`'s value replaced (e.g. startDate "2027-01"). */
export function tableWith(values: Record<string, unknown>): InputTable {
  const table = defaultSimulationTable();
  return {
    ...table,
    rows: table.rows.map((row) =>
      String(row[0].value) in values
        ? [row[0], { ...row[1], value: values[String(row[0].value)] }, ...row.slice(2)]
        : row,
    ),
  };
}

/** The weak history of the base case of `inputs`: customers at months 12 and 24, members at 12, × 1.1, error 0.3. */
export function weakHistory(inputs: SimulationInputs): History {
  const base = projectMonthly(inputs.base, 'beekeeper');
  return [
    { month: 12, metric: 'customers', value: base.customers[11] * 1.1, error: 0.3 },
    { month: 24, metric: 'customers', value: base.customers[23] * 1.1, error: 0.3 },
    { month: 12, metric: 'members', value: base.members[11] * 1.1, error: 0.3 },
  ];
}

/** A run of the default table (or `table`) conditioned on its weak history. */
export function historyRun(
  options: Partial<SimulationOptions> = {},
  table: InputTable = defaultSimulationTable(),
): SimulationRun {
  const inputs = readSimulationTable(table);
  return simulate(withHistory(inputs, weakHistory(inputs)), {
    scenario: 'beekeeper',
    trials: 500,
    seed: 1,
    sampling: 'lhs',
    ...options,
  })!;
}

export const HISTORY_RUN_INFO = {
  version: 'test',
  startedAt: new Date('2025-03-30T00:30:00Z'),
  utcOffsetMinutes: 60,
  seconds: 1.5,
  trialsSheet: false,
  source: 'defaults',
} as const;

/** The report of {@link historyRun}. */
export function historyReport(run: SimulationRun = historyRun()): Report {
  return buildReport(run, analyze(run), HISTORY_RUN_INFO);
}
