/**
 * `beekeeper fit` (issue 17): the posterior of a run conditioned on a history, written as an
 * assumptions workbook that runs on its own; `simulate` on it reproduces the posterior run's
 * ARR P10 and P50 at the horizon within 5 % (P90: see the test).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { resolveAssumptions } from '../../src/model/assumptions';
import { projectMonthly } from '../../src/model/projection';
import { cli } from './run-cli';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-fit-'));
const file = (name: string) => path.join(folder, name);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

// Two years of members, customers and ARR around the default projection, ±5 % written out.
const s = projectMonthly(resolveAssumptions(), 'beekeeper');
const lines = ['month,metric,value'];
for (let m = 1; m <= 24; m++)
  for (const metric of ['members', 'customers', 'arr'] as const)
    if (s[metric][m - 1] > 0)
      lines.push(`${m},${metric},${(s[metric][m - 1] * (1 + 0.05 * Math.sin(7 * m + metric.length))).toFixed(2)}`);
fs.writeFileSync(file('history.csv'), lines.join('\n'));

/** ARR at month 60: P10, P50, P90 as the terminal's KPI table gives them. */
const arrOf = (stdout: string): number[] => {
  const line = stdout.split('\n').find((l) => l.startsWith('ARR at month 60'))!;
  return line
    .replace('ARR at month 60', '')
    .trim()
    .split(/\s{2,}/)
    .slice(0, 3)
    .map((x) => Number(x.replace(/[$,]/g, '')));
};

/** The rows of a sheet's table, header first. */
async function tableRows(workbook: string, sheet: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(workbook);
  const rows: unknown[][] = [];
  const ws = book.getWorksheet(sheet)!;
  const table = ws.getTables()[0] as unknown as { table: { tableRef: string } };
  const [from, to] = table.table.tableRef.split(':').map((a) => ws.getCell(a));
  for (let r = Number(from.row); r <= Number(to.row); r++)
    rows.push(
      Array.from(
        { length: Number(to.col) - Number(from.col) + 1 },
        (_, c) => ws.getCell(r, Number(from.col) + c).value,
      ),
    );
  return rows;
}

test('fit writes metalogs and rank correlations; simulate on them reproduces the posterior run within 5 %', async () => {
  const trials = ['--trials', '2500'];
  const fit = await cli(['fit', '--history', file('history.csv'), ...trials, '--out', file('fitted.xlsx')]);
  expect([fit.code, fit.stderr]).toEqual([
    0,
    expect.stringContaining('conditioning the trials on the history (72 observations)'),
  ]);
  expect(fit.stdout).toMatch(/fitted assumptions: .*fitted\.xlsx \(13 posterior metalogs, \d+ rank correlations\)/);
  const assumptions = await tableRows(file('fitted.xlsx'), 'Beekeeper Assumptions');
  const header = assumptions[0];
  const persuasion = assumptions.find((r) => r[0] === 'persuasion')!;
  expect(persuasion[header.indexOf('distribution')]).toBe('metalog');
  const [p1, p2, p3] = ['p1', 'p2', 'p3'].map((c) => persuasion[header.indexOf(c)] as number);
  expect(p1).toBeLessThan(p2);
  expect(p2).toBeLessThan(p3);
  expect(persuasion[header.indexOf('value')]).toBe(p2);
  // A fixed assumption stays as it was.
  expect(assumptions.find((r) => r[0] === 'months')![header.indexOf('value')]).toBe(60);
  const correlations = await tableRows(file('fitted.xlsx'), 'Beekeeper Correlations');
  expect(correlations.length).toBeGreaterThan(1);
  // The history is in the distributions now: the fitted workbook's history is empty.
  const history = await tableRows(file('fitted.xlsx'), 'Beekeeper History');
  expect(history.slice(1).every((row) => row.every((v) => v === null || v === ''))).toBe(true);

  const posterior = await cli([
    'simulate',
    '--history',
    file('history.csv'),
    ...trials,
    '--out',
    file('posterior.xlsx'),
  ]);
  const refit = await cli([
    'simulate',
    '--assumptions',
    file('fitted.xlsx'),
    ...trials,
    '--seed',
    '2',
    '--out',
    file('refit.xlsx'),
  ]);
  expect([posterior.code, refit.code]).toEqual([0, 0]);
  expect(refit.stderr).not.toContain('conditioning');
  const [want, got] = [arrOf(posterior.stdout), arrOf(refit.stdout)];
  const deviations = want.map((w, i) => Math.abs(got[i] - w) / w);
  console.log(
    `beekeeper fit round trip, ARR at month 60 P10/P50/P90: ${want} against ${got} (${deviations.map((d) => (100 * d).toFixed(1))} %)`,
  );
  // P10 and P50 within 5 %. P90 sits 4 to 6 % high (4.3 % at 4,000 and 6,000 trials, 6.4 % at
  // these 2,500: the metalogs' upper tails and the rank-correlation copula widen the top), so it is
  // held to 10 % here; test/engine/posterior-assumptions.test.ts holds all three to 5 % at 6,000.
  expect(deviations[0]).toBeLessThan(0.05);
  expect(deviations[1]).toBeLessThan(0.05);
  expect(deviations[2]).toBeLessThan(0.1);
}, 120_000);

test('fit without a history is refused, and writes nothing', async () => {
  const r = await cli(['fit', '--trials', '100', '--out', file('none.xlsx')]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('fit needs a history');
  expect(fs.existsSync(file('none.xlsx'))).toBe(false);
});
