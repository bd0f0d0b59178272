import { monthDates } from '../../model/calendar';
import { Assumptions } from '../../model/assumptions';
import { KPI_NAMES, KpiName, kpiNotAvailable } from '../../model/kpis';
import { SimulationRun } from '../../engine/simulation';
import { NpvVerdict, ScenarioAnalysis, SimulationAnalysis } from '../../engine/simulation-results';
import { Summary } from '../../engine/statistics';
import {
  MONTHLY_LABELS,
  assumptionLabel,
  formatMeasure,
  kpiFormat,
  kpiLabel,
  kpiLabelOver,
  moneyText,
  shareText,
  signedMoney,
  signedPercent,
} from '../labels';
import {
  CURRENCY_SYMBOL,
  CellValue,
  FORMATS,
  NumberFormat,
  PrintSetup,
  ReportChart,
  ReportSheet,
  ReportTable,
  TableColumn,
} from '../types';
import { NOTE_WIDTH, SheetLayout, column, count, fitWidths, wrapText } from '../layout';
import { ROW_POINTS, TITLE_ROW_POINTS, columnPoints, fittingScale } from '../print';
import type { RunInfo } from '../run-info';
import { arrHistogram } from '../histogram';

/**
 * Beekeeper Summary (workbook.md v3, "The Summary"): what a board reads, on two printed
 * landscape pages. Page 1: the verdict of a compare run, the base case, the headline table,
 * what the NPV rests on, the chances and the funding need; page 2: the four charts. "How the
 * model works" goes at the end of page 1 or atop page 2, wherever the larger page stays smaller.
 * To the right of the printed columns, for the screen: the run, every KPI and the charts' data.
 */

/** The KPIs the Summary leads with, in the order a CFO asks (the issue of the headline table). */
export const HEADLINE_KPIS = [
  'arr',
  'revenueTotal',
  'fundingNeed',
  'cashOutMonth',
  'npv',
] as const satisfies readonly KpiName[];

/** The statistics columns of the full KPI table, with how to read each from a summary. */
const KPI_STATISTICS: readonly [string, (s: Summary) => number, TableColumn['byRow']?][] = [
  ['Mean', (s) => s.mean],
  ['Std deviation', (s) => s.sd],
  ['P5', (s) => s.p5],
  ['P10', (s) => s.p10],
  ['P25', (s) => s.p25],
  ['P50', (s) => s.p50],
  ['P75', (s) => s.p75],
  ['P90', (s) => s.p90],
  ['P95', (s) => s.p95],
  ['Std error', (s) => s.sem, 'finer'],
];

/**
 * The fewest rows a chart of the printed page 2 takes, two charts above two; they grow to make
 * page 2 as tall as page 1, which costs no scale.
 */
const MIN_CHART_ROWS = 15;

/**
 * Bold text is wider than a note's italic: the verdict's lines are cut shorter, so that they
 * print within the page too.
 */
export const VERDICT_WIDTH = 95;

/**
 * Pixels a character of a note takes on average (Calibri 11 italic, about 5.5), rounded up: the
 * printed width must hold the notes that run over the columns to their right.
 */
const NOTE_PIXELS_PER_CHARACTER = 6;

/**
 * The wall-clock time of `date` at `offsetMinutes` east of UTC, as a Date whose UTC fields
 * are that time: Excel date-times have no time zone, and writers write a Date's UTC fields.
 *
 * @example localWallClock(new Date('2025-06-01T12:00:00Z'), 120).toISOString() // "2025-06-01T14:00:00.000Z"
 */
export function localWallClock(date: Date, offsetMinutes: number): Date {
  return new Date(date.getTime() + offsetMinutes * 60_000);
}

/**
 * A UTC offset as ISO 8601 writes it.
 *
 * @example utcOffsetText(60) // "+01:00"
 * @example utcOffsetText(-570) // "-09:30"
 */
export function utcOffsetText(offsetMinutes: number): string {
  const size = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(size / 60))}:${pad(size % 60)}`;
}

/** The UTC offset the report shows a run's start in: the one given, else this machine's then. */
const offsetOf = (info: RunInfo) => info.utcOffsetMinutes ?? -info.startedAt.getTimezoneOffset();

/**
 * What every printed page's footer says after the sheet's name and page number: the run's start
 * in the local wall-clock time the Summary shows (Report.footer).
 *
 * @example runFooterText({ startedAt: new Date('2026-12-03T13:05:00Z'), utcOffsetMinutes: 60, … }) // "Beekeeper run of 2026-12-03 14:05"
 */
export function runFooterText(info: RunInfo): string {
  const local = localWallClock(info.startedAt, offsetOf(info)).toISOString();
  return `Beekeeper run of ${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/**
 * The compare run's answer on NPV alone, difference signed beekeeper − proprietary. The
 * relative figure is the median per-trial difference over the magnitude of proprietary's
 * median NPV (left out when that median is 0): a median of per-trial ratios would blow up in
 * the trials where proprietary's NPV is near 0. {@link compareVerdictText} adds the funding
 * need and the chance of running out of cash, as the Summary gives it.
 *
 * @example npvVerdictText({ beekeeperAhead: 0.23, medianDifference: -4.1e6, proprietaryMedian: 34e6 })
 * // "Beekeeper beats proprietary on NPV in 23 % of trials; median −$4.1 M (−12 %)"
 */
export function npvVerdictText(verdict: NpvVerdict): string {
  const relative = relativeText(verdict);
  return (
    `Beekeeper beats proprietary on NPV in ${shareText(verdict.beekeeperAhead)} of trials; ` +
    `median ${signedMoney(verdict.medianDifference)}${relative === '' ? '' : ` (${relative})`}`
  );
}

const relativeText = (verdict: NpvVerdict) =>
  verdict.proprietaryMedian === 0 ? '' : signedPercent(verdict.medianDifference / Math.abs(verdict.proprietaryMedian));

/**
 * The share of a scenario's trials in which cash runs out (goes below 0 in some month): the
 * trials the month it runs out is over. NPV exists in every trial, so its count is the run's.
 *
 * @example cashOutShare(analyze(run).scenarios[0]) // 0.937
 */
export function cashOutShare(s: ScenarioAnalysis): number {
  const trials = s.kpis.npv?.n ?? 0;
  return trials === 0 ? 0 : (s.kpis.cashOutMonth?.n ?? 0) / trials;
}

/**
 * The month cash runs out in one sentence, over the trials where it does and with their share:
 * the one definition the headline, the KPI table and the terminal share.
 *
 * @example cashOutText(s) // "Month cash runs out: P50 month 37 over the 94 % of trials where cash runs out (P10 month 30 – P90 month 44)"
 */
export function cashOutText(s: ScenarioAnalysis, scenario?: string): string {
  const months = s.kpis.cashOutMonth;
  const which = scenario ? ` (${scenario})` : '';
  if (!months) return `Cash never runs out${which}: it stays at or above 0 in every trial`;
  const month = (v: number) => `month ${formatMeasure(v, 'month')}`;
  return (
    `Month cash runs out${which}: P50 ${month(months.p50)} over the ${shareText(cashOutShare(s))} of trials where cash runs out ` +
    `(P10 ${month(months.p10)} – P90 ${month(months.p90)})`
  );
}

/**
 * The Summary's first line: the base case's ARR at the horizon, with the trials' P10 and P90.
 *
 * @example baseCaseText(s, 60) // "Base case: ARR $18.2 M at month 60 (P10 $6.2 M – P90 $59.7 M)"
 */
export function baseCaseText(s: ScenarioAnalysis, months: number, scenario?: string): string {
  const arr = s.kpis.arr;
  const spread = arr ? ` (P10 ${moneyText(arr.p10)} – P90 ${moneyText(arr.p90)})` : '';
  return `Base case${scenario ? ` (${scenario})` : ''}: ARR ${moneyText(s.baseCase.kpis.arr ?? 0)} at month ${months}${spread}`;
}

/**
 * The compare run's verdict on NPV, the funding need and the chance of running out of cash
 * together (workbook.md v3), beekeeper against proprietary; "but" where the funding need goes
 * the other way from NPV (beekeeper ahead on NPV but needing more, or behind but needing less).
 *
 * @example compareVerdictText(analyze(compareRun))
 * // "Beekeeper beats proprietary on NPV in 86 % of trials (median +$2.9 M, +17 %), but needs a median
 * //  $9.8 M of funding against $2.9 M and runs out of cash in 94 % of trials against 72 %"
 */
export function compareVerdictText(analysis: SimulationAnalysis): string {
  const verdict = analysis.npvVerdict;
  const [beekeeper, proprietary] = analysis.scenarios;
  if (!verdict || !proprietary) throw new Error('compareVerdictText: not a compare run');
  const relative = relativeText(verdict);
  const need = (s: ScenarioAnalysis) => s.kpis.fundingNeed?.p50 ?? 0;
  const npvAhead = verdict.beekeeperAhead > 0.5;
  const [more, less] = [need(beekeeper) > need(proprietary), need(beekeeper) < need(proprietary)];
  const against = (npvAhead && more) || (!npvAhead && less);
  return (
    `Beekeeper beats proprietary on NPV in ${shareText(verdict.beekeeperAhead)} of trials ` +
    `(median ${signedMoney(verdict.medianDifference)}${relative === '' ? '' : `, ${relative}`}), ` +
    `${against ? 'but' : 'and'} needs a median ${moneyText(need(beekeeper))} of funding ` +
    `against ${moneyText(need(proprietary))} and runs out of cash in ${shareText(cashOutShare(beekeeper))} of trials ` +
    `against ${shareText(cashOutShare(proprietary))}`
  );
}

/** A rate or multiple as typed, in a sentence: 0.2 → "20 %", 5 → "5". */
const plainNumber = (x: number) => Number(x.toPrecision(6)).toLocaleString('en-US');

/**
 * What the NPV rests on, from the run's base assumptions: its discount rate and exit multiple.
 *
 * @example npvBasisText(DEFAULT_ASSUMPTIONS, []) // "NPV at a 20 % discount rate and a 5× ARR exit value: …"
 */
export function npvBasisText(a: Assumptions, uncertain: readonly string[]): string {
  const rate = `${plainNumber(100 * a.discountRate)} %`;
  const multiple = plainNumber(a.exitArrMultiple);
  const sampled = (['discountRate', 'exitArrMultiple'] as const).filter((name) => uncertain.includes(name));
  const basis =
    a.exitArrMultiple > 0
      ? `NPV at a ${rate} discount rate and a ${multiple}× ARR exit value: the monthly cash flows discounted at ${rate} ` +
        `a year, plus the company's value at month ${a.months} as ${multiple} × its ARR then, discounted alike.`
      : `NPV at a ${rate} discount rate, without an exit value (exitArrMultiple 0): the monthly cash flows discounted at ${rate} a year.`;
  return sampled.length === 0
    ? basis
    : `${basis} These are the table's values; the trials sample ${sampled.map(assumptionLabel).join(' and ')}.`;
}

/** The tornado's rows: each uncertain input's label, mean NPV low and high, swing, code; largest swing first. */
function tornadoRows(s: ScenarioAnalysis): [string, number, number, number, string][] {
  return s.sensitivity
    .filter((x) => x.npvLowDecile !== undefined && x.npvHighDecile !== undefined)
    .map((x): [string, number, number, number, string] => [
      assumptionLabel(x.name),
      x.npvLowDecile!,
      x.npvHighDecile!,
      x.npvHighDecile! - x.npvLowDecile!,
      x.name,
    ])
    .sort((a, b) => Math.abs(b[3]) - Math.abs(a[3]));
}

/**
 * "How the model works" in plain words (workbook.md v3): the cycle, the inputs that move the
 * NPV most (the tornado's first three), and where the assumptions and the plan are.
 *
 * @example howItWorksText(analysis, false)[1] // 'What matters most: the NPV moves most with “Word-of-mouth (Bass q)”, …'
 */
export function howItWorksText(analysis: SimulationAnalysis, withPlan: boolean): string[] {
  const top = tornadoRows(analysis.scenarios[0])
    .slice(0, 3)
    .map((row) => `“${row[0]}”`);
  const list = top.length < 2 ? top.join('') : `${top.slice(0, -1).join(', ')} and ${top[top.length - 1]}`;
  return [
    'The cycle: the community grows by word of mouth; members persuade their employers to buy; those customers are the ' +
      'revenue; a share of it pays engineers; their work makes the software better, which draws more members and ' +
      'persuades more employers. The proprietary scenario sells licences of the same software at a higher price, and ' +
      "its closed fixes cost it the community's goodwill.",
    top.length === 0
      ? 'What matters most: no input is uncertain in this run, so none is ranked.'
      : `What matters most: the NPV moves most with ${list} (the tornado chart below; Beekeeper Sensitivity ranks every uncertain input).`,
    `Where the assumptions are: Beekeeper Inputs, each by its label and the code name formulas use, with its distribution` +
      `${withPlan ? ', and the plan' : ''}; every month is in Beekeeper Monthly.`,
  ];
}

/** A base-case KPI in a cell: its value, or where it has none, when (a month after the horizon) or that it has none. */
function baseCaseValue(value: number | undefined, name: KpiName, months: number): CellValue {
  if (value !== undefined) return value;
  return kpiFormat(name) === FORMATS.month ? `after month ${months}` : 'none';
}

export function summarySheet(run: SimulationRun, analysis: SimulationAnalysis, info: RunInfo): ReportSheet {
  const layout = new SheetLayout();
  const firstPageTables = answer(layout, run, analysis, info);

  // How the model works: on page 1 if it fits there better than atop the charts of page 2.
  const how = howItWorksText(analysis, (run.inputs.plan ?? []).length > 0);
  const howRows = 2 + how.reduce((rows, paragraph) => rows + wrapText(paragraph).length, 0);
  const charts = 2 * MIN_CHART_ROWS + 1;
  const howFirst = Math.max(layout.row + howRows, charts) <= Math.max(layout.row, howRows + charts);
  const howItWorks = () => {
    layout.label('How the model works');
    for (const paragraph of how) layout.note(paragraph);
    layout.row++;
  };
  if (howFirst) {
    layout.row++;
    howItWorks();
  }
  const firstPage = { top: 0, bottom: layout.row - 1 };

  // Page 2: the charts, two above two, after how the model works if it is not on page 1.
  if (!howFirst) layout.row++;
  layout.newPage();
  const secondTop = layout.row;
  if (!howFirst) howItWorks();
  const chartsTop = layout.row;
  const chartRows = Math.max(MIN_CHART_ROWS, Math.floor((firstPage.bottom + 1 - (chartsTop - secondTop) - 1) / 2));
  layout.row += 2 * chartRows + 1;
  const secondPage = { top: secondTop, bottom: layout.row - 1 };

  // For the screen, to the right of the printed columns from the top, so that they widen none of
  // them: the run, every KPI, the charts' data.
  const side = new SheetLayout();
  runAndKpis(side, run, analysis, info);
  const print = printedPages(layout, firstPageTables, firstPage, secondPage, {
    charts: chartData(run, analysis, side),
    top: chartsTop,
    rows: chartRows,
  });
  const sideColumn = print.area.columns[1] + 2; // a column apart
  layout.cells.push(...side.cells.map((c) => ({ ...c, column: c.column + sideColumn })));
  layout.tables.push(...side.tables.map((t) => ({ ...t, column: t.column + sideColumn })));
  return layout.sheet('Beekeeper Summary', 'summary', 0, { print });
}

/**
 * Page 1, the answer: what the run is, the verdict of a compare run, the base case and the month
 * cash runs out in words, the headline table with what the NPV rests on, the chances, the funding
 * need and the definitions. Returns its tables, which the printed width must hold.
 */
function answer(layout: SheetLayout, run: SimulationRun, analysis: SimulationAnalysis, info: RunInfo): ReportTable[] {
  const { options } = run;
  const months = run.inputs.base.months;
  const compare = analysis.scenarios.length > 1;
  const labels = (text: string) => wrapText(text, VERDICT_WIDTH).forEach((line) => layout.label(line));
  layout.title('Beekeeper simulation: summary');
  layout.note(
    `${compare ? 'Both scenarios (beekeeper and proprietary) on the same' : `The ${options.scenario} scenario over`} ` +
      `${count(options.trials)} trials of ${months} months (seed ${options.seed}, ${options.sampling === 'lhs' ? 'Latin Hypercube' : 'Monte Carlo'}; ` +
      `assumptions: ${info.source}). Base case: the projection at the table's values. P10: one trial in ten is lower; ` +
      `P50: the median; P90: one trial in ten is higher. Money is in the model's one currency, shown as ${CURRENCY_SYMBOL}.`,
  );
  layout.row++;
  if (compare) {
    labels(compareVerdictText(analysis));
    layout.row++;
  }
  for (const s of analysis.scenarios) labels(baseCaseText(s, months, compare ? s.scenario : undefined));
  for (const s of analysis.scenarios) labels(cashOutText(s, compare ? s.scenario : undefined));
  layout.row++;

  const headline = HEADLINE_KPIS.flatMap((k) =>
    analysis.scenarios.map((s) => {
      const summary = s.kpis[k];
      return {
        row: [
          kpiLabelOver(k, months, (summary?.n ?? 0) / options.trials),
          ...(compare ? [s.scenario] : []),
          baseCaseValue(s.baseCase.kpis[k], k, months),
          ...(summary ? [summary.p10, summary.p50, summary.p90] : [null, null, null]),
        ] as CellValue[],
        format: kpiFormat(k),
      };
    }),
  );
  const headlineTable = layout.table(
    'BeekeeperHeadline',
    [
      column('Figure'),
      ...(compare ? [column('Scenario')] : []),
      column('Base case', FORMATS.general, true),
      column('P10', FORMATS.general, true),
      column('P50', FORMATS.general, true),
      column('P90', FORMATS.general, true),
    ],
    headline.map((h) => h.row),
    headline.map((h) => h.format),
    false,
  );
  layout.note(
    npvBasisText(
      run.inputs.base,
      run.inputs.uncertain.map((u) => u.name),
    ),
  );
  layout.row++;

  // The chances have no P10 to P90: a table of their own, a column per scenario.
  const chanceTable = layout.table(
    'BeekeeperChances',
    [
      column('Chance'),
      ...analysis.scenarios.map((s) =>
        column(compare ? `${s.scenario[0].toUpperCase()}${s.scenario.slice(1)}` : 'Share of trials', FORMATS.percent),
      ),
    ],
    (
      [
        ['NPV above 0', (s: ScenarioAnalysis) => s.probabilityNpvPositive],
        ['Cash ever below 0', cashOutShare],
      ] as const
    ).map(([label, read]) => [label, ...analysis.scenarios.map(read)]),
  );
  for (const s of analysis.scenarios) layout.note(fundingText(s, compare ? s.scenario : undefined));
  layout.note(
    `Month cash runs out: the first month cash is below 0, over the trials where it is (their share in the label); ` +
      `in the others cash lasts past month ${months}. Funding need: what must be raised beyond the initial cash and ` +
      "the plan's funding rounds (0 where cash never goes below 0).",
  );
  return [headlineTable, chanceTable];
}

/** The run (version, options, source, when) and every KPI with its statistics, for the screen. */
function runAndKpis(layout: SheetLayout, run: SimulationRun, analysis: SimulationAnalysis, info: RunInfo): void {
  const { options } = run;
  const months = run.inputs.base.months;
  const compare = analysis.scenarios.length > 1;
  layout.label('The run');
  layout.pairs([
    ['Beekeeper version', info.version],
    ['Scenario', options.scenario],
    ['Trials', options.trials, FORMATS.whole],
    ['Seed', options.seed, FORMATS.month],
    ['Sampling', options.sampling === 'lhs' ? 'Latin Hypercube (lhs)' : 'Monte Carlo (mc)'],
    ['Months', months, FORMATS.month],
    // v3, only when given, so that a run without them keeps its layout.
    ...calendarAndPlanPairs(run),
    ['Assumptions', info.source],
    ['Started (local time)', localWallClock(info.startedAt, offsetOf(info)), FORMATS.date],
    ['UTC offset of that time', `UTC${utcOffsetText(offsetOf(info))}`],
    ['Run time (seconds)', Number(info.seconds.toFixed(3)), FORMATS.oneDecimal],
  ]);

  layout.label('Every KPI at the horizon, over the trials that have it');
  const kpiRows = analysis.scenarios.flatMap((s) =>
    KPI_NAMES.map((k) => {
      const summary = s.kpis[k];
      const n = summary?.n ?? 0;
      return {
        row: [
          kpiLabelOver(k, months, n / options.trials),
          ...(compare ? [s.scenario] : []),
          baseCaseValue(s.baseCase.kpis[k], k, months),
          ...KPI_STATISTICS.map(([, read]) => (summary ? read(summary) : null)),
          n,
          k,
        ] as CellValue[],
        format: kpiFormat(k),
      };
    }),
  );
  layout.table(
    'BeekeeperKpis',
    [
      column('KPI'),
      ...(compare ? [column('Scenario')] : []),
      column('Base case', FORMATS.general, true),
      ...KPI_STATISTICS.map(([header, , byRow]) => column(header, FORMATS.general, byRow ?? true)),
      column('With a value', FORMATS.whole),
      column('Code'),
    ],
    kpiRows.map((r) => r.row),
    kpiRows.map((r) => r.format),
  );
  for (const s of analysis.scenarios)
    for (const k of KPI_NAMES) {
      const n = s.kpis[k]?.n ?? 0;
      if (n < options.trials)
        layout.note(
          `${kpiLabel(k, months)}${compare ? ` (${s.scenario})` : ''}: in ${count(n)} of ${count(options.trials)} trials; ` +
            `in the others, ${kpiNotAvailable(k, months)}.`,
        );
    }
  layout.row++;
}

/**
 * What must be raised, for one scenario (named in a compare run).
 *
 * @example fundingText(s) // "Funding: $9.7 M covers half the trials (P50), $35.5 M nine in ten (P90), the base case $9.6 M."
 */
function fundingText(s: ScenarioAnalysis, scenario?: string): string {
  const need = s.kpis.fundingNeed;
  const prefix = `Funding${scenario ? `, ${scenario}` : ''}: `;
  if (!need || need.p90 === 0)
    return `${prefix}nothing to raise: cash stays at or above 0 in at least nine trials in ten.`;
  return (
    `${prefix}${moneyText(need.p50)} covers half the trials (P50), ${moneyText(need.p90)} nine in ten (P90), ` +
    `the base case ${moneyText(s.baseCase.kpis.fundingNeed ?? 0)}.`
  );
}

/** A chart whose data table is laid out and whose place on page 2 is still to be chosen. */
type PlacedLater = Omit<ReportChart, 'row' | 'column' | 'width' | 'height'>;

/**
 * The data of the four charts of workbook.md (cash and revenue fans, ARR histogram, tornado),
 * each its table under a label, to the right of the printed pages; the charts themselves go on
 * page 2 ({@link printedPages}).
 */
function chartData(run: SimulationRun, analysis: SimulationAnalysis, layout: SheetLayout): PlacedLater[] {
  const months = run.inputs.base.months;
  const compare = run.scenarios.length > 1;
  const charts: PlacedLater[] = [];
  const fan = (output: 'cash' | 'revenue', title: string, name: string) => {
    layout.label(`The data of the chart "${title}"`);
    const header = (p: string, s: string) => `${compare ? `${s} ` : ''}${MONTHLY_LABELS[output].label(months)} ${p}`;
    const columns = [
      column('Month', FORMATS.month),
      ...run.scenarios.flatMap((s) =>
        ['P10', 'P50', 'P90'].map((p) => column(header(p, s.scenario), FORMATS.currency)),
      ),
    ];
    layout.table(
      name,
      columns,
      Array.from({ length: months }, (_, m) => [
        m + 1,
        ...run.scenarios.flatMap((s) => [s.monthly[output].p10[m], s.monthly[output].p50[m], s.monthly[output].p90[m]]),
      ]),
    );
    charts.push({
      kind: 'line',
      title,
      table: name,
      categoryColumn: 'Month',
      seriesColumns: columns.slice(1).map((c) => c.header),
      xTitle: 'month',
      yTitle: `${output} (${CURRENCY_SYMBOL})`,
    });
  };
  fan('cash', 'Cash at the end of each month: P10, P50, P90 (below 0: the funding need shows)', 'BeekeeperCashFan');
  fan('revenue', 'Monthly revenue: P10, P50, P90', 'BeekeeperRevenueFan');

  const histogram = arrHistogram(run.scenarios.map((s) => s.kpis.arr));
  const trialsHeader = (s: string) => (compare ? `${s} trials` : 'Trials');
  const shareHeader = (s: string) => (compare ? `${s} share` : 'Share of trials');
  const histogramTitle = `ARR at month ${months}: trials per range`;
  layout.label(`The data of the chart "${histogramTitle}"`);
  layout.table(
    'BeekeeperArrHistogram',
    [
      column('ARR range'),
      column('From', FORMATS.currency),
      column('To', FORMATS.currency),
      ...run.scenarios.map((s) => column(trialsHeader(s.scenario), FORMATS.whole)),
      ...run.scenarios.map((s) => column(shareHeader(s.scenario), FORMATS.percent)),
    ],
    histogram.bins.map((b) => [b.label, b.from, b.to, ...b.counts, ...b.counts.map((c) => c / run.options.trials)]),
    undefined,
    false,
  );
  layout.note(
    histogram.scale === 'log'
      ? `Ranges are equal in log ARR (each range a fixed multiple of the one before): ARR is skewed, and equal widths would put most trials in the first range.`
      : 'Ranges are equal in ARR.',
  );
  layout.row++;
  charts.push({
    kind: 'column',
    title: histogramTitle,
    table: 'BeekeeperArrHistogram',
    categoryColumn: 'ARR range',
    seriesColumns: run.scenarios.map((s) => trialsHeader(s.scenario)),
    xTitle: 'ARR',
    yTitle: 'trials',
  });

  const tornado = analysis.scenarios[0];
  const rows = tornadoRows(tornado);
  if (rows.length > 0) {
    const title = `What moves NPV most (${tornado.scenario}): mean NPV with the input in its lowest and highest tenth`;
    layout.label(`The data of the chart "${title}"`);
    layout.table(
      'BeekeeperTornado',
      [
        column('Input'),
        column('NPV, input low', FORMATS.currency),
        column('NPV, input high', FORMATS.currency),
        column('Swing', FORMATS.currency),
        column('Code'),
      ],
      rows,
      undefined,
      false,
    );
    const mean = tornado.kpis.npv?.mean;
    if (mean !== undefined)
      layout.note(
        `Input low, high: the mean NPV of the tenth of trials where the input is lowest, highest (its lowest and highest decile). ` +
          `Bars run from 0 to those means; compare them with the mean NPV of all trials, ${moneyText(mean)}. ` +
          'Inputs by the size of their swing (high − low), the largest first in the table.',
      );
    charts.push({
      kind: 'bar',
      title,
      table: 'BeekeeperTornado',
      categoryColumn: 'Input',
      seriesColumns: ['NPV, input low', 'NPV, input high'],
      xTitle: 'NPV',
      yTitle: 'input',
    });
  }
  return charts;
}

/**
 * How the Summary prints, and where its charts go. It prints landscape, its two pages as the
 * print area, as wide as page 1's tables and notes, at the largest scale (at most 100 %) at which
 * page 1 and page 2 each fit a landscape page of A4 or Letter: a fixed scale, not fitting to
 * pages, as the manual break between the pages holds only then (Excel ignores manual breaks when
 * it fits a sheet to pages). The charts go on page 2 from row `charts.top`, two above two, each
 * `charts.rows` tall, over the printed columns cut in two halves as even as their widths allow.
 */
function printedPages(
  layout: SheetLayout,
  firstPageTables: readonly ReportTable[],
  firstPage: { top: number; bottom: number },
  secondPage: { top: number; bottom: number },
  charts: { charts: readonly PlacedLater[]; top: number; rows: number },
): PrintSetup & { area: NonNullable<PrintSetup['area']> } {
  const widths = fitWidths(layout.cells, layout.tables); // as layout.sheet() gives them: charts do not count
  const points = (from: number, to: number) => {
    let sum = 0;
    for (let c = from; c <= to; c++) sum += columnPoints(widths[c] ?? 8);
    return sum;
  };
  // Wide enough for page 1's tables and for the notes, which run over the columns to their right.
  const needed = Math.max(
    ...firstPageTables.map((t) => points(t.column, t.column + t.columns.length - 1)),
    NOTE_WIDTH * NOTE_PIXELS_PER_CHARACTER * 0.75,
  );
  let last = 1; // two columns at least: one per chart
  while (points(0, last) < needed) last++;

  let split = 1;
  for (let c = 2; c <= last; c++)
    if (Math.abs(points(0, c - 1) - points(c, last)) < Math.abs(points(0, split - 1) - points(split, last))) split = c;
  charts.charts.forEach((chart, k) => {
    const left = k % 2 === 0;
    layout.charts.push({
      ...chart,
      row: charts.top + Math.floor(k / 2) * (charts.rows + 1),
      column: left ? 0 : split,
      width: left ? split : last - split + 1,
      height: charts.rows,
    });
  });

  const height = (page: { top: number; bottom: number }) =>
    (page.bottom - page.top + 1) * ROW_POINTS + (page.top === 0 ? TITLE_ROW_POINTS - ROW_POINTS : 0);
  return {
    orientation: 'landscape',
    fitToWidth: false,
    scale: fittingScale(points(0, last), [height(firstPage), height(secondPage)]),
    area: { rows: [0, secondPage.bottom], columns: [0, last] },
  };
}

/** The Summary's lines for the calendar and the plan (v3), when the run has them. */
function calendarAndPlanPairs(run: SimulationRun): [string, CellValue, NumberFormat?][] {
  const pairs: [string, CellValue, NumberFormat?][] = [];
  const { startDate, months } = run.inputs.base;
  if (startDate > 0) {
    const dates = monthDates(startDate, months);
    pairs.push(
      ['Month 1', dates[0], FORMATS.calendarMonth],
      [`Month ${months}`, dates[months - 1], FORMATS.calendarMonth],
    );
  }
  const plan = run.inputs.plan ?? [];
  if (plan.length > 0) {
    const [first, last] = [plan[0].month, plan[plan.length - 1].month];
    const span = first === last ? `in month ${first}` : `from month ${first} to ${last}`;
    pairs.push(['Plan', `${plan.length} decision${plan.length === 1 ? '' : 's'} ${span} (Beekeeper Inputs)`]);
  }
  return pairs;
}
