import { monthDates } from '../../model/calendar';
import { KPI_NAMES, KpiName, kpiNotAvailable } from '../../model/kpis';
import { SimulationRun } from '../../engine/simulation';
import { NpvVerdict, ScenarioAnalysis, SimulationAnalysis } from '../../engine/simulation-results';
import { Summary } from '../../engine/statistics';
import { MONTHLY_LABELS, kpiFormat, kpiLabel, shareText, signedMoney, signedPercent } from '../labels';
import { CURRENCY_SYMBOL, FORMATS, NumberFormat, ReportSheet, TableColumn, CellValue } from '../types';
import { ONE_PAGE_WIDE, SheetLayout, column, count } from '../layout';
import type { RunInfo } from '../run-info';
import { arrHistogram } from '../histogram';

/** Beekeeper Summary: the headline, every KPI, the run, the charts. */

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

export function summarySheet(run: SimulationRun, analysis: SimulationAnalysis, info: RunInfo): ReportSheet {
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
