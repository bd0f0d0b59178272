import { KPI_NAMES, hdrUniform } from '../../src/model';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { MONTHLY_OUTPUTS } from '../../src/model/projection';
import { YEAR_FIGURES } from '../../src/model/years';
import { SimulationRun, simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { readSimulationTable, withPlan } from '../../src/engine/simulation-inputs';
import { checkPlan } from '../../src/model/plan';
import { monthDates } from '../../src/model/calendar';
import {
  HEADLINE_KPIS,
  HISTOGRAM_BINS,
  NOTE_WIDTH,
  arrHistogram,
  buildReport,
  hdrFormula,
  localWallClock,
  npvVerdictText,
  utcOffsetText,
  wrapText,
} from '../../src/report/build';
import {
  ASSUMPTION_LABELS,
  KPI_LABELS,
  MONTHLY_LABELS,
  formatMeasure,
  kpiLabel,
  kpiLabelOver,
  moneyText,
  shareText,
  signedMoney,
} from '../../src/report/labels';
import { compareVerdictText, howItWorksText, npvBasisText, runFooterText } from '../../src/report/sheets/summary';
import { footerCode } from '../../src/report/print';
import { count } from '../../src/report/layout';
import { ASSUMPTION_NAMES, AssumptionName } from '../../src/model/assumptions';
import { project } from '../../src/model/project';
import { ScenarioAnalysis } from '../../src/engine/simulation-results';
import { kpiSummaryText } from '../../src/cli/simulate';
import { FORMATS, ReportSheet, ReportTable, cellFormat } from '../../src/report/types';
import { buildWorkbook } from '../../src/cli/xlsx-writer';

const defaults = () => readSimulationTable(defaultSimulationTable());
const runOf = (trials: number, scenario: 'beekeeper' | 'compare' = 'beekeeper'): SimulationRun =>
  simulate(defaults(), { scenario, trials, seed: 1, sampling: 'lhs' })!;
const info = {
  version: 'test',
  startedAt: new Date('2025-03-30T00:30:00Z'),
  seconds: 1.23456,
  trialsSheet: true,
  source: 'defaults',
};

/** P10, P50, P90 (Excel's PERCENTILE.INC) of the trials that have a value, and how many those are. */
function cashOutStatistics(values: Float64Array) {
  const sorted = [...values].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const at = (p: number) => {
    const h = p * (sorted.length - 1);
    const lo = Math.floor(h);
    return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
  };
  return { n: sorted.length, p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}

/** The largest share of the trials that one bin holds. */
const maxShare = (values: Float64Array) => {
  const bins = arrHistogram([values]).bins;
  return Math.max(...bins.map((b) => b.counts[0])) / values.length;
};

/** A seeded lognormal sample (Box–Muller on a small LCG): skewed like ARR. */
function lognormal(n: number, sigma: number, seed = 7): Float64Array {
  let state = seed;
  const u = () => (state = (state * 48271) % 2147483647) / 2147483647;
  return Float64Array.from({ length: n }, () =>
    Math.exp(13 + sigma * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())),
  );
}

describe('the ARR histogram shows the shape of the distribution', () => {
  test('a skewed sample: equal-width bins would pile it into the first; log bins hold at most half in any bin', () => {
    const values = lognormal(2000, 1.2);
    // The problem the log bins solve: equal widths over [min, max] put most trials in bin 1.
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    const firstLinear = values.filter((v) => v < lo + (hi - lo) / HISTOGRAM_BINS).length / values.length;
    expect(firstLinear).toBeGreaterThan(0.5);
    const { scale, bins } = arrHistogram([values]);
    expect(scale).toBe('log');
    expect(maxShare(values)).toBeLessThanOrEqual(0.5);
    // Every trial is counted once; the bins run from the smallest to the largest ARR, each a
    // constant multiple of the one before.
    expect(bins.reduce((sum, b) => sum + b.counts[0], 0)).toBe(2000);
    expect(bins[0].from).toBe(lo);
    expect(bins.at(-1)!.to).toBe(hi);
    const ratio = bins[0].to / bins[0].from!;
    for (const b of bins) expect(b.to / b.from!).toBeCloseTo(ratio, 9);
  });

  test('the default run: no bin holds more than half the trials', () => {
    const r = runOf(2000);
    const share = maxShare(r.scenarios[0].kpis.arr);
    console.log(
      `ARR histogram of the default run (2,000 trials): largest bin holds ${(100 * share).toFixed(1)} % of trials`,
    );
    expect(arrHistogram([r.scenarios[0].kpis.arr]).scale).toBe('log');
    expect(share).toBeLessThanOrEqual(0.5);
  });

  test('trials without ARR get a bin of their own; trials that nearly agree get equal-width bins', () => {
    const some = new Float64Array([0, 0, -5, 1e6, 1.1e6, 1.2e6, 1.3e6]);
    const { scale, bins } = arrHistogram([some]);
    expect(scale).toBe('linear'); // 1.3e6 / 1e6 < 10: not skewed
    expect(bins[0]).toMatchObject({ label: 'no ARR (0 or less)', from: null, to: 0, counts: [3] });
    expect(bins.length).toBe(1 + HISTOGRAM_BINS);
    expect(bins[1].to - bins[1].from!).toBeCloseTo(bins[5].to - bins[5].from!, 6);
    expect(arrHistogram([new Float64Array([5e6, 5e6, 5e6])]).bins).toEqual([
      { label: '$5 M to $5 M', from: 5e6, to: 5e6, counts: [3] },
    ]);
    expect(arrHistogram([new Float64Array([0, 0])]).bins).toEqual([
      { label: 'no ARR (0 or less)', from: null, to: 0, counts: [2] },
    ]);
  });
});

describe('labels and formats', () => {
  test('every KPI and monthly output has its own plain label', () => {
    const kpiLabels = KPI_NAMES.map((k) => kpiLabel(k, 60));
    expect(new Set(kpiLabels).size).toBe(KPI_NAMES.length);
    for (const [k, l] of KPI_NAMES.map((k, i) => [k, kpiLabels[i]])) expect(l).not.toBe(k);
    expect(kpiLabel('arr', 60)).toBe('ARR at month 60');
    expect(kpiLabel('fundingNeed', 60)).toBe('Funding need (beyond cash and rounds)');
    expect(new Set(MONTHLY_OUTPUTS.map((o) => MONTHLY_LABELS[o].label(60))).size).toBe(MONTHLY_OUTPUTS.length);
  });

  test('months and counts are whole, money has its currency and no cents, shares are percentages', () => {
    expect(KPI_LABELS.breakEvenMonth.measure).toBe('month');
    expect(formatMeasure(11, 'month')).toBe('11');
    expect(formatMeasure(9998, 'count')).toBe('9,998');
    expect(formatMeasure(-1512247.4, 'money')).toBe('-$1,512,247');
    expect(formatMeasure(-0.2, 'money')).toBe('$0');
    expect(formatMeasure(0.853, 'share')).toBe('85.3 %');
    expect(formatMeasure(2.44, 'multiple')).toBe('2.4');
  });

  test('every assumption has a plain label of its own, never its code name', () => {
    const labels = ASSUMPTION_NAMES.map((name) => ASSUMPTION_LABELS[name]);
    expect(new Set(labels).size).toBe(ASSUMPTION_NAMES.length);
    ASSUMPTION_NAMES.forEach((name, i) => expect(labels[i].toLowerCase()).not.toBe(name.toLowerCase()));
    expect(ASSUMPTION_LABELS.imitation).toBe('Word-of-mouth (Bass q)');
    expect(ASSUMPTION_LABELS.qualityElasticity).toBe('Pull of software quality');
    // A KPI over part of the trials says which share in its label; one over all of them does not.
    expect(kpiLabelOver('cashOutMonth', 60, 0.72)).toBe('Month cash runs out (in 72 % of trials)');
    expect(kpiLabelOver('arr', 60, 1)).toBe('ARR at month 60');
    expect(moneyText(9.75e6)).toBe('$9.8 M');
    expect(moneyText(-850_400)).toBe('−$850 k');
  });

  test('money, shares and changes in sentences', () => {
    expect(signedMoney(-4_123_456)).toBe('−$4.1 M');
    expect(signedMoney(2_900_000)).toBe('+$2.9 M');
    expect(signedMoney(850_400)).toBe('+$850 k');
    expect(signedMoney(0.3)).toBe('$0');
    expect(shareText(0.2312)).toBe('23 %');
    expect(shareText(0.9996)).toBe('99.96 %');
    expect(shareText(0.004)).toBe('0.4 %');
    expect(shareText(1)).toBe('100 %');
  });

  test('the compare sentence reads naturally whichever scenario wins', () => {
    expect(npvVerdictText({ beekeeperAhead: 0.23, medianDifference: -4.1e6, proprietaryMedian: 34e6 })).toBe(
      'Beekeeper beats proprietary on NPV in 23 % of trials; median −$4.1 M (−12 %)',
    );
    expect(npvVerdictText({ beekeeperAhead: 0.86, medianDifference: 2.9e6, proprietaryMedian: -17.5e6 })).toBe(
      'Beekeeper beats proprietary on NPV in 86 % of trials; median +$2.9 M (+17 %)',
    );
    expect(npvVerdictText({ beekeeperAhead: 0.5, medianDifference: 0, proprietaryMedian: 0 })).toBe(
      'Beekeeper beats proprietary on NPV in 50 % of trials; median $0',
    );
  });
});

describe('the run time and notes', () => {
  test('local wall-clock time with its UTC offset', () => {
    const at = new Date('2025-03-30T00:30:00Z');
    expect(localWallClock(at, 120).toISOString()).toBe('2025-03-30T02:30:00.000Z');
    expect(utcOffsetText(60)).toBe('+01:00');
    expect(utcOffsetText(-570)).toBe('-09:30');
    expect(utcOffsetText(0)).toBe('+00:00');
  });

  test('notes are cut into lines no wider than NOTE_WIDTH, word by word', () => {
    const text = 'word '.repeat(100) + 'end';
    const lines = wrapText(text);
    expect(lines.join(' ')).toBe(text.replace(/\s+/g, ' '));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(NOTE_WIDTH);
  });

  test('the plain HDR formula of the Inputs sheet gives the generator uniform', () => {
    const formula = hdrFormula('A2', 4, 7);
    expect(formula.startsWith('=')).toBe(true);
    // Evaluate the Excel text as written: MOD is floor modulo, A2 the trial.
    const mod = (n: number, d: number) => n - d * Math.floor(n / d);
    for (const t of [1, 2, 999, 123456]) {
      const js = formula.slice(1).replace(/MOD\(/g, 'mod(').replace(/A2/g, String(t));
      expect(new Function('mod', `return ${js};`)(mod)).toBe(hdrUniform(t, 4, 1, 7, 0));
    }
  });
});

describe('the report of a run', () => {
  const r = runOf(600);
  const analysis = analyze(r);
  const report = buildReport(r, analysis, { ...info, utcOffsetMinutes: 120 });
  const summary = report.sheets[0];
  const s = analysis.scenarios[0];
  const table = (sheet: ReportSheet, name: string) => sheet.tables.find((t) => t.name === name) as ReportTable;
  const cellAt = (sheet: ReportSheet, label: string) => {
    const at = sheet.cells.find((c) => c.value === label)!;
    return sheet.cells.find((c) => c.row === at.row && c.column === at.column + 1)!;
  };
  const texts = (sheet: ReportSheet) =>
    sheet.cells.filter((c) => typeof c.value === 'string').map((c) => String(c.value));
  // The base case, computed apart from the run: what OSS.PROJECTION gives for the defaults.
  const base = project({}, 'beekeeper').kpis;
  const cashOut = cashOutStatistics(r.scenarios[0].kpis.cashOutMonth);

  test('the Summary leads with the base case: ARR at month 60 with the P10 and P90 of the trials', () => {
    const labels = summary.cells.filter((c) => c.style === 'label');
    expect(labels[0].value).toBe(
      `Base case: ARR ${moneyText(base.arr!)} at month 60 (P10 ${moneyText(s.kpis.arr!.p10)} – P90 ${moneyText(s.kpis.arr!.p90)})`,
    );
    expect(labels[0].value).toMatch(/^Base case: ARR \$[\d.]+ M at month 60 \(P10 \$[\d.]+ M – P90 \$[\d.]+ M\)$/);
    // The headline table: a Base case column, the first of the values, row by row its format.
    const headline = table(summary, 'BeekeeperHeadline');
    expect(headline.columns.map((c) => c.header)).toEqual(['Figure', 'Base case', 'P10', 'P50', 'P90']);
    expect(HEADLINE_KPIS).toEqual(['arr', 'revenueTotal', 'fundingNeed', 'cashOutMonth', 'npv']);
    expect(headline.rows.map((row) => row[1])).toEqual([
      base.arr,
      base.revenueTotal,
      base.fundingNeed,
      base.cashOutMonth,
      base.npv,
    ]);
    expect(headline.rows[0].slice(2)).toEqual([s.kpis.arr!.p10, s.kpis.arr!.p50, s.kpis.arr!.p90]);
    expect(labels[0].row).toBeLessThan(headline.row);
    expect(cellFormat(headline, 3, 1)).toBe(FORMATS.month);
    expect(cellFormat(headline, 4, 1)).toBe(FORMATS.currency);
    // The full KPI table too, for every KPI.
    const kpis = table(summary, 'BeekeeperKpis');
    expect(kpis.columns[1].header).toBe('Base case');
    KPI_NAMES.forEach((k, i) =>
      expect(kpis.rows[i][1]).toBe(base[k] ?? (KPI_LABELS[k].measure === 'month' ? 'after month 60' : 'none')),
    );
  });

  test('one definition of the month cash runs out: over the trials where it does, with their share, everywhere', () => {
    const share = cashOut.n / 600;
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(1);
    const label = `Month cash runs out (in ${shareText(share)} of trials)`;
    const figures = [cashOut.p10, cashOut.p50, cashOut.p90];
    // The headline table and the full KPI table: the same label and P10, P50, P90.
    const headline = table(summary, 'BeekeeperHeadline');
    const inHeadline = headline.rows.find((row) => row[0] === label)!;
    expect(inHeadline.slice(2)).toEqual(figures);
    const kpis = table(summary, 'BeekeeperKpis');
    const inKpis = kpis.rows.find((row) => row[0] === label)!;
    const column = (header: string) => kpis.columns.findIndex((c) => c.header === header);
    expect(['P10', 'P50', 'P90'].map((h) => inKpis[column(h)])).toEqual(figures);
    expect(inKpis[column('With a value')]).toBe(cashOut.n);
    // The headline's sentence, and the terminal: the same months and share.
    const month = (v: number) => `month ${Math.round(v)}`;
    const sentence =
      `Month cash runs out: P50 ${month(cashOut.p50)} over the ${shareText(share)} of trials where cash runs out ` +
      `(P10 ${month(cashOut.p10)} – P90 ${month(cashOut.p90)})`;
    const headlineLines = summary.cells
      .filter((c) => c.style === 'label' && c.column === 0 && c.row < headline.row)
      .map((c) => c.value);
    expect(headlineLines.slice(1).join(' ')).toBe(sentence); // after the base case, cut into lines
    const terminal = kpiSummaryText(analysis, 60);
    expect(terminal).toContain(`\n${sentence}\n`);
    const row = terminal
      .split('\n')
      .find((l) => l.startsWith(label))!
      .split(/\s{2,}/);
    expect(row.slice(1, 4)).toEqual(figures.map((v) => String(Math.round(v))));
    expect(row[row.length - 1]).toBe(count(cashOut.n));
    expect(terminal).toContain(`P(cash ever below 0) = ${(100 * share).toFixed(1)} %`);
    // No percentile counts the trials where cash lasts as "later".
    expect(texts(summary).join(' ')).not.toMatch(/after month 60 where cash lasts/);
  });

  test('the chances stand in a column of their own, not under a P10 header', () => {
    const chances = table(summary, 'BeekeeperChances');
    expect(chances.columns.map((c) => [c.header, c.format])).toEqual([
      ['Chance', FORMATS.general],
      ['Share of trials', FORMATS.percent],
    ]);
    expect(chances.rows).toEqual([
      ['NPV above 0', r.scenarios[0].kpis.npv.filter((v) => v > 0).length / 600],
      ['Cash ever below 0', cashOut.n / 600],
    ]);
    const headline = table(summary, 'BeekeeperHeadline');
    expect(headline.rows.map((row) => row[0])).not.toContain('Chance that NPV > 0');
    expect(chances.row).toBeGreaterThan(headline.row + headline.rows.length);
  });

  test('what the NPV rests on, beside it: the discount rate and the exit multiple of the run', () => {
    const headline = table(summary, 'BeekeeperHeadline');
    const below = summary.cells.find((c) => c.row === headline.row + headline.rows.length + 1)!;
    expect(below.value).toMatch(/^NPV at a 20 % discount rate and a 5× ARR exit value: /);
    const other = readSimulationTable({
      ...defaultSimulationTable(),
      rows: defaultSimulationTable().rows.map((row) =>
        row[0].value === 'discountRate'
          ? [row[0], { ...row[1], value: 0.125 }, ...row.slice(2)]
          : row[0].value === 'exitArrMultiple'
            ? [row[0], { ...row[1], value: 8 }, ...row.slice(2)]
            : row,
      ),
    });
    const run = simulate(other, { scenario: 'beekeeper', trials: 50, seed: 1, sampling: 'lhs' })!;
    const cells = texts(buildReport(run, analyze(run), info).sheets[0]).join(' ');
    expect(cells).toContain('NPV at a 12.5 % discount rate and a 8× ARR exit value');
    expect(npvBasisText({ ...other.base, exitArrMultiple: 0 }, [])).toMatch(
      /^NPV at a 12.5 % discount rate, without an exit value/,
    );
    expect(npvBasisText(other.base, ['discountRate'])).toMatch(/the trials sample Discount rate of the NPV\.$/);
  });

  test('how the model works: the cycle, the three inputs that move NPV most by their labels, where the assumptions are', () => {
    const at = summary.cells.find((c) => c.value === 'How the model works')!;
    expect(at.style).toBe('label');
    const block = summary.cells
      .filter((c) => c.row > at.row && c.row <= at.row + 12 && c.column === 0)
      .map((c) => String(c.value))
      .join(' ');
    expect(block).toMatch(/word of mouth.*persuade their employers.*revenue.*engineers.*software better.*more members/);
    // The tornado's first three, by the size of their swing, computed here from the analysis.
    const top = [...s.sensitivity]
      .sort((a, b) => Math.abs(b.npvHighDecile! - b.npvLowDecile!) - Math.abs(a.npvHighDecile! - a.npvLowDecile!))
      .slice(0, 3)
      .map((x) => ASSUMPTION_LABELS[x.name]);
    expect(block).toContain(`the NPV moves most with “${top[0]}”, “${top[1]}” and “${top[2]}”`);
    expect(block).toContain('Beekeeper Inputs');
    expect(howItWorksText(analysis, true)[2]).toContain('and the plan');
  });

  test('the full KPI table: every KPI, its statistics and the trials that have it, in formats by measure', () => {
    const kpis = table(summary, 'BeekeeperKpis');
    expect(kpis.rows.map((row) => row[row.length - 1])).toEqual([...KPI_NAMES]);
    expect(kpis.columns.map((c) => c.header)).toEqual([
      'KPI',
      'Base case',
      'Mean',
      'Std deviation',
      'P5',
      'P10',
      'P25',
      'P50',
      'P75',
      'P90',
      'P95',
      'Std error',
      'With a value',
      'Code',
    ]);
    const row = (k: string) => KPI_NAMES.indexOf(k as never);
    expect(cellFormat(kpis, row('cashOutMonth'), 7)).toBe('0'); // "11", not "11.00"
    expect(cellFormat(kpis, row('cashOutMonth'), 11)).toBe(FORMATS.oneDecimal); // its standard error
    expect(cellFormat(kpis, row('grossMargin'), 7)).toBe(FORMATS.percent);
    expect(cellFormat(kpis, row('burnMultiple'), 7)).toBe(FORMATS.oneDecimal);
    expect(cellFormat(kpis, row('npv'), 7)).toBe(FORMATS.currency);
    expect(cellFormat(kpis, row('npv'), 12)).toBe(FORMATS.whole);
    expect(kpis.rows[row('arr')][0]).toBe('ARR at month 60'); // every trial has it: no share in its label
  });

  test('the run block: the local date-time as an Excel date with its offset stated, trials whole', () => {
    expect(cellAt(summary, 'Started (local time)')).toMatchObject({
      value: new Date('2025-03-30T02:30:00Z'),
      format: FORMATS.date,
    });
    expect(cellAt(summary, 'UTC offset of that time').value).toBe('UTC+02:00');
    expect(cellAt(summary, 'Trials')).toMatchObject({ value: 600, format: FORMATS.whole });
  });

  test('the Summary prints on two landscape pages at 70 % or more: the answer, then the charts; the rest beside', () => {
    const print = summary.print!;
    expect(print).toMatchObject({ orientation: 'landscape', fitToWidth: false });
    expect(print.scale).toBeGreaterThanOrEqual(70);
    expect(print.scale).toBeLessThanOrEqual(100);
    const [top, bottom] = print.area!.rows;
    const [left, right] = print.area!.columns;
    expect([top, left]).toEqual([0, 0]);
    // One manual break, between page 1 and page 2, each of which fits a page at that scale.
    expect(summary.pageBreaks).toHaveLength(1);
    const pageRows = [summary.pageBreaks![0], bottom + 1 - summary.pageBreaks![0]];
    for (const rows of pageRows) expect(rows * 15 * (print.scale! / 100)).toBeLessThanOrEqual((8.27 - 1.5) * 72);
    const printedWidth = summary.columnWidths
      .slice(0, right + 1)
      .reduce((w, c) => w + (Math.trunc(c * 7 + 0.5) + 5) * 0.75, 0);
    expect(printedWidth * (print.scale! / 100)).toBeLessThanOrEqual((11 - 1.4) * 72);
    // The headline, the chances and the charts print; the run, every KPI and the charts' data do not.
    const inside = (row: number, column: number) => row <= bottom && column <= right;
    for (const name of ['BeekeeperHeadline', 'BeekeeperChances']) {
      const t = table(summary, name);
      expect(inside(t.row + t.rows.length, t.column + t.columns.length - 1)).toBe(true);
    }
    for (const name of ['BeekeeperKpis', 'BeekeeperCashFan', 'BeekeeperTornado'])
      expect(table(summary, name).column).toBeGreaterThan(right);
    expect(summary.cells.find((c) => c.value === 'The run')!.column).toBeGreaterThan(right);
    for (const c of summary.charts) {
      expect(c.row).toBeGreaterThanOrEqual(summary.pageBreaks![0]);
      expect(inside(c.row + c.height - 1, c.column + c.width - 1)).toBe(true);
    }
  });

  test('the charts: cash and revenue fans, the ARR histogram and the tornado by plain labels, each over its table', () => {
    expect(summary.charts.map((c) => c.table)).toEqual([
      'BeekeeperCashFan',
      'BeekeeperRevenueFan',
      'BeekeeperArrHistogram',
      'BeekeeperTornado',
    ]);
    const cash = table(summary, 'BeekeeperCashFan');
    expect(cash.columns.map((c) => c.header)).toEqual(['Month', 'Cash P10', 'Cash P50', 'Cash P90']);
    expect(cash.rows[59].slice(1)).toEqual(
      [59, 59, 59].map((m, i) => r.scenarios[0].monthly.cash[(['p10', 'p50', 'p90'] as const)[i]][m]),
    );
    // The tornado's bars are named by plain labels; the code name stands in a column of its own.
    const tornado = table(summary, 'BeekeeperTornado');
    const chart = summary.charts.find((c) => c.table === 'BeekeeperTornado')!;
    const categories = tornado.rows.map(
      (row) => row[tornado.columns.findIndex((c) => c.header === chart.categoryColumn)],
    );
    const codes = tornado.rows.map((row) => row[tornado.columns.findIndex((c) => c.header === 'Code')]);
    expect(categories).toEqual(codes.map((code) => ASSUMPTION_LABELS[code as AssumptionName]));
    for (const c of categories) expect(ASSUMPTION_NAMES as readonly unknown[]).not.toContain(c);
  });

  test('the Monthly sheet: mean, P10, P50, P90 of the seven outputs of workbook.md under plain headers with units', () => {
    const monthly = report.sheets.find((s) => s.kind === 'monthly')!.tables[0];
    for (const o of [
      'Community members, end of month',
      'Customers, end of month',
      'Revenue, month',
      'ARR, end of month',
      'Engineers, end of month',
      'Operating cash flow, month',
      'Cash, end of month',
    ])
      for (const s of ['mean', 'P10', 'P50', 'P90'])
        expect(monthly.columns.map((c) => c.header)).toContain(`${o} (${s})`);
    expect(monthly.columns.find((c) => c.header === 'Operating cash flow, month (P50)')!.format).toBe(FORMATS.currency);
    expect(monthly.columns.find((c) => c.header === 'Engineers, end of month (mean)')!.format).toBe(FORMATS.whole);
  });

  test('the Inputs sheet: a plain label beside each code name, formats by assumption, how the HDR column is used', () => {
    const inputs = report.sheets.find((s) => s.kind === 'inputs')!;
    const t = inputs.tables[0];
    expect(t.columns.slice(0, 3).map((c) => c.header)).toEqual(['Name', 'Label', 'Value']);
    for (const row of t.rows) expect(row[1]).toBe(ASSUMPTION_LABELS[row[0] as AssumptionName]);
    const row = (name: string) => t.rows.findIndex((x) => x[0] === name);
    expect(cellFormat(t, row('initialCash'), 2)).toBe(FORMATS.currency);
    expect(cellFormat(t, row('customerChurn'), 2)).toBe(FORMATS.inputPercent);
    expect(cellFormat(t, row('months'), 2)).toBe(FORMATS.month);
    const notes = inputs.cells.map((c) => String(c.value)).join(' ');
    expect(notes).toContain('=OSS.HDR(t, variable, 1, 1)');
    // Printed: the table without its long description (on screen only), down to the note before the formula.
    const formulaRow = inputs.cells.find((c) => String(c.value).startsWith('=(MOD('))!.row;
    expect(inputs.print).toEqual({
      orientation: 'landscape',
      fitToWidth: true,
      titleRows: [0, 0],
      area: { rows: [0, formulaRow - 1], columns: [0, t.columns.findIndex((c) => c.header === 'Description') - 1] },
    });
    // Label, unit and description wrap within their widths, so that the sheet is not wider than a page.
    expect(t.columns.filter((c) => c.wrap !== undefined).map((c) => [c.header, c.wrap])).toEqual([
      ['Label', 22],
      ['Unit', 14],
      ['Description', 40],
    ]);
    expect(inputs.columnWidths.slice(0, t.columns.length - 1).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(140);
  });

  test('the Sensitivity sheet: each input by its label, its code name in the last column; printed without it', () => {
    const sheet = report.sheets.find((s) => s.kind === 'sensitivity')!;
    const t = sheet.tables[0];
    const code = t.columns.length - 1;
    expect(t.columns.map((c) => c.header)).toEqual([
      'Input',
      'Spearman with NPV',
      'Spearman with ARR',
      'NPV, lowest decile',
      'NPV, highest decile',
      'NPV swing',
      'Code',
    ]);
    expect(t.rows.map((row) => row[0])).toEqual(t.rows.map((row) => ASSUMPTION_LABELS[row[code] as AssumptionName]));
    expect(t.rows.map((row) => row[code])).toEqual(s.sensitivity.map((x) => x.name));
    expect(sheet.print).toEqual({
      orientation: 'landscape',
      fitToWidth: true,
      fitToHeight: 2,
      titleRows: [0, 0],
      area: { rows: [0, expect.any(Number)], columns: [0, code - 1] },
    });
  });

  test('no code name stands alone where a label belongs: only in Code and Name columns, and beside its label', () => {
    const codes = new Set<unknown>([...ASSUMPTION_NAMES, ...KPI_NAMES, ...MONTHLY_OUTPUTS, ...YEAR_FIGURES]);
    // No column header of any sheet is a bare code name.
    for (const sheet of report.sheets)
      for (const t of sheet.tables)
        for (const c of t.columns) expect(codes.has(c.header) ? `${t.name}: ${c.header}` : '').toBe('');
    for (const sheet of report.sheets.filter((x) => ['summary', 'sensitivity', 'inputs'].includes(x.kind))) {
      for (const c of sheet.cells)
        expect(codes.has(c.value) ? `${sheet.name}!${c.row},${c.column}: ${c.value}` : '').toBe('');
      for (const t of sheet.tables)
        t.columns.forEach((column, j) => {
          if (['Code', 'Name', 'Unit'].includes(column.header)) return; // a unit such as "months" is no code name
          for (const row of t.rows) expect(codes.has(row[j]) ? `${t.name} ${column.header}: ${row[j]}` : '').toBe('');
        });
    }
  });

  test('every printed page has a footer: the sheet, its page and the run date, local time as the Summary shows it', () => {
    expect(report.footer).toBe('Beekeeper run of 2025-03-30 02:30');
    expect(runFooterText({ ...info, utcOffsetMinutes: -300 })).toBe('Beekeeper run of 2025-03-29 19:30');
    expect(footerCode('R&D run')).toBe('&L&A&CPage &P of &N&RR&&D run');
  });

  test('the Trials sheet is headed with plain labels, an input with its code name beside', () => {
    const trials = report.sheets.find((s) => s.kind === 'trials')!.tables[0];
    const headers = trials.columns.map((c) => c.header);
    expect(headers.slice(1, 1 + r.inputs.uncertain.length)).toEqual(
      r.inputs.uncertain.map((u) => `${ASSUMPTION_LABELS[u.name]} — ${u.name}`),
    );
    expect(headers).toContain('Word-of-mouth (Bass q) — imitation');
    expect(trials.columns.map((c) => c.header)).toContain('NPV, with exit value');
    expect(trials.columns.find((c) => c.header === 'Month cash runs out')!.format).toBe(FORMATS.month);
  });

  test('a compare run: the verdict on NPV, funding need and running out of cash, atop the Summary and the Compare sheet', () => {
    const c = runOf(600, 'compare');
    const compared = analyze(c);
    const sheets = buildReport(c, compared, info).sheets;
    // The writer's checks (unique headers, rows as wide as their columns, free chart areas) hold.
    expect(() => buildWorkbook({ sheets })).not.toThrow();
    expect(() => buildWorkbook(report)).not.toThrow();
    const verdict = compareVerdictText(compared);
    const [b, p] = c.scenarios.map((x) => x.kpis);
    const median = (values: Float64Array) => cashOutStatistics(values).p50;
    const ahead = b.npv.filter((v, t) => v > p.npv[t]).length / 600;
    const outB = b.cashOutMonth.filter((v) => !Number.isNaN(v)).length / 600;
    const outP = p.cashOutMonth.filter((v) => !Number.isNaN(v)).length / 600;
    expect(verdict).toMatch(
      new RegExp(
        `^Beekeeper beats proprietary on NPV in ${shareText(ahead)} of trials \\(median [+−]\\$[\\d.]+ [kM], [+−][\\d.]+ %\\), ` +
          `(but|and) needs a median \\$${moneyText(median(b.fundingNeed)).slice(1)} of funding against \\$${moneyText(median(p.fundingNeed)).slice(1)} ` +
          `and runs out of cash in ${shareText(outB)} of trials against ${shareText(outP)}$`,
      ),
    );
    const lines = (sheet: ReportSheet) => sheet.cells.filter((x) => x.style === 'label').map((x) => String(x.value));
    const compare = sheets.find((x) => x.kind === 'compare')!;
    expect(compare.cells[0].value).toBe('Beekeeper against proprietary, trial by trial');
    expect(lines(compare).join(' ')).toBe(verdict);
    expect(lines(sheets[0]).slice(0, 2).join(' ')).toBe(verdict);
    expect(compare.cells.map((x) => String(x.value)).join(' ')).toContain('beekeeper − proprietary');
    const t = compare.tables[0];
    const npv = t.rows.find((row) => row[1] === 'npv')!;
    expect(npv[4]).toBeCloseTo((npv[2] as number) - (npv[3] as number), 0); // difference mean = mean difference
    // The Summary still prints on two pages at 70 % or more, with both scenarios.
    expect(sheets[0].print!.scale).toBeGreaterThanOrEqual(70);
    expect(table(sheets[0], 'BeekeeperChances').columns.map((x) => x.header)).toEqual([
      'Chance',
      'Beekeeper',
      'Proprietary',
    ]);
    expect(
      table(sheets[0], 'BeekeeperHeadline')
        .rows.slice(0, 2)
        .map((row) => row[2]),
    ).toEqual([project({}, 'beekeeper').kpis.arr, project({}, 'proprietary').kpis.arr]);
  });

  test('the verdict says "but" when the funding need goes against NPV, "and" when with it', () => {
    const scenario = (need: number, out: number) =>
      ({
        kpis: { fundingNeed: { p50: need }, npv: { n: 100 }, cashOutMonth: { n: out } },
      }) as unknown as ScenarioAnalysis;
    const of = (ahead: number, needs: [number, number]) =>
      compareVerdictText({
        scenarios: [scenario(needs[0], 94), scenario(needs[1], 72)],
        npvVerdict: { beekeeperAhead: ahead, medianDifference: ahead > 0.5 ? 2.9e6 : -1e6, proprietaryMedian: 17.5e6 },
      });
    expect(of(0.86, [9.8e6, 2.9e6])).toBe(
      'Beekeeper beats proprietary on NPV in 86 % of trials (median +$2.9 M, +17 %), but needs a median $9.8 M ' +
        'of funding against $2.9 M and runs out of cash in 94 % of trials against 72 %',
    );
    expect(of(0.86, [1e6, 2.9e6])).toMatch(/\), and needs a median \$1\.0 M of funding against \$2\.9 M/);
    expect(of(0.3, [9.8e6, 2.9e6])).toMatch(/in 30 % of trials \(median −\$1\.0 M, −5\.7 %\), and needs/);
    expect(of(0.3, [1e6, 2.9e6])).toMatch(/\), but needs a median \$1\.0 M/); // behind on NPV, needing less
    expect(of(0.3, [0, 0])).toMatch(/\), and needs a median \$0 of funding against \$0 and/);
    expect(() => compareVerdictText({ scenarios: [scenario(0, 0)] })).toThrow('not a compare run');
  });
});

describe('a running company in the report (model.md v3): the calendar and the plan', () => {
  const table = defaultSimulationTable();
  const dated = {
    ...table,
    rows: table.rows.map((row) =>
      row[0].value === 'startDate'
        ? [row[0], { ...row[1], value: '2027-01' }, ...row.slice(2)]
        : row[0].value === 'months'
          ? [row[0], { ...row[1], value: 24 }, ...row.slice(2)]
          : row,
    ),
  };
  const base = readSimulationTable(dated);
  const plan = checkPlan(
    [
      { month: 9, name: 'funding', value: 20e6 },
      { month: 4, name: 'engineers', value: 40 },
      { month: 13, name: 'annualContractValue', value: 36_000 },
    ],
    base.base,
  );
  const run = simulate(withPlan(base, plan), { scenario: 'beekeeper', trials: 200, seed: 1, sampling: 'lhs' })!;
  const report = buildReport(run, analyze(run), info);
  const sheet = (name: string) => report.sheets.find((s) => s.name === name)!;
  const tableOf = (s: ReportSheet, name: string) => s.tables.find((t) => t.name === name)!;
  const valueBeside = (s: ReportSheet, label: string) => {
    const l = s.cells.find((c) => c.value === label)!;
    return s.cells.find((c) => c.row === l.row && c.column === l.column + 1);
  };

  test('the Monthly sheet carries each month as a date after Month', () => {
    const monthly = tableOf(sheet('Beekeeper Monthly'), 'BeekeeperMonthly');
    expect(monthly.columns.slice(0, 2).map((c) => [c.header, c.format])).toEqual([
      ['Month', FORMATS.month],
      ['Date', FORMATS.calendarMonth],
    ]);
    expect(monthly.rows.map((r) => r[1])).toEqual(Array.from(monthDates(46388, 24)));
  });
  test('the Inputs sheet lists the plan as run, in month order, with dates, units and formats', () => {
    const inputs = sheet('Beekeeper Inputs');
    const t = tableOf(inputs, 'BeekeeperPlanAsRun');
    expect(t.rows).toEqual([
      [4, 46478, 'engineers', 40, 'people (the target team)'],
      [9, 46631, 'funding', 20e6, 'currency, raised in that month'],
      [13, 46753, 'annualContractValue', 36_000, 'per new customer per year'],
    ]);
    expect(t.rowFormats).toEqual([FORMATS.whole, FORMATS.currency, FORMATS.currency]);
    // The uncertain contract value is replaced from month 13: the sheet says so.
    expect(inputs.cells.map((c) => c.value).join(' ')).toMatch(
      /Price of a new contract, per year \(annualContractValue\) is uncertain above, and planned: from month 13 every trial takes the plan's value/,
    );
    // startDate is a date in the assumptions' table.
    const assumptions = tableOf(inputs, 'BeekeeperInputs');
    const row = assumptions.rows.findIndex((r) => r[0] === 'startDate');
    expect(assumptions.rows[row][2]).toBe(46388);
    expect(assumptions.rowFormats![row]).toBe(FORMATS.calendarMonth);
  });
  test('the Summary names the first and last months and the plan', () => {
    const summary = sheet('Beekeeper Summary');
    expect(valueBeside(summary, 'Month 1')).toMatchObject({ value: 46388, format: FORMATS.calendarMonth });
    expect(valueBeside(summary, 'Month 24')).toMatchObject({ value: 47088, format: FORMATS.calendarMonth }); // 2028-12;
    expect(valueBeside(summary, 'Plan')?.value).toBe('3 decisions from month 4 to 13 (Beekeeper Inputs)');
  });
  test('without them the report is as before: no Date column, no plan table, no such lines', () => {
    const plain = buildReport(runOf(100), analyze(runOf(100)), info);
    const monthly = plain.sheets.find((s) => s.name === 'Beekeeper Monthly')!;
    expect(monthly.tables[0].columns[1].header).not.toBe('Date');
    expect(plain.sheets.flatMap((s) => s.tables.map((t) => t.name))).not.toContain('BeekeeperPlanAsRun');
    const inputs = plain.sheets.find((s) => s.name === 'Beekeeper Inputs')!;
    const row = inputs.tables[0].rows.find((r) => r[0] === 'startDate')!;
    expect(row[2]).toBeNull(); // after its name and label
    expect(plain.sheets[0].cells.some((c) => c.value === 'Plan' || c.value === 'Month 1')).toBe(false);
  });
});
