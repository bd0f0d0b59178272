import { monthDates } from '../../model/calendar';
import type { MonthlyOutput } from '../../model/projection';
import { MONTHLY_STATISTICS, SimulationRun } from '../../engine/simulation';
import type { SimulationAnalysis } from '../../engine/simulation-results';
import { MEASURE_FORMATS, MONTHLY_LABELS, MONTHLY_UNIT_LABELS } from '../labels';
import { FORMATS, ReportSheet, TableColumn } from '../types';
import { SheetLayout, column } from '../layout';

/**
 * Beekeeper Monthly: each month's base case and statistics of the monthly outputs (workbook.md
 * v3): for the seven outputs a run keeps statistics of, the base case, mean, P10, P50 and P90;
 * for the P&L lines, financing and the ARR bridge, the base case alone.
 */

/**
 * The monthly figures shown for the base case only: percentiles of these are not kept (seven
 * more monthly sketches measured +31 % run time). Operating cash flow is among the seven.
 */
export const MONTHLY_BASE_CASE_ONLY = [
  'costOfRevenue',
  'engineeringCost',
  'salesMarketingCost',
  'otherCost',
  'financing',
  'newArr',
  'expansionArr',
  'churnedArr',
] as const satisfies readonly MonthlyOutput[];

/** The header of a base-case column. @example baseCaseHeader('costOfRevenue') // "Cost of revenue, month (base case)" */
export const baseCaseHeader = (o: MonthlyOutput): string => `${MONTHLY_UNIT_LABELS[o]} (base case)`;

export function monthlySheet(run: SimulationRun, analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const compare = run.scenarios.length > 1;
  const statistics = ['mean', 'P10', 'P50', 'P90'] as const;
  const read = { mean: 'mean', P10: 'p10', P50: 'p50', P90: 'p90' } as const;
  const months = run.inputs.base.months;
  const header = (o: (typeof MONTHLY_STATISTICS)[number], s: string) =>
    `${MONTHLY_LABELS[o].label(months)} ${s === 'mean' ? 'mean' : s}`;
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
      ...MONTHLY_STATISTICS.flatMap((o) => [
        column(baseCaseHeader(o), format(o)),
        ...statistics.map((s) => column(header(o, s), format(o))),
      ]),
      ...MONTHLY_BASE_CASE_ONLY.map((o) => column(baseCaseHeader(o), format(o))),
    ],
    run.scenarios.flatMap((s, i) => {
      const base = analysis.scenarios[i].baseCase.monthly; // analyze() keeps the run's order
      return Array.from({ length: months }, (_, m) => [
        ...(compare ? [s.scenario] : []),
        m + 1,
        ...(dates ? [dates[m]] : []),
        ...MONTHLY_STATISTICS.flatMap((o) => [base[o][m], ...statistics.map((stat) => s.monthly[o][read[stat]][m])]),
        ...MONTHLY_BASE_CASE_ONLY.map((o) => base[o][m]),
      ]);
    }),
  );
  layout.note(
    "Base case: the deterministic projection at the table's values, with the plan (what OSS.PROJECTION gives). " +
      'Means are exact; P10, P50 and P90 are within 0.1 % of the exact percentiles (quantile sketches, so memory does not grow with trials). ' +
      'Each column is a month-by-month statistic: the P50s of different months come from different trials.',
  );
  layout.note(
    'Percentiles are kept for the seven outputs (community members, customers, revenue, ARR, engineers, operating cash flow and cash); ' +
      "the P&L lines (cost of revenue, engineering, sales and marketing, G&A), financing (the plan's funding rounds) and the ARR bridge " +
      "(new, expansion and churned ARR) are the base case's: percentiles of them would cost a quantile sketch per figure and month in every " +
      'trial (seven more monthly figures measured 31 % more run time).',
  );
  return layout.sheet('Beekeeper Monthly', 'monthly', 1, {
    print: {
      orientation: 'landscape',
      // Long and wide: printed at full size, the header row and the month (and date) repeat on every page.
      fitToWidth: false,
      titleRows: [0, 0],
      titleColumns: [0, titleColumns.length - 1],
    },
  });
}
