import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { readAssumptionsFile, readInputsFile, readPlanFile } from '../../src/cli/assumptions-file';
import { rejectsWith } from './run-cli';
import { writeReportXlsx } from '../../src/cli/xlsx-writer';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { readSimulationTable } from '../../src/engine/simulation-inputs';
import { readPlan, resolveAssumptions, serialOfMonth } from '../../src/model';
import { buildTemplate } from '../../src/report/template';

/** The founder's plan (issue 15), as every format below spells it. */
const ROWS = [
  [9, 'funding', 20000000],
  [13, 'annualContractValue', 36000],
  [7, 'marketingCosts', 2000000],
  [4, 'engineers', 40],
];
const PLAN = [
  { month: 4, name: 'engineers', value: 40 },
  { month: 7, name: 'marketingCosts', value: 2000000 },
  { month: 9, name: 'funding', value: 20000000 },
  { month: 13, name: 'annualContractValue', value: 36000 },
];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-plan-file-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

async function save(build: (workbook: ExcelJS.Workbook) => void, name = 'plan.xlsx'): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

/** Writes `rows` under `header` on `sheet`, from `at` (a row and a column, 1-based). */
function fill(sheet: ExcelJS.Worksheet, header: readonly string[], rows: readonly (readonly unknown[])[], at = [1, 1]) {
  [header, ...rows].forEach((row, r) =>
    row.forEach((value, c) => (sheet.getCell(at[0] + r, at[1] + c).value = value as ExcelJS.CellValue)),
  );
}


const defaults = resolveAssumptions();

describe('readPlanFile: every format reads to the same plan', () => {
  it('reads .csv, .tsv and .json (an array, or {"plan": [...]}), the header in any order and case', async () => {
    const csv = write('plan.csv', ['month,name,value', ...ROWS.map((r) => r.join(','))].join('\r\n'));
    const tsv = write(
      'plan.tsv',
      ['Value\tMonth\tName\tnote', ...ROWS.map(([m, n, v]) => `${v}\t${m}\t${n}\tmine`)].join('\n'),
    );
    const objects = ROWS.map(([month, name, value]) => ({ month, name, value }));
    const json = write('plan.json', JSON.stringify(objects));
    const wrapped = write('wrapped.json', JSON.stringify({ plan: objects }));
    for (const file of [csv, tsv, json, wrapped]) expect(readPlan(await readPlanFile(file), defaults)).toEqual(PLAN);
    expect((await readPlanFile(csv)).rows[0][2]).toEqual({ value: 20000000, where: `${csv} row 2, column C` });
    expect((await readPlanFile(wrapped)).rows[1][0]).toEqual({ value: 13, where: `${wrapped} plan[1].month` });
  });

  it('reads an .xlsx: the sheet "Beekeeper Plan" first, its date cells as Excel dates (a month by date)', async () => {
    const file = await save((workbook) => {
      fill(workbook.addWorksheet('Other'), ['month', 'name', 'value'], [[1, 'funding', 1]]);
      const sheet = workbook.addWorksheet('Beekeeper Plan');
      sheet.getCell('A1').value = 'Our plan for 2027';
      const dated = ROWS.map(([m, n, v]) => [new Date(Date.UTC(2027, (m as number) - 1, 1)), n, v]);
      fill(sheet, ['Month', 'Name', 'Value'], dated, [3, 2]);
    });
    const table = await readPlanFile(file);
    expect(table.source).toBe(`${file}, sheet Beekeeper Plan`);
    expect(table.rows[0][0]).toEqual({
      value: serialOfMonth({ year: 2027, month: 9 }),
      where: `${file}, sheet Beekeeper Plan, cell B4`,
    });
    const startDate = serialOfMonth({ year: 2027, month: 1 });
    expect(readPlan(table, resolveAssumptions({ startDate }))).toEqual(PLAN);
  });

  it('reads an .xlsx without that sheet: the first table, or header row, with month, name and value', async () => {
    const byRow = await save((workbook) => {
      fill(workbook.addWorksheet('Assumptions'), ['name', 'value'], [['months', 24]]);
      fill(
        workbook.addWorksheet('Decisions'),
        ['name', 'month', 'value'],
        ROWS.map(([m, n, v]) => [n, m, v]),
        [2, 1],
      );
    });
    expect((await readPlanFile(byRow)).source).toBe(`${byRow}, sheet Decisions`);
    expect(readPlan(await readPlanFile(byRow), defaults)).toEqual(PLAN);
    const byTable = await save((workbook) => {
      const sheet = workbook.addWorksheet('Model');
      sheet.addTable({ name: 'Costs', ref: 'A1', columns: [{ name: 'name' }, { name: 'value' }], rows: [['x', 1]] });
      sheet.addTable({
        name: 'Decisions',
        ref: 'E1',
        columns: ['month', 'name', 'value'].map((name) => ({ name })),
        rows: ROWS.map((r) => [...r]),
      });
    }, 'table.xlsx');
    expect((await readPlanFile(byTable)).source).toBe(`${byTable}, sheet Model, table Decisions`);
    expect(readPlan(await readPlanFile(byTable), defaults)).toEqual(PLAN);
  });
});

describe('a workbook holding both the assumptions and the plan', () => {
  it('keeps them apart: the assumptions are never the plan table, which the workbook finds by its name', async () => {
    // As the task pane lays them out: the plan table beside the assumptions, on one sheet.
    const file = await save((workbook) => {
      const sheet = workbook.addWorksheet('Inputs');
      sheet.addTable({
        name: 'BeekeeperPlan',
        ref: 'A1',
        columns: ['month', 'name', 'value'].map((name) => ({ name })),
        rows: [[9, 'funding', 5e6]],
      });
      sheet.addTable({
        name: 'BeekeeperAssumptions',
        ref: 'F1',
        columns: [{ name: 'name' }, { name: 'value' }],
        rows: [['months', 24]],
      });
    }, 'both.xlsx');
    expect((await readAssumptionsFile(file)).source).toBe(`${file}, sheet Inputs, table BeekeeperAssumptions`);
    const read = await readInputsFile(file);
    expect(read.plan?.source).toBe(`${file}, sheet Inputs, table BeekeeperPlan`);
    expect(readPlan(read.plan!.read(), resolveAssumptions({ months: 24 }))).toEqual([
      { month: 9, name: 'funding', value: 5e6 },
    ]);
  });

  it("reads the template's sheet Beekeeper Plan as an empty plan, and a CSV assumptions file as having none", async () => {
    const template = path.join(dir, 'template.xlsx');
    await writeReportXlsx(buildTemplate(defaultSimulationTable(), '0.0.0'), template);
    const read = await readInputsFile(template);
    expect(readSimulationTable(read.assumptions).base).toEqual(readSimulationTable(defaultSimulationTable()).base);
    expect(read.plan?.source).toBe(`${template}, sheet Beekeeper Plan, table BeekeeperPlan`);
    const plan = read.plan!.read();
    expect(plan.header.map((c) => c.value)).toEqual(['month', 'name', 'value', 'note']);
    expect(plan.rows).toEqual([]);
    expect((await readInputsFile(write('a.csv', 'name,value\nmonths,24\n'))).plan).toBeUndefined();
  });

  it('says so, when the plan is read, if the sheet Beekeeper Plan holds no plan table', async () => {
    const file = await save((workbook) => {
      fill(workbook.addWorksheet('Assumptions'), ['name', 'value'], [['months', 24]]);
      workbook.addWorksheet('Beekeeper Plan').getCell('A1').value = 'to do';
    }, 'no-plan.xlsx');
    const read = await readInputsFile(file); // the assumptions read: the plan is another matter
    expect(read.plan?.source).toBe(`${file}, sheet Beekeeper Plan`);
    expect(() => read.plan!.read()).toThrow(
      `${file}, sheet Beekeeper Plan: no plan table on the sheet: expected a header row with the columns month, name and value (as \`beekeeper template\` writes it)`,
    );
  });
});

describe('readPlanFile: bad files, each with its message', () => {
  it('refuses a missing file, an unknown extension and a workbook without a plan', async () => {
    const missing = path.join(dir, 'plan.csv');
    await rejectsWith(readPlanFile(missing), `${missing}: no such file`);
    await rejectsWith(
      readPlanFile(path.join(dir, 'plan.txt')),
      `${path.join(dir, 'plan.txt')}: unknown file type ".txt": give an .xlsx, .csv, .tsv or .json file`,
    );
    const none = await save((workbook) =>
      fill(workbook.addWorksheet('Assumptions'), ['name', 'value'], [['months', 24]]),
    );
    await rejectsWith(
      readPlanFile(none),
      `${none}: no plan table found: expected a sheet named "Beekeeper Plan", or a table or header row with the columns month, name and value`,
    );
  });

  it('refuses JSON that is not an array of rows, naming the place', async () => {
    const shape = (got: string) =>
      `expected an array of decisions, [{"month": ..., "name": ..., "value": ...}, ...], or {"plan": [...]}, got ${got}`;
    const object = write('object.json', '{"month": 9, "name": "funding", "value": 1}');
    await rejectsWith(readPlanFile(object), `${object}: ${shape('an object without a "plan" array')}`);
    const text = write('text.json', '"funding"');
    await rejectsWith(readPlanFile(text), `${text}: ${shape('"funding"')}`);
    const numbers = write('numbers.json', '{"plan": [[9, "funding", 1]]}');
    await rejectsWith(
      readPlanFile(numbers),
      `${numbers} plan[0] must be an object with the column names as keys ({"month": ..., "name": ..., "value": ...}), got an array`,
    );
    const empty = write('empty.json', ' ');
    await rejectsWith(
      readPlanFile(empty),
      `${empty} is empty: expected a header row (month, name, value) and a row per decision`,
    );
    const deep = write('deep.json', '['.repeat(70));
    await rejectsWith(
      readPlanFile(deep),
      `${deep} line 1, column 65 is nested more than 64 levels deep; a plan file needs 3 ({"plan": [{"month": ..., "name": ..., "value": ...}]})`,
    );
  });
});
