/**
 * Hostile or broken files are refused, naming the file and the limit, before the work that
 * would run the memory out. Each file is generated here, small: a zip bomb of 400 MB takes 1.5 MB,
 * a file over the size limit is sparse.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import zlib from 'zlib';
import * as ExcelJS from 'exceljs';
import { readAssumptionsFile } from '../../src/cli/assumptions-file';
import { UsageError } from '../../src/cli/io';
import { READ_LIMITS } from '../../src/cli/limits';
import { writeReportXlsx } from '../../src/cli/xlsx-writer';
import { buildTemplate } from '../../src/report/template';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { bombSheet, deflated, partsOf, zipOf } from './zip-parts';

let dir: string;
let template: Buffer; // the .xlsx `beekeeper template` writes
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-limits-'));
  const file = path.join(dir, 'template.xlsx');
  await writeReportXlsx(buildTemplate(defaultSimulationTable(), '0.0.0'), file);
  template = fs.readFileSync(file);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

/** The UsageError message `promise` rejects with (fails the test if it resolves or throws another error). */
async function messageOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

/** The template with some of its parts replaced. */
async function templateWith(replace: Record<string, Buffer>): Promise<Buffer> {
  const parts = await partsOf(template);
  return zipOf([...parts].map(([name, data]) => deflated(name, replace[name] ?? data)));
}

describe('zip bombs: a part too large is refused before it is inflated', () => {
  test('a 400 MB sheet in a 1.5 MB file: refused by the size its directory gives, nothing inflated', async () => {
    const parts = await partsOf(template);
    const bomb = bombSheet('xl/worksheets/sheet1.xml', 400);
    const data = zipOf([...parts].map(([name, part]) => (name === bomb.name ? bomb : deflated(name, part))));
    expect(data.length).toBeLessThan(2 * 1024 * 1024);
    const file = write('bomb.xlsx', data);
    const inflate = jest.spyOn(zlib, 'inflateRawSync');
    expect(await messageOf(readAssumptionsFile(file))).toBe(
      `${file}: its part xl/worksheets/sheet1.xml is 400.0 MB uncompressed; Beekeeper reads parts of at most 32 MB`,
    );
    expect(inflate).not.toHaveBeenCalled();
  });

  test('a directory that understates the size: inflating stops at the limit', async () => {
    const parts = await partsOf(template);
    const bomb = { ...bombSheet('xl/worksheets/sheet1.xml', 400), size: 12_045 }; // what the real sheet claims
    const file = write(
      'lying.xlsx',
      zipOf([...parts].map(([name, part]) => (name === bomb.name ? bomb : deflated(name, part)))),
    );
    const inflate = jest.spyOn(zlib, 'inflateRawSync');
    expect(await messageOf(readAssumptionsFile(file))).toBe(
      `${file}: its part xl/worksheets/sheet1.xml is over 32 MB uncompressed; Beekeeper reads parts of at most 32 MB`,
    );
    // Every part was inflated with the limit as zlib's output bound, so none can grow past it.
    for (const [, options] of inflate.mock.calls) expect(options).toEqual({ maxOutputLength: READ_LIMITS.partBytes });
  });
  test('parts each within the limit but too large together: refused before any is inflated', async () => {
    const parts = await partsOf(template);
    const large = ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];
    const file = write(
      'large.xlsx',
      zipOf([...parts].map(([name, part]) => (large.includes(name) ? bombSheet(name, 30) : deflated(name, part)))),
    );
    const inflate = jest.spyOn(zlib, 'inflateRawSync');
    expect(await messageOf(readAssumptionsFile(file))).toMatch(
      new RegExp(`^${file}: its parts are 90\\.\\d MB uncompressed; Beekeeper reads at most 64 MB$`),
    );
    expect(inflate).not.toHaveBeenCalled();
  });
});

describe('a sheet or table far larger than a table can be', () => {
  test('one cell far away (XFD1, B1048576) in a 7 KB file: refused by the header row, then by the rows', async () => {
    const save = async (name: string, cells: Record<string, ExcelJS.CellValue>) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Inputs');
      for (const [address, value] of Object.entries({ A1: 'name', B1: 'value', A2: 'imitation', B2: 0.3, ...cells }))
        sheet.getCell(address).value = value;
      const file = path.join(dir, name);
      await workbook.xlsx.writeFile(file);
      expect(fs.statSync(file).size).toBeLessThan(8000);
      return file;
    };
    const wide = await save('wide.xlsx', { XFD1: 'far away', B1048576: 1 });
    expect(await messageOf(readAssumptionsFile(wide))).toBe(
      `${wide}, sheet Inputs: the header row A1:XFD1 has 16,384 columns; a table has at most 256 columns`,
    );
    const tall = await save('tall.xlsx', { B1048576: 1 });
    expect(await messageOf(readAssumptionsFile(tall))).toBe(
      `${tall}, sheet Inputs: the header is row 1 and the sheet uses rows up to 1,048,576; a table has at most 10,000 rows below its header`,
    );
  });

  test('an Excel table whose ref is A1:XFD1048576', async () => {
    const parts = await partsOf(template);
    const table = parts
      .get('xl/tables/table1.xml')!
      .toString()
      .replace(/\bref="[^"]*"/g, 'ref="A1:XFD1048576"');
    const file = write('huge-table.xlsx', await templateWith({ 'xl/tables/table1.xml': Buffer.from(table) }));
    expect(await messageOf(readAssumptionsFile(file))).toBe(
      `${file}, sheet Beekeeper Assumptions, table BeekeeperAssumptions (A1:XFD1048576) has 1,048,575 rows; a table has at most 10,000 rows below its header`,
    );
  });
});

describe('text files', () => {
  test('a CSV of 110,001 rows: a message, not a crash', async () => {
    const file = write('long.csv', 'name,value\n' + 'imitation,0.3\n'.repeat(110_000));
    expect(await messageOf(readAssumptionsFile(file))).toBe(
      `${file} has more than 10,000 rows; a table has at most 10,000 rows below its header`,
    );
  });

  test('a CSV row of 300 fields', async () => {
    const file = write('wide.csv', 'name,value\n' + 'x,'.repeat(300) + '\n');
    expect(await messageOf(readAssumptionsFile(file))).toBe(
      `${file} row 2 has 257 columns; a table has at most 256 columns`,
    );
  });

  test('JSON nested 6,000 deep, invalid: a message naming where, not a stack overflow', async () => {
    const file = write('deep.json', '['.repeat(6000));
    expect(await messageOf(readAssumptionsFile(file))).toBe(
      `${file} line 1, column 65 is nested more than 64 levels deep; an assumptions file needs 3 ({"assumptions": [{"name": ..., "value": ...}]})`,
    );
    // Brackets inside strings are text, not nesting.
    const text = write('brackets.json', JSON.stringify([{ name: 'imitation', description: '['.repeat(100) }]));
    expect((await readAssumptionsFile(text)).rows).toHaveLength(1);
  });

  test('a file over 20 MB is refused before it is read', async () => {
    const file = path.join(dir, 'huge.csv');
    fs.writeFileSync(file, 'name,value\n');
    fs.truncateSync(file, READ_LIMITS.fileBytes + 1); // sparse: no 20 MB written
    const read = jest.spyOn(fs.promises, 'readFile');
    expect(await messageOf(readAssumptionsFile(file))).toBe(
      `${file} is 20.0 MB; Beekeeper reads files of at most 20 MB`,
    );
    expect(read).not.toHaveBeenCalled();
  });
});
