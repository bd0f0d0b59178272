/**
 * The pane's run from the table to the report, over the recording fake of Excel and in-memory
 * workers: what is written, what is asked, and that a cancel or a problem writes nothing.
 */
import { SimulationPool } from '../../src/engine/pool';
import { simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { readSimulationTable, withPlan } from '../../src/engine/simulation-inputs';
import type { Plan } from '../../src/model/plan';
import { DEFAULT_UNCERTAINTY, defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { createAssumptionsTable } from '../../src/excel/assumptions-table';
import { PLAN_SHEET, createPlanTable } from '../../src/excel/plan-table';
import { excelRun as addinRun } from '../../src/excel/excel-run';
import { ASSUMPTION_NAMES, AssumptionName } from '../../src/model/assumptions';
import { markerKind } from '../../src/report/markers';
import {
  ExcelRun,
  PaneHost,
  ReplaceChoice,
  RunProgress,
  checkAssumptions,
  insistsOnAll,
  runInPane,
  selectReference,
  splitReference,
} from '../../src/taskpane/pane-session';
import type { PaneRun } from '../../src/taskpane/run-options';
import { headlineOf } from '../../src/taskpane/report-builder';
import { FakeExcel } from '../support/fake-excel';
import { memoryHost } from '../support/memory-workers';

/** Excel.run over the fake, as the pane's entry makes it (src/excel/excel-run.ts: every batch with its options). */
const excelRun = (fake: FakeExcel): ExcelRun => addinRun((options, batch) => fake.run(options, batch));

const RUN: PaneRun = { options: { scenario: 'beekeeper', trials: 1200, seed: 3, sampling: 'lhs' }, trialsSheet: false };

function hostFor(fake: FakeExcel, clock = { t: 0 }): PaneHost {
  return {
    excel: excelRun(fake),
    pool: new SimulationPool(2, { ...memoryHost(), keepCallingThreadFree: true }),
    now: () => (clock.t += 10), // 10 ms a reading: rates are whole and stable
    version: 'test',
    pageSetup: true,
  };
}

const never = async (): Promise<ReplaceChoice> => {
  throw new Error('asked to replace, but the workbook has no earlier report');
};

const reportSheets = (fake: FakeExcel) =>
  fake.names.filter((n) => markerKind(n.name)).map((n) => (n.sheet.deleted ? '(deleted)' : n.sheet.name));

describe('checkAssumptions', () => {
  it('without a table, runs the defaults with their default uncertainty and says so', async () => {
    const check = await checkAssumptions(excelRun(new FakeExcel()));
    expect(check.fromTable).toBe(false);
    expect(check.source).toMatch(/defaults with their default uncertainty/);
    expect(check.problems).toEqual([]);
    expect(check.inputs?.uncertain.map((u) => u.name)).toEqual(
      readSimulationTable(defaultSimulationTable()).uncertain.map((u) => u.name),
    );
  });

  it('lists every problem of the table with its cell', async () => {
    const fake = new FakeExcel();
    await excelRun(fake)((context) => createAssumptionsTable(context));
    const check0 = await checkAssumptions(excelRun(fake));
    expect(check0.fromTable).toBe(true);
    expect(check0.problems).toEqual([]);
    // Row 2 of the sheet is the first assumption; B is its value, D its p1. (The distribution
    // column's drop-down refuses a typed name that is not on its list, as Excel does.)
    fake.setCell('Beekeeper Assumptions', 'B2', 'lots');
    fake.setCell('Beekeeper Assumptions', 'D5', 'abc');
    const check = await checkAssumptions(excelRun(fake));
    expect(check.inputs).toBeUndefined();
    expect(check.problems.map((p) => p.where)).toEqual(['Beekeeper Assumptions!B2', 'Beekeeper Assumptions!D5']);
    expect(check.problems[0].message).toMatch(/"lots"/);
    expect(check.problems[1].message).toMatch(/"abc"/);
  });

  it('lists a table too large to read as its problem, at the table, and runs nothing', async () => {
    const fake = new FakeExcel();
    await excelRun(fake)(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1:H1').values = [['name', 'value', 'distribution', 'p1', 'p2', 'p3', 'unit', 'description']];
      sheet.tables.add(sheet.getRange('A1:H1048576'), true).name = 'BeekeeperAssumptions';
      await context.sync();
    });
    const check = await checkAssumptions(excelRun(fake));
    expect(check.fromTable).toBe(true);
    expect(check.inputs).toBeUndefined();
    expect(check.problems).toEqual([
      { where: 'Sheet1!BeekeeperAssumptions', message: expect.stringMatching(/has 1,048,575 rows; .* at most 10,000/) },
    ]);
  });

  it('refuses an implausible value unless the run allows it; warns of a table without distributions', async () => {
    const fake = new FakeExcel();
    await excelRun(fake)((context) => createAssumptionsTable(context));
    const row = (name: AssumptionName) => ASSUMPTION_NAMES.indexOf(name) + 2;
    fake.setCell('Beekeeper Assumptions', `B${row('expansion')}`, 15);
    const check = await checkAssumptions(excelRun(fake));
    expect(check.problems).toEqual([
      {
        where: `Beekeeper Assumptions!B${row('expansion')}`,
        message: expect.stringMatching(/^expansion 15 is \+1,500 % a year, .*write 0\.15/),
      },
    ]);
    expect((await checkAssumptions(excelRun(fake), true)).problems).toEqual([]);
    for (const name of Object.keys(DEFAULT_UNCERTAINTY) as AssumptionName[])
      for (const column of 'CDEF') fake.setCell('Beekeeper Assumptions', `${column}${row(name)}`, '');
    const fixed = await checkAssumptions(excelRun(fake), true);
    expect(fixed.warnings.map((w) => w.where)).toEqual(['Beekeeper Assumptions!BeekeeperAssumptions']);
    expect(fixed.warnings[0].message).toMatch(
      /^no assumption has a distribution, so every trial is the same run: .*when the workbook has no assumptions table/,
    );
  });

  it('passes only the implausible values the user agreed to, as the pane listed them', async () => {
    const fake = new FakeExcel();
    await excelRun(fake)((context) => createAssumptionsTable(context));
    const cell = (name: AssumptionName) => `B${ASSUMPTION_NAMES.indexOf(name) + 2}`;
    const at = (name: AssumptionName) => `Beekeeper Assumptions!${cell(name)}`;
    fake.setCell('Beekeeper Assumptions', cell('expansion'), 15);
    fake.setCell('Beekeeper Assumptions', cell('imitation'), 'lots');
    const first = await checkAssumptions(excelRun(fake));
    expect(first.problems.map((p) => p.where).sort()).toEqual([at('expansion'), at('imitation')].sort());
    expect(first.implausible).toEqual([
      {
        where: at('expansion'),
        message: expect.stringMatching(/write 0\.15; to run it anyway, tick "Run values outside/),
      },
    ]);
    expect(insistsOnAll(first, [])).toBe(false);
    expect(insistsOnAll(first, first.implausible)).toBe(true);

    // Agreed: the value passes, the other problem stays.
    const agreed = first.implausible;
    const second = await checkAssumptions(excelRun(fake), agreed);
    expect(second.problems.map((p) => p.where)).toEqual([at('imitation')]);
    fake.setCell('Beekeeper Assumptions', cell('imitation'), '');
    expect((await checkAssumptions(excelRun(fake), agreed)).inputs?.base.expansion).toBe(15);

    // A value made implausible after the user agreed is refused, and unticks the checkbox.
    fake.setCell('Beekeeper Assumptions', cell('annualPriceGrowth'), 5);
    const third = await checkAssumptions(excelRun(fake), agreed);
    expect(third.problems.map((p) => p.where)).toEqual([at('annualPriceGrowth')]);
    expect(third.implausible.map((p) => p.where).sort()).toEqual([at('expansion'), at('annualPriceGrowth')].sort());
    expect(insistsOnAll(third, agreed)).toBe(false);
    fake.setCell('Beekeeper Assumptions', cell('annualPriceGrowth'), 0.05); // as it was meant
    fake.setCell('Beekeeper Assumptions', cell('expansion'), 16); // a new value, not the one agreed
    expect((await checkAssumptions(excelRun(fake), agreed)).problems.map((p) => p.where)).toEqual([at('expansion')]);
  });
});

describe('runInPane', () => {
  it('writes the report of the same numbers as a run in one thread, and the headline', async () => {
    const fake = new FakeExcel(['Budget']);
    const progress: RunProgress[] = [];
    const outcome = await runInPane(RUN, hostFor(fake), { confirmReplace: never, onProgress: (p) => progress.push(p) });
    expect(outcome.kind).toBe('written');
    if (outcome.kind !== 'written') return;
    expect(outcome.sheets[0]).toBe('Beekeeper Summary');
    expect(fake.liveSheets.map((s) => s.name)).toEqual(['Budget', ...outcome.sheets]);
    const expected = simulate(readSimulationTable(defaultSimulationTable()), RUN.options)!;
    expect(outcome.headline).toEqual(headlineOf(analyze(expected), 60));
    expect(outcome.headline.scenarios[0].arr!.p50).toBeGreaterThan(0);

    const simulating = progress.filter((p) => p.phase === 'simulating');
    expect(simulating.map((p) => p.done)).toEqual([500, 1000, 1200]);
    expect(simulating.every((p) => p.total === 1200 && p.rate! > 0)).toBe(true);
    expect(simulating.at(-1)!.secondsLeft).toBe(0);
    const writing = progress.filter((p) => p.phase === 'writing');
    expect(writing.length).toBeGreaterThan(0);
    expect(writing.at(-1)!.done).toBe(writing.at(-1)!.total);
  });

  it('the user types in a cell while the run simulates: the write waits until they leave it, then completes', async () => {
    const fake = new FakeExcel();
    const during = { from: -1, to: -1 };
    const outcome = await runInPane({ ...RUN, options: { ...RUN.options, trials: 200 } }, hostFor(fake), {
      confirmReplace: never,
      onProgress: (p) => {
        if (p.phase !== 'building') return;
        fake.startCellEdit();
        during.from = fake.requests.length;
        setTimeout(() => {
          during.to = fake.requests.length;
          fake.endCellEdit();
        }, 30);
      },
    });
    expect(outcome.kind).toBe('written');
    expect(during.to).toBe(during.from); // held, not sent and failed
    expect(fake.requests.filter((r) => r.failed)).toEqual([]);
    expect(reportSheets(fake)).toEqual(outcome.kind === 'written' ? outcome.sheets : []);
  });

  it('runs nothing and writes nothing while the table has a problem', async () => {
    const fake = new FakeExcel();
    await excelRun(fake)((context) => createAssumptionsTable(context));
    fake.setCell('Beekeeper Assumptions', 'B3', -5);
    const before = fake.snapshot();
    const host = hostFor(fake);
    const outcome = await runInPane(RUN, host, { confirmReplace: never });
    expect(outcome.kind).toBe('problems');
    if (outcome.kind === 'problems') expect(outcome.check.problems[0].where).toBe('Beekeeper Assumptions!B3');
    expect(fake.snapshot()).toEqual(before);
  });

  it('runs the implausible values the user agreed to, and writes the report', async () => {
    const fake = new FakeExcel();
    await excelRun(fake)((context) => createAssumptionsTable(context));
    fake.setCell('Beekeeper Assumptions', `B${ASSUMPTION_NAMES.indexOf('expansion') + 2}`, 15);
    const run = { ...RUN, options: { ...RUN.options, trials: 200 } };
    const refused = await runInPane(run, hostFor(fake), { confirmReplace: never });
    expect(refused.kind).toBe('problems');
    if (refused.kind !== 'problems') return;
    expect(reportSheets(fake)).toEqual([]);
    const outcome = await runInPane({ ...run, allowImplausible: refused.check.implausible }, hostFor(fake), {
      confirmReplace: never,
    });
    expect(outcome.kind).toBe('written');
    if (outcome.kind === 'written') expect(outcome.check.inputs?.base.expansion).toBe(15);
  });

  it('asks before replacing an earlier report, and does what the user chose', async () => {
    const fake = new FakeExcel();
    const first = await runInPane(RUN, hostFor(fake), { confirmReplace: never });
    expect(first.kind).toBe('written');
    const firstSheets = first.kind === 'written' ? first.sheets : [];

    // Don't run: nothing changes.
    const before = fake.snapshot();
    let asked: string[] = [];
    const stopped = await runInPane(RUN, hostFor(fake), {
      confirmReplace: async (earlier) => {
        asked = earlier.flatMap((r) => r.sheets.map((s) => s.sheet));
        return 'stop';
      },
    });
    expect(stopped.kind).toBe('stopped');
    expect(asked).toEqual(firstSheets);
    expect(fake.snapshot()).toEqual(before);

    // Keep both: the new report beside the old one, with suffixed names.
    const kept = await runInPane(RUN, hostFor(fake), { confirmReplace: async () => 'keep' });
    expect(kept.kind === 'written' && kept.sheets[0]).toBe('Beekeeper Summary (2)');
    expect(reportSheets(fake)).toHaveLength(2 * firstSheets.length);

    // Replace: both earlier reports go, once the new one is written.
    const replaced = await runInPane(RUN, hostFor(fake), { confirmReplace: async () => 'replace' });
    expect(replaced.kind === 'written' && replaced.replaced).toHaveLength(2 * firstSheets.length);
    expect(fake.liveSheets.map((s) => s.name)).toEqual([
      'Sheet1',
      ...(replaced.kind === 'written' ? replaced.sheets : []),
    ]);
  });

  it('a cancel while simulating writes nothing', async () => {
    const fake = new FakeExcel();
    const before = fake.snapshot();
    const controller = new AbortController();
    const outcome = await runInPane({ ...RUN, options: { ...RUN.options, trials: 5000 } }, hostFor(fake), {
      signal: controller.signal,
      confirmReplace: never,
      onProgress: (p) => p.phase === 'simulating' && p.done >= 1000 && controller.abort(),
    });
    expect(outcome).toEqual({ kind: 'cancelled', stage: 'simulating' });
    expect(fake.snapshot()).toEqual(before);
  });

  it('a cancel while writing removes what was written', async () => {
    const fake = new FakeExcel();
    const before = fake.snapshot();
    const controller = new AbortController();
    const outcome = await runInPane(RUN, hostFor(fake), {
      signal: controller.signal,
      confirmReplace: never,
      onProgress: (p) => p.phase === 'writing' && controller.abort(),
    });
    expect(outcome).toEqual({ kind: 'cancelled', stage: 'writing' });
    expect(fake.snapshot()).toEqual(before);
  });
});

describe('the plan table', () => {
  const row = (name: AssumptionName) => ASSUMPTION_NAMES.indexOf(name) + 2;
  /** The assumptions and plan tables created; the plan's rows typed from row 2. */
  async function workbook(plan: readonly (readonly (string | number)[])[]) {
    const fake = new FakeExcel(['Budget']);
    await excelRun(fake)((context) => createAssumptionsTable(context));
    await excelRun(fake)((context) => createPlanTable(context));
    plan.forEach((cells, r) => cells.forEach((v, c) => fake.setCell(PLAN_SHEET, `${'ABC'[c]}${r + 2}`, v)));
    return fake;
  }

  it("is checked against the assumptions' months; nothing runs while it has a problem", async () => {
    const fake = await workbook([
      [9, 'funding', 20_000_000],
      [30, 'marketingCosts', 1_000_000],
    ]);
    fake.setCell('Beekeeper Assumptions', `B${row('months')}`, 24);
    const check = await checkAssumptions(excelRun(fake));
    expect(check.problems).toEqual([]);
    expect(check.inputs).toBeUndefined();
    expect(check.plan).toEqual({
      source: 'Beekeeper Plan!BeekeeperPlan',
      problems: [
        {
          where: 'Beekeeper Plan!A3',
          message: "month must be a whole number from 1 to 24 (the projection's months), got 30",
        },
      ],
    });
    const before = fake.snapshot();
    const outcome = await runInPane(RUN, hostFor(fake), { confirmReplace: never });
    expect(outcome.kind).toBe('problems');
    expect(fake.snapshot()).toEqual(before);
  });

  it('a plan value beyond its plausible range is listed with the implausible values, and runs once agreed to', async () => {
    const fake = await workbook([[3, 'engineerCost', 150]]);
    const refused = await checkAssumptions(excelRun(fake));
    expect(refused.inputs).toBeUndefined();
    expect(refused.plan?.problems).toEqual([
      {
        where: 'Beekeeper Plan!C2',
        message: expect.stringMatching(/^engineerCost 150 is far below what is plausible .*; to run it anyway, tick/),
      },
    ]);
    expect(refused.implausible.map((p) => p.where)).toEqual(['Beekeeper Plan!C2']);
    const agreed = await checkAssumptions(excelRun(fake), refused.implausible);
    expect(agreed.plan?.problems).toEqual([]);
    expect(agreed.inputs?.plan).toEqual([{ month: 3, name: 'engineerCost', value: 150 }]);
  });

  it('a sound plan goes with the inputs to the workers, and the report shows it as run', async () => {
    const fake = await workbook([
      [9, 'funding', 20_000_000],
      [7, 'marketingCosts', 2_000_000],
    ]);
    const check = await checkAssumptions(excelRun(fake));
    const plan = [
      { month: 7, name: 'marketingCosts', value: 2_000_000 },
      { month: 9, name: 'funding', value: 20_000_000 },
    ];
    expect(check.plan).toEqual({ source: 'Beekeeper Plan!BeekeeperPlan', problems: [], plan });
    expect(check.inputs?.plan).toEqual(plan);
    const outcome = await runInPane({ ...RUN, options: { ...RUN.options, trials: 200 } }, hostFor(fake), {
      confirmReplace: never,
    });
    expect(outcome.kind).toBe('written');
    // The same numbers as the engine's run of the plan in one thread, not those without it.
    const options = { ...RUN.options, trials: 200 };
    const inputs = readSimulationTable(defaultSimulationTable());
    const planned = headlineOf(analyze(simulate(withPlan(inputs, plan as Plan), options)!), 60);
    expect(outcome.kind === 'written' && outcome.headline).toEqual(planned);
    expect(planned).not.toEqual(headlineOf(analyze(simulate(inputs, options)!), 60));
    const asRun = fake.tables.find((t) => t.name === 'BeekeeperPlanAsRun')!;
    expect(asRun.area.sheet.name).toBe('Beekeeper Inputs');
    const cell = (r: number, c: number) =>
      fake.cell('Beekeeper Inputs', asRun.area.row + r, asRun.area.column + c).value;
    expect(asRun.headers.slice(0, 3)).toEqual(['Month', 'Name', 'Value']);
    expect([1, 2].map((r) => [cell(r, 0), cell(r, 1), cell(r, 2)])).toEqual(
      plan.map((p) => [p.month, p.name, p.value]),
    );
  });

  it('waits for sound assumptions: their problems first, the plan checked once they are fixed', async () => {
    const fake = await workbook([[3, 'Funding', 1]]);
    fake.setCell(PLAN_SHEET, 'B2', 'imitation', { paste: true });
    fake.setCell('Beekeeper Assumptions', `B${row('marketSize')}`, 'lots');
    const check = await checkAssumptions(excelRun(fake));
    expect(check.problems.map((p) => p.where)).toEqual([`Beekeeper Assumptions!B${row('marketSize')}`]);
    expect(check.plan).toEqual({ source: 'Beekeeper Plan!BeekeeperPlan', problems: [] });
    fake.setCell('Beekeeper Assumptions', `B${row('marketSize')}`, '');
    const fixed = await checkAssumptions(excelRun(fake));
    expect(fixed.plan?.problems.map((p) => p.where)).toEqual(['Beekeeper Plan!B2']);
  });

  it('a plan table too large to read is its problem, at the table; without a table there is no plan', async () => {
    const none = await checkAssumptions(excelRun(new FakeExcel()));
    expect(none.plan).toBeUndefined();
    expect(none.inputs?.plan).toBeUndefined();
    const fake = new FakeExcel();
    await excelRun(fake)(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1:C1').values = [['month', 'name', 'value']];
      sheet.tables.add(sheet.getRange('A1:C20001'), true).name = 'BeekeeperPlan';
      await context.sync();
    });
    const check = await checkAssumptions(excelRun(fake));
    expect(check.inputs).toBeUndefined();
    expect(check.plan).toEqual({
      source: 'Sheet1!BeekeeperPlan',
      problems: [
        { where: 'Sheet1!BeekeeperPlan', message: expect.stringMatching(/has 20,000 rows; .* at most 10,000/) },
      ],
    });
  });
});

describe('selecting a problem', () => {
  it('splits references, quoted or not', () => {
    expect(splitReference('Beekeeper Assumptions!D7')).toEqual({ sheet: 'Beekeeper Assumptions', target: 'D7' });
    expect(splitReference("'It''s mine'!A1")).toEqual({ sheet: "It's mine", target: 'A1' });
    expect(splitReference('Q1!Plan!D7')).toEqual({ sheet: 'Q1!Plan', target: 'D7' }); // "!" is allowed in sheet names
    expect(() => splitReference('D7')).toThrow(/not a cell reference/);
  });

  it("activates the problem's sheet and selects its cell", async () => {
    const fake = new FakeExcel(['Budget']);
    await excelRun(fake)((context) => createAssumptionsTable(context));
    await selectReference(excelRun(fake), 'Beekeeper Assumptions!D7');
    expect(fake.activeSheet).toBe('Beekeeper Assumptions');
    expect(fake.selection).toBe('Beekeeper Assumptions!D7');
  });
});
