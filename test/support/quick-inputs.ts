/**
 * The default uncertainty over a shorter horizon, for tests of how a run is split, carried and
 * merged (the pool, the workers, the protocol, the runners): what they check (the same numbers
 * to the bit, whatever the split) holds at any horizon, and a trial of 24 months costs 2/5 of
 * one of 60. The calibration and the report's figures keep the full default run.
 */
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { InputTable, SimulationInputs, readSimulationTable } from '../../src/engine/simulation-inputs';

/** The months of a quick run. */
export const QUICK_MONTHS = 24;

/**
 * The default simulation table with `months` set to `months`.
 *
 * @example quickTable().rows.find((r) => r[0].value === 'months')![1].value // 24
 */
export function quickTable(months = QUICK_MONTHS): InputTable {
  const table = defaultSimulationTable();
  return {
    ...table,
    rows: table.rows.map((row) =>
      row[0].value === 'months' ? [row[0], { ...row[1], value: months }, ...row.slice(2)] : row,
    ),
  };
}

/**
 * The default uncertainty over `months` months, read as a run reads it.
 *
 * @example quickInputs().base.months // 24
 */
export const quickInputs = (months = QUICK_MONTHS): SimulationInputs => readSimulationTable(quickTable(months));
