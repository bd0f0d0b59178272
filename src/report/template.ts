import type { InputTable } from '../engine/simulation-inputs';
import { DISTRIBUTION_NAMES } from '../engine/distributions';
import { PLANNABLE } from '../model/plan';
import { DEFAULT_HISTORY_ERROR, HISTORY_METRICS } from '../model/history';
import { FORMATS, Report, ReportCell, ReportSheet, TableColumn } from './types';
import { fitWidths } from './layout';

/**
 * The assumptions workbook that `beekeeper template` writes and `simulate --assumptions` (and
 * `project --assumptions`) read back: the real table `name | value | distribution | p1 | p2 |
 * p3 | unit | description`, on a sheet of its own the plan, `month | name | value | note`, on
 * another the correlations, `name1 | name2 | correlation | note`, and on a third the history,
 * `month | metric | value | error | note`, all empty: the unedited template runs the defaults.
 */

/** The table's columns, in the order of workbook.md. */
export const TEMPLATE_COLUMNS = ['name', 'value', 'distribution', 'p1', 'p2', 'p3', 'unit', 'description'] as const;

/**
 * The template report of an assumptions table.
 *
 * @example buildTemplate(defaultSimulationTable(), '0.1.0').sheets[0].tables[0].name // "BeekeeperAssumptions"
 * @example buildTemplate(defaultSimulationTable(), '0.1.0').sheets[1].tables[0].name // "BeekeeperPlan"
 * @example buildTemplate(defaultSimulationTable(), '0.1.0').sheets[2].tables[0].name // "BeekeeperCorrelations"
 * @example buildTemplate(defaultSimulationTable(), '0.1.0').sheets[3].tables[0].name // "BeekeeperHistory"
 */
export function buildTemplate(table: InputTable, version: string, filled: TemplateRows = {}): Report {
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
    'The plan (funding rounds, price changes, a hiring plan) is on the sheet Beekeeper Plan; left empty, there is none.',
    'Rank correlations between uncertain inputs are on the sheet Beekeeper Correlations; left empty, inputs are independent.',
    'What already happened (members, customers, ARR… by month) is on the sheet Beekeeper History; filled, simulate conditions its trials on it.',
    'Run it: beekeeper simulate --assumptions <this file>, or beekeeper project --assumptions <this file>',
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
      planSheet(filled.plan ?? []),
      correlationsSheet(filled.correlations ?? []),
      historySheet(),
    ],
  };
}

/** Rows to put in the template's plan and correlation tables (`beekeeper fit`): empty by default. */
export interface TemplateRows {
  /** month, name, value, note */
  readonly plan?: readonly (readonly (string | number | null)[])[];
  /** name1, name2, correlation, note */
  readonly correlations?: readonly (readonly (string | number | null)[])[];
}

/** The correlation table's columns: the three the reader reads, and a note for the user's own words (ignored). */
export const CORRELATION_TEMPLATE_COLUMNS = ['name1', 'name2', 'correlation', 'note'] as const;

/**
 * The sheet "Beekeeper Correlations": notes on what a row is, then the table
 * BeekeeperCorrelations with its header only (model.md v3, "Correlated inputs"). Marked as part
 * of the assumptions, as the plan's sheet is.
 */
function correlationsSheet(given: NonNullable<TemplateRows['correlations']>): ReportSheet {
  const notes = [
    'Correlations: the Spearman rank correlation of two uncertain inputs, one row each (model.md v3). Leave the table empty for none.',
    'name1, name2: two different assumptions that have a distribution; correlation: −1 to 1. Pairs not given are 0 (independent).',
    'The samples keep their distributions exactly; only their order changes (Iman–Conover), so that the ranks correlate as given.',
    'Together they must be a valid correlation matrix: a set that cannot hold (a–b 0.9, b–c 0.9, a–c −0.9) is refused, naming the pair.',
    'For example: marketSize | organizations | 0.8 · annualContractValue | acquisitionCost | 0.5. The note column is yours.',
  ];
  const cells: ReportCell[] = notes.map((value, i) => ({ row: i, column: 0, value, style: 'note', overflows: true }));
  const tableRow = notes.length + 1;
  const tables = [
    {
      name: 'BeekeeperCorrelations',
      row: tableRow,
      column: 0,
      columns: CORRELATION_TEMPLATE_COLUMNS.map((header): TableColumn => ({
        header,
        format: header === 'correlation' ? FORMATS.general : FORMATS.text,
      })),
      rows: given.map((row) => [...row]),
    },
  ];
  return {
    name: 'Beekeeper Correlations',
    kind: 'assumptions',
    cells,
    tables,
    charts: [],
    freeze: { rows: tableRow + 1, columns: 0 },
    columnWidths: fitWidths(cells, tables).map((w, c) => (c <= 1 ? Math.max(w, 22) : w)),
  };
}

/** The history table's columns: the four the reader reads, and a note for the user's own words (ignored). */
export const HISTORY_TEMPLATE_COLUMNS = ['month', 'metric', 'value', 'error', 'note'] as const;

/**
 * The sheet "Beekeeper History": notes on what a row is, then the table BeekeeperHistory with its
 * header only (model.md v3, "History: uncertainty conditioned on what happened"). Marked as part
 * of the assumptions, as the plan's sheet is.
 */
function historySheet(): ReportSheet {
  const notes = [
    'The history: what was observed, one row per metric and month (model.md v3). Leave the table empty for none.',
    "month: as in the plan, 1 to months (month 1 is the history's first), or with startDate set a calendar month such as 2027-09.",
    `metric: ${HISTORY_METRICS.join(', ')}. value: > 0 (cash: any sign but 0). One row per metric and month.`,
    `error: optional, σ of ln value (cash: relative to it), ${DEFAULT_HISTORY_ERROR} by default (about ±10 %); larger for a rougher figure.`,
    "With a history, simulate's trials are the assumptions' distributions conditioned on it; the months after it are the forecast.",
    'For example: 12 | customers | 40 | 0.3 · 24 | arr | 1500000. The note column is yours.',
  ];
  const cells: ReportCell[] = notes.map((value, i) => ({ row: i, column: 0, value, style: 'note', overflows: true }));
  const tableRow = notes.length + 1;
  const tables = [
    {
      name: 'BeekeeperHistory',
      row: tableRow,
      column: 0,
      columns: HISTORY_TEMPLATE_COLUMNS.map((header): TableColumn => ({
        header,
        format: header === 'metric' || header === 'note' ? FORMATS.text : FORMATS.general,
      })),
      rows: [],
    },
  ];
  return {
    name: 'Beekeeper History',
    kind: 'assumptions',
    cells,
    tables,
    charts: [],
    freeze: { rows: tableRow + 1, columns: 0 },
    columnWidths: fitWidths(cells, tables).map((w, c) => (c === 1 ? Math.max(w, 14) : w)),
  };
}

/** The plan table's columns: the three a plan reads, and a note for the user's own words (ignored). */
export const PLAN_TEMPLATE_COLUMNS = ['month', 'name', 'value', 'note'] as const;

/**
 * The sheet "Beekeeper Plan": notes on what a row is, then the table BeekeeperPlan with its
 * header only. The notes stand above the table, not below: a table grows downwards as rows are
 * added. It is marked as part of the assumptions (its kind), so that `template --force` replaces
 * a template whole and a run never writes over one.
 */
function planSheet(given: NonNullable<TemplateRows['plan']>): ReportSheet {
  const notes = [
    'The plan: decisions over time, one row each (model.md v3). Leave the table empty for no plan.',
    'month: the first month the row applies, 1 to months; or, with startDate set, a calendar month such as 2027-09.',
    `name: ${PLANNABLE.join(', ')} (a step change, from that month on);`,
    'engineers (a headcount plan, in place of the reinvestment rule); funding (money raised in that month).',
    'For example: 9 | funding | 20000000 · 13 | annualContractValue | 36000 · 4 | engineers | 40. The note column is yours.',
  ];
  const cells: ReportCell[] = notes.map((value, i) => ({ row: i, column: 0, value, style: 'note', overflows: true }));
  const tableRow = notes.length + 1;
  const tables = [
    {
      name: 'BeekeeperPlan',
      row: tableRow,
      column: 0,
      columns: PLAN_TEMPLATE_COLUMNS.map((header): TableColumn => ({
        header,
        format: header === 'name' || header === 'note' ? FORMATS.text : FORMATS.general,
      })),
      rows: given.map((row) => [...row]),
    },
  ];
  return {
    name: 'Beekeeper Plan',
    kind: 'assumptions',
    cells,
    tables,
    charts: [],
    freeze: { rows: tableRow + 1, columns: 0 },
    columnWidths: fitWidths(cells, tables).map((w, c) => (c === 1 ? Math.max(w, 22) : w)),
  };
}
