/**
 * A running company on the command line (issue 15): `project` and `simulate` with
 * `--assumptions` and `--plan`, the template's plan sheet, the calendar, and every bad plan
 * with its message. The founder's case is checked against the independent implementation
 * (test/reference/founder.json, make_founder_reference.py) at 1 %, as the issue asks.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import reference from '../reference/founder.json';
import { writeReportXlsx } from '../../src/cli/xlsx-writer';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { MONTHLY_OUTPUTS, PLAN_NAMES, project, resolveAssumptions } from '../../src/model';
import { buildTemplate } from '../../src/report/template';
import { Report } from '../../src/report/types';
import { cli } from './run-cli';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-plan-'));
const file = (name: string) => path.join(folder, name);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  fs.writeFileSync(file(name), text);
  return file(name);
};

const founder = reference.founder as unknown as {
  assumptions: Record<string, number>;
  plan: { month: number; name: string; value: number }[];
  monthly: Record<string, number[]>;
};

/** The founder's plan and today's state (issue 15), as a user writes them. */
const FOUNDER_PLAN =
  'month,name,value\n9,funding,20000000\n13,annualContractValue,36000\n7,marketingCosts,2000000\n4,engineers,40\n';
const FOUNDER =
  'name,value\ninitialMembers,40000\ninitialCustomers,150\ninitialArr,4000000\nfoundingEngineers,25\ninitialCash,5000000\n';

/** A CSV on stdout as rows of text. */
const csvRows = (text: string) =>
  text
    .replace(/\r\n$/, '')
    .split('\r\n')
    .map((line) => line.split(','));

/** The columns of `project --csv`, by header. */
function csvColumns(text: string): Record<string, string[]> {
  const [header, ...rows] = csvRows(text);
  return Object.fromEntries(header.map((h, j) => [h, rows.map((row) => row[j])]));
}

/** The largest deviation of `got` from `want`, relative to max(|want|, 1) as test/model/plan.test.ts measures it. */
const deviation = (got: readonly number[], want: readonly number[]) =>
  Math.max(...want.map((w, i) => Math.abs(got[i] - w) / Math.max(Math.abs(w), 1)));

describe("the founder's case on the command line", () => {
  it('project --csv with an assumptions file, --set over it and a plan file matches the independent implementation at 1 %', async () => {
    const assumptions = write('founder.csv', FOUNDER); // initialCash 5 M, which --set makes 12 M
    const plan = write('founder-plan.csv', FOUNDER_PLAN);
    const r = await cli([
      'project',
      '--assumptions',
      assumptions,
      '--plan',
      plan,
      '--set',
      'initialCash=12000000',
      '--csv',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^kpi,value\r\n/); // the KPIs alone: no warning, no note
    const header = csvRows(r.stdout)[0];
    expect(header).toEqual([...MONTHLY_OUTPUTS]);
    expect(header.slice(-5)).toEqual(['cash', 'financing', 'newArr', 'expansionArr', 'churnedArr']);
    const columns = csvColumns(r.stdout);
    expect(columns.month).toHaveLength(60);
    for (const output of ['customers', 'arr', 'cash', 'engineers', 'newArr', 'financing']) {
      const got = columns[output].map(Number);
      expect([output, deviation(got, founder.monthly[output]) < 0.01]).toEqual([output, true]);
    }
    // The round lifts cash in month 9 by its amount, beside the month's cash flow.
    const cash = columns.cash.map(Number);
    expect(cash[8] - cash[7] - Number(columns.cashFlow[8])).toBeCloseTo(20e6, 0);
    expect(columns.financing.map(Number).filter((f) => f !== 0)).toEqual([20e6]);
    // Month 1 starts from today: about 150 customers and $4 M ARR.
    expect(Number(columns.customers[0])).toBeGreaterThan(150);
    expect(Number(columns.arr[0])).toBeGreaterThan(4e6);
  });

  it('simulate with the plan file writes the plan as run on the Inputs sheet; cash lifts by the round in month 9', async () => {
    const assumptions = write('founder-fixed.csv', FOUNDER.replace('initialCash,5000000', 'initialCash,12000000'));
    const plan = write('founder-plan-s.csv', FOUNDER_PLAN);
    const out = file('founder.xlsx');
    const r = await cli(['simulate', '--assumptions', assumptions, '--plan', plan, '--trials', '20', '--out', out]);
    expect(r.code).toBe(0);
    // No distribution: every trial is the same run, the projection's.
    expect(r.stderr).toContain(`warning: ${assumptions}: no assumption has a distribution`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const inputs = workbook.getWorksheet('Beekeeper Inputs')!;
    const planTable = inputs
      .getTables()
      .find((t) => (t as unknown as { table: { name: string } }).table.name === 'BeekeeperPlanAsRun');
    expect(planTable).toBeDefined();
    const ref = (planTable as unknown as { table: { tableRef: string } }).table.tableRef;
    const [top] = ref.match(/\d+/g)!.map(Number);
    const rows = [1, 2, 3, 4].map((k) => [1, 2, 3].map((c) => inputs.getCell(top + k, c).value));
    expect(rows).toEqual([
      [4, 'engineers', 40],
      [7, 'marketingCosts', 2000000],
      [9, 'funding', 20000000],
      [13, 'annualContractValue', 36000],
    ]);
    const summary = workbook.getWorksheet('Beekeeper Summary')!;
    const said: string[] = [];
    summary.eachRow((row) => row.eachCell((cell) => void said.push(String(cell.value))));
    expect(said).toContain('founder-fixed.csv; the plan from founder-plan-s.csv');

    const monthly = workbook.getWorksheet('Beekeeper Monthly')!;
    const headers = (monthly.getRow(1).values as unknown[]).map(String);
    const column = (header: string) => {
      const c = headers.indexOf(header);
      expect([header, c > 0]).toEqual([header, true]);
      return Array.from({ length: 60 }, (_, m) => Number(monthly.getCell(2 + m, c).value));
    };
    const cashP50 = column('Cash, end of month (P50)');
    const want = project({ ...founder.assumptions }, 'beekeeper', founder.plan as never).monthly;
    expect(deviation(cashP50, Array.from(want.cash))).toBeLessThan(1e-9);
    expect(cashP50[8] - cashP50[7] - want.cashFlow[8]).toBeCloseTo(20e6, 0);
  }, 60_000);
});

describe('project --assumptions', () => {
  it('reads the file as simulate does, projects each assumption at its value, and says the distributions are ignored', async () => {
    const assumptions = write(
      'uncertain.csv',
      'name,value,distribution,p1,p2,p3\nmonths,24,,,,\nimitation,0.45,pert,0.2,0.45,0.8\nexpansion,0.9,pert,0.05,0.1,0.2\n',
    );
    const r = await cli(['project', '--assumptions', assumptions, '--set', 'months=12', '--metrics', 'customers']);
    expect(r.code).toBe(0);
    // The value outside its distribution is what a projection runs: nothing to warn of.
    expect(r.stderr).toBe(
      `note: ${assumptions}: project runs each assumption at its value; the distributions of 2 (imitation, expansion) are ignored here and sampled by \`beekeeper simulate\`\n`,
    );
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'Beekeeper model, beekeeper scenario, 12 months; assumptions: uncertain.csv except months=12',
    );
    const customers = lines.slice(2, 14).map((l) => l.trim().split(/\s+/)[1]);
    const want = project({ months: 12, imitation: 0.45, expansion: 0.9 }).monthly.customers;
    expect(customers).toEqual(Array.from(want, (c) => Math.round(c).toLocaleString('en-US')));
  });

  it("refuses a bad file with the simulation's message, naming the cell, a distribution's included", async () => {
    const bad = write('bad-dist.csv', 'name,value,distribution,p1,p2,p3\nimitation,0.45,pert,0.2,0.45,9\n');
    const r = await cli(['project', '--assumptions', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error: ${bad} row 2, column C: imitation ~ pert(0.2, 0.45, 9) can sample 8.922 (at u = 1 − 1.2e-10), outside its valid range (between 0 and 5); keep its min and max within the range\n`,
    );
  });

  it('runs the unedited template as the defaults: its plan sheet is empty', async () => {
    const template = file('template.xlsx');
    expect((await cli(['template', '--out', template])).code).toBe(0);
    const fromTemplate = await cli(['project', '--assumptions', template, '--csv']);
    const defaults = await cli(['project', '--csv']);
    expect(fromTemplate.code).toBe(0);
    expect(fromTemplate.stdout).toBe(defaults.stdout);
    expect(fromTemplate.stderr).toMatch(/^note: .*template\.xlsx: project runs each assumption at its value/);
  });
});

describe('the plan beside the assumptions: the sheet Beekeeper Plan of the template', () => {
  /** The template with the founder's rows in its plan table, as a user fills it in Excel. */
  async function editedTemplate(name: string): Promise<string> {
    const report = buildTemplate(defaultSimulationTable(), '0.0.0');
    const [assumptions, plan] = report.sheets;
    const edited: Report = {
      sheets: [
        assumptions,
        {
          ...plan,
          tables: [{ ...plan.tables[0], rows: founder.plan.map((p) => [p.month, p.name, p.value, 'a note']) }],
        },
      ],
    };
    await writeReportXlsx(edited, file(name));
    return file(name);
  }

  it('is the plan of the run when --plan is not given, in project and simulate', async () => {
    const template = await editedTemplate('edited.xlsx');
    const plan = write('same-plan.csv', FOUNDER_PLAN);
    const fromSheet = await cli(['project', '--assumptions', template, '--csv']);
    const fromFile = await cli(['project', '--plan', plan, '--csv']);
    expect(fromSheet.code).toBe(0);
    expect(fromSheet.stdout).toBe(fromFile.stdout);
    const title = (await cli(['project', '--assumptions', template, '--metrics', 'cash'])).stdout.split('\n')[0];
    expect(title).toBe(
      'Beekeeper model, beekeeper scenario, 60 months; assumptions: edited.xlsx; plan: edited.xlsx, sheet Beekeeper Plan, table BeekeeperPlan (4 rows)',
    );
    const out = file('from-sheet.xlsx');
    const s = await cli(['simulate', '--assumptions', template, '--trials', '20', '--out', out]);
    expect(s.code).toBe(0);
    expect(s.stderr).not.toContain('note:');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const names = workbook.worksheets.flatMap((w) =>
      w.getTables().map((t) => (t as unknown as { table: { name: string } }).table.name),
    );
    expect(names).toContain('BeekeeperPlanAsRun');
  }, 60_000);

  it('gives way to --plan, and a note says the sheet was ignored', async () => {
    const template = await editedTemplate('edited-2.xlsx');
    const other = write('other-plan.csv', 'month,name,value\n3,funding,1000000\n');
    const r = await cli(['project', '--assumptions', template, '--plan', other, '--csv']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')).toContain(
      `note: ${template}, sheet Beekeeper Plan, table BeekeeperPlan is ignored: --plan ${other} is the plan of this run`,
    );
    expect(
      csvColumns(r.stdout)
        .financing.map(Number)
        .filter((f) => f !== 0),
    ).toEqual([1e6]);
    // An empty plan sheet (the unedited template) is not worth a note.
    const template2 = file('template-2.xlsx');
    await cli(['template', '--out', template2]);
    const quiet = await cli(['project', '--assumptions', template2, '--plan', other, '--metrics', 'cash']);
    expect(quiet.stderr).not.toContain('is ignored');
  });
});

describe('the calendar: startDate', () => {
  it('adds a date column (YYYY-MM) after month, in CSV and in the table; a plan month may be a date', async () => {
    const byDate = write(
      'by-date.csv',
      'month,name,value\n2027-09,funding,20000000\n2028-01-01,annualContractValue,36000\n',
    );
    const byNumber = write('by-number.csv', 'month,name,value\n9,funding,20000000\n13,annualContractValue,36000\n');
    const dated = await cli(['project', '--set', 'startDate=2027-01', '--plan', byDate, '--csv']);
    expect(dated.code).toBe(0);
    const columns = csvColumns(dated.stdout);
    expect(csvRows(dated.stdout)[0].slice(0, 3)).toEqual(['month', 'date', 'members']);
    expect(columns.date.slice(0, 3)).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(columns.date[59]).toBe('2031-12');
    // The same plan by month numbers projects the same.
    const numbered = csvColumns(
      (await cli(['project', '--set', 'startDate=2027-01', '--plan', byNumber, '--csv'])).stdout,
    );
    expect(numbered).toEqual(columns);
    const table = (await cli(['project', '--set', 'startDate=2027-01', '--set', 'months=3'])).stdout.split('\n');
    expect(table[1].trim().split(/\s+/).slice(0, 3)).toEqual(['month', 'date', 'members']);
    expect(table[4].trim().split(/\s+/).slice(0, 2)).toEqual(['3', '2027-03']);
  });

  it('keeps month and date when a narrow terminal drops outputs', async () => {
    const r = await cli(['project', '--set', 'startDate=2027-01'], 60);
    const header = r.stdout.split('\n')[1].trim().split(/\s+/);
    expect(header.slice(0, 2)).toEqual(['month', 'date']);
    expect(r.stdout.split('\n')[1].length).toBeLessThanOrEqual(60);
    expect(r.stderr).toMatch(/^note: showing \d+ of 24 outputs to fit 60 columns/);
  });

  it('has no date column without startDate', async () => {
    expect(csvRows((await cli(['project', '--set', 'months=2', '--csv'])).stdout)[0][1]).toBe('members');
    expect(resolveAssumptions().startDate).toBe(0);
  });
});

describe('bad plans: a message naming the file and row (or sheet and cell), and nothing run or written', () => {
  /** Runs project with a plan file holding `text` and expects exactly `message` (after "error: "). */
  async function refuses(name: string, text: string | undefined, message: (f: string) => string, extra: string[] = []) {
    const plan = text === undefined ? file(name) : write(name, text);
    const r = await cli(['project', '--plan', plan, ...extra]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: ${message(plan)}\n` });
  }

  it('a name that cannot be planned lists the names that can', async () => {
    await refuses(
      'not-plannable.csv',
      'month,name,value\n9,funding,1\n5,imitation,0.3\n',
      (f) =>
        `${f} row 3, column B: "imitation" cannot be planned: a plan may set ${PLAN_NAMES.slice(0, -2).join(', ')}, ` +
        'engineers (a headcount plan) and funding (a round); change other assumptions in the assumptions table',
    );
    await refuses(
      'typo.json',
      '{"plan": [{"month": 9, "name": "fundng", "value": 1}]}',
      (f) =>
        `${f} plan[0].name: unknown plan name "fundng"; did you mean "funding"? A plan may set ${PLAN_NAMES.join(', ')}`,
    );
  });

  it("a value outside the assumption's range", async () => {
    await refuses(
      'range.csv',
      'month,name,value\n3,customerChurn,2\n',
      (f) => `${f} row 2, column C: customerChurn must be between 0 and 1, got 2`,
    );
    await refuses(
      'negative.json',
      '[{"month": 9, "name": "funding", "value": -5}]',
      (f) => `${f} [0].value: funding must be ≥ 0, got -5`,
    );
  });

  it('a value beyond its plausible range, unless --allow-implausible', async () => {
    await refuses(
      'implausible.csv',
      'month,name,value\n3,engineerCost,150\n',
      (f) =>
        `${f} row 2, column C: engineerCost 150 is far below what is plausible (at least 1,000 per engineer per year: ` +
        "an engineer for less than 1,000 or more than 5,000,000 a year); to run it anyway, add --allow-implausible, or TRUE in the row's allowImplausible column",
    );
    const r = await cli([
      'project',
      '--plan',
      file('implausible.csv'),
      '--allow-implausible',
      '--csv',
      '--metrics',
      'engineers,engineeringCost',
    ]);
    expect(r.code).toBe(0);
    // Month 3 runs at 150 a year per engineer.
    const [, engineers, cost] = csvRows(r.stdout)[3].map(Number);
    expect(cost).toBeCloseTo((engineers * 150) / 12, 6);
  });

  it('a month outside 1..months, a date before startDate, a date without startDate', async () => {
    await refuses(
      'month.csv',
      'month,name,value\n25,funding,1\n',
      (f) => `${f} row 2, column A: month must be a whole number from 1 to 24 (the projection's months), got 25`,
      ['--set', 'months=24'],
    );
    await refuses(
      'before.csv',
      'month,name,value\n2026-12,funding,1\n',
      (f) =>
        `${f} row 2, column A: month 2026-12 is before startDate (2027-01): a plan row starts at month 1 (2027-01) or later`,
      ['--set', 'startDate=2027-01'],
    );
    await refuses(
      'no-start.csv',
      'month,name,value\n2027-09,funding,1\n',
      (f) =>
        `${f} row 2, column A: month 2027-09 is a calendar month, but startDate is not set: set startDate (the calendar month of month 1) in the assumptions, or give the month as a number`,
    );
  });

  it('two rows for the same name and month name both', async () => {
    await refuses(
      'twice.tsv',
      'month\tname\tvalue\n9\tfixedCosts\t1\n9\tfixedCosts\t2\n',
      (f) =>
        `${f} row 3, column B: fixedCosts is planned twice for month 9 (also ${f} row 2, column B): keep one row, or give the later change its own month`,
    );
  });

  it('a file that does not exist, an unknown extension, JSON that is not rows, a CSV without the value column', async () => {
    await refuses('missing.csv', undefined, (f) => `${f}: no such file`);
    await refuses(
      'plan.txt',
      'month,name,value\n',
      (f) => `${f}: unknown file type ".txt": give an .xlsx, .csv, .tsv or .json file`,
    );
    await refuses(
      'object.json',
      '{"month": 9, "name": "funding", "value": 1}',
      (f) =>
        `${f}: expected an array of decisions, [{"month": ..., "name": ..., "value": ...}, ...], or {"plan": [...]}, got an object without a "plan" array`,
    );
    await refuses(
      'no-value.csv',
      'month,name\n9,funding\n',
      (f) => `${f}: the header row has no "value" column (it has month, name)`,
    );
  });

  it('in a workbook, the message names the sheet and the cell', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Beekeeper Plan');
    [
      ['month', 'name', 'value'],
      [4, 'engineers', 40],
      [7, 'customerChurn', 1.5],
    ].forEach((row, r) => row.forEach((v, c) => (sheet.getCell(r + 1, c + 1).value = v)));
    const plan = file('bad-plan.xlsx');
    await workbook.xlsx.writeFile(plan);
    await refuses(
      'bad-plan.xlsx',
      undefined,
      (f) => `${f}, sheet Beekeeper Plan, cell C3: customerChurn must be between 0 and 1, got 1.5`,
    );
  });

  it('simulate checks the plan before the trials: no report is written', async () => {
    const plan = write('bad-for-simulate.csv', 'month,name,value\n61,funding,1\n');
    const out = file('never.xlsx');
    const r = await cli(['simulate', '--plan', plan, '--trials', '20', '--out', out]);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${plan} row 2, column A: month must be a whole number from 1 to 60 (the projection's months), got 61\n`,
    });
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(folder).filter((f) => f.startsWith('never'))).toEqual([]);
    // Nor over the plan file itself, even with --force.
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Beekeeper Plan').addRow(['month', 'name', 'value']);
    const xlsxPlan = file('plan-book.xlsx');
    await workbook.xlsx.writeFile(xlsxPlan);
    const before = fs.readFileSync(xlsxPlan);
    const over = await cli(['simulate', '--plan', xlsxPlan, '--trials', '20', '--out', xlsxPlan, '--force']);
    expect(over).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${xlsxPlan} is the --plan file of this run: a run never writes over its own input; choose another --out\n`,
    });
    expect(fs.readFileSync(xlsxPlan)).toEqual(before);
  }, 60_000);
});

describe('--help', () => {
  const help = async (command: string) => (await cli([command, '--help'])).stdout.replace(/\s+/g, ' ');

  it('project describes --assumptions, --plan and the date column', async () => {
    const text = await help('project');
    expect(text).toContain(
      '--assumptions <file> assumptions table: .xlsx (as `template` writes it), .csv, .tsv or .json',
    );
    expect(text).toContain(
      '--plan <file> the plan, rows month | name | value: .csv, .tsv, .json or .xlsx (default: the plan sheet of an --assumptions workbook)',
    );
    expect(text).toContain(
      'a distribution is checked, then ignored (a note says so). --set changes a value of the file.',
    );
    expect(text).toContain('a date column (YYYY-MM) follows month');
    expect(text).toContain('$ beekeeper project --assumptions my-company.xlsx --plan plan.csv --set startDate=2027-01');
  });

  it('simulate describes --plan, and that it wins over the plan sheet', async () => {
    const text = await help('simulate');
    expect(text).toContain('--plan <file> the plan, rows month | name | value, the same in every trial');
    expect(text).toContain('given both, --plan wins and a note says the sheet was ignored');
    expect(text).toContain('never an --assumptions, --plan, --correlations or --history file, nor a template');
  });

  it('template says it writes an empty plan (and empty correlations and history)', async () => {
    const text = await help('template');
    expect(text).toContain('an empty plan, empty correlations and an empty history to edit');
    expect(text).toContain(
      '.xlsx (with the sheets Beekeeper Plan, Beekeeper Correlations and Beekeeper History), or .csv (the assumptions table alone)',
    );
  });
});
