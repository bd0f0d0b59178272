import { AssumptionName, findAssumption } from '../model/assumptions';
import { KPI_NAMES, KpiName } from '../model/kpis';
import { MONTHLY_STATISTICS, MonthlyStatistic, SimulationRun } from '../engine/simulation';
import { ScenarioAnalysis, SimulationAnalysis } from '../engine/simulation-results';
import { Summary } from '../engine/statistics';
import {
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
} from './types';

/**
 * Builds the report of workbook.md from a finished run: the sheets, their cells, tables,
 * number formats and chart specifications. Both writers (the task pane's and the command
 * line's) only translate what this decides.
 */

/** What the report says about the run beyond its results. */
export interface RunInfo {
  /** Version of Beekeeper that ran it. */
  readonly version: string;
  /** When the run started. */
  readonly startedAt: Date;
  /** Wall time of the run, in seconds. */
  readonly seconds: number;
  /** Write the per-trial sheet. */
  readonly trialsSheet: boolean;
  /** Where the assumptions came from (a file name, "defaults", a sheet). */
  readonly source: string;
}

/** Bins of the ARR histogram. */
export const HISTOGRAM_BINS = 20;

const KPI_FORMATS: Record<KpiName, NumberFormat> = {
  arr: FORMATS.currency,
  revenueTotal: FORMATS.currency,
  npv: FORMATS.currency,
  breakEvenMonth: FORMATS.decimal,
  minCash: FORMATS.currency,
  customers: FORMATS.whole,
  members: FORMATS.whole,
  customersPerThousandMembers: FORMATS.decimal,
  fundingNeed: FORMATS.currency,
  cashOutMonth: FORMATS.decimal,
  grossMargin: FORMATS.decimal,
  burnMultiple: FORMATS.decimal,
  ruleOf40: FORMATS.decimal,
};

const MONTHLY_FORMATS: Record<MonthlyStatistic, NumberFormat> = {
  members: FORMATS.whole,
  customers: FORMATS.whole,
  revenue: FORMATS.currency,
  arr: FORMATS.currency,
  engineers: FORMATS.decimal,
  cash: FORMATS.currency,
};

/** The statistics rows of the KPI table, with how to read each from a summary. */
const KPI_STATISTICS: readonly [string, (s: Summary) => number][] = [
  ['mean', (s) => s.mean],
  ['standard deviation', (s) => s.sd],
  ['P5', (s) => s.p5],
  ['P10', (s) => s.p10],
  ['P25', (s) => s.p25],
  ['P50', (s) => s.p50],
  ['P75', (s) => s.p75],
  ['P90', (s) => s.p90],
  ['P95', (s) => s.p95],
  ['standard error of the mean', (s) => s.sem],
  ['trials with a value', (s) => s.n],
];

const column = (header: string, format: NumberFormat = FORMATS.general): TableColumn => ({ header, format });

/** Lays out blocks top to bottom on one sheet, a blank row between them. */
class SheetLayout {
  readonly cells: ReportCell[] = [];
  readonly tables: ReportTable[] = [];
  readonly charts: ReportChart[] = [];
  row = 0;

  title(text: string): void {
    this.cells.push({ row: this.row, column: 0, value: text, style: 'title' });
    this.row += 2;
  }

  note(text: string): void {
    this.cells.push({ row: this.row++, column: 0, value: text, style: 'note' });
  }

  label(text: string): void {
    this.cells.push({ row: this.row++, column: 0, value: text, style: 'label' });
  }

  pairs(rows: readonly [string, CellValue, NumberFormat?][]): void {
    for (const [label, value, format] of rows) {
      this.cells.push({ row: this.row, column: 0, value: label, style: 'label' });
      this.cells.push({ row: this.row++, column: 1, value, ...(format ? { format } : {}) });
    }
    this.row++;
  }

  table(name: string, columns: readonly TableColumn[], rows: readonly (readonly CellValue[])[]): ReportTable {
    const table: ReportTable = { name, row: this.row, column: 0, columns, rows };
    this.tables.push(table);
    this.row += rows.length + 2;
    return table;
  }

  sheet(name: string, kind: ReportSheet['kind'], freezeRows = 0, truncated?: string): ReportSheet {
    return {
      name,
      kind,
      cells: this.cells,
      tables: this.tables,
      charts: this.charts,
      freeze: { rows: freezeRows, columns: 0 },
      columnWidths: fitWidths(this.cells, this.tables),
      ...(truncated ? { truncated } : {}),
    };
  }
}

/** Column widths in characters: the longest header or shown value, within 8 to 48. */
export function fitWidths(cells: readonly ReportCell[], tables: readonly ReportTable[]): number[] {
  const widths: number[] = [];
  const fit = (col: number, text: string) => (widths[col] = Math.max(widths[col] ?? 8, Math.min(48, text.length + 2)));
  // Titles and notes run across empty cells to their right: they do not widen column A.
  for (const c of cells) if (c.style !== 'title' && c.style !== 'note') fit(c.column, shown(c.value, c.format));
  for (const t of tables) {
    t.columns.forEach((c, j) => {
      fit(t.column + j, c.header);
      // Sampling the rows keeps this linear for a million-row trials table.
      const step = Math.max(1, Math.floor(t.rows.length / 2000));
      for (let i = 0; i < t.rows.length; i += step) fit(t.column + j, shown(t.rows[i][j], c.format));
    });
  }
  return Array.from(widths, (w) => w ?? 8);
}

/** The text a value shows with its format, near enough to size a column. */
function shown(value: CellValue, format: NumberFormat = FORMATS.general): string {
  if (value === null) return '';
  if (value instanceof Date) return '0000-00-00 00:00:00';
  if (typeof value !== 'number') return String(value);
  const digits =
    format === FORMATS.decimal ? 2 : format === FORMATS.correlation ? 3 : format === FORMATS.percent ? 1 : 0;
  const text = (format === FORMATS.percent ? value * 100 : value).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: format === FORMATS.general ? 6 : digits,
  });
  return format === FORMATS.percent ? `${text}%` : text;
}

const scenarioNames = (run: SimulationRun) => run.scenarios.map((s) => s.scenario);

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
  if (analysis.comparison) sheets.push(compareSheet(analysis));
  return { sheets };
}

function summarySheet(run: SimulationRun, analysis: SimulationAnalysis, info: RunInfo): ReportSheet {
  const { options } = run;
  const layout = new SheetLayout();
  layout.title('Beekeeper simulation: summary');
  layout.pairs([
    ['Beekeeper version', info.version],
    ['scenario', options.scenario],
    ['trials', options.trials, FORMATS.whole],
    ['seed', options.seed, FORMATS.month],
    ['sampling', options.sampling === 'lhs' ? 'Latin Hypercube (lhs)' : 'Monte Carlo (mc)'],
    ['months', run.inputs.base.months, FORMATS.month],
    ['assumptions', info.source],
    ['started', info.startedAt, FORMATS.date],
    ['run time (s)', Number(info.seconds.toFixed(3)), FORMATS.decimal],
  ]);

  layout.label('KPIs at the horizon over the trials');
  const compare = analysis.scenarios.length > 1;
  layout.table(
    'BeekeeperKpis',
    [...(compare ? [column('scenario')] : []), column('statistic'), ...KPI_NAMES.map((k) => column(k, KPI_FORMATS[k]))],
    analysis.scenarios.flatMap((s) =>
      KPI_STATISTICS.map(([label, read]) => [
        ...(compare ? [s.scenario] : []),
        label,
        ...KPI_NAMES.map((k) => {
          const summary = s.kpis[k];
          return summary ? read(summary) : null;
        }),
      ]),
    ),
  );
  layout.note('An empty cell: no trial has that KPI (no break-even, or no members).');
  layout.row++;

  layout.label('Risks');
  layout.table(
    'BeekeeperRisks',
    [column('scenario'), column('P(NPV > 0)', FORMATS.percent), column('P(cash ever below 0)', FORMATS.percent)],
    analysis.scenarios.map((s) => [s.scenario, s.probabilityNpvPositive, s.probabilityCashNegative]),
  );

  const chartColumn = 2 + KPI_NAMES.length + (compare ? 1 : 0);
  const fan = revenueFanTable(run, layout);
  const histogram = arrHistogramTable(run, layout);
  const tornado = tornadoTable(analysis.scenarios[0], layout);
  const chartAt = (i: number) => ({ row: 2 + i * 18, column: chartColumn, width: 9, height: 16 });
  layout.charts.push({
    kind: 'line',
    title: 'Monthly revenue: P10, P50, P90',
    table: fan.name,
    categoryColumn: 'month',
    seriesColumns: fan.columns.slice(1).map((c) => c.header),
    xTitle: 'month',
    yTitle: 'revenue',
    ...chartAt(0),
  });
  layout.charts.push({
    kind: 'column',
    title: `ARR at month ${run.inputs.base.months}: trials per range`,
    table: histogram.name,
    categoryColumn: 'ARR range',
    seriesColumns: histogram.columns.slice(3).map((c) => c.header),
    xTitle: 'ARR',
    yTitle: 'trials',
    ...chartAt(1),
  });
  if (tornado) {
    layout.charts.push({
      kind: 'bar',
      title: `What moves NPV most (${analysis.scenarios[0].scenario}): mean NPV in the lowest and highest decile of each input`,
      table: tornado.name,
      categoryColumn: 'input',
      seriesColumns: ['NPV, input in lowest decile', 'NPV, input in highest decile'],
      xTitle: 'NPV',
      yTitle: 'input',
      ...chartAt(2),
    });
  }
  return layout.sheet('Beekeeper Summary', 'summary');
}

/** Month, then P10, P50, P90 of revenue for each scenario: the fan chart's data. */
function revenueFanTable(run: SimulationRun, layout: SheetLayout): ReportTable {
  layout.label('Chart data: monthly revenue');
  const compare = run.scenarios.length > 1;
  const names = (p: string, s: string) => (compare ? `${s} revenue ${p}` : `revenue ${p}`);
  const months = run.inputs.base.months;
  return layout.table(
    'BeekeeperRevenueFan',
    [
      column('month', FORMATS.month),
      ...run.scenarios.flatMap((s) => ['P10', 'P50', 'P90'].map((p) => column(names(p, s.scenario), FORMATS.currency))),
    ],
    Array.from({ length: months }, (_, m) => [
      m + 1,
      ...run.scenarios.flatMap((s) => [s.monthly.revenue.p10[m], s.monthly.revenue.p50[m], s.monthly.revenue.p90[m]]),
    ]),
  );
}

/** ARR at the horizon in {@link HISTOGRAM_BINS} equal ranges over all scenarios' trials. */
function arrHistogramTable(run: SimulationRun, layout: SheetLayout): ReportTable {
  layout.label(`Chart data: ARR at month ${run.inputs.base.months}`);
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of run.scenarios)
    for (const v of s.kpis.arr) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const bins = lo === hi ? 1 : HISTOGRAM_BINS;
  const width = (hi - lo) / bins;
  const counts = run.scenarios.map((s) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of s.kpis.arr) if (Number.isFinite(v)) c[Math.min(bins - 1, Math.floor((v - lo) / width) || 0)]++;
    return c;
  });
  const compare = run.scenarios.length > 1;
  const label = (x: number) => Math.round(x).toLocaleString('en-US');
  return layout.table(
    'BeekeeperArrHistogram',
    [
      column('ARR range'),
      column('from', FORMATS.currency),
      column('to', FORMATS.currency),
      ...run.scenarios.map((s) => column(compare ? `${s.scenario} trials` : 'trials', FORMATS.whole)),
    ],
    Array.from({ length: bins }, (_, b) => {
      const from = lo + b * width;
      const to = b === bins - 1 ? hi : lo + (b + 1) * width;
      return [`${label(from)} to ${label(to)}`, from, to, ...counts.map((c) => c[b])];
    }),
  );
}

/** The tornado's data: inputs by the NPV swing between their lowest and highest decile, largest first. */
function tornadoTable(analysis: ScenarioAnalysis, layout: SheetLayout): ReportTable | undefined {
  const rows = analysis.sensitivity
    .filter((s) => s.npvLowDecile !== undefined && s.npvHighDecile !== undefined)
    .map((s) => [s.name, s.npvLowDecile!, s.npvHighDecile!] as [AssumptionName, number, number])
    .sort((a, b) => Math.abs(b[2] - b[1]) - Math.abs(a[2] - a[1]));
  if (rows.length === 0) return undefined;
  layout.label(`Chart data: NPV by input decile (${analysis.scenario})`);
  return layout.table(
    'BeekeeperTornado',
    [
      column('input'),
      column('NPV, input in lowest decile', FORMATS.currency),
      column('NPV, input in highest decile', FORMATS.currency),
    ],
    rows,
  );
}

function monthlySheet(run: SimulationRun): ReportSheet {
  const layout = new SheetLayout();
  const compare = run.scenarios.length > 1;
  const statistics = ['mean', 'P10', 'P50', 'P90'] as const;
  const read = { mean: 'mean', P10: 'p10', P50: 'p50', P90: 'p90' } as const;
  const months = run.inputs.base.months;
  layout.table(
    'BeekeeperMonthly',
    [
      ...(compare ? [column('scenario')] : []),
      column('month', FORMATS.month),
      ...MONTHLY_STATISTICS.flatMap((o) => statistics.map((s) => column(`${o} ${s}`, MONTHLY_FORMATS[o]))),
    ],
    run.scenarios.flatMap((s) =>
      Array.from({ length: months }, (_, m) => [
        ...(compare ? [s.scenario] : []),
        m + 1,
        ...MONTHLY_STATISTICS.flatMap((o) => statistics.map((stat) => s.monthly[o][read[stat]][m])),
      ]),
    ),
  );
  layout.note(
    'Means are exact; P10, P50 and P90 are within 0.1 % of the exact percentiles (quantile sketches, so memory does not grow with trials).',
  );
  return layout.sheet('Beekeeper Monthly', 'monthly', 1);
}

function inputsSheet(run: SimulationRun, info: RunInfo): ReportSheet {
  const layout = new SheetLayout();
  layout.table(
    'BeekeeperInputs',
    [
      column('name'),
      column('value'),
      column('distribution'),
      column('p1'),
      column('p2'),
      column('p3'),
      column('unit'),
      column('HDR variable', FORMATS.month),
      column('description'),
    ],
    run.inputs.rows.map((r) => {
      const spec = findAssumption(r.name);
      return [
        r.name,
        r.value,
        r.distribution ?? null,
        r.params[0] ?? null,
        r.params[1] ?? null,
        r.params[2] ?? null,
        spec.unit,
        r.distribution ? (r.variable ?? null) : null,
        spec.description,
      ];
    }),
  );
  layout.note(`Assumptions as run, from ${info.source}. An empty distribution: fixed at its value.`);
  layout.note(
    `Trial t's uniform for an input is =OSS.HDR(t, variable, 1, ${run.options.seed}) (HDR 2.0); ` +
      (run.options.sampling === 'lhs'
        ? 'Latin Hypercube ranks it among all trials and uses the quantile of (rank − 0.5) / trials.'
        : 'plain Monte Carlo uses its quantile directly.'),
  );
  return layout.sheet('Beekeeper Inputs', 'inputs', 1);
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
      column('scenario'),
      column('input'),
      column('Spearman with NPV', FORMATS.correlation),
      column('Spearman with ARR', FORMATS.correlation),
      column('NPV mean, lowest decile', FORMATS.currency),
      column('NPV mean, highest decile', FORMATS.currency),
      column('NPV swing', FORMATS.currency),
    ],
    rows,
  );
  if (rows.length === 0) layout.note('No input is uncertain in this run: there is nothing to rank.');
  return layout.sheet('Beekeeper Sensitivity', 'sensitivity', 1);
}

function trialsSheet(run: SimulationRun, analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const compare = analysis.scenarios.length > 1;
  const maxRows = EXCEL_MAX_ROWS - 1; // the header takes one row
  const shownTrials = Math.min(run.options.trials, maxRows);
  const truncated =
    shownTrials < run.options.trials
      ? `Only the first ${shownTrials.toLocaleString('en-US')} of ${run.options.trials.toLocaleString('en-US')} trials: a worksheet holds at most ${EXCEL_MAX_ROWS.toLocaleString('en-US')} rows.`
      : undefined;
  const names = scenarioNames(run);
  layout.table(
    'BeekeeperTrials',
    [
      column('trial', FORMATS.month),
      ...run.inputs.uncertain.map((u) => column(u.name)),
      ...names.flatMap((s) => KPI_NAMES.map((k) => column(compare ? `${s} ${k}` : k, KPI_FORMATS[k]))),
    ],
    Array.from({ length: shownTrials }, (_, t) => [
      t + 1,
      ...run.samples.map((c) => c[t]),
      ...run.scenarios.flatMap((s) => KPI_NAMES.map((k) => (Number.isNaN(s.kpis[k][t]) ? null : s.kpis[k][t]))),
    ]),
  );
  if (truncated) layout.note(truncated);
  return layout.sheet('Beekeeper Trials', 'trials', 1, truncated);
}

function compareSheet(analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const value = (s: Summary | undefined, read: (s: Summary) => number) => (s ? read(s) : null);
  layout.table(
    'BeekeeperCompare',
    [
      column('kpi'),
      column('beekeeper mean', FORMATS.decimal),
      column('proprietary mean', FORMATS.decimal),
      column('difference mean', FORMATS.decimal),
      column('difference P10', FORMATS.decimal),
      column('difference P50', FORMATS.decimal),
      column('difference P90', FORMATS.decimal),
    ],
    analysis.comparison!.map((c) => [
      c.kpi,
      value(c.beekeeper, (s) => s.mean),
      value(c.proprietary, (s) => s.mean),
      value(c.difference, (s) => s.mean),
      value(c.difference, (s) => s.p10),
      value(c.difference, (s) => s.p50),
      value(c.difference, (s) => s.p90),
    ]),
  );
  layout.note('Difference: proprietary − beekeeper, trial by trial (both scenarios run on the same sampled inputs).');
  return layout.sheet('Beekeeper Compare', 'compare', 1);
}
