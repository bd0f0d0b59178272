import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { run } from '../../src/cli/main';
import * as pool from '../../src/cli/node-workers';
import { nodeWorkerHost, simulateInPool } from '../../src/cli/node-workers';
import { SimulationPool } from '../../src/engine/pool';
import { readMarkers } from '../../src/cli/xlsx-writer';
import { readSimulationTable } from '../../src/engine/simulation-inputs';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { SimulationOptions, SimulationRun, simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { buildReport } from '../../src/report/build';
import { cli } from './run-cli';
import { parseSimulateFlags } from '../../src/cli/simulate';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-simulate-'));
const file = (name: string) => path.join(folder, name);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** A short horizon keeps the runs of these tests quick; the assumptions are otherwise the defaults. */
function shortAssumptions(name: string, extra = ''): string {
  const csv = `name,value,distribution,p1,p2,p3\nmonths,24,,,,\nimitation,0.45,pert,0.2,0.45,0.8\npersuasion,0.0005,metalog,0.0002,0.0005,0.0012\n${extra}`;
  fs.writeFileSync(file(name), csv);
  return file(name);
}

const leftovers = () => fs.readdirSync(folder).filter((f) => f.endsWith('.tmp'));

async function readBack(out: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  return workbook;
}

describe('beekeeper simulate', () => {
  test('writes the report: sheets, real tables, formats, frozen headers, markers; prints the KPI summary', async () => {
    const out = file('run.xlsx');
    const assumptions = shortAssumptions('short.csv');
    const result = await cli([
      'simulate',
      '--assumptions',
      assumptions,
      '--trials',
      '600',
      '--workers',
      '1',
      '--trials-sheet',
      '--out',
      out,
    ]);
    expect(result.stderr).not.toContain('error');
    expect(result.stderr).not.toContain('warning'); // every value lies within its distribution
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/beekeeper: P\(NPV > 0\) = [\d.]+ %/);
    // Plain labels, money with its sign and no cents, months whole, the headline KPIs first.
    expect(result.stdout).toMatch(/^NPV, with exit value\s+-?\$[\d,]+\s+-?\$[\d,]+\s+/m);
    expect(result.stdout).toMatch(/^Gross margin in month 24\s+[\d.]+ %/m);
    expect(result.stdout).not.toMatch(/\d\.00\b/);
    const labels = result.stdout
      .split('\n')
      .slice(3, 8)
      .map((l) => l.split(/\s{2,}/)[0]);
    expect(labels).toEqual([
      'ARR at month 24',
      'Revenue, total over 24 months',
      'Funding need (beyond cash and rounds)',
      expect.stringMatching(/^Month cash runs out \(in [\d.]+ % of trials\)$/),
      'NPV, with exit value',
    ]);
    const workbook = await readBack(out);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Beekeeper Summary',
      'Beekeeper Monthly',
      'Beekeeper Years',
      'Beekeeper Inputs',
      'Beekeeper Sensitivity',
      'Beekeeper Trials',
    ]);
    // One definition of the month cash runs out: the headline's sentence and table, the KPI table
    // and the terminal show the same months, over the same share of the trials.
    const terminal = result.stdout.split('\n');
    const cashOut = terminal.find((l) => l.startsWith('Month cash runs out ('))!.split(/\s{2,}/);
    const [label, p10, p50, p90] = cashOut;
    const sentence = terminal.find((l) => l.startsWith('Month cash runs out: '))!;
    expect(sentence).toMatch(
      new RegExp(
        `^Month cash runs out: P50 month ${p50} over the ${/\(in (.+) of trials\)/.exec(label)![1]} of trials where cash runs out \\(P10 month ${p10} – P90 month ${p90}\\)$`,
      ),
    );
    const summarySheet = workbook.getWorksheet('Beekeeper Summary')!;
    const found: { row: number; col: number }[] = [];
    summarySheet.eachRow((row, r) =>
      row.eachCell((cell, c) => void (cell.value === label && found.push({ row: r, col: c }))),
    );
    expect(found).toHaveLength(2); // the headline table, and the full KPI table
    const month = (row: number, col: number) => String(Math.round(summarySheet.getCell(row, col).value as number));
    const [headline, kpis] = found;
    expect([2, 3, 4].map((d) => month(headline.row, headline.col + d))).toEqual([p10, p50, p90]); // after the base case
    expect([5, 7, 9].map((d) => month(kpis.row, kpis.col + d))).toEqual([p10, p50, p90]); // its P10, P50, P90
    const bold: string[] = [];
    for (let r = 1; r < headline.row; r++)
      if (summarySheet.getCell(r, 1).font?.bold) bold.push(String(summarySheet.getCell(r, 1).value));
    expect(bold.join(' ')).toContain(sentence);
    expect(readMarkers(workbook).map((m) => m.kind)).toEqual([
      'summary',
      'monthly',
      'years',
      'inputs',
      'sensitivity',
      'trials',
    ]);
    const monthly = workbook.getWorksheet('Beekeeper Monthly')!;
    const table = monthly.getTable('BeekeeperMonthly') as unknown as { table: { tableRef?: string; ref?: string } };
    expect(table).toBeDefined();
    expect(monthly.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(monthly.getCell('A1').value).toBe('Month');
    expect(monthly.getCell('B1').value).toBe('Community members, end of month (base case)');
    expect(monthly.getCell('C1').value).toBe('Community members, end of month (mean)');
    expect(monthly.getRow(25).getCell(1).value).toBe(24); // 24 months under the header
    expect(monthly.getCell('C2').numFmt).toBe('#,##0'); // members mean: whole people
    const headers = (monthly.getRow(1).values as unknown[]).slice(1);
    for (const h of [
      'Operating cash flow, month (P10)',
      'Operating cash flow, month (P50)',
      'Operating cash flow, month (P90)',
      'Cash, end of month (P50)',
      'Revenue, month (P50)',
      'Cost of revenue, month (P90)',
      'New ARR, month (P10)',
    ])
      expect(headers).toContain(h);
    const trials = workbook.getWorksheet('Beekeeper Trials')!;
    expect(trials.getRow(601).getCell(1).value).toBe(600);
    expect(leftovers()).toEqual([]);
  });

  test('the .xlsx holds the report’s values exactly (the same run built in memory)', async () => {
    const out = file('exact.xlsx');
    const assumptions = shortAssumptions('exact.csv');
    const code = await run(
      ['simulate', '--assumptions', assumptions, '--trials', '500', '--seed', '3', '--workers', '1', '--out', out],
      {
        stdout: () => undefined,
        stderr: () => undefined,
      },
    );
    expect(code).toBe(0);
    const { readAssumptionsFile } = await import('../../src/cli/assumptions-file');
    const inputs = readSimulationTable(await readAssumptionsFile(assumptions));
    const options: SimulationOptions = { scenario: 'beekeeper', trials: 500, seed: 3, sampling: 'lhs' };
    const r = simulate(inputs, options)!;
    const report = buildReport(r, analyze(r), {
      version: 'x',
      startedAt: new Date(0),
      seconds: 0,
      trialsSheet: false,
      source: 'x',
    });
    const workbook = await readBack(out);
    for (const sheet of report.sheets) {
      if (sheet.kind === 'summary') continue; // its run block holds the date and run time
      const ws = workbook.getWorksheet(sheet.name)!;
      for (const t of sheet.tables) {
        t.columns.forEach((c, j) => expect(ws.getRow(t.row + 1).getCell(t.column + j + 1).value).toBe(c.header));
        t.rows.forEach((row, i) =>
          row.forEach((v, j) => {
            const { value } = ws.getRow(t.row + 2 + i).getCell(t.column + j + 1);
            expect(value ?? null).toEqual(v);
          }),
        );
      }
    }
    const summary = report.sheets[0];
    const ws = workbook.getWorksheet('Beekeeper Summary')!;
    const kpis = summary.tables.find((t) => t.name === 'BeekeeperKpis')!;
    kpis.rows.forEach((row, i) =>
      row.forEach((v, j) => expect(ws.getRow(kpis.row + 2 + i).getCell(kpis.column + j + 1).value ?? null).toEqual(v)),
    );
  });

  test('compare writes the Compare sheet', async () => {
    const out = file('compare.xlsx');
    const result = await cli([
      'simulate',
      '--assumptions',
      shortAssumptions('c.csv'),
      '--scenario',
      'compare',
      '--trials',
      '300',
      '--workers',
      '1',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const workbook = await readBack(out);
    const sheet = workbook.getWorksheet('Beekeeper Compare')!;
    expect(result.stdout).toContain('proprietary: P(NPV > 0)');
    // The answer, on the terminal and atop the sheet, signed beekeeper − proprietary: NPV, the
    // funding need and the chance of running out of cash together.
    const verdict =
      /^Beekeeper beats proprietary on NPV in [\d.]+ % of trials \(median [+−]\$[\d.,]+( [kMB])?, [+−][\d.]+ %\), (but|and) needs a median \$[\d.,]+( [kMB])? of funding against \$[\d.,]+( [kMB])? and runs out of cash in [\d.]+ % of trials against [\d.]+ %$/m;
    const line = verdict.exec(result.stdout)![0];
    const onSheet: unknown[] = []; // under the title and a blank row, in as many bold lines as it takes
    for (let r = 3; sheet.getCell(`A${r}`).font?.bold; r++) onSheet.push(sheet.getCell(`A${r}`).value);
    expect(onSheet.join(' ')).toBe(line);
    const summary = workbook.getWorksheet('Beekeeper Summary')!;
    const atop: unknown[] = []; // and atop the Summary, after its title and the note under it
    for (let r = 2; r < 12; r++) if (summary.getCell(`A${r}`).font?.bold) atop.push(summary.getCell(`A${r}`).value);
    expect(atop.join(' ')).toContain(line);
    const inputs = readSimulationTable(
      await (await import('../../src/cli/assumptions-file')).readAssumptionsFile(file('c.csv')),
    );
    const r = simulate(inputs, { scenario: 'compare', trials: 300, seed: 1, sampling: 'lhs' })!;
    const [b, p] = r.scenarios.map((s) => s.kpis.npv);
    const median = [...b.map((v, t) => v - p[t])].sort((x, y) => x - y);
    const medianDifference = (median[149] + median[150]) / 2;
    expect(line).toContain(`median ${medianDifference < 0 ? '−' : '+'}$`);
    const npvRow = sheet.getColumn(1).values.findIndex((v) => v === 'NPV, with exit value');
    expect(sheet.getRow(npvRow).getCell(7).value).toBeCloseTo(medianDifference, 6); // Difference P50
  });

  test.each([
    [['--trials', '0'], 'error: --trials must be a whole number from 1 to 1000000, got 0'],
    [['--trials', '1000001'], 'error: --trials must be a whole number from 1 to 1000000, got 1000001'],
    [['--trials', 'many'], 'error: --trials must be a number, got "many"'],
    [['--seed', '-4'], 'error: --seed must be a whole number from 0 to 100000000, got -4'],
    [['--seed', '-1'], 'error: --seed must be a whole number from 0 to 100000000, got -1'],
    [['--trials', '1e9'], 'error: --trials must be a whole number from 1 to 1000000, got 1000000000'],
    [['--trials', '10.5'], 'error: --trials must be a whole number from 1 to 1000000, got 10.5'],
    [['--trials', '1,000.5'], 'error: --trials must be a whole number from 1 to 1000000, got 1000.5'],
    [['--workers', '0'], 'error: --workers must be a whole number from 1 to 64, got 0'],
    [['--out', 'report.csv'], 'error: --out must name an .xlsx file, got "report.csv"'],
  ])('bad flag %j: one clear message, exit 1, no file', async (flags, message) => {
    const out = file('never.xlsx');
    const argv = ['simulate', ...flags];
    if (!flags.includes('--out')) argv.push('--out', out);
    const result = await cli(argv);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('an implausible value stops the run unless --allow-implausible; a table with no distribution warns', async () => {
    const out = file('implausible.xlsx');
    const typed = file('implausible.csv');
    fs.writeFileSync(typed, 'name,value\nmonths,12\nexpansion,15\n');
    const refused = await cli(['simulate', '--assumptions', typed, '--trials', '10', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: ${typed} row 3, column B: expansion 15 is +1,500 % a year, far above what is plausible (at most +100 %: a staying customer's ARR doubling every year); for 15 % write 0.15; to run it anyway, add --allow-implausible, or TRUE in the row's allowImplausible column\n`,
    );
    expect(fs.existsSync(out)).toBe(false);
    const insisted = await cli([
      'simulate',
      '--assumptions',
      typed,
      '--trials',
      '10',
      '--allow-implausible',
      '--out',
      out,
    ]);
    expect(insisted.code).toBe(0);
    expect(insisted.stderr).toMatch(
      new RegExp(
        `^warning: ${typed.replace(/[.\\/]/g, '\\$&')}: no assumption has a distribution, so every trial is the same run: .*with no --assumptions file`,
      ),
    );
  });

  test('--trials and --seed take numbers as written elsewhere: 1e4, 1,000', () => {
    const flags = { scenario: 'beekeeper', sampling: 'lhs', out: 'r.xlsx', workers: '1' };
    expect(parseSimulateFlags({ ...flags, trials: '1e4', seed: '1,000' }).options).toMatchObject({
      trials: 10_000,
      seed: 1000,
    });
    expect(parseSimulateFlags({ ...flags, trials: '1,000', seed: '0' }).options.trials).toBe(1000);
  });

  test.each([
    [
      'unknown name',
      'imitaton,0.45,,,,',
      /short-bad\.csv row 5, column A.*unknown assumption "imitaton"; did you mean "imitation"\?/,
    ],
    ['bad distribution', 'innovation,0.01,gamma,1,2,', /short-bad\.csv row 5, column C.*unknown distribution "gamma"/],
    [
      'support outside the valid range',
      'innovation,0.01,normal,0.01,0.05,',
      /short-bad\.csv row 5.*innovation.*normal\(0\.01, 0\.05\).*outside its valid range/,
    ],
    ['not a number', 'innovation,lots,,,,', /short-bad\.csv row 5, column B.*innovation must be a number, got "lots"/],
  ])('bad assumptions file (%s): names file, row and column; exit 1; no file', async (_case, line, message) => {
    const out = file('never.xlsx');
    const result = await cli([
      'simulate',
      '--assumptions',
      shortAssumptions('short-bad.csv', line),
      '--trials',
      '10',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a malformed file and a missing file: one message naming the file, no output', async () => {
    fs.writeFileSync(file('broken.json'), '{"assumptions": [ {"name": "imitation", } ]}');
    const out = file('never.xlsx');
    const broken = await cli(['simulate', '--assumptions', file('broken.json'), '--out', out]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.json line 1, column \d+: not valid JSON/);
    const missing = await cli(['simulate', '--assumptions', file('nowhere.csv'), '--out', out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nowhere.csv');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('cancelled (Ctrl-C): exit 130, no report and no temporary file', async () => {
    const out = file('cancelled.xlsx');
    const cancel = new AbortController();
    let stderr = '';
    const pending = run(
      [
        'simulate',
        '--assumptions',
        shortAssumptions('cancel.csv'),
        '--trials',
        '20000',
        '--workers',
        '1',
        '--out',
        out,
      ],
      {
        stdout: () => undefined,
        stderr: (s) => {
          stderr += s;
          if (s.includes('trials')) cancel.abort(); // after the first progress line
        },
      },
      { signal: cancel.signal },
    );
    const code = await pending;
    expect(code).toBe(130);
    expect(stderr).toContain('cancelled: no report written');
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  test('never replaces a file it did not write; replaces its own report only with --force', async () => {
    const mine = file('mine.xlsx');
    fs.writeFileSync(mine, 'my own notes');
    const refused = await cli([
      'simulate',
      '--assumptions',
      shortAssumptions('f.csv'),
      '--trials',
      '50',
      '--workers',
      '1',
      '--out',
      mine,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('exists and was not written by Beekeeper');
    expect(fs.readFileSync(mine, 'utf8')).toBe('my own notes');
    const report = file('again.xlsx');
    const args = [
      'simulate',
      '--assumptions',
      shortAssumptions('f.csv'),
      '--trials',
      '50',
      '--workers',
      '1',
      '--out',
      report,
    ];
    expect((await cli(args)).code).toBe(0);
    expect((await cli(args)).code).toBe(1);
    expect((await cli([...args, '--force'])).code).toBe(0);
  });

  test('a value outside its distribution: a warning naming file, row and column before the run; the same results', async () => {
    const argv = (name: string) => ['--trials', '300', '--seed', '5', '--workers', '1', '--out', file(name)];
    const edited = await cli([
      'simulate',
      '--assumptions',
      shortAssumptions('warn.csv', 'memberChurn,0.5,pert,0.05,0.15,0.35\n'),
      ...argv('warn.xlsx'),
    ]);
    expect(edited.code).toBe(0);
    const lines = edited.stderr.split('\n');
    expect(lines[0]).toBe(
      `warning: ${file('warn.csv')} row 5, column B: memberChurn's value 0.5 lies outside 0.05 – 0.35, the range of ` +
        'its distribution pert(0.05, 0.15, 0.35); the run samples the distribution, not the value: edit p1–p3 to ' +
        'move the distribution, or empty the distribution to fix memberChurn at 0.5',
    );
    expect(lines.filter((l) => l.startsWith('warning'))).toHaveLength(1);
    expect(lines[1]).toMatch(/ of 300 trials$/); // the run went on, after the warning
    expect(fs.existsSync(file('warn.xlsx'))).toBe(true);
    const untouched = await cli([
      'simulate',
      '--assumptions',
      shortAssumptions('nowarn.csv', 'memberChurn,0.15,pert,0.05,0.15,0.35\n'),
      ...argv('nowarn.xlsx'),
    ]);
    expect(untouched.stderr).not.toContain('warning');
    // The KPI summary, all but the last line (run time and file name): the run sampled the same.
    const kpis = (stdout: string) => stdout.trim().split('\n').slice(0, -1);
    expect(kpis(edited.stdout)).toEqual(kpis(untouched.stdout));
    expect(kpis(edited.stdout).length).toBeGreaterThan(5);
  });

  describe('--out is checked before any trial runs', () => {
    let spy: jest.SpiedFunction<typeof pool.simulateInPool>;
    beforeEach(() => void (spy = jest.spyOn(pool, 'simulateInPool')));
    afterEach(() => spy.mockRestore());

    /** A run of a million trials whose trials must not start: the pool refuses, so a late check fails at once. */
    const attempt = (out: string, ...more: string[]) => {
      spy.mockImplementation(() => Promise.reject(new Error('the trials started')));
      return cli([
        'simulate',
        '--assumptions',
        shortAssumptions('o.csv'),
        '--trials',
        '1000000',
        '--out',
        out,
        ...more,
      ]);
    };

    test('the spy sees a run that goes ahead (so its silence below means something)', async () => {
      const result = await cli([
        'simulate',
        '--assumptions',
        shortAssumptions('o.csv'),
        '--trials',
        '20',
        '--workers',
        '1',
        '--out',
        file('o.xlsx'),
      ]);
      expect(result.code).toBe(0);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(leftovers()).toEqual([]); // the check's trial file is gone
    });

    const notes = file('notes.xlsx');
    const earlier = file('earlier.xlsx');
    beforeAll(async () => {
      fs.writeFileSync(notes, 'my own notes');
      fs.mkdirSync(file('folder.xlsx'));
      fs.writeFileSync(file('plain'), 'a file, not a folder');
      const report = ['simulate', '--assumptions', shortAssumptions('e.csv'), '--trials', '20', '--out', earlier];
      expect((await cli(report)).code).toBe(0); // a report Beekeeper wrote
    });
    test.each([
      ['a folder that does not exist', () => [file('missing/r.xlsx')], (f: string) => `the folder ${f} does not exist`],
      ['a folder that is a file', () => [file('plain/r.xlsx')], () => `${file('plain')} is not a folder`],
    ])('%s: exit 1, one message, no trial, no file', async (_case, args, why) => {
      const [out] = args();
      const result = await attempt(out);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`error: ${out} could not be written: ${why(path.dirname(out))}\n`);
      expect(spy).not.toHaveBeenCalled();
      expect(fs.existsSync(out)).toBe(false);
    });
    test.each([
      [
        'an existing folder',
        () => [file('folder.xlsx')],
        `${file('folder.xlsx')} is a folder: give a file name ending in .xlsx`,
      ],
      [
        'a file Beekeeper did not write, even with --force',
        () => [notes, '--force'],
        `${notes} exists and was not written by Beekeeper (it is not an .xlsx workbook): choose another --out or move it`,
      ],
      [
        'an earlier report without --force',
        () => [earlier],
        `${earlier} exists (a report an earlier Beekeeper run wrote): choose another --out, or add --force to replace it`,
      ],
    ])('%s: exit 1, one message, no trial, the file untouched', async (_case, args, message) => {
      const [out, ...more] = args();
      const before = fs.statSync(out);
      const content = before.isFile() ? fs.readFileSync(out) : undefined;
      const result = await attempt(out, ...more);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`error: ${message}\n`);
      expect(spy).not.toHaveBeenCalled();
      if (content) expect(fs.readFileSync(out)).toEqual(content);
      expect(leftovers()).toEqual([]);
    });
    describe("never over the run's own input or a template, even with --force", () => {
      const template = file('edited-template.xlsx');
      let content: Buffer;
      beforeAll(async () => {
        expect((await cli(['template', '--out', template])).code).toBe(0);
        content = fs.readFileSync(template);
        fs.symlinkSync(template, file('template-link.xlsx'));
        fs.linkSync(template, file('template-hardlink.xlsx'));
      });
      afterEach(() => expect(fs.readFileSync(template)).toEqual(content));
      const run_ = (assumptions: string, out: string) => {
        spy.mockImplementation(() => Promise.reject(new Error('the trials started')));
        return cli(['simulate', '--assumptions', assumptions, '--trials', '1000000', '--out', out, '--force']);
      };
      const isInput = (out: string, input: string) =>
        `error: ${out} is the --assumptions file of this run${input === out ? '' : ` (${input})`}: a run never writes over its own input; choose another --out\n`;
      test.each([
        ['the same path', () => [template, template]],
        ['a symlink to it as --out', () => [template, file('template-link.xlsx')]],
        ['a symlink to it as --assumptions', () => [file('template-link.xlsx'), template]],
        ['a hard link to it', () => [template, file('template-hardlink.xlsx')]],
        ['another spelling of its path', () => [template, path.join(folder, '.', 'edited-template.xlsx')]],
      ])('--out is the --assumptions file (%s): exit 1, no trial, the file untouched', async (_case, paths) => {
        const [input, out] = paths();
        const result = await run_(input, out);
        expect(result.stderr).toBe(isInput(out, input));
        expect(result.code).toBe(1);
        expect(spy).not.toHaveBeenCalled();
        expect(leftovers()).toEqual([]);
      });
      test('--force does not let a report replace a template', async () => {
        const result = await run_(shortAssumptions('o.csv'), template);
        expect(result.stderr).toBe(
          `error: ${template} is an assumptions table (as \`beekeeper template\` writes it), not a report: --force replaces only a report; choose another --out\n`,
        );
        expect(spy).not.toHaveBeenCalled();
      });
      test('--force replaces a report', async () => {
        const report = file('replaced.xlsx');
        const args = ['simulate', '--assumptions', shortAssumptions('o.csv'), '--trials', '20', '--workers', '1'];
        expect((await cli([...args, '--seed', '1', '--out', report])).code).toBe(0);
        const before = fs.readFileSync(report);
        expect((await cli([...args, '--seed', '2', '--out', report, '--force'])).code).toBe(0);
        expect(fs.readFileSync(report).equals(before)).toBe(false);
        expect(readMarkers(await readBack(report)).map((m) => m.kind)).toContain('summary');
      });
    });

    test('a Trials sheet too big to write: exit 1 before any trial, with the limit', async () => {
      spy.mockImplementation(() => Promise.reject(new Error('the trials started')));
      const out = file('huge.xlsx');
      const result = await cli([
        'simulate',
        '--scenario',
        'compare',
        '--trials',
        '1000000',
        '--trials-sheet',
        '--out',
        out,
      ]);
      expect(result.stderr).toBe(
        'error: --trials-sheet: 1,000,000 trials × 40 columns is 40,000,000 cells, more than the 30,000,000 a Trials sheet ' +
          'is written with (about 100 bytes of memory each); use at most 750,000 trials with it, or leave it out\n',
      );
      expect(result.code).toBe(1);
      expect(spy).not.toHaveBeenCalled();
      expect(fs.existsSync(out)).toBe(false);
    });

    test('a file that cannot be opened for writing (open in Excel): exit 1 before any trial, untouched', async () => {
      const report = file('locked-report.xlsx');
      expect(
        (await cli(['simulate', '--assumptions', shortAssumptions('o.csv'), '--trials', '20', '--out', report])).code,
      ).toBe(0);
      const content = fs.readFileSync(report);
      spy.mockClear();
      const open = fs.promises.open;
      const opened = jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
        if (args[0] === report)
          throw Object.assign(new Error(`EBUSY: resource busy or locked, open '${report}'`), { code: 'EBUSY' });
        return open(...args);
      });
      try {
        const result = await attempt(report, '--force');
        expect(result.stderr).toBe(
          `error: ${report} could not be written: it is open in another program (close it in Excel and try again)\n`,
        );
        expect(result.code).toBe(1);
        expect(opened.mock.calls.some(([f, flags]) => f === report && flags === 'r+')).toBe(true);
        expect(spy).not.toHaveBeenCalled();
        expect(fs.readFileSync(report)).toEqual(content);
        expect(leftovers()).toEqual([]);
      } finally {
        opened.mockRestore();
      }
    });

    const root = process.getuid?.() === 0; // root writes into a read-only folder anyway
    (root ? test.skip : test)('a folder without write permission (not as root)', async () => {
      const locked = file('locked');
      fs.mkdirSync(locked, { mode: 0o555 });
      try {
        const result = await attempt(path.join(locked, 'r.xlsx'));
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(`error: ${path.join(locked, 'r.xlsx')} could not be written: permission denied\n`);
        expect(spy).not.toHaveBeenCalled();
        expect(fs.readdirSync(locked)).toEqual([]);
      } finally {
        fs.chmodSync(locked, 0o755);
      }
    });
  });

  test('says when it writes the report, and how long that took', async () => {
    const out = file('timed.xlsx');
    const args = ['simulate', '--assumptions', shortAssumptions('t.csv'), '--trials', '200', '--workers', '1'];
    const result = await cli([...args, '--trials-sheet', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n').slice(-2)).toEqual(['200 of 200 trials', `writing ${out}`]);
    expect(result.stdout.trim().split('\n').pop()).toMatch(
      new RegExp(
        `^200 trials, lhs, seed 1, 1 worker, \\d+\\.\\d\\d s; wrote ${out.replace(/[.]/g, '\\.')} in \\d+\\.\\d s$`,
      ),
    );
  });

  test('progress: plain lines when not a terminal', async () => {
    const result = await cli([
      'simulate',
      '--assumptions',
      shortAssumptions('p.csv'),
      '--trials',
      '2000',
      '--workers',
      '1',
      '--out',
      file('p.xlsx'),
    ]);
    expect(result.stderr).toContain('2,000 of 2,000 trials');
  });
});

describe('beekeeper template', () => {
  test('over an existing file: refused without --force; with it, replaces only a template or a report', async () => {
    const out = file('template-again.xlsx');
    expect((await cli(['template', '--out', out])).code).toBe(0);
    const again = await cli(['template', '--out', out]);
    expect(again.stderr).toBe(
      `error: ${out} exists (an assumptions table Beekeeper wrote, perhaps edited since): choose another --out, or add --force to replace it\n`,
    );
    expect(again.code).toBe(1);
    expect((await cli(['template', '--out', out, '--force'])).code).toBe(0);
    const report = file('template-over-report.xlsx');
    expect(
      (await cli(['simulate', '--assumptions', shortAssumptions('t.csv'), '--trials', '20', '--out', report])).code,
    ).toBe(0);
    expect((await cli(['template', '--out', report])).code).toBe(1);
    expect((await cli(['template', '--out', report, '--force'])).code).toBe(0);
    // The assumptions, plan, correlations and history sheets, all marked as the assumptions workbook.
    expect(readMarkers(await readBack(report)).map((m) => [m.sheet, m.kind])).toEqual([
      ['Beekeeper Assumptions', 'assumptions'],
      ['Beekeeper Plan', 'assumptions'],
      ['Beekeeper Correlations', 'assumptions'],
      ['Beekeeper History', 'assumptions'],
    ]);
    fs.writeFileSync(file('mine-t.xlsx'), 'my notes');
    const mine = await cli(['template', '--out', file('mine-t.xlsx'), '--force']);
    expect(mine.stderr).toContain('exists and was not written by Beekeeper');
    expect(fs.readFileSync(file('mine-t.xlsx'), 'utf8')).toBe('my notes');
  });

  test('writes the assumptions table, which simulate reads back as the defaults with their uncertainty', async () => {
    const out = file('template.xlsx');
    const result = await cli(['template', '--out', out]);
    expect(result.code).toBe(0);
    await expectDefaultsReadBack(out);
  });
});

/** What `template` wrote reads back as the defaults with their default uncertainty. */
async function expectDefaultsReadBack(out: string): Promise<void> {
  const { readAssumptionsFile } = await import('../../src/cli/assumptions-file');
  const back = readSimulationTable(await readAssumptionsFile(out));
  const defaults = readSimulationTable(defaultSimulationTable());
  expect(back.base).toEqual(defaults.base);
  expect(back.uncertain.map((u) => [u.name, u.variable, u.distribution.label])).toEqual(
    defaults.uncertain.map((u) => [u.name, u.variable, u.distribution.label]),
  );
}

describe('beekeeper template --out a.csv', () => {
  test('writes the table alone, which simulate reads back as the defaults; never over an existing file', async () => {
    const out = file('template.csv');
    const result = await cli(['template', '--out', out]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const text = fs.readFileSync(out, 'utf8');
    expect(text.split('\r\n')[0]).toBe('name,value,distribution,p1,p2,p3,unit,description');
    expect(text).not.toMatch(/Beekeeper|simulate/); // no notes: a CSV table is its rows
    await expectDefaultsReadBack(out);
    for (const argv of [
      ['template', '--out', out],
      ['template', '--out', out, '--force'],
    ]) {
      expect(await cli(argv)).toMatchObject({
        code: 1,
        stderr: `error: ${out} exists: Beekeeper never replaces a CSV file (it cannot tell one it wrote from yours): choose another --out or move it\n`,
      });
    }
    expect(fs.readFileSync(out, 'utf8')).toBe(text);
  });
});

describe('worker pool', () => {
  test('same seed, same values with 1, 2 and 4 workers (to the bit)', async () => {
    const inputs = readSimulationTable(defaultSimulationTable());
    const options: SimulationOptions = { scenario: 'compare', trials: 1300, seed: 5, sampling: 'lhs' };
    const results: SimulationRun[] = [];
    for (const workers of [1, 2, 4]) results.push((await simulateInPool(inputs, options, { workers }))!);
    for (const r of results.slice(1)) {
      r.scenarios.forEach((s, i) => {
        expect(s.kpis).toEqual(results[0].scenarios[i].kpis);
        expect(s.monthly).toEqual(results[0].scenarios[i].monthly);
      });
    }
    // And the same as the single-threaded reference.
    expect(results[0].scenarios[0].monthly).toEqual(simulate(inputs, options)!.scenarios[0].monthly);
  });

  test('a pool kept between runs: each run as if alone, an aborted run leaves the pool usable', async () => {
    const inputs = readSimulationTable(defaultSimulationTable());
    const first: SimulationOptions = { scenario: 'beekeeper', trials: 1200, seed: 3, sampling: 'lhs' };
    const second: SimulationOptions = { scenario: 'proprietary', trials: 1100, seed: 4, sampling: 'mc' };
    const pool = new SimulationPool(2, nodeWorkerHost);
    try {
      const a = (await pool.run(inputs, first))!;
      const aborted = new AbortController();
      const cancelled = await pool.run(inputs, second, { signal: aborted.signal, onProgress: () => aborted.abort() });
      expect(cancelled).toBeUndefined();
      const b = (await pool.run(inputs, second))!;
      expect(a.scenarios[0].kpis).toEqual(simulate(inputs, first)!.scenarios[0].kpis);
      expect(b.scenarios[0].kpis).toEqual(simulate(inputs, second)!.scenarios[0].kpis);
      expect(b.scenarios[0].monthly).toEqual(simulate(inputs, second)!.scenarios[0].monthly);
    } finally {
      await pool.close();
    }
  });
});
