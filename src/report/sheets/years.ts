import { monthDates, monthText } from '../../model/calendar';
import { Assumptions } from '../../model/assumptions';
import { YEAR_FIGURES, YearFigure, YearSpan, yearSpans } from '../../model/years';
import { SimulationRun, YEARLY_STATISTICS, YearlyStatistic } from '../../engine/simulation';
import type { SimulationAnalysis } from '../../engine/simulation-results';
import { MEASURE_FORMATS, YEAR_LABELS } from '../labels';
import { CURRENCY_SYMBOL, CellValue, FORMATS, NumberFormat, ReportSheet, TableColumn } from '../types';
import { SheetLayout, column } from '../layout';

/**
 * Beekeeper Years (workbook.md v3): for each (fiscal) year and scenario, the base case of every
 * yearly figure and the P10, P50 and P90 over the trials of all but the ratios and financing
 * (YEARLY_STATISTICS); the SaaS metrics defined in a note; the yearly ARR bridge of the base case
 * as a column chart over a small table of its own. The years run across, one column each (the
 * spec's "one row per fiscal year" turned round: see {@link yearsSheet}).
 */

const PERCENTILES = [
  ['P10', 'p10'],
  ['P50', 'p50'],
  ['P90', 'p90'],
] as const;

const hasStatistics = (f: YearFigure): f is YearlyStatistic => (YEARLY_STATISTICS as readonly string[]).includes(f);

/** The header of a yearly figure's base-case column. @example yearHeader('revenue') // "Revenue, year (base case)" */
export const yearHeader = (f: YearFigure, statistic = 'base case'): string =>
  statistic === 'base case' ? `${YEAR_LABELS[f].label(0)} (base case)` : `${YEAR_LABELS[f].label(0)} ${statistic}`;

/**
 * A year's label on the sheet: a year of fewer than 12 months says how many it holds.
 *
 * @example yearLabel({ label: 'FY2027', firstMonth: 1, lastMonth: 6, partial: true }) // "FY2027 (6 months)"
 */
export function yearLabel(span: YearSpan): string {
  const n = span.lastMonth - span.firstMonth + 1;
  return span.partial ? `${span.label} (${n} month${n === 1 ? '' : 's'})` : span.label;
}

/** The months a year holds, as text: "1 to 12", or with startDate "2027-01 to 2027-06". */
function monthsText(span: YearSpan, a: Assumptions): string {
  if (a.startDate === 0) return `${span.firstMonth} to ${span.lastMonth}`;
  const dates = monthDates(a.startDate, span.lastMonth);
  const [from, to] = [span.firstMonth, span.lastMonth].map((m) => monthText(dates[m - 1]));
  return `${from} to ${to}`;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The label of a statistic's row: the base case, or a percentile over the trials. */
const BASE_CASE = 'base case';

/**
 * The sheet: one column per (fiscal) year, one row per figure and statistic, as a board pack
 * reads years across. The spec's one row per year was measured in LibreOffice and refused: its 35
 * columns (year, months, 18 base-case figures, 15 percentiles), each 14 characters wide with its
 * header wrapped, printed the sheet on 9 landscape pages at 70 %; this way it prints on 3 at 78 %
 * (a default 1,000-trial report, `node scripts/measure-print.js`), which keeps Summary, Years and
 * Sensitivity within the 6 pages the spec asks of them.
 */
export function yearsSheet(run: SimulationRun, analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const a = run.inputs.base;
  const spans = yearSpans(a);
  const compare = run.scenarios.length > 1;
  const format = (f: YearFigure) => MEASURE_FORMATS[YEAR_LABELS[f].measure];
  const titleColumns: TableColumn[] = [...(compare ? [column('Scenario')] : []), column('Figure'), column('Statistic')];
  const columns = [...titleColumns, ...spans.map((span) => column(yearLabel(span), FORMATS.general, true))];
  const rows: CellValue[][] = [];
  const formats: NumberFormat[] = [];
  const add = (
    scenario: string,
    label: string,
    statistic: string | null,
    values: CellValue[],
    rowFormat: NumberFormat,
  ) => {
    rows.push([...(compare ? [scenario] : []), label, statistic, ...values]);
    formats.push(rowFormat);
  };
  run.scenarios.forEach((s, i) => {
    const base = analysis.scenarios[i].baseCase.years; // analyze() keeps the run's order
    add(
      s.scenario,
      'Months',
      null,
      spans.map((span) => monthsText(span, a)),
      FORMATS.text,
    );
    for (const f of YEAR_FIGURES) {
      const label = YEAR_LABELS[f].label(0);
      // Not meaningful: an empty cell.
      add(
        s.scenario,
        label,
        BASE_CASE,
        base.map((y) => y[f] ?? null),
        format(f),
      );
      if (hasStatistics(f))
        for (const [p, key] of PERCENTILES) add(s.scenario, label, p, Array.from(s.yearly[f][key]), format(f));
    }
  });
  layout.table('BeekeeperYears', columns, rows, formats);
  notes(layout, a);

  bridgeChart(run, analysis, layout, spans);
  return layout.sheet('Beekeeper Years', 'years', 1, {
    print: {
      orientation: 'landscape',
      // A column per year: one page wide; the header row and the figure's name repeat on every page.
      fitToWidth: true,
      titleRows: [0, 0],
      titleColumns: [0, titleColumns.length - 1],
    },
  });
}

/** The note under the table: what the years are, what is the base case's, the SaaS metrics' definitions. */
function notes(layout: SheetLayout, a: Assumptions): void {
  const years =
    a.startDate === 0
      ? 'Years are of 12 months from month 1 (the model has no start date).'
      : a.fiscalYearStart === 1
        ? 'Years are calendar years.'
        : `Years are fiscal years starting in ${MONTH_NAMES[a.fiscalYearStart - 1]} (fiscalYearStart ${a.fiscalYearStart}), ` +
          'each named by the calendar year it ends in.';
  layout.note(
    `${years} A year of fewer than 12 months is marked with the months it holds; its figures are over those months ` +
      '(not annualised), and growth across it is left out (the rule of 40 of that year and the next).',
  );
  layout.note(
    "Base case: the deterministic projection at the table's values, with the plan (what OSS.PROJECTION gives). " +
      'P10, P50 and P90 are over the trials, year by year (the P50s of different years come from different trials), within 0.1 % of the ' +
      "exact percentiles. They are kept for every figure but financing (the plan's rounds, the same in every trial) and the ratios " +
      "(gross margin and the SaaS metrics), which are the base case's: in some trials a ratio is not meaningful (no revenue, no net " +
      "new ARR), and a percentile over the other trials would describe a different set of trials from its neighbours'.",
  );
  layout.note(
    "Revenue, the ARR bridge, operating cash flow and financing (the plan's funding rounds) are sums over the year; ARR, customers, " +
      'community members, engineers and cash are at its last month. ARR at the start of the year + new + expansion − churned ARR = ' +
      'ARR at its end. Gross margin = 1 − cost of revenue ÷ revenue, over the year. An empty cell: the figure is not meaningful that year.',
  );
  layout.note(
    "Net dollar retention = the ARR at the year's end of the customers who were customers at its start ÷ their ARR at the start; " +
      "in the model, the product over the year's months of (1 − churn)(1 + expansion): the opening cohort's carry (new customers' " +
      'expansion does not count).',
  );
  layout.note(
    'Burn multiple = net burn ÷ net new ARR, the definition investors use (David Sacks): net burn is −operating cash flow when it is ' +
      "negative, else 0; net new ARR is ARR at the year's end − ARR at its start. Not meaningful (empty) when net new ARR ≤ 0.",
  );
  layout.note(
    'CAC payback, months = acquisition spend (acquisition cost × new customers) ÷ (new ARR × gross margin) × 12. Not meaningful when ' +
      'new ARR × gross margin ≤ 0.',
  );
  layout.note(
    "Magic number = net new ARR ÷ the year's sales and marketing spend. Not meaningful when that spend is 0.",
  );
  layout.note(
    'Rule of 40 = revenue growth over the year before + operating cash-flow margin (operating cash flow ÷ revenue). Not meaningful ' +
      'for the first year, for a year of fewer than 12 months and the year after one, and when this year or the one before has no revenue.',
  );
  layout.row++;
}

/** The yearly ARR bridge of the base case (first scenario): a column chart over its table. */
function bridgeChart(run: SimulationRun, analysis: SimulationAnalysis, layout: SheetLayout, spans: YearSpan[]): void {
  const { scenario, baseCase } = analysis.scenarios[0];
  const bridge = ['openingArr', 'newArr', 'expansionArr'] as const;
  const title =
    `ARR bridge by year, base case${run.scenarios.length > 1 ? ` (${scenario})` : ''}: ` +
    'ARR at the start, + new, + expansion, − churned, ARR at the end';
  layout.newPage();
  layout.label(`Chart: ${title}`);
  // Short headers (they name the chart's series): the table's columns are the year columns above.
  const headers = ['Opening ARR', 'New ARR', 'Expansion ARR', 'Churned ARR (negative)', 'Closing ARR'];
  layout.chart(
    {
      kind: 'column',
      title,
      categoryColumn: 'Year',
      seriesColumns: headers,
      xTitle: 'year',
      yTitle: `ARR (${CURRENCY_SYMBOL})`,
    },
    (l) =>
      l.table(
        'BeekeeperArrBridge',
        [column('Year'), ...headers.map((h) => column(h, FORMATS.currency))],
        spans.map((span, y) => {
          const year = baseCase.years[y];
          // Churned ARR as a negative number, so that its bars go down.
          return [yearLabel(span), ...bridge.map((f) => year[f]!), -year.churnedArr!, year.closingArr!];
        }),
      ),
    // Below its table, as wide as the Years table, which then sets the printed width alone.
    { width: Math.max(6, 2 + spans.length + (run.scenarios.length > 1 ? 1 : 0)) },
  );
  layout.note(
    'The bars: ARR at the start of each year, the new and expansion ARR it adds, the churned ARR it loses (below 0), and ARR at ' +
      'its end. Sums over the year; figures of the base case.',
  );
}
