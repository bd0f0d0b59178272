/**
 * The Beekeeper Fit sheet (issue 17, item 3) of a run conditioned on a history: the table of
 * each uncertain input's prior and posterior percentiles against computations of the test's
 * own, the run block, a chart per observed metric over its data table (and the cells the
 * .xlsx's series point at), the print setup, and no Fit sheet for a run without a history.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { readSimulationTable } from '../../src/engine/simulation-inputs';
import { SimulationRun, simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { ASSUMPTION_NAMES } from '../../src/model/assumptions';
import { monthDates } from '../../src/model/calendar';
import { HISTORY_METRICS } from '../../src/model/history';
import { KPI_NAMES } from '../../src/model/kpis';
import { MONTHLY_OUTPUTS } from '../../src/model/projection';
import { buildReport } from '../../src/report/build';
import { checkReport } from '../../src/report/check';
import { ASSUMPTION_LABELS, INPUT_FORMATS } from '../../src/report/labels';
import { columnLetters } from '../../src/report/markers';
import { MIN_PRINT_SCALE } from '../../src/report/print';
import { FIT_CHART_ROWS, FIT_SERIES, fitTableName, percentileFormat } from '../../src/report/sheets/fit';
import { FORMATS, Report, ReportSheet, ReportTable } from '../../src/report/types';
import { writeReportXlsx } from '../../src/cli/xlsx-writer';
import { readCharts } from '../cli/chart-parts';
import { partsOf } from '../cli/zip-parts';
import { HISTORY_RUN_INFO, historyReport, historyRun, tableWith } from '../support/history-run';

/** Excel's PERCENTILE.INC, written out here: rank h = p (n − 1), interpolated. */
function percentileInc(values: ArrayLike<number>, p: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  const h = p * (sorted.length - 1);
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

/** The triangular distribution's quantile (min a, mode c, max b), in closed form. */
function triangularQuantile([a, c, b]: readonly number[], p: number): number {
  const f = (c - a) / (b - a);
  return p < f ? a + Math.sqrt(p * (b - a) * (c - a)) : b - Math.sqrt((1 - p) * (b - a) * (b - c));
}

/** The PERT distribution's CDF (min a, mode m, max b): its Beta(α, β) density integrated by Simpson's rule. */
function pertCdf([a, m, b]: readonly number[], x: number): number {
  const alpha = 1 + (4 * (m - a)) / (b - a);
  const beta = 1 + (4 * (b - m)) / (b - a);
  const density = (t: number) => t ** (alpha - 1) * (1 - t) ** (beta - 1);
  const integral = (to: number) => {
    const n = 4000;
    const h = to / n;
    let sum = density(0) + density(to);
    for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * density(i * h);
    return (sum * h) / 3;
  };
  return integral((x - a) / (b - a)) / integral(1);
}

const sheetOf = (report: Report, kind: string) => report.sheets.find((s) => s.kind === kind);
const tableOf = (sheet: ReportSheet, name: string) => sheet.tables.find((t) => t.name === name)!;
const valueBeside = (sheet: ReportSheet, label: string) => {
  const at = sheet.cells.find((c) => c.value === label && c.style === 'label');
  if (!at) throw new Error(`no label "${label}"`);
  return sheet.cells.find((c) => c.row === at.row && c.column === at.column + 1)!;
};

let run: SimulationRun;
let report: Report;
let fit: ReportSheet;
beforeAll(() => {
  run = historyRun();
  report = historyReport(run);
  fit = sheetOf(report, 'fit')!;
});

describe('the Beekeeper Fit sheet', () => {
  test('a run with a history has it, after Beekeeper Inputs; a run without one does not', () => {
    expect(run.posterior).toBeDefined();
    expect(report.sheets.map((s) => s.kind)).toEqual(['summary', 'monthly', 'years', 'inputs', 'fit', 'sensitivity']);
    expect(fit.name).toBe('Beekeeper Fit');
    const plain = simulate(readSimulationTable(defaultSimulationTable()), {
      scenario: 'beekeeper',
      trials: 200,
      seed: 1,
      sampling: 'lhs',
    })!;
    const without = buildReport(plain, analyze(plain), HISTORY_RUN_INFO);
    expect(without.sheets.map((s) => s.kind)).toEqual(['summary', 'monthly', 'years', 'inputs', 'sensitivity']);
    expect(
      without.sheets.flatMap((s) => s.tables.map((t) => t.name)).filter((n) => n.startsWith('BeekeeperFit')),
    ).toEqual([]);
    // The writers' checks hold: unique names, rows as wide as their columns, chart areas free.
    expect(() => checkReport(report)).not.toThrow();
    // And refuse a logarithmic scale over a value of 0 or less.
    const zeroed = {
      ...fit,
      tables: fit.tables.map((t) =>
        t.name === 'BeekeeperFitCustomers'
          ? { ...t, rows: t.rows.map((r, i) => (i === 0 ? [r[0], 0, ...r.slice(2)] : r)) }
          : t,
      ),
    };
    expect(() => checkReport({ sheets: report.sheets.map((s) => (s === fit ? zeroed : s)) })).toThrow(
      'has a logarithmic scale and a value of 0 or less',
    );
  });

  test('the table BeekeeperFit: exactly its columns, a row per uncertain input in the order of the Inputs sheet', () => {
    const table = tableOf(fit, 'BeekeeperFit');
    expect(table.columns.map((c) => c.header)).toEqual([
      'input',
      'name',
      'prior P10',
      'prior P50',
      'prior P90',
      'posterior P10',
      'posterior P50',
      'posterior P90',
    ]);
    expect(table.rows.map((r) => r[1])).toEqual(run.inputs.uncertain.map((u) => u.name));
    expect(table.rows.map((r) => r[0])).toEqual(run.inputs.uncertain.map((u) => ASSUMPTION_LABELS[u.name]));
    expect(table.rows).toHaveLength(13);
  });

  test("prior P10, P50, P90: the distribution's quantiles, checked in closed form (triangular) and by integrating the PERT density", () => {
    const table = tableOf(fit, 'BeekeeperFit');
    const rows = defaultSimulationTable().rows;
    const paramsOf = (name: string) => {
      const row = rows.find((r) => r[0].value === name)!;
      return { distribution: row[2].value as string, params: [3, 4, 5].map((c) => Number(row[c].value)) };
    };
    let triangular = 0;
    let pert = 0;
    table.rows.forEach((row) => {
      const { distribution, params } = paramsOf(row[1] as string);
      const prior = row.slice(2, 5) as number[];
      if (distribution === 'triangular') {
        triangular++;
        [0.1, 0.5, 0.9].forEach((p, k) => expect(prior[k]).toBeCloseTo(triangularQuantile(params, p), 12));
      } else {
        expect(distribution).toBe('pert');
        pert++;
        [0.1, 0.5, 0.9].forEach((p, k) => expect(Math.abs(pertCdf(params, prior[k]) - p)).toBeLessThan(2e-4));
      }
    });
    expect([triangular, pert]).toEqual([3, 10]);
  });

  test("posterior P10, P50, P90: PERCENTILE.INC over the run's trials, exactly; the history moved the inputs it informs", () => {
    const table = tableOf(fit, 'BeekeeperFit');
    table.rows.forEach((row, i) => {
      expect(row.slice(5)).toEqual([0.1, 0.5, 0.9].map((p) => percentileInc(run.samples[i], p)));
    });
    // The trials are the posterior's: persuasion, which customers at months 12 and 24 inform,
    // has a narrower P10–P90 than its prior (0.00026–0.00084).
    const persuasion = table.rows.find((r) => r[1] === 'persuasion')!.slice(2) as number[];
    expect(persuasion[5] - persuasion[3]).toBeLessThan(0.8 * (persuasion[2] - persuasion[0]));
  });

  test('formats by input: the Inputs sheet’s, and coefficients (General there) to three significant figures', () => {
    const table = tableOf(fit, 'BeekeeperFit');
    table.rows.forEach((row, i) => {
      const name = row[1] as (typeof ASSUMPTION_NAMES)[number];
      const format = table.rowFormats![i];
      if (INPUT_FORMATS[name] !== FORMATS.general) expect(format).toBe(INPUT_FORMATS[name]);
      else {
        const decimals = /\.(0+)$/.exec(format!)?.[1].length ?? 0;
        const smallest = Math.min(...(row.slice(2) as number[]).map(Math.abs));
        // Three significant figures of the smallest: 100 ≤ smallest × 10^decimals (up to six decimals).
        expect(smallest * 10 ** decimals).toBeGreaterThanOrEqual(decimals === 6 ? 1 : 100);
        expect(smallest * 10 ** (decimals - 1)).toBeLessThan(100);
      }
    });
    expect(table.columns.slice(2).every((c) => c.byRow === true)).toBe(true);
    expect(percentileFormat([0.00026, 0.00053, 0.00084])).toBe(FORMATS.sixDecimals);
    expect(percentileFormat([0.0051, 0.01, 0.0156])).toBe(FORMATS.fiveDecimals);
    expect(percentileFormat([0.24, 0.42, 0.58])).toBe(FORMATS.threeDecimals);
    expect(percentileFormat([3, 5, 7])).toBe(FORMATS.decimal);
    expect(percentileFormat([250, 900])).toBe(FORMATS.whole);
    expect(percentileFormat([0, 0])).toBe(FORMATS.decimal);
  });

  test('the run block: observations, the metrics, the last month observed, the ESS of N, the trials, the method; a note on the bands', () => {
    const posterior = run.posterior!;
    expect(valueBeside(fit, 'Observations').value).toBe(3);
    expect(valueBeside(fit, 'Metrics observed').value).toBe('Members (1), Customers (2)');
    expect(valueBeside(fit, 'Last month observed')).toMatchObject({ value: 24, format: FORMATS.month });
    expect(fit.cells.some((c) => c.value === 'Its calendar month')).toBe(false); // no startDate
    expect(valueBeside(fit, 'Effective sample size').value).toBe(Math.round(posterior.ess));
    expect(valueBeside(fit, 'Of weighted draws (N)').value).toBe(posterior.particles);
    expect(valueBeside(fit, 'Trials drawn from them').value).toBe(500);
    expect(posterior.ess).toBeGreaterThan(200);
    expect(posterior.ess).toBeLessThanOrEqual(posterior.particles);
    const notes = fit.cells
      .filter((c) => c.style === 'note')
      .map((c) => c.value)
      .join(' ');
    expect(notes).toContain(`Method: ${posterior.method}.`.replace(/\s+/g, ' '));
    expect(notes).toMatch(
      /posterior's band \(P10 and P90 of the trials, every month; after month 24, the last observed, the forecast\)/,
    );
    expect(notes).toMatch(/lighter, the prior's P10 and P90 at each observation's month/);
  });

  test('with a startDate, the calendar month of the last observation', () => {
    const dated = historyRun({ trials: 200 }, tableWith({ startDate: '2027-01' }));
    const sheet = sheetOf(historyReport(dated), 'fit')!;
    const cell = valueBeside(sheet, 'Its calendar month');
    expect(cell.format).toBe(FORMATS.calendarMonth);
    expect(cell.value).toBe(monthDates(dated.inputs.base.startDate, 60)[23]);
    // The charts' tables have the date beside the month.
    const data = tableOf(sheet, 'BeekeeperFitCustomers');
    expect(data.columns.map((c) => c.header).slice(0, 2)).toEqual(['Month', 'Date']);
    expect(data.rows[0][1]).toBe(monthDates(dated.inputs.base.startDate, 1)[0]);
  });

  test("a chart per observed metric: the history's points over the posterior's band, every month, and the prior's at the observations", () => {
    const history = run.inputs.history!;
    const metrics = HISTORY_METRICS.filter((m) => history.some((o) => o.metric === m));
    expect(metrics).toEqual(['members', 'customers']);
    expect(fit.charts.map((c) => c.table)).toEqual(metrics.map(fitTableName));
    const monthly = run.scenarios[0].monthly;
    for (const [k, metric] of metrics.entries()) {
      const chart = fit.charts[k];
      const data = tableOf(fit, fitTableName(metric));
      expect(chart).toMatchObject({
        kind: 'line',
        categoryColumn: 'Month',
        seriesColumns: FIT_SERIES,
        xTitle: 'month',
      });
      expect(chart.title).toMatch(/the history over the posterior's P10–P90 band, and the prior's \(lighter\)$/);
      expect(data.columns.map((c) => c.header)).toEqual(['Month', ...FIT_SERIES]);
      expect(data.rows).toHaveLength(60); // the forecast months after month 24 too
      const column = (header: string) => data.rows.map((r) => r[data.columns.findIndex((c) => c.header === header)]);
      expect(column('Month')).toEqual(Array.from({ length: 60 }, (_, m) => m + 1));
      expect(column('Posterior P10')).toEqual(Array.from(monthly[metric].p10));
      expect(column('Posterior P90')).toEqual(Array.from(monthly[metric].p90));
      // At each observation's month its value and the prior's band; elsewhere blank.
      const expectedObserved = Array.from({ length: 60 }, () => null as number | null);
      const expectedPrior10 = [...expectedObserved];
      const expectedPrior90 = [...expectedObserved];
      history.forEach((o, j) => {
        if (o.metric !== metric) return;
        expectedObserved[o.month - 1] = o.value;
        expectedPrior10[o.month - 1] = run.posterior!.priorBands[j].p10;
        expectedPrior90[o.month - 1] = run.posterior!.priorBands[j].p90;
      });
      expect(column('Observed')).toEqual(expectedObserved);
      expect(column('Prior P10')).toEqual(expectedPrior10);
      expect(column('Prior P90')).toEqual(expectedPrior90);
      expect(column('Observed').filter((v) => v !== null)).toHaveLength(metric === 'customers' ? 2 : 1);
      // The band is the posterior's, around the points; the prior's is wider at each observation.
      history.forEach((o, j) => {
        if (o.metric !== metric) return;
        const band = run.posterior!.priorBands[j];
        expect(band.p90 - band.p10).toBeGreaterThan(
          monthly[metric].p90[o.month - 1] - monthly[metric].p10[o.month - 1],
        );
      });
      // Points as markers, bands as lines, the prior's lighter than the posterior's.
      expect(chart.seriesStyles!.map((s) => s.draw)).toEqual(['line', 'line', 'markers', 'markers', 'markers']);
      expect(chart.seriesStyles![4].marker).toBe('circle');
      const lightness = (hex: string) => [1, 3, 5].reduce((sum, i) => sum + parseInt(hex.slice(i, i + 2), 16), 0);
      expect(lightness(chart.seriesStyles![2].color)).toBeGreaterThan(lightness(chart.seriesStyles![0].color));
      // Powers of ten on the value axis: every value is above 0 (customers and members grow by multiples).
      expect(chart.logScale).toBe(true);
      // Formats by metric: customers counted whole, like the Monthly sheet's.
      expect(data.columns.slice(1).every((c) => c.format === FORMATS.whole)).toBe(true);
    }
  });

  test('the charts print a page each, under page 1, as wide as the table; their data to the right, outside the print area', () => {
    const table = tableOf(fit, 'BeekeeperFit');
    const print = fit.print!;
    expect(print.orientation).toBe('landscape');
    expect(print.fitToWidth).toBe(false);
    expect(print.scale).toBeGreaterThanOrEqual(MIN_PRINT_SCALE);
    expect(print.scale).toBeLessThanOrEqual(100);
    expect(print.area!.columns).toEqual([0, table.columns.length - 1]);
    expect(fit.pageBreaks).toEqual(fit.charts.map((c) => c.row));
    for (const chart of fit.charts) {
      expect(chart).toMatchObject({ column: 0, width: table.columns.length, height: FIT_CHART_ROWS });
      expect(chart.row).toBeGreaterThan(table.row + table.rows.length);
      expect(chart.row + chart.height - 1).toBeLessThanOrEqual(print.area!.rows[1]);
      const data = tableOf(fit, chart.table);
      expect(data.column).toBeGreaterThan(print.area!.columns[1]);
    }
    expect(report.footer).toBe('Beekeeper run of 2025-03-30 01:30'); // every page's, this sheet's too
  });

  test('labels: no code name stands alone where a label belongs (the name column is for formulas)', () => {
    const codes = new Set<unknown>([...ASSUMPTION_NAMES, ...KPI_NAMES, ...MONTHLY_OUTPUTS]);
    for (const t of fit.tables)
      for (const c of t.columns) expect(codes.has(c.header) ? `${t.name}: ${c.header}` : '').toBe('');
    for (const c of fit.cells) expect(codes.has(c.value) ? `${c.row},${c.column}: ${c.value}` : '').toBe('');
    for (const t of fit.tables)
      t.columns.forEach((column, j) => {
        if (column.header === 'name') return;
        for (const row of t.rows) expect(codes.has(row[j]) ? `${t.name} ${column.header}: ${row[j]}` : '').toBe('');
      });
    for (const chart of fit.charts) {
      expect(codes.has(chart.yTitle)).toBe(false);
      expect(chart.title).toMatch(/^(Community members|Customers), end of month/);
    }
  });
});

describe('the Fit charts in the .xlsx', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-fit-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("each series points at its column of the chart's table on Beekeeper Fit, with the values cached", async () => {
    const file = path.join(dir, 'fit.xlsx');
    await writeReportXlsx(report, file);
    const charts = readCharts(await partsOf(fs.readFileSync(file))).filter((c) => c.sheet === 'Beekeeper Fit');
    expect(charts.map((c) => c.title)).toEqual(fit.charts.map((c) => c.title));
    charts.forEach((read, k) => {
      const data: ReportTable = tableOf(fit, fit.charts[k].table);
      const range = (header: string) => {
        const letters = columnLetters(data.column + data.columns.findIndex((c) => c.header === header));
        return `'Beekeeper Fit'!$${letters}$${data.row + 2}:$${letters}$${data.row + 1 + data.rows.length}`;
      };
      expect(read.plot).toBe('line');
      expect(read.series.map((s) => s.name)).toEqual([...FIT_SERIES]);
      expect(read.series.map((s) => s.values)).toEqual(FIT_SERIES.map(range));
      for (const s of read.series) expect(s.categories).toBe(range('Month'));
      const observed = read.series[4].cachedValues;
      expect(observed.filter((v) => v !== undefined)).toEqual(
        run.inputs.history!.filter((o) => o.metric === ['members', 'customers'][k]).map((o) => o.value),
      );
      expect(read.from).toEqual({ row: fit.charts[k].row, column: 0 });
    });
  });
});
