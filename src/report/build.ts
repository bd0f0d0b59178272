import { findAssumption } from '../model/assumptions';
import { monthDates } from '../model/calendar';
import { planUnit, plannedOver } from '../model/plan';
import { KPI_NAMES, KpiName, kpiNotAvailable } from '../model/kpis';
import { MONTHLY_STATISTICS, SimulationRun } from '../engine/simulation';
import { NpvVerdict, ScenarioAnalysis, SimulationAnalysis } from '../engine/simulation-results';
import { Summary } from '../engine/statistics';
import {
  INPUT_FORMATS,
  MEASURE_FORMATS,
  MONTHLY_LABELS,
  kpiFormat,
  kpiLabel,
  shareText,
  signedMoney,
  signedPercent,
} from './labels';
import {
  CURRENCY_SYMBOL,
  FORMATS,
  NumberFormat,
  Report,
  ReportCell,
  ReportChart,
  ReportSheet,
  ReportTable,
  TableColumn,
  CellValue,
  EXCEL_MAX_ROWS,
  cellFormat,
} from './types';
import { log, pow } from '../model/portable-math';

/**
 * Builds the report of workbook.md from a finished run: the sheets, their cells, tables,
 * number formats, labels, print settings and chart specifications. Both writers (the task
 * pane's and the command line's) only translate what this decides.
 */

/** What the report says about the run beyond its results. */
export interface RunInfo {
  /** Version of Beekeeper that ran it. */
  readonly version: string;
  /** When the run started. */
  readonly startedAt: Date;
  /**
   * The UTC offset, in minutes east of UTC, of the local time the report shows `startedAt` in
   * (+60 for 13:00 local when it is 12:00 UTC). Default: this machine's offset at that time.
   */
  readonly utcOffsetMinutes?: number;
  /** Wall time of the run, in seconds. */
  readonly seconds: number;
  /** Write the per-trial sheet. */
  readonly trialsSheet: boolean;
  /** Where the assumptions came from (a file name, "defaults", a sheet). */
  readonly source: string;
}

/** Bins of the ARR histogram (fewer when the trials all but agree). */
export const HISTOGRAM_BINS = 20;

/**
 * The histogram's bins are equal in log ARR when the largest positive ARR is at least this
 * many times the smallest: a skewed spread, which equal widths would pile into the first bin.
 */
export const LOG_BINS_RATIO = 10;

/** Notes are cut into lines of at most this many characters, narrower than the printed page. */
export const NOTE_WIDTH = 110;

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

const column = (header: string, format: NumberFormat = FORMATS.general, byRow?: TableColumn['byRow']): TableColumn => ({
  header,
  format,
  ...(byRow ? { byRow } : {}),
});

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapText(text: string, width: number = NOTE_WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Lays out blocks top to bottom on one sheet, a blank row between them. */
class SheetLayout {
  readonly cells: ReportCell[] = [];
  readonly tables: ReportTable[] = [];
  readonly charts: ReportChart[] = [];
  readonly pageBreaks: number[] = [];
  row = 0;

  /** The next block starts a printed page. */
  newPage(): void {
    this.pageBreaks.push(this.row);
  }

  title(text: string): void {
    this.cells.push({ row: this.row, column: 0, value: text, style: 'title' });
    this.row += 2;
  }

  /** A note, in as many rows as it needs so that it prints within the page's width. */
  note(text: string): void {
    for (const line of wrapText(text)) this.cells.push({ row: this.row++, column: 0, value: line, style: 'note' });
  }

  /** A heading: it runs over the empty cells to its right. */
  label(text: string): void {
    this.cells.push({ row: this.row++, column: 0, value: text, style: 'label', overflows: true });
  }

  /** Label and value rows; text values run over the empty cells to their right. */
  pairs(rows: readonly [string, CellValue, NumberFormat?][], gap = true): void {
    for (const [label, value, format] of rows) {
      this.cells.push({ row: this.row, column: 0, value: label, style: 'label' });
      this.cells.push({
        row: this.row++,
        column: 1,
        value,
        ...(format ? { format } : {}),
        ...(typeof value === 'string' ? { overflows: true } : {}),
      });
    }
    if (gap) this.row++;
  }

  table(
    name: string,
    columns: readonly TableColumn[],
    rows: readonly (readonly CellValue[])[],
    rowFormats?: readonly (NumberFormat | undefined)[],
    gap = true,
  ): ReportTable {
    const table: ReportTable = { name, row: this.row, column: 0, columns, rows, ...(rowFormats ? { rowFormats } : {}) };
    this.tables.push(table);
    this.row += 1 + Math.max(1, rows.length) + (gap ? 1 : 0);
    return table;
  }

  /**
   * A chart's data table with the chart's area to its right (a column apart), both starting
   * at the current row; the layout goes on below the taller of the two.
   */
  chart(
    spec: Omit<ReportChart, 'table' | 'row' | 'column' | 'width' | 'height'>,
    table: (layout: SheetLayout) => ReportTable,
  ): void {
    const top = this.row;
    const data = table(this);
    const height = 16;
    // Six columns: within the width of the KPI table above, so the sheet prints as wide as that.
    this.charts.push({ ...spec, table: data.name, row: top, column: data.columns.length + 1, width: 6, height });
    this.row = Math.max(this.row, top + height + 1);
  }

  sheet(
    name: string,
    kind: ReportSheet['kind'],
    freezeRows = 0,
    options: { truncated?: string; print?: ReportSheet['print'] } = {},
  ): ReportSheet {
    return {
      name,
      kind,
      cells: this.cells,
      tables: this.tables,
      charts: this.charts,
      freeze: { rows: freezeRows, columns: 0 },
      columnWidths: fitWidths(this.cells, this.tables),
      ...(options.print ? { print: options.print } : {}),
      ...(this.pageBreaks.length > 0 ? { pageBreaks: this.pageBreaks } : {}),
      ...(options.truncated ? { truncated: options.truncated } : {}),
    };
  }
}

/** Printed one page wide, landscape: the sheets a reader prints (not the long data sheets). */
const ONE_PAGE_WIDE: ReportSheet['print'] = { orientation: 'landscape', fitToWidth: true };

/** Column widths in characters: the longest header or shown value, within 8 to 48. */
export function fitWidths(cells: readonly ReportCell[], tables: readonly ReportTable[]): number[] {
  const widths: number[] = [];
  const fit = (col: number, text: string) => (widths[col] = Math.max(widths[col] ?? 8, Math.min(48, text.length + 2)));
  // Titles, notes and text that runs over empty cells to its right do not widen their column.
  for (const c of cells)
    if (c.style !== 'title' && c.style !== 'note' && !c.overflows) fit(c.column, shown(c.value, c.format));
  for (const t of tables) {
    t.columns.forEach((c, j) => {
      fit(t.column + j, c.header);
      // Sampling the rows keeps this linear for a million-row trials table.
      const step = Math.max(1, Math.floor(t.rows.length / 2000));
      for (let i = 0; i < t.rows.length; i += step) fit(t.column + j, shown(t.rows[i][j], cellFormat(t, i, j)));
    });
  }
  return Array.from(widths, (w) => w ?? 8);
}

const SHOWN_DECIMALS: Partial<Record<NumberFormat, number>> = {
  [FORMATS.decimal]: 2,
  [FORMATS.oneDecimal]: 1,
  [FORMATS.correlation]: 3,
  [FORMATS.percent]: 1,
  [FORMATS.percentFine]: 2,
  [FORMATS.inputPercent]: 3,
};

const numberFormatters = new Map<NumberFormat, Intl.NumberFormat>();

/**
 * The formatter of a number format's shown text, made once: `toLocaleString` with options builds
 * a formatter on every call, which cost seconds over the sampled rows of a large Trials sheet.
 */
function shownNumber(format: NumberFormat): Intl.NumberFormat {
  let formatter = numberFormatters.get(format);
  if (!formatter) {
    const digits = SHOWN_DECIMALS[format] ?? 0;
    formatter = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: format === FORMATS.inputPercent ? 1 : digits,
      maximumFractionDigits: format === FORMATS.general ? 6 : digits,
      useGrouping: format !== FORMATS.month,
    });
    numberFormatters.set(format, formatter);
  }
  return formatter;
}

/** The text a value shows with its format, near enough to size a column. */
function shown(value: CellValue, format: NumberFormat = FORMATS.general): string {
  if (value === null) return '';
  if (value instanceof Date) return '0000-00-00 00:00:00';
  if (typeof value !== 'number') return String(value);
  const percent = format === FORMATS.percent || format === FORMATS.percentFine || format === FORMATS.inputPercent;
  const text = shownNumber(format).format(percent ? value * 100 : value);
  if (format === FORMATS.currency) return `${CURRENCY_SYMBOL}${text}`;
  return percent ? `${text}%` : text;
}

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

/**
 * The compare run's answer in one sentence, difference signed beekeeper − proprietary. The
 * relative figure is the median per-trial difference over the magnitude of proprietary's
 * median NPV (left out when that median is 0): a median of per-trial ratios would blow up in
 * the trials where proprietary's NPV is near 0.
 *
 * @example npvVerdictText({ beekeeperAhead: 0.23, medianDifference: -4.1e6, proprietaryMedian: 34e6 })
 * // "Beekeeper beats proprietary on NPV in 23 % of trials; median −$4.1 M (−12 %)"
 */
export function npvVerdictText(verdict: NpvVerdict): string {
  const relative =
    verdict.proprietaryMedian === 0
      ? ''
      : ` (${signedPercent(verdict.medianDifference / Math.abs(verdict.proprietaryMedian))})`;
  return (
    `Beekeeper beats proprietary on NPV in ${shareText(verdict.beekeeperAhead)} of trials; ` +
    `median ${signedMoney(verdict.medianDifference)}${relative}`
  );
}

/** One bin of the ARR histogram; `from` is null for the bin of trials without ARR (≤ 0). */
export interface HistogramBin {
  readonly label: string;
  readonly from: number | null;
  readonly to: number;
  /** Trials in the bin, per scenario. */
  readonly counts: readonly number[];
}

/** Money in a bin's label: 3 significant digits, "$1.23 M". */
function shortMoney(x: number): string {
  const [scaled, unit] = x >= 1e9 ? [x / 1e9, ' B'] : x >= 1e6 ? [x / 1e6, ' M'] : x >= 1e3 ? [x / 1e3, ' k'] : [x, ''];
  return `${CURRENCY_SYMBOL}${Number(scaled.toPrecision(3)).toLocaleString('en-US')}${unit}`;
}

/**
 * The ARR histogram over every scenario's trials (one count per scenario, the same bins): a
 * bin "no ARR" for trials with ARR ≤ 0, then {@link HISTOGRAM_BINS} bins from the smallest to
 * the largest positive ARR, equal in log ARR when the spread is skewed (max/min ≥
 * {@link LOG_BINS_RATIO}) and equal in ARR otherwise; one bin when every positive ARR is the same.
 *
 * @example arrHistogram([new Float64Array([0, 1e5, 1e6, 1e7])]).scale // "log" (bins: "no ARR" with 1, then 20 from $100 k to $10 M)
 */
export function arrHistogram(values: readonly Float64Array[]): { scale: 'log' | 'linear'; bins: HistogramBin[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const column of values)
    for (const v of column) if (Number.isFinite(v) && v > 0) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const none = values.map((column) => column.filter((v) => Number.isFinite(v) && v <= 0).length);
  const bins: HistogramBin[] = [];
  if (none.some((n) => n > 0)) bins.push({ label: 'no ARR (0 or less)', from: null, to: 0, counts: none });
  const logScale = hi / lo >= LOG_BINS_RATIO;
  if (lo === Infinity) return { scale: 'linear', bins };
  const count = lo === hi ? 1 : HISTOGRAM_BINS;
  // Position of v in [0, count]: linear in ARR, or in log ARR.
  const position = logScale
    ? (v: number) => (count * log(v / lo)) / log(hi / lo)
    : (v: number) => (lo === hi ? 0 : (count * (v - lo)) / (hi - lo));
  const edge = (b: number) =>
    b === count ? hi : logScale ? lo * pow(hi / lo, b / count) : lo + ((hi - lo) * b) / count;
  const counts = values.map((column) => {
    const c = new Array<number>(count).fill(0);
    for (const v of column) if (Number.isFinite(v) && v > 0) c[Math.min(count - 1, Math.floor(position(v)))]++;
    return c;
  });
  for (let b = 0; b < count; b++) {
    const [from, to] = [edge(b), edge(b + 1)];
    bins.push({ label: `${shortMoney(from)} to ${shortMoney(to)}`, from, to, counts: counts.map((c) => c[b]) });
  }
  return { scale: logScale ? 'log' : 'linear', bins };
}

/**
 * The report of a finished run.
 *
 * @example buildReport(run, analyze(run), { version: '0.1.0', startedAt: new Date(), seconds: 1.2, trialsSheet: false, source: 'defaults' })
 */
export function buildReport(run: SimulationRun, analysis: SimulationAnalysis, info: RunInfo): Report {
  const sheets = [
    summarySheet(run, analysis, info),
    monthlySheet(run),
    inputsSheet(run, info),
    sensitivitySheet(analysis),
  ];
  if (info.trialsSheet) sheets.push(trialsSheet(run, analysis));
  if (analysis.comparison) sheets.push(compareSheet(run, analysis));
  return { sheets };
}

const count = (n: number) => n.toLocaleString('en-US');

function summarySheet(run: SimulationRun, analysis: SimulationAnalysis, info: RunInfo): ReportSheet {
  const { options } = run;
  const months = run.inputs.base.months;
  const compare = analysis.scenarios.length > 1;
  const layout = new SheetLayout();
  layout.title('Beekeeper simulation: summary');
  layout.note(
    `${compare ? 'Both scenarios (beekeeper and proprietary) on the same' : `The ${options.scenario} scenario over`} ` +
      `${count(options.trials)} trials of ${months} months. P10: one trial in ten is lower; P50: the median; ` +
      `P90: one trial in ten is higher. Money is in the model's one currency, shown as ${CURRENCY_SYMBOL}.`,
  );
  if (analysis.npvVerdict) layout.label(npvVerdictText(analysis.npvVerdict));
  layout.row++;

  layout.label('The headline');
  const read = (s: ScenarioAnalysis, k: (typeof HEADLINE_KPIS)[number]): CellValue[] => {
    if (k === 'cashOutMonth') {
      const later = `after month ${months}`; // cash lasts past the horizon in those trials
      return [s.cashOutMonth.p10 ?? later, s.cashOutMonth.p50 ?? later, s.cashOutMonth.p90 ?? later];
    }
    const summary = s.kpis[k];
    return summary ? [summary.p10, summary.p50, summary.p90] : [null, null, null];
  };
  const headline = HEADLINE_KPIS.flatMap((k) =>
    analysis.scenarios.map((s) => ({
      row: [kpiLabel(k, months), ...(compare ? [s.scenario] : []), ...read(s, k)] as CellValue[],
      format: kpiFormat(k),
    })),
  );
  layout.table(
    'BeekeeperHeadline',
    [
      column('Figure'),
      ...(compare ? [column('Scenario')] : []),
      column('P10', FORMATS.general, true),
      column('P50', FORMATS.general, true),
      column('P90', FORMATS.general, true),
    ],
    headline.map((h) => h.row),
    headline.map((h) => h.format),
    false,
  );
  // The chances have no P10 to P90: rows of their own right under the table.
  for (const [label, read] of [
    ['Chance that NPV > 0', (s: ScenarioAnalysis) => s.probabilityNpvPositive],
    ['Chance that cash ever goes below 0', (s: ScenarioAnalysis) => s.probabilityCashNegative],
  ] as const) {
    for (const s of analysis.scenarios) {
      layout.cells.push({ row: layout.row, column: 0, value: label, style: 'label' });
      if (compare) layout.cells.push({ row: layout.row, column: 1, value: s.scenario });
      layout.cells.push({ row: layout.row++, column: compare ? 2 : 1, value: read(s), format: FORMATS.percent });
    }
  }
  layout.row++;
  for (const s of analysis.scenarios) layout.note(fundingText(s, months, compare));
  layout.note(
    `Month cash runs out counts every trial: "after month ${months}" where cash lasts past the horizon in the trials ` +
      "at that percentile. Funding need: what must be raised beyond the initial cash and the plan's funding rounds, 0 where cash never goes below 0.",
  );
  layout.row++;

  layout.label('The run');
  const offset = info.utcOffsetMinutes ?? -info.startedAt.getTimezoneOffset();
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
    ['Started (local time)', localWallClock(info.startedAt, offset), FORMATS.date],
    ['UTC offset of that time', `UTC${utcOffsetText(offset)}`],
    ['Run time (seconds)', Number(info.seconds.toFixed(3)), FORMATS.oneDecimal],
  ]);

  layout.label('Every KPI at the horizon, over the trials that have it');
  const kpiRows = analysis.scenarios.flatMap((s) =>
    KPI_NAMES.map((k) => {
      const summary = s.kpis[k];
      return {
        row: [
          kpiLabel(k, months),
          k,
          ...(compare ? [s.scenario] : []),
          ...KPI_STATISTICS.map(([, read]) => (summary ? read(summary) : null)),
          summary?.n ?? 0,
        ] as CellValue[],
        format: kpiFormat(k),
      };
    }),
  );
  layout.table(
    'BeekeeperKpis',
    [
      column('KPI'),
      column('Code'),
      ...(compare ? [column('Scenario')] : []),
      ...KPI_STATISTICS.map(([header, , byRow]) => column(header, FORMATS.general, byRow ?? true)),
      column('With a value', FORMATS.whole),
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

  chartsOf(run, analysis, layout);
  return layout.sheet('Beekeeper Summary', 'summary', 0, { print: ONE_PAGE_WIDE });
}

/** "How much to raise" and "when cash runs out" in words, for one scenario. */
function fundingText(s: ScenarioAnalysis, months: number, compare: boolean): string {
  const need = s.kpis.fundingNeed;
  const who = compare ? `${s.scenario[0].toUpperCase()}${s.scenario.slice(1)}: ` : '';
  if (!need || need.p90 === 0)
    return `${who}cash stays at or above 0 in at least nine trials in ten: nothing to raise.`;
  const raise = (x: number) => signedMoney(x).replace(/^\+/, '');
  const by = (m: number | undefined) => (m === undefined ? `after month ${months}` : `by month ${m}`);
  return (
    `${who}How much to raise: ${raise(need.p50)} covers half the trials (P50), ${raise(need.p90)} nine in ten (P90). ` +
    `Cash runs out in ${shareText(s.probabilityCashNegative)} of trials: ${by(s.cashOutMonth.p10)} in one in ten (P10), ` +
    `${by(s.cashOutMonth.p50)} in half (P50).`
  );
}

/** The four charts of workbook.md, each its data table with the chart's area beside it. */
function chartsOf(run: SimulationRun, analysis: SimulationAnalysis, layout: SheetLayout): void {
  const months = run.inputs.base.months;
  const fan = (output: 'cash' | 'revenue', chartTitle: string, name: string) => {
    layout.newPage();
    layout.label(`Chart: ${chartTitle}`);
    const compare = run.scenarios.length > 1;
    const header = (p: string, s: string) => `${compare ? `${s} ` : ''}${MONTHLY_LABELS[output].label(months)} ${p}`;
    const columns = [
      column('Month', FORMATS.month),
      ...run.scenarios.flatMap((s) =>
        ['P10', 'P50', 'P90'].map((p) => column(header(p, s.scenario), FORMATS.currency)),
      ),
    ];
    layout.chart(
      {
        kind: 'line',
        title: chartTitle,
        categoryColumn: 'Month',
        seriesColumns: columns.slice(1).map((c) => c.header),
        xTitle: 'month',
        yTitle: `${output} (${CURRENCY_SYMBOL})`,
      },
      (l) =>
        l.table(
          name,
          columns,
          Array.from({ length: months }, (_, m) => [
            m + 1,
            ...run.scenarios.flatMap((s) => [
              s.monthly[output].p10[m],
              s.monthly[output].p50[m],
              s.monthly[output].p90[m],
            ]),
          ]),
        ),
    );
  };
  fan('cash', 'Cash at the end of each month: P10, P50, P90 (below 0: the funding need shows)', 'BeekeeperCashFan');
  fan('revenue', 'Monthly revenue: P10, P50, P90', 'BeekeeperRevenueFan');

  const histogram = arrHistogram(run.scenarios.map((s) => s.kpis.arr));
  const compare = run.scenarios.length > 1;
  const trialsHeader = (s: string) => (compare ? `${s} trials` : 'Trials');
  const shareHeader = (s: string) => (compare ? `${s} share` : 'Share of trials');
  const histogramTitle = `ARR at month ${months}: trials per range`;
  layout.newPage();
  layout.label(`Chart: ${histogramTitle}`);
  layout.chart(
    {
      kind: 'column',
      title: histogramTitle,
      categoryColumn: 'ARR range',
      seriesColumns: run.scenarios.map((s) => trialsHeader(s.scenario)),
      xTitle: 'ARR',
      yTitle: 'trials',
    },
    (l) =>
      l.table(
        'BeekeeperArrHistogram',
        [
          column('ARR range'),
          column('From', FORMATS.currency),
          column('To', FORMATS.currency),
          ...run.scenarios.map((s) => column(trialsHeader(s.scenario), FORMATS.whole)),
          ...run.scenarios.map((s) => column(shareHeader(s.scenario), FORMATS.percent)),
        ],
        histogram.bins.map((b) => [b.label, b.from, b.to, ...b.counts, ...b.counts.map((c) => c / run.options.trials)]),
      ),
  );
  layout.note(
    histogram.scale === 'log'
      ? `Ranges are equal in log ARR (each range a fixed multiple of the one before): ARR is skewed, and equal widths would put most trials in the first range.`
      : 'Ranges are equal in ARR.',
  );
  layout.row++;

  const tornado = analysis.scenarios[0];
  const rows = tornado.sensitivity
    .filter((s) => s.npvLowDecile !== undefined && s.npvHighDecile !== undefined)
    .map((s) => [s.name, s.npvLowDecile!, s.npvHighDecile!, s.npvHighDecile! - s.npvLowDecile!] as const)
    .sort((a, b) => Math.abs(b[3]) - Math.abs(a[3]));
  if (rows.length > 0) {
    const title = `What moves NPV most (${tornado.scenario}): mean NPV with the input in its lowest and highest tenth`;
    layout.newPage();
    layout.label(`Chart: ${title}`);
    layout.chart(
      {
        kind: 'bar',
        title,
        categoryColumn: 'Input',
        seriesColumns: ['NPV, input low', 'NPV, input high'],
        xTitle: 'NPV',
        yTitle: 'input',
      },
      (l) =>
        l.table(
          'BeekeeperTornado',
          [
            column('Input'),
            column('NPV, input low', FORMATS.currency),
            column('NPV, input high', FORMATS.currency),
            column('Swing', FORMATS.currency),
          ],
          rows,
        ),
    );
    const mean = tornado.kpis.npv?.mean;
    if (mean !== undefined)
      layout.note(
        `Input low, high: the mean NPV of the tenth of trials where the input is lowest, highest (its lowest and highest decile). ` +
          `Bars start from the mean NPV of all trials, ${signedMoney(mean).replace(/^\+/, '')}; inputs by the size of their swing, largest first.`,
      );
  }
}

function monthlySheet(run: SimulationRun): ReportSheet {
  const layout = new SheetLayout();
  const compare = run.scenarios.length > 1;
  const statistics = ['mean', 'P10', 'P50', 'P90'] as const;
  const read = { mean: 'mean', P10: 'p10', P50: 'p50', P90: 'p90' } as const;
  const months = run.inputs.base.months;
  const header = (o: (typeof MONTHLY_STATISTICS)[number], s: string) =>
    `${MONTHLY_LABELS[o].label(months)} ${s === 'mean' ? 'mean' : s}`;
  // With startDate (model.md v3) each month also carries its calendar month, as an Excel date.
  const startDate = run.inputs.base.startDate;
  const dates = startDate > 0 ? monthDates(startDate, months) : undefined;
  layout.table(
    'BeekeeperMonthly',
    [
      ...(compare ? [column('Scenario')] : []),
      column('Month', FORMATS.month),
      ...(dates ? [column('Date', FORMATS.calendarMonth)] : []),
      ...MONTHLY_STATISTICS.flatMap((o) =>
        statistics.map((s) => column(header(o, s), MEASURE_FORMATS[MONTHLY_LABELS[o].measure])),
      ),
    ],
    run.scenarios.flatMap((s) =>
      Array.from({ length: months }, (_, m) => [
        ...(compare ? [s.scenario] : []),
        m + 1,
        ...(dates ? [dates[m]] : []),
        ...MONTHLY_STATISTICS.flatMap((o) => statistics.map((stat) => s.monthly[o][read[stat]][m])),
      ]),
    ),
  );
  layout.note(
    'Means are exact; P10, P50 and P90 are within 0.1 % of the exact percentiles (quantile sketches, so memory does not grow with trials). ' +
      'Each column is a month-by-month statistic: the P50s of different months come from different trials.',
  );
  return layout.sheet('Beekeeper Monthly', 'monthly', 1);
}

/**
 * The plain Excel formula of the HDR 2.0 uniform (no add-in needed) for the trial in cell
 * `trialCell`, HDR variable `variable`, entity 1 and seed3 `seed` (seed4 = 0).
 *
 * @example hdrFormula('A2', 4, 1) // "=(MOD(MOD(MOD(999999999999989,MOD(A2*2499997+4*1800451+…"
 */
export function hdrFormula(trialCell: string, variable: number, seed: number): string {
  const s1 = `MOD(${trialCell}*2499997+${variable}*1800451+2000371+${seed}*1796777,7450589)`;
  const s2 = `MOD(${trialCell}*2246527+${variable}*2399993+2100869+${seed}*1918303,7450987)`;
  const a = `MOD(MOD(999999999999989,${s1}*4658+7450581)*383,99991)*7440893`;
  const b = `MOD(MOD(999999999999989,${s2}*7580+7560584)*17669,7440893)`;
  return `=(MOD((${a}+${b})*1343,4294967296)+0.5)/4294967296`;
}

function inputsSheet(run: SimulationRun, info: RunInfo): ReportSheet {
  const layout = new SheetLayout();
  const rows = run.inputs.rows;
  layout.table(
    'BeekeeperInputs',
    [
      column('Name'),
      column('Value', FORMATS.general, true),
      column('Distribution'),
      column('p1', FORMATS.general, true),
      column('p2', FORMATS.general, true),
      column('p3', FORMATS.general, true),
      column('Unit'),
      column('HDR variable', FORMATS.month),
      column('Description'),
    ],
    rows.map((r) => {
      const spec = findAssumption(r.name);
      return [
        r.name,
        // No startDate (0): an empty cell, not the date 0 (1899-12-30) its format would show.
        r.name === 'startDate' && r.value === 0 ? null : r.value,
        r.distribution ?? null,
        r.params[0] ?? null,
        r.params[1] ?? null,
        r.params[2] ?? null,
        spec.unit,
        r.distribution ? (r.variable ?? null) : null,
        spec.description,
      ];
    }),
    rows.map((r) => INPUT_FORMATS[r.name]),
  );
  layout.note(`Assumptions as run, from ${info.source}. An empty distribution: fixed at its value.`);
  planTable(layout, run);
  const seed = run.options.seed;
  layout.note(
    `HDR variable: the key of each uncertain input's random numbers. Trial t draws u = HDR(t, variable, 1, ${seed}) ` +
      `for it: in Excel with the add-in, =OSS.HDR(t, variable, 1, ${seed}) (HDR 2.0, entity 1, seed ${seed}). ` +
      (run.options.sampling === 'lhs'
        ? 'Latin Hypercube then ranks u among all trials and uses the quantile of (rank − 0.5) / trials.'
        : 'Plain Monte Carlo uses the quantile of u directly.'),
  );
  const first = run.inputs.uncertain[0];
  if (first) {
    layout.note(
      `Without the add-in, the same u for the trial number in cell A2 and ${first.name} (variable ${first.variable}) is the plain formula:`,
    );
    // A formula is text here, not a formula cell: the report holds values only (workbook.md).
    layout.cells.push({ row: layout.row++, column: 0, value: hdrFormula('A2', first.variable, seed), style: 'note' });
  }
  return layout.sheet('Beekeeper Inputs', 'inputs', 1, { print: ONE_PAGE_WIDE });
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

/**
 * The plan as run (model.md v3), below the assumptions: a row per decision in month order, its
 * calendar month when startDate is set, and a note for each uncertain input that the plan
 * replaces from a month on (every trial takes the planned value from then).
 */
function planTable(layout: SheetLayout, run: SimulationRun): void {
  const plan = run.inputs.plan ?? [];
  if (plan.length === 0) return;
  const startDate = run.inputs.base.startDate;
  const dates = startDate > 0 ? monthDates(startDate, run.inputs.base.months) : undefined;
  layout.row++;
  layout.label('The plan: decisions from their month on, the same in every trial');
  layout.table(
    'BeekeeperPlanAsRun',
    [
      column('Month', FORMATS.month),
      ...(dates ? [column('Date', FORMATS.calendarMonth)] : []),
      column('Name'),
      column('Value', FORMATS.general, true),
      column('Unit'),
    ],
    plan.map((row) => [row.month, ...(dates ? [dates[row.month - 1]] : []), row.name, row.value, planUnit(row.name)]),
    plan.map((row) =>
      row.name === 'engineers' ? FORMATS.whole : row.name === 'funding' ? FORMATS.currency : INPUT_FORMATS[row.name],
    ),
  );
  const replaced = plannedOver(
    plan,
    run.inputs.uncertain.map((u) => u.name),
  );
  const first = new Map<string, number>();
  for (const row of replaced) if (!first.has(row.name)) first.set(row.name, row.month);
  for (const [name, month] of first)
    layout.note(
      `${name} is uncertain above, and planned: from month ${month} every trial takes the plan's value instead of its sampled one.`,
    );
}

function sensitivitySheet(analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const rows = analysis.scenarios.flatMap((s) =>
    s.sensitivity.map((x) => [
      s.scenario,
      x.name,
      x.npvCorrelation ?? null,
      x.arrCorrelation ?? null,
      x.npvLowDecile ?? null,
      x.npvHighDecile ?? null,
      x.npvLowDecile !== undefined && x.npvHighDecile !== undefined ? x.npvHighDecile - x.npvLowDecile : null,
    ]),
  );
  layout.table(
    'BeekeeperSensitivity',
    [
      column('Scenario'),
      column('Input'),
      column('Spearman with NPV', FORMATS.correlation),
      column('Spearman with ARR', FORMATS.correlation),
      column('NPV mean, lowest decile', FORMATS.currency),
      column('NPV mean, highest decile', FORMATS.currency),
      column('NPV swing', FORMATS.currency),
    ],
    rows,
  );
  if (rows.length === 0) layout.note('No input is uncertain in this run: there is nothing to rank.');
  else
    layout.note(
      'Spearman: rank correlation from −1 to 1 (0: no monotone link). Deciles: the mean NPV over the tenth of trials where the input is lowest, and where it is highest.',
    );
  return layout.sheet('Beekeeper Sensitivity', 'sensitivity', 1, { print: ONE_PAGE_WIDE });
}

/**
 * The size of the Trials sheet's table: a row per trial (as many as a worksheet holds below the
 * header), and a column for the trial, each uncertain input and each scenario's KPIs.
 *
 * @example trialsTableSize(1_000_000, 13, 1) // { rows: 1000000, columns: 27 }
 */
export function trialsTableSize(
  trials: number,
  uncertain: number,
  scenarios: number,
): { rows: number; columns: number } {
  return { rows: Math.min(trials, EXCEL_MAX_ROWS - 1), columns: 1 + uncertain + scenarios * KPI_NAMES.length };
}

function trialsSheet(run: SimulationRun, analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const compare = analysis.scenarios.length > 1;
  const months = run.inputs.base.months;
  const shownTrials = trialsTableSize(run.options.trials, run.inputs.uncertain.length, run.scenarios.length).rows;
  const truncated =
    shownTrials < run.options.trials
      ? `Only the first ${count(shownTrials)} of ${count(run.options.trials)} trials: a worksheet holds at most ${count(EXCEL_MAX_ROWS)} rows.`
      : undefined;
  layout.table(
    'BeekeeperTrials',
    [
      column('Trial', FORMATS.month),
      ...run.inputs.uncertain.map((u) => column(u.name, INPUT_FORMATS[u.name])),
      ...run.scenarios.flatMap((s) =>
        KPI_NAMES.map((k) =>
          column(compare ? `${s.scenario} ${kpiLabel(k, months)}` : kpiLabel(k, months), kpiFormat(k)),
        ),
      ),
    ],
    Array.from({ length: shownTrials }, (_, t) => [
      t + 1,
      ...run.samples.map((c) => c[t]),
      ...run.scenarios.flatMap((s) => KPI_NAMES.map((k) => (Number.isNaN(s.kpis[k][t]) ? null : s.kpis[k][t]))),
    ]),
  );
  if (truncated) layout.note(truncated);
  return layout.sheet('Beekeeper Trials', 'trials', 1, truncated ? { truncated } : {});
}

function compareSheet(run: SimulationRun, analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const months = run.inputs.base.months;
  layout.title(npvVerdictText(analysis.npvVerdict!));
  layout.note(
    'Difference: beekeeper − proprietary, trial by trial; both scenarios run on the same sampled inputs. ' +
      "The percentage is the median difference over the size of proprietary's median NPV " +
      `(${signedMoney(analysis.npvVerdict!.proprietaryMedian).replace(/^\+/, '')}).`,
  );
  layout.row++;
  const value = (s: Summary | undefined, read: (s: Summary) => number) => (s ? read(s) : null);
  const comparison = analysis.comparison!;
  layout.table(
    'BeekeeperCompare',
    [
      column('KPI'),
      column('Code'),
      column('Beekeeper mean', FORMATS.general, true),
      column('Proprietary mean', FORMATS.general, true),
      column('Difference mean', FORMATS.general, true),
      column('Difference P10', FORMATS.general, true),
      column('Difference P50', FORMATS.general, true),
      column('Difference P90', FORMATS.general, true),
    ],
    comparison.map((c) => [
      kpiLabel(c.kpi, months),
      c.kpi,
      value(c.beekeeper, (s) => s.mean),
      value(c.proprietary, (s) => s.mean),
      value(c.difference, (s) => s.mean),
      value(c.difference, (s) => s.p10),
      value(c.difference, (s) => s.p50),
      value(c.difference, (s) => s.p90),
    ]),
    comparison.map((c) => kpiFormat(c.kpi)),
  );
  layout.note(
    'A difference exists in the trials where both scenarios have the KPI. Differences of shares (gross margin, rule of 40) are in percentage points.',
  );
  return layout.sheet('Beekeeper Compare', 'compare', 0, { print: ONE_PAGE_WIDE });
}
