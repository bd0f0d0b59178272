/**
 * Beekeeper Years and the base case on Beekeeper Monthly (workbook.md v3): the yearly figures of
 * the base case, against yearFigures and against the independent reference
 * (test/reference/years.json, make_years_reference.py); the yearly percentiles; fiscal years
 * and a partial year; the ARR bridge chart; plain headers; the print setup.
 */
import reference from '../reference/years.json';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { MONTHLY_STATISTICS, YEARLY_STATISTICS, simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { readSimulationTable, withPlan } from '../../src/engine/simulation-inputs';
import { InputTable } from '../../src/model/input-table';
import { MONTHLY_OUTPUTS, projectMonthly } from '../../src/model/projection';
import { resolveAssumptions } from '../../src/model/assumptions';
import { PlanRow, checkPlan } from '../../src/model/plan';
import { YEAR_FIGURES, YearFigure, yearFigures, yearSpans } from '../../src/model/years';
import { buildReport } from '../../src/report/build';
import { YEAR_LABELS } from '../../src/report/labels';
import { FINANCING_HEADER, baseCaseHeader, monthlyHeader } from '../../src/report/sheets/monthly';
import { yearLabel } from '../../src/report/sheets/years';
import { FORMATS, ReportSheet, ReportTable } from '../../src/report/types';
import { buildWorkbook } from '../../src/cli/xlsx-writer';

type Year = Record<string, number | string | boolean | null>;
type Case = { assumptionOverrides: Record<string, number>; plan: PlanRow[]; years: Year[] };
const cases = (reference as unknown as { cases: Record<'defaults' | 'founder' | 'founder_fy7', Case> }).cases;

const info = {
  version: 'test',
  startedAt: new Date('2025-03-30T00:30:00Z'),
  seconds: 1,
  trialsSheet: false,
  source: 't',
};

/** The default table with some values replaced (as a user types them). */
function tableWith(values: Record<string, unknown>): InputTable {
  const table = defaultSimulationTable();
  return {
    ...table,
    rows: table.rows.map((row) =>
      String(row[0].value) in values
        ? [row[0], { ...row[1], value: values[String(row[0].value)] }, ...row.slice(2)]
        : row,
    ),
  };
}

function runOf(table: InputTable, scenario: 'beekeeper' | 'compare', trials: number, plan: PlanRow[] = []) {
  const inputs = readSimulationTable(table);
  const withIt =
    plan.length > 0 ? withPlan(inputs, checkPlan(plan, inputs.base, 'plan', { allowImplausible: true })) : inputs;
  const run = simulate(withIt, { scenario, trials, seed: 3, sampling: 'lhs' })!;
  const analysis = analyze(run);
  return { run, analysis, report: buildReport(run, analysis, info) };
}

const sheetOf = (sheets: readonly ReportSheet[], name: string) => sheets.find((s) => s.name === name)!;
const tableOf = (sheet: ReportSheet, name: string) => sheet.tables.find((t) => t.name === name)!;
/** The values of a table's column, by header. */
const columnOf = (t: ReportTable, header: string) => {
  const j = t.columns.findIndex((c) => c.header === header);
  if (j < 0) throw new Error(`no column ${header} in ${t.name}: ${t.columns.map((c) => c.header).join(' | ')}`);
  return t.rows.map((r) => r[j]);
};
/** The year columns' headers (after Scenario, Figure and Statistic). */
const yearsOf = (t: ReportTable) => t.columns.slice(t.columns[0].header === 'Scenario' ? 3 : 2).map((c) => c.header);
/** The row of a figure (or "Months") and statistic, in a scenario. */
function rowOf(t: ReportTable, figure: YearFigure | 'Months', statistic = 'base case', scenario?: string) {
  const compare = t.columns[0].header === 'Scenario';
  const label = figure === 'Months' ? 'Months' : YEAR_LABELS[figure].label(0);
  const index = t.rows.findIndex(
    (r) =>
      (!compare || scenario === undefined || r[0] === scenario) &&
      r[compare ? 1 : 0] === label &&
      r[compare ? 2 : 1] === (figure === 'Months' ? null : statistic),
  );
  if (index < 0) throw new Error(`no row ${label} ${statistic} in ${t.name}`);
  return index;
}
/** A figure's values across the years. */
const valuesOf = (t: ReportTable, figure: YearFigure | 'Months', statistic?: string, scenario?: string) =>
  t.rows[rowOf(t, figure, statistic, scenario)].slice(t.columns[0].header === 'Scenario' ? 3 : 2);
const relative = (got: unknown, want: number) => Math.abs((got as number) - want) / Math.max(Math.abs(want), 1);

describe('the defaults run', () => {
  const { run, analysis, report } = runOf(defaultSimulationTable(), 'beekeeper', 400);
  const years = sheetOf(report.sheets, 'Beekeeper Years');
  const t = tableOf(years, 'BeekeeperYears');

  test('Years comes right after Monthly, marked as its own kind', () => {
    expect(report.sheets.map((s) => s.name)).toEqual([
      'Beekeeper Summary',
      'Beekeeper Monthly',
      'Beekeeper Years',
      'Beekeeper Inputs',
      'Beekeeper Sensitivity',
    ]);
    expect(years.kind).toBe('years');
    expect(() => buildWorkbook(report)).not.toThrow(); // the writers' checks hold
  });

  test('one row per year, Year 1 to Year 5, with the months each holds', () => {
    expect(yearsOf(t)).toEqual(['Year 1', 'Year 2', 'Year 3', 'Year 4', 'Year 5']);
    expect(valuesOf(t, 'Months')).toEqual(['1 to 12', '13 to 24', '25 to 36', '37 to 48', '49 to 60']);
  });

  test("the base-case columns are yearFigures of the base case's projection; not meaningful: an empty cell", () => {
    const a = run.inputs.base;
    const want = yearFigures(a, projectMonthly(a, 'beekeeper', []), []);
    for (const f of YEAR_FIGURES) expect([f, valuesOf(t, f)]).toEqual([f, want.map((y) => y[f] ?? null)]);
    expect(valuesOf(t, 'ruleOf40')[0]).toBeNull(); // no year before the first
  });

  test('the base case of the default table is the default projection: every year within 1 % of years.json "defaults"', () => {
    const ref = cases.defaults.years;
    expect(yearsOf(t)).toEqual(ref.map((y) => y.label));
    for (const f of YEAR_FIGURES) {
      const got = valuesOf(t, f);
      ref.forEach((want, i) => {
        const w = want[f] as number | null;
        if (w === null) expect([f, i, got[i]]).toEqual([f, i, null]);
        else expect([f, i, relative(got[i], w) < 0.01]).toEqual([f, i, true]);
      });
    }
  });

  test('the yearly statistics: P10 ≤ P50 ≤ P90 each year, as the run kept them', () => {
    const yearly = run.scenarios[0].yearly;
    for (const f of YEARLY_STATISTICS) {
      const [p10, p50, p90] = (['P10', 'P50', 'P90'] as const).map((p) => valuesOf(t, f, p) as number[]);
      expect(p10).toEqual(Array.from(yearly[f].p10));
      expect(p90).toEqual(Array.from(yearly[f].p90));
      p50.forEach((m, y) => {
        expect([f, y, p10[y] <= m, m <= p90[y]]).toEqual([f, y, true, true]);
      });
    }
    // Only the five kept figures have percentiles; the others are the base case alone.
    expect(t.rows.filter((r) => /^P(10|50|90)$/.test(String(r[1])))).toHaveLength(3 * YEARLY_STATISTICS.length);
    expect(() => rowOf(t, 'netDollarRetention', 'P50')).toThrow('no row');
  });

  test('formats by what a figure is: money, percentages, one decimal, whole months', () => {
    const format = (f: YearFigure, s?: string) => t.rowFormats![rowOf(t, f, s)];
    expect(format('revenue')).toBe(FORMATS.currency);
    expect(format('cash', 'P90')).toBe(FORMATS.currency);
    expect(format('customers')).toBe(FORMATS.whole);
    expect(format('grossMargin')).toBe(FORMATS.percent);
    expect(format('netDollarRetention')).toBe(FORMATS.percent);
    expect(format('ruleOf40')).toBe(FORMATS.percent);
    expect(format('burnMultiple')).toBe(FORMATS.oneDecimal);
    expect(format('magicNumber')).toBe(FORMATS.oneDecimal);
    expect(format('cacPaybackMonths')).toBe(FORMATS.month);
  });

  test('the note defines the SaaS metrics, partial years and what has percentiles', () => {
    const text = years.cells
      .filter((c) => c.style === 'note')
      .map((c) => c.value)
      .join(' ');
    for (const phrase of [
      'Net dollar retention = the ARR at the year',
      '(1 − churn)(1 + expansion)',
      'Burn multiple = net burn ÷ net new ARR',
      'Sacks',
      'CAC payback, months = acquisition spend (acquisition cost × new customers) ÷ (new ARR × gross margin) × 12',
      'Magic number = net new ARR ÷ the year',
      'Rule of 40 = revenue growth over the year before + operating cash-flow margin',
      'not annualised',
      'growth across it is left out',
      'They are kept for every figure but financing',
      'the ratios (gross margin and the SaaS metrics), which are the base case',
    ])
      expect(text.replace(/\s+/g, ' ')).toContain(phrase);
  });

  test('the ARR bridge chart: a column chart of the base case over its own table, closing = opening + new + expansion − churned', () => {
    const bridge = tableOf(years, 'BeekeeperArrBridge');
    const [chart] = years.charts;
    expect(chart).toMatchObject({ kind: 'column', table: 'BeekeeperArrBridge', categoryColumn: 'Year' });
    expect(chart.seriesColumns).toEqual(bridge.columns.slice(1).map((c) => c.header));
    expect(chart.title).toMatch(/^ARR bridge by year, base case/);
    expect(bridge.rows.map((r) => r[0])).toEqual(yearsOf(t));
    const base = analysis.scenarios[0].baseCase.years;
    bridge.rows.forEach((row, y) => {
      const [opening, added, expansion, churned, closing] = row.slice(1) as number[];
      expect(churned).toBeLessThanOrEqual(0); // drawn below 0
      expect(-churned).toBe(base[y].churnedArr);
      expect(opening).toBe(base[y].openingArr);
      expect(Math.abs(opening + added + expansion - -churned - closing)).toBeLessThan(1e-6 * Math.max(1, closing));
    });
    // Below its table, as wide as the Years table, clear of both (the writers check the area too).
    expect(chart.column).toBe(0);
    expect(chart.row).toBe(bridge.row + 1 + bridge.rows.length + 1); // header, rows, a blank row
    expect(chart.width).toBe(t.columns.length);
    expect(years.pageBreaks).toEqual([bridge.row - 1]); // the chart's block starts a page
  });

  test('the Monthly sheet: every output with its base case, mean, P10, P50 and P90; financing once', () => {
    const m = tableOf(sheetOf(report.sheets, 'Beekeeper Monthly'), 'BeekeeperMonthly');
    const s = run.scenarios[0];
    const base = analysis.scenarios[0].baseCase.monthly;
    for (const o of MONTHLY_STATISTICS) {
      expect([o, columnOf(m, baseCaseHeader(o))]).toEqual([o, Array.from(base[o])]);
      expect([o, columnOf(m, monthlyHeader(o, 'mean'))]).toEqual([o, Array.from(s.monthly[o].mean)]);
      for (const p of ['P10', 'P50', 'P90'] as const)
        expect([o, p, columnOf(m, monthlyHeader(o, p))]).toEqual([
          o,
          p,
          Array.from(s.monthly[o][p === 'P10' ? 'p10' : p === 'P50' ? 'p50' : 'p90']),
        ]);
    }
    expect(columnOf(m, FINANCING_HEADER)).toEqual(Array.from(base.financing));
    const headers = m.columns.map((c) => c.header);
    // Month, then five columns for each of 14 outputs and one for financing.
    expect(headers).toHaveLength(1 + 5 * MONTHLY_STATISTICS.length + 1);
    expect(headers).toEqual(
      expect.arrayContaining([
        'Cost of revenue, month (base case)',
        'Cost of revenue, month (P50)',
        'Engineering (R&D) cost, month (P90)',
        'Sales and marketing cost, month (P10)',
        'G&A cost, month (mean)',
        'Operating cash flow, month (P50)',
        'Financing, month (every trial)',
        'New ARR, month (P10)',
        'Expansion ARR, month (P50)',
        'Churned ARR, month (P90)',
        'Revenue, month (mean)',
        'Cash, end of month (P90)',
      ]),
    );
    // The P&L reads in order: revenue, its costs, operating cash flow, financing, cash.
    const order = [
      'revenue',
      'costOfRevenue',
      'engineeringCost',
      'salesMarketingCost',
      'otherCost',
      'cashFlow',
    ] as const;
    const at = order.map((o) => headers.indexOf(baseCaseHeader(o)));
    expect(at).toEqual([...at].sort((x, y) => x - y));
    expect(headers.indexOf(FINANCING_HEADER)).toBe(headers.indexOf(monthlyHeader('cashFlow', 'P90')) + 1);
    // The base case is the deterministic projection at the table's values.
    expect(Array.from(base.revenue)).toEqual(Array.from(projectMonthly(run.inputs.base, 'beekeeper', []).revenue));
    expect(m.columns.find((c) => c.header === FINANCING_HEADER)!.format).toBe(FORMATS.currency);
    expect(m.columns.find((c) => c.header === monthlyHeader('churnedArr', 'P50'))!.format).toBe(FORMATS.currency);
    const note = sheetOf(report.sheets, 'Beekeeper Monthly')
      .cells.map((c) => c.value)
      .join(' ');
    expect(note).toMatch(/Financing is the plan's funding rounds/);
  });

  test('print: landscape, the header row and the month / year column on every page', () => {
    expect(years.print).toEqual({
      orientation: 'landscape',
      fitToWidth: true,
      titleRows: [0, 0],
      titleColumns: [0, 1],
    });
    expect(t.row).toBe(0);
    expect(t.columns.map((c) => c.header)).toEqual([
      'Figure',
      'Statistic',
      'Year 1',
      'Year 2',
      'Year 3',
      'Year 4',
      'Year 5',
    ]);
    const monthly = sheetOf(report.sheets, 'Beekeeper Monthly');
    expect(monthly.print).toEqual({
      orientation: 'landscape',
      fitToWidth: false,
      scale: 70, // not fitted: wide and long, at the smallest legible scale
      titleRows: [0, 0],
      titleColumns: [0, 0],
    });
    expect(monthly.tables[0].columns[0].header).toBe('Month');
  });

  test('every header of Monthly and Years is plain words: no code name of an output or yearly figure', () => {
    const codes = new Set<string>([...MONTHLY_OUTPUTS, ...YEAR_FIGURES]);
    const camel = [...codes].filter((c) => /[A-Z]/.test(c));
    for (const sheet of [years, sheetOf(report.sheets, 'Beekeeper Monthly')])
      for (const table of sheet.tables)
        for (const { header } of table.columns) {
          expect([table.name, header, codes.has(header)]).toEqual([table.name, header, false]);
          const words = header.split(/[^A-Za-z0-9]+/);
          expect([header, camel.filter((c) => words.includes(c))]).toEqual([header, []]);
        }
  });
});

describe('a founder run with startDate 2027-01 and fiscal years from July', () => {
  const c = cases.founder_fy7;
  const { run, analysis, report } = runOf(
    tableWith({ ...c.assumptionOverrides, startDate: '2027-01', fiscalYearStart: 7 }),
    'beekeeper',
    200,
    c.plan,
  );
  const years = sheetOf(report.sheets, 'Beekeeper Years');
  const t = tableOf(years, 'BeekeeperYears');

  test('fiscal-year labels, the partial first and last years marked with their months', () => {
    expect(yearsOf(t)).toEqual(['FY2027 (6 months)', 'FY2028', 'FY2029', 'FY2030', 'FY2031', 'FY2032 (6 months)']);
    expect(valuesOf(t, 'Months')[0]).toBe('2027-01 to 2027-06');
    expect(valuesOf(t, 'Months')[1]).toBe('2027-07 to 2028-06');
    expect(yearSpans(run.inputs.base).map(yearLabel)).toEqual(yearsOf(t));
    const text = years.cells.map((x) => x.value).join(' ');
    expect(text).toContain('Years are fiscal years starting in July (fiscalYearStart 7)');
  });

  test('the base case with the plan: yearFigures, and within 1 % of years.json "founder_fy7"', () => {
    const a = run.inputs.base;
    const plan = run.inputs.plan!;
    const want = yearFigures(a, projectMonthly(a, 'beekeeper', plan), plan);
    for (const f of YEAR_FIGURES) expect([f, valuesOf(t, f)]).toEqual([f, want.map((y) => y[f] ?? null)]);
    for (const f of YEAR_FIGURES)
      c.years.forEach((ref, i) => {
        const w = ref[f] as number | null;
        const got = valuesOf(t, f)[i];
        if (w === null) expect([f, i, got]).toEqual([f, i, null]);
        else expect([f, i, relative(got, w) < 0.01]).toEqual([f, i, true]);
      });
    // The plan's round is in the financing of the year it falls in (month 9: FY2028).
    expect(valuesOf(t, 'financing')).toEqual([0, 20e6, 0, 0, 0, 0]);
    // Growth across a partial year is left out.
    expect(valuesOf(t, 'ruleOf40').map((v) => v === null)).toEqual([true, true, false, false, false, true]);
    expect(analysis.scenarios[0].baseCase.years).toHaveLength(6);
  });

  test("financing is the plan's in every trial: sampled trials projected with the plan give the base case's", () => {
    const a = run.inputs.base;
    const plan = run.inputs.plan!;
    const base = analysis.scenarios[0].baseCase.monthly.financing;
    expect(Math.max(...base)).toBe(20e6);
    const trials = [0, 57, 199];
    expect(new Set(trials.map((t) => run.samples[0][t])).size).toBe(3); // trials that differ
    for (const t of trials) {
      const trial: Record<string, number> = { ...a };
      run.inputs.uncertain.forEach((u, i) => (trial[u.name] = run.samples[i][t]));
      const financing = projectMonthly(resolveAssumptions(trial), 'beekeeper', plan).financing;
      expect(Array.from(financing)).toEqual(Array.from(base));
    }
    const m = tableOf(sheetOf(report.sheets, 'Beekeeper Monthly'), 'BeekeeperMonthly');
    expect(columnOf(m, FINANCING_HEADER)).toEqual(Array.from(base));
  });

  test('the Monthly sheet keeps its Date column after Month; titles repeat both', () => {
    const monthly = sheetOf(report.sheets, 'Beekeeper Monthly');
    expect(monthly.tables[0].columns.slice(0, 3).map((x) => x.header)).toEqual([
      'Month',
      'Date',
      baseCaseHeader('members'),
    ]);
    expect(monthly.print?.titleColumns).toEqual([0, 1]);
    expect(() => buildWorkbook(report)).not.toThrow();
  });
});

describe('a compare run', () => {
  const { run, analysis, report } = runOf(defaultSimulationTable(), 'compare', 200);
  const years = sheetOf(report.sheets, 'Beekeeper Years');
  const t = tableOf(years, 'BeekeeperYears');

  test('both scenarios, each with its own base case and statistics, under a Scenario column', () => {
    expect(t.columns[0].header).toBe('Scenario');
    const perScenario = 1 + YEAR_FIGURES.length + 3 * YEARLY_STATISTICS.length; // Months, base cases, percentiles
    expect(columnOf(t, 'Scenario')).toEqual([
      ...Array(perScenario).fill('beekeeper'),
      ...Array(perScenario).fill('proprietary'),
    ]);
    const a = run.inputs.base;
    const proprietary = yearFigures(a, projectMonthly(a, 'proprietary', []), []);
    expect(valuesOf(t, 'closingArr', 'base case', 'proprietary')).toEqual(proprietary.map((y) => y.closingArr));
    expect(valuesOf(t, 'cash', 'P50', 'proprietary')).toEqual(Array.from(run.scenarios[1].yearly.cash.p50));
    expect(years.print?.titleColumns).toEqual([0, 2]);
    const monthly = tableOf(sheetOf(report.sheets, 'Beekeeper Monthly'), 'BeekeeperMonthly');
    expect(columnOf(monthly, baseCaseHeader('arr')).slice(60)).toEqual(
      Array.from(analysis.scenarios[1].baseCase.monthly.arr),
    );
    expect(() => buildWorkbook(report)).not.toThrow();
  });

  test('the bridge chart is the first scenario’s, and says so', () => {
    expect(years.charts).toHaveLength(1);
    expect(years.charts[0].title).toContain('base case (beekeeper)');
    const bridge = tableOf(years, 'BeekeeperArrBridge');
    expect(bridge.rows.map((r) => r[5])).toEqual(analysis.scenarios[0].baseCase.years.map((y) => y.closingArr));
  });
});
