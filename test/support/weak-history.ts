/**
 * A weak history for tests of hosts (model.md v3, "History"): a few observations with a large
 * error, which the posterior method fits with a healthy effective sample size. Customers at
 * months 12 and 24 and members at month 12, from the base case of the default assumptions times
 * 1.1, error 0.3.
 */
import { projectMonthly } from '../../src/model/projection';
import { readSimulationTable } from '../../src/engine/simulation-inputs';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';

export interface HistoryRow {
  readonly month: number;
  readonly metric: string;
  readonly value: number;
  readonly error: number;
}

/** The rows, in month order, values rounded to whole numbers (as a founder would type them). */
export function weakHistory(): HistoryRow[] {
  const base = readSimulationTable(defaultSimulationTable()).base;
  const series = projectMonthly(base, 'beekeeper');
  const at = (metric: 'customers' | 'members', month: number) => Math.round(series[metric][month - 1] * 1.1);
  return [
    { month: 12, metric: 'customers', value: at('customers', 12), error: 0.3 },
    { month: 12, metric: 'members', value: at('members', 12), error: 0.3 },
    { month: 24, metric: 'customers', value: at('customers', 24), error: 0.3 },
  ];
}

/** The rows as CSV text, header month,metric,value,error. */
export const weakHistoryCsv = (rows = weakHistory()): string =>
  'month,metric,value,error\n' + rows.map((r) => [r.month, r.metric, r.value, r.error].join(',')).join('\n') + '\n';
