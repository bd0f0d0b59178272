import { monthDates } from '../../model/calendar';
import type { MonthlyOutput } from '../../model/projection';
import { MONTHLY_STATISTICS, MonthlyStatistic, SimulationRun } from '../../engine/simulation';
import type { SimulationAnalysis } from '../../engine/simulation-results';
import { MEASURE_FORMATS, MONTHLY_LABELS, MONTHLY_UNIT_LABELS } from '../labels';
import { FORMATS, ReportSheet, TableColumn } from '../types';
import { SheetLayout, column } from '../layout';

/**
 * Beekeeper Monthly: each month's base case and statistics of the monthly outputs (workbook.md
 * v3): for every output a run keeps statistics of (MONTHLY_STATISTICS), the base case, mean, P10,
 * P50 and P90; financing, the plan's and the same in every trial, once.
 */

/** The outputs in the order a reader of a P&L takes them: the community, the P&L, cash, then ARR and its bridge. */
export const MONTHLY_COLUMNS = [
  'members',
  'customers',
  'revenue',
  'costOfRevenue',
  'engineeringCost',
  'salesMarketingCost',
  'otherCost',
  'cashFlow',
  'financing',
  'cash',
  'arr',
  'newArr',
  'expansionArr',
  'churnedArr',
  'engineers',
] as const satisfies readonly MonthlyOutput[];

const isStatistic = (o: MonthlyOutput): o is MonthlyStatistic => (MONTHLY_STATISTICS as readonly string[]).includes(o);

/** The statistics beside each output's base case, as headed and as read from the run. */
const STATISTICS = [
  ['mean', 'mean'],
  ['P10', 'p10'],
  ['P50', 'p50'],
  ['P90', 'p90'],
] as const;

/**
 * The header of an output's column: its label with its unit, and the statistic.
 *
 * @example monthlyHeader('cash', 'P50') // "Cash, end of month (P50)"
 * @example monthlyHeader('costOfRevenue') // "Cost of revenue, month (base case)"
 */
export const monthlyHeader = (o: MonthlyOutput, statistic = 'base case'): string =>
  `${MONTHLY_UNIT_LABELS[o]} (${statistic})`;

/** The header of a base-case column. @example baseCaseHeader('costOfRevenue') // "Cost of revenue, month (base case)" */
export const baseCaseHeader = (o: MonthlyOutput): string => monthlyHeader(o);

/** Financing's one column: the plan's rounds, the same in every trial. */
export const FINANCING_HEADER = monthlyHeader('financing', 'every trial');

/**
 * Monthly's print scale, in percent. The sheet is long and wide (five columns for each of 14
 * outputs): at 70 %, the smallest scale at which a page stays legible (issue 16), it prints on
 * about half the pages it takes at 100 %, with the header row and the month (and date) on every page.
 */
export const MONTHLY_PRINT_SCALE = 70;

export function monthlySheet(run: SimulationRun, analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const compare = run.scenarios.length > 1;
  const months = run.inputs.base.months;
  const format = (o: MonthlyOutput) => MEASURE_FORMATS[MONTHLY_LABELS[o].measure];
  // With startDate (model.md v3) each month also carries its calendar month, as an Excel date.
  const startDate = run.inputs.base.startDate;
  const dates = startDate > 0 ? monthDates(startDate, months) : undefined;
  const titleColumns: TableColumn[] = [
    ...(compare ? [column('Scenario')] : []),
    column('Month', FORMATS.month),
    ...(dates ? [column('Date', FORMATS.calendarMonth)] : []),
  ];
  layout.table(
    'BeekeeperMonthly',
    [
      ...titleColumns,
      ...MONTHLY_COLUMNS.flatMap((o) =>
        isStatistic(o)
          ? [column(baseCaseHeader(o), format(o)), ...STATISTICS.map(([h]) => column(monthlyHeader(o, h), format(o)))]
          : [column(FINANCING_HEADER, format(o))],
      ),
    ],
    run.scenarios.flatMap((s, i) => {
      const base = analysis.scenarios[i].baseCase.monthly; // analyze() keeps the run's order
      return Array.from({ length: months }, (_, m) => [
        ...(compare ? [s.scenario] : []),
        m + 1,
        ...(dates ? [dates[m]] : []),
        ...MONTHLY_COLUMNS.flatMap((o) =>
          isStatistic(o) ? [base[o][m], ...STATISTICS.map(([, key]) => s.monthly[o][key][m])] : [base[o][m]],
        ),
      ]);
    }),
  );
  layout.note(
    "Base case: the deterministic projection at the table's values, with the plan (what OSS.PROJECTION gives). " +
      'Means are exact; P10, P50 and P90 are within 0.1 % of the exact percentiles (quantile sketches, so memory does not grow with trials). ' +
      'Each column is a month-by-month statistic: the P50s of different months come from different trials.',
  );
  layout.note(
    "Financing is the plan's funding rounds: decisions, not uncertain, so the same in every trial, and shown once. " +
      'ARR at the end of a month = ARR at the end of the month before + new + expansion − churned ARR, in the base case and in every trial ' +
      '(not between percentiles: the P50s of the four come from different trials).',
  );
  return layout.sheet('Beekeeper Monthly', 'monthly', 1, {
    print: {
      orientation: 'landscape',
      fitToWidth: false,
      scale: MONTHLY_PRINT_SCALE,
      titleRows: [0, 0],
      titleColumns: [0, titleColumns.length - 1],
    },
  });
}
