import { KPI_NAMES, hdrUniform } from '../../src/model';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { MONTHLY_OUTPUTS } from '../../src/model/projection';
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
import { KPI_LABELS, MONTHLY_LABELS, formatMeasure, kpiLabel, shareText, signedMoney } from '../../src/report/labels';
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
  const report = buildReport(r, analyze(r), { ...info, utcOffsetMinutes: 120 });
  const summary = report.sheets[0];
  const table = (sheet: ReportSheet, name: string) => sheet.tables.find((t) => t.name === name) as ReportTable;
  const cellAt = (sheet: ReportSheet, label: string) => {
    const at = sheet.cells.find((c) => c.value === label)!;
    return sheet.cells.find((c) => c.row === at.row && c.column === at.column + 1)!;
  };

  test('the Summary leads with the headline, before the run block and the full KPI table', () => {
    const headline = table(summary, 'BeekeeperHeadline');
    expect(headline.rows.map((row) => row[0])).toEqual(HEADLINE_KPIS.map((k) => kpiLabel(k, 60)));
    expect(HEADLINE_KPIS).toEqual(['arr', 'revenueTotal', 'fundingNeed', 'cashOutMonth', 'npv']);
    const run = summary.cells.find((c) => c.value === 'The run')!;
    expect(headline.row).toBeLessThan(run.row);
    expect(run.row).toBeLessThan(table(summary, 'BeekeeperKpis').row);
    const s = analyze(r).scenarios[0];
    expect(headline.rows[0].slice(1)).toEqual([s.kpis.arr!.p10, s.kpis.arr!.p50, s.kpis.arr!.p90]);
    expect(cellAt(summary, 'Chance that NPV > 0')).toMatchObject({
      value: s.probabilityNpvPositive,
      format: FORMATS.percent,
    });
    // Months whole, money in currency, row by row.
    expect(cellFormat(headline, 3, 2)).toBe(FORMATS.month);
    expect(cellFormat(headline, 4, 2)).toBe(FORMATS.currency);
  });

  test('the full KPI table: every KPI, its statistics and the trials that have it, in formats by measure', () => {
    const kpis = table(summary, 'BeekeeperKpis');
    expect(kpis.rows.map((row) => row[1])).toEqual([...KPI_NAMES]);
    expect(kpis.columns.map((c) => c.header)).toEqual([
      'KPI',
      'Code',
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
    ]);
    const row = (k: string) => KPI_NAMES.indexOf(k as never);
    expect(cellFormat(kpis, row('cashOutMonth'), 7)).toBe('0'); // "11", not "11.00"
    expect(cellFormat(kpis, row('cashOutMonth'), 11)).toBe(FORMATS.oneDecimal); // its standard error
    expect(cellFormat(kpis, row('grossMargin'), 7)).toBe(FORMATS.percent);
    expect(cellFormat(kpis, row('burnMultiple'), 7)).toBe(FORMATS.oneDecimal);
    expect(cellFormat(kpis, row('npv'), 7)).toBe(FORMATS.currency);
    expect(cellFormat(kpis, row('npv'), 12)).toBe(FORMATS.whole);
  });

  test('the run block: the local date-time as an Excel date with its offset stated, trials whole', () => {
    expect(cellAt(summary, 'Started (local time)')).toMatchObject({
      value: new Date('2025-03-30T02:30:00Z'),
      format: FORMATS.date,
    });
    expect(cellAt(summary, 'UTC offset of that time').value).toBe('UTC+02:00');
    expect(cellAt(summary, 'Trials')).toMatchObject({ value: 600, format: FORMATS.whole });
  });

  test('the charts: cash and revenue fans, the ARR histogram and the tornado, each over its table, in a free area', () => {
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
    // One page wide: charts sit within the KPI table's columns; each chart block starts a page.
    const width = table(summary, 'BeekeeperKpis').columns.length;
    for (const c of summary.charts) expect(c.column + c.width).toBeLessThanOrEqual(width);
    expect(summary.print).toEqual({ orientation: 'landscape', fitToWidth: true });
    expect(summary.pageBreaks).toHaveLength(4);
  });

  test('the Monthly sheet: mean, P10, P50, P90 of the seven outputs of workbook.md under plain headers', () => {
    const monthly = report.sheets.find((s) => s.kind === 'monthly')!.tables[0];
    for (const o of ['Members', 'Customers', 'Revenue', 'ARR', 'Engineers', 'Cash flow', 'Cash'])
      for (const s of ['mean', 'P10', 'P50', 'P90'])
        expect(monthly.columns.map((c) => c.header)).toContain(`${o} ${s}`);
    expect(monthly.columns.find((c) => c.header === 'Cash flow P50')!.format).toBe(FORMATS.currency);
    expect(monthly.columns.find((c) => c.header === 'Engineers mean')!.format).toBe(FORMATS.whole);
  });

  test('the Inputs sheet: formats by assumption, and how the HDR column is used', () => {
    const inputs = report.sheets.find((s) => s.kind === 'inputs')!;
    const t = inputs.tables[0];
    const row = (name: string) => t.rows.findIndex((x) => x[0] === name);
    expect(cellFormat(t, row('initialCash'), 1)).toBe(FORMATS.currency);
    expect(cellFormat(t, row('customerChurn'), 1)).toBe(FORMATS.inputPercent);
    expect(cellFormat(t, row('months'), 1)).toBe(FORMATS.month);
    const notes = inputs.cells.map((c) => String(c.value)).join(' ');
    expect(notes).toContain('=OSS.HDR(t, variable, 1, 1)');
    expect(inputs.print).toEqual({ orientation: 'landscape', fitToWidth: true });
  });

  test('the Trials sheet is headed with plain labels', () => {
    const trials = report.sheets.find((s) => s.kind === 'trials')!.tables[0];
    expect(trials.columns.map((c) => c.header)).toContain('NPV, with exit value');
    expect(trials.columns.find((c) => c.header === 'Month cash runs out')!.format).toBe(FORMATS.month);
  });

  test('a compare run: the verdict atop the Compare sheet, differences beekeeper − proprietary', () => {
    const c = runOf(600, 'compare');
    const analysis = analyze(c);
    const sheets = buildReport(c, analysis, info).sheets;
    // The writer's checks (unique headers, rows as wide as their columns, free chart areas) hold.
    expect(() => buildWorkbook({ sheets })).not.toThrow();
    expect(() => buildWorkbook(report)).not.toThrow();
    const compare = sheets.find((s) => s.kind === 'compare')!;
    expect(compare.cells[0].value).toBe(npvVerdictText(analysis.npvVerdict!));
    expect(compare.cells.map((x) => String(x.value)).join(' ')).toContain('beekeeper − proprietary');
    const t = compare.tables[0];
    const npv = t.rows.find((row) => row[1] === 'npv')!;
    expect(npv[4]).toBeCloseTo((npv[2] as number) - (npv[3] as number), 0); // difference mean = mean difference
    expect(sheets[0].cells.some((x) => x.value === npvVerdictText(analysis.npvVerdict!))).toBe(true);
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
    return s.cells.find((c) => c.row === l.row && c.column === 1);
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
      /annualContractValue is uncertain above, and planned: from month 13 every trial takes the plan's value/,
    );
    // startDate is a date in the assumptions' table.
    const assumptions = tableOf(inputs, 'BeekeeperInputs');
    const row = assumptions.rows.findIndex((r) => r[0] === 'startDate');
    expect(assumptions.rows[row][1]).toBe(46388);
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
    expect(row[1]).toBeNull();
    expect(plain.sheets[0].cells.some((c) => c.value === 'Plan' || c.value === 'Month 1')).toBe(false);
  });
});
