import { monthDates } from '../../model/calendar';
import { HISTORY_METRICS, HistoryMetric } from '../../model/history';
import { SimulationRun } from '../../engine/simulation';
import { percentileSorted } from '../../engine/statistics';
import { INPUT_FORMATS, MEASURE_FORMATS, MONTHLY_LABELS, MONTHLY_UNIT_LABELS, assumptionLabel } from '../labels';
import { CURRENCY_SYMBOL, CellValue, FORMATS, NumberFormat, ReportSheet, SeriesStyle } from '../types';
import { SheetLayout, column, count, fitWidths, wrappedColumn } from '../layout';
import { MIN_PRINT_SCALE, ROW_POINTS, TITLE_ROW_POINTS, columnPoints, fittingScale } from '../print';

/**
 * Beekeeper Fit (issue 17; model.md v3, "History: uncertainty conditioned on what happened"):
 * what a history did to the run, for a run conditioned on one (run.posterior). Page 1: the fit
 * (observations, the last month observed, the effective sample size, the method) and the table
 * BeekeeperFit, each uncertain input's prior and posterior P10, P50, P90. Then a page per
 * observed metric: a chart of the history's points over the posterior's P10–P90 band, every
 * month of the run (the months after the last observation are the forecast), and the prior's
 * P10–P90 at each observation's month, lighter; the value axis in powers of ten but for cash,
 * so that the history's months read as well as the forecast's. Each chart's data is a table of its own, to the
 * right of the printed columns (as the Summary's charts' data is).
 */

/** The rows a chart takes on its printed page (at 15 points a row, within a landscape page at 70 %). */
export const FIT_CHART_ROWS = 34;

/** The width of the input's label, in characters: longer labels wrap (as on Beekeeper Inputs). */
const INPUT_WIDTH = 24;

/** The posterior's percentiles shown, with the quantile each is. */
const PERCENTILES = [
  ['P10', 0.1],
  ['P50', 0.5],
  ['P90', 0.9],
] as const;

/** The charts' colours: the posterior's band dark, the prior's the same blue lighter, the history near-black. */
export const FIT_COLORS = { posterior: '#2F5597', prior: '#9DC3E6', observed: '#262626' } as const;

/** The headers of a chart's series, in the order drawn (the history last, so on top). */
export const FIT_SERIES = ['Posterior P10', 'Posterior P90', 'Prior P10', 'Prior P90', 'Observed'] as const;

const SERIES_STYLES: readonly SeriesStyle[] = [
  { draw: 'line', color: FIT_COLORS.posterior },
  { draw: 'line', color: FIT_COLORS.posterior },
  // Known at the observations' months only: a dash at each, above and below the point.
  { draw: 'markers', color: FIT_COLORS.prior, marker: 'dash' },
  { draw: 'markers', color: FIT_COLORS.prior, marker: 'dash' },
  { draw: 'markers', color: FIT_COLORS.observed, marker: 'circle' },
];

/** Formats by their decimals, 0 to 6. */
const BY_DECIMALS: readonly NumberFormat[] = [
  FORMATS.whole,
  FORMATS.oneDecimal,
  FORMATS.decimal,
  FORMATS.threeDecimals,
  FORMATS.fourDecimals,
  FORMATS.fiveDecimals,
  FORMATS.sixDecimals,
];

/**
 * The format of a row of percentiles of an input shown as typed (General, in Beekeeper Inputs):
 * General would show a computed value's 15 digits, so three significant figures of the row's
 * smallest value instead, with at most six decimals.
 *
 * @example percentileFormat([0.00026, 0.00053, 0.00084]) // "0.000000": 0.000260, 0.000530, 0.000840
 * @example percentileFormat([0.24, 0.42, 0.58]) // "0.000"
 */
export function percentileFormat(values: readonly number[]): NumberFormat {
  const sizes = values.map(Math.abs).filter((v) => v > 0 && Number.isFinite(v));
  if (sizes.length === 0) return FORMATS.decimal;
  let smallest = Math.min(...sizes);
  let decimals = 0;
  while (smallest < 100 && decimals < BY_DECIMALS.length - 1) {
    smallest *= 10;
    decimals++;
  }
  return BY_DECIMALS[decimals];
}

/**
 * The table name of a metric's chart data: "BeekeeperFitCustomers".
 *
 * @example fitTableName('arr') // "BeekeeperFitArr"
 */
export const fitTableName = (metric: HistoryMetric): string =>
  `BeekeeperFit${metric[0].toUpperCase()}${metric.slice(1)}`;

/**
 * The Fit sheet of a run conditioned on a history; undefined for a run without one.
 *
 * @example fitSheet(simulate(withHistory(inputs, history), options)!)?.tables[0].name // "BeekeeperFit"
 */
export function fitSheet(run: SimulationRun): ReportSheet | undefined {
  const posterior = run.posterior;
  const history = run.inputs.history ?? [];
  if (!posterior || history.length === 0) return undefined;
  const { startDate, months } = run.inputs.base;
  const dates = startDate > 0 ? monthDates(startDate, months) : undefined;
  const metrics = HISTORY_METRICS.filter((m) => history.some((o) => o.metric === m));
  const compare = run.scenarios.length > 1;
  const scenario = run.scenarios[0];

  const layout = new SheetLayout();
  layout.title('Beekeeper simulation: fit to the history');
  layout.note(
    `The ${count(run.options.trials)} trials of this run are draws from the posterior: the assumptions' distributions ` +
      `conditioned on the history of ${count(posterior.observations)} observations (each within its error: ln of the value ` +
      "is normal around the trial's, σ the row's error; cash on its own scale). Every sheet of the report is the forecast given " +
      'that history.',
  );
  layout.row++;
  layout.label('The fit');
  const perMetric = metrics
    .map((m) => {
      const n = history.filter((o) => o.metric === m).length;
      return `${MONTHLY_LABELS[m].label(0)} (${n})`;
    })
    .join(', ');
  layout.pairs([
    ['Observations', posterior.observations, FORMATS.whole],
    ['Metrics observed', perMetric],
    ['Last month observed', posterior.lastMonth, FORMATS.month],
    ...(dates
      ? [
          ['Its calendar month', dates[posterior.lastMonth - 1], FORMATS.calendarMonth] as [
            string,
            CellValue,
            NumberFormat,
          ],
        ]
      : []),
    ['Effective sample size', Math.round(posterior.ess), FORMATS.whole],
    ['Of weighted draws (N)', posterior.particles, FORMATS.whole],
    ['Trials drawn from them', run.options.trials, FORMATS.whole],
  ]);
  // The method in a note: it is longer than the printed page is wide.
  layout.note(`Method: ${posterior.method}.`);
  layout.note(
    `Effective sample size: what the ${count(posterior.particles)} weighted draws of the posterior are worth in independent ` +
      'draws, (Σw)² ÷ Σw² of their weights; a run refuses a posterior below 200. The trials are drawn from the weighted draws ' +
      'by their weights, so some trials repeat a draw.',
  );
  layout.note(
    `The charts, one page per metric observed: the history's points over the posterior's band (P10 and P90 of the trials, ` +
      `every month; after month ${posterior.lastMonth}, the last observed, the forecast), and, lighter, the prior's P10 and P90 ` +
      "at each observation's month: the spread the assumptions allowed before the history. A band is of the metric itself; " +
      "an observation's error is apart.",
  );
  layout.row++;

  layout.label('How each uncertain input moved: its distribution before the history (prior) and after (posterior)');
  const uncertain = run.inputs.uncertain;
  const rows = uncertain.map((u, i) => {
    const sorted = Float64Array.from(run.samples[i]).sort();
    return [
      assumptionLabel(u.name),
      u.name,
      ...PERCENTILES.map(([, p]) => u.distribution.quantile(p)),
      ...PERCENTILES.map(([, p]) => percentileSorted(sorted, p)),
    ];
  });
  const fitTable = layout.table(
    'BeekeeperFit',
    [
      // The label wraps: the table is what sets the printed width.
      wrappedColumn('input', INPUT_WIDTH),
      column('name'),
      ...['prior', 'posterior'].flatMap((when) =>
        PERCENTILES.map(([p]) => column(`${when} ${p}`, FORMATS.general, true)),
      ),
    ],
    rows,
    rows.map((row, i) => {
      const format = INPUT_FORMATS[uncertain[i].name];
      return format === FORMATS.general ? percentileFormat(row.slice(2) as number[]) : format;
    }),
  );
  layout.note(
    "Prior: the quantiles of the input's distribution (Beekeeper Inputs). Posterior: the percentiles of the run's trials " +
      "(PERCENTILE.INC over the input's column of Beekeeper Trials). Inputs in the order of Beekeeper Inputs; an input the " +
      'history says little about keeps its prior.',
  );
  const firstPageBottom = layout.row - 1;
  const printedColumns = fitTable.columns.length; // columns 0 … 7: the charts are as wide

  // The charts, a page each, down the printed columns; their data to the right, for the screen.
  const side = new SheetLayout();
  for (const metric of metrics) {
    const title =
      `${MONTHLY_UNIT_LABELS[metric]}${compare ? ` (${scenario.scenario})` : ''}: the history over the posterior's ` +
      "P10–P90 band, and the prior's (lighter)";
    const table = fitTableName(metric);
    // The month of each observation of this metric → its index in the history (and in priorBands).
    const observed = new Map<number, number>();
    history.forEach((o, j) => {
      if (o.metric === metric) observed.set(o.month, j);
    });
    const series = scenario.monthly[metric];
    const format = MEASURE_FORMATS[MONTHLY_LABELS[metric].measure];
    side.label(`The data of the chart "${title}"`);
    side.table(
      table,
      [
        column('Month', FORMATS.month),
        ...(dates ? [column('Date', FORMATS.calendarMonth)] : []),
        ...FIT_SERIES.map((header) => column(header, format)),
      ],
      Array.from({ length: months }, (_, m) => {
        const j = observed.get(m + 1);
        const band = j === undefined ? undefined : posterior.priorBands[j];
        return [
          m + 1,
          ...(dates ? [dates[m]] : []),
          series.p10[m],
          series.p90[m],
          band?.p10 ?? null,
          band?.p90 ?? null,
          j === undefined ? null : history[j].value,
        ];
      }),
    );
    // Powers of ten for a metric that grows by multiples (all but cash), so that the history's
    // months read as well as the forecast's last: where every value is above 0.
    const values = side.tables[side.tables.length - 1].rows.flatMap((row) => row.slice(dates ? 2 : 1));
    const logScale = metric !== 'cash' && values.every((v) => v === null || (v as number) > 0);
    layout.newPage();
    layout.charts.push({
      ...(logScale ? { logScale: true as const } : {}),
      kind: 'line',
      title,
      table,
      categoryColumn: 'Month',
      seriesColumns: FIT_SERIES,
      seriesStyles: SERIES_STYLES,
      xTitle: 'month',
      yTitle: `${MONTHLY_UNIT_LABELS[metric]}${format === FORMATS.currency ? ` (${CURRENCY_SYMBOL})` : ''}`,
      row: layout.row,
      column: 0,
      width: printedColumns,
      height: FIT_CHART_ROWS,
    });
    layout.row += FIT_CHART_ROWS + 1;
  }
  const lastRow = layout.row - 2; // the last chart's last row

  // Landscape at one scale for every page: page 1 and each chart's page on a page of their own
  // (a fixed scale, as manual breaks hold only then), but never below 70 %: a long table of
  // inputs takes two pages rather than shrinking.
  const widths = fitWidths(layout.cells, layout.tables);
  let width = 0;
  for (let c = 0; c < printedColumns; c++) width += columnPoints(widths[c] ?? 8);
  const firstPage = (firstPageBottom + 1) * ROW_POINTS + TITLE_ROW_POINTS - ROW_POINTS;
  const scale = Math.max(MIN_PRINT_SCALE, fittingScale(width, [firstPage, (FIT_CHART_ROWS + 1) * ROW_POINTS]));

  const sideColumn = printedColumns + 1; // a column apart
  layout.cells.push(...side.cells.map((c) => ({ ...c, column: c.column + sideColumn })));
  layout.tables.push(...side.tables.map((t) => ({ ...t, column: t.column + sideColumn })));
  return layout.sheet('Beekeeper Fit', 'fit', 0, {
    print: {
      orientation: 'landscape',
      fitToWidth: false,
      scale,
      area: { rows: [0, Math.max(lastRow, firstPageBottom)], columns: [0, printedColumns - 1] },
    },
  });
}
