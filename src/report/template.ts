import type { InputTable } from '../engine/simulation-inputs';
import { DISTRIBUTION_NAMES } from '../engine/distributions';
import { FORMATS, Report, ReportCell, TableColumn } from './types';
import { fitWidths } from './build';

/**
 * The assumptions workbook that `beekeeper template` writes and `simulate --assumptions`
 * reads back: one real table, `name | value | distribution | p1 | p2 | p3 | unit | description`.
 */

/** The table's columns, in the order of workbook.md. */
export const TEMPLATE_COLUMNS = ['name', 'value', 'distribution', 'p1', 'p2', 'p3', 'unit', 'description'] as const;

/**
 * The template report of an assumptions table.
 *
 * @example buildTemplate(defaultSimulationTable(), '0.1.0').sheets[0].tables[0].name // "BeekeeperAssumptions"
 */
export function buildTemplate(table: InputTable, version: string): Report {
  const headers = table.header.map((c) => String(c.value ?? ''));
  const rows = table.rows.map((row) =>
    TEMPLATE_COLUMNS.map((name) => {
      const value = row[headers.indexOf(name)]?.value;
      return value === undefined || value === '' ? null : (value as string | number | null);
    }),
  );
  const columns: TableColumn[] = TEMPLATE_COLUMNS.map((header) => ({
    header,
    format:
      header === 'name' || header === 'distribution' || header === 'unit' || header === 'description'
        ? FORMATS.text
        : FORMATS.general,
  }));
  const tableRow = 0;
  const notesAt = rows.length + 3;
  const cells: ReportCell[] = [
    `Beekeeper ${version}: the assumptions of a simulation. Edit value, distribution and p1 to p3; keep the names.`,
    'An empty distribution: the assumption is fixed at its value. Distributions and their parameters:',
    `uniform (min, max) · triangular (min, mode, max) · pert (min, mode, max) · normal (mean, sd) · lognormal (mean, sd) · metalog (P10, P50, P90)`,
    `(${DISTRIBUTION_NAMES.join(', ')}.) Every value a distribution can sample must lie in the assumption's valid range.`,
    'Run it: beekeeper simulate --assumptions <this file>',
  ].map((value, i) => ({ row: notesAt + i, column: 0, value, style: 'note' as const }));
  const tables = [{ name: 'BeekeeperAssumptions', row: tableRow, column: 0, columns, rows }];
  return {
    sheets: [
      {
        name: 'Beekeeper Assumptions',
        kind: 'assumptions',
        cells,
        tables,
        charts: [],
        freeze: { rows: 1, columns: 1 },
        columnWidths: fitWidths(cells, tables),
      },
    ],
  };
}
