/**
 * A founder's plan in the production task pane (Chromium, the in-memory Excel of harness.ts):
 * the assumptions edited to where the company stands, a plan table created from the pane and
 * filled through its drop-down, a run whose report holds the plan on its Inputs sheet and whose
 * cash rises by the round in its month, with the numbers Node computes for the same inputs; and
 * a plan row that cannot run, listed with its cell, while nothing is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { simulate } from '../../src/engine/simulation';
import { readSimulationTable, withPlan } from '../../src/engine/simulation-inputs';
import { topLeft } from '../../src/excel/assumptions-table';
import { ASSUMPTION_NAMES, AssumptionName } from '../../src/model/assumptions';
import { checkPlan } from '../../src/model/plan';
import { address } from '../../src/report/markers';
import type { WorkbookState } from './office-host';
import { PaneWindow, useBrowserHarness } from './harness';

const harness = useBrowserHarness();
const ASSUMPTIONS = 'Beekeeper Assumptions';
const PLAN = 'Beekeeper Plan';
const OUTPUT = path.resolve(__dirname, '../../test-output/browser');

afterEach(() => expect(harness().refused).toEqual([]));

const state = (page: Page): Promise<WorkbookState> =>
  page.evaluate(() => (window as unknown as PaneWindow).__beekeeper.state());
const setCell = (page: Page, sheet: string, a1: string, value: string | number, paste = false) =>
  page.evaluate(
    ([s, a, v, p]) =>
      (window as unknown as PaneWindow).__beekeeper.excel.setCell(s as string, a as string, v as never, {
        paste: p as boolean,
      }),
    [sheet, a1, value, paste] as const,
  );
const notice = (page: Page) => page.locator('.fui-MessageBar');

/** Where the company stands (issue 15's founder). */
const FOUNDER: Partial<Record<AssumptionName, number>> = {
  initialMembers: 40_000,
  initialCustomers: 150,
  initialArr: 4_000_000,
  foundingEngineers: 25,
  initialCash: 12_000_000,
};
/** The founder's plan, as typed: not in month order. */
const PLAN_ROWS = [
  [9, 'funding', 20_000_000],
  [13, 'annualContractValue', 36_000],
  [7, 'marketingCosts', 2_000_000],
  [4, 'engineers', 40],
] as const;
const TRIALS = 300;

/** A cell of a table the state lists: its data row `r` (0-based) under the header `header`. */
function tableCell(s: WorkbookState, table: string, header: string, r: number): unknown {
  const t = s.tables.find((x) => x.name === table);
  if (!t) throw new Error(`no table ${table}`);
  const c = t.headers.indexOf(header);
  if (c < 0) throw new Error(`${table} has no column ${header}: ${t.headers.join(', ')}`);
  const origin = topLeft(t.address);
  return s.sheets.find((x) => x.name === t.sheet)!.cells[address(origin.row + 1 + r, origin.column + c)];
}

test("the founder's plan: created from the pane, filled through its drop-down, run; the report holds it and the round lifts cash in month 9", async () => {
  const { page, errors } = await harness().openPane(undefined, { sheets: ['Budget'] });
  await page.getByText('No plan table: the assumptions hold in every month.').waitFor();

  await page.getByRole('button', { name: 'Create assumptions table' }).click();
  await notice(page).getByText(`Created the assumptions table on sheet ${ASSUMPTIONS}`).waitFor();
  for (const [name, value] of Object.entries(FOUNDER))
    await setCell(page, ASSUMPTIONS, `B${ASSUMPTION_NAMES.indexOf(name as AssumptionName) + 2}`, value);

  await page.getByRole('button', { name: 'Create plan table' }).click();
  await notice(page)
    .getByText(`Created the plan table on sheet ${PLAN}: add a row per decision (month, name, value), then run.`)
    .waitFor();
  await page.getByText(`Runs follow the plan table BeekeeperPlan on sheet ${PLAN}.`).waitFor();
  // Typed, not pasted: each name goes through the drop-down's list.
  for (const [r, row] of PLAN_ROWS.entries())
    for (const [c, value] of row.entries()) await setCell(page, PLAN, `${'ABC'[c]}${r + 2}`, value);

  await page.getByLabel('Trials').fill(String(TRIALS));
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
  const s = await state(page);
  expect(s.sheets.map((x) => x.name)).toEqual([
    'Budget',
    ASSUMPTIONS,
    PLAN,
    'Beekeeper Summary',
    'Beekeeper Monthly',
    'Beekeeper Years',
    'Beekeeper Inputs',
    'Beekeeper Sensitivity',
  ]);

  // The Inputs sheet holds the plan as run, in month order.
  const asRun = s.tables.find((t) => t.name === 'BeekeeperPlanAsRun')!;
  expect([asRun.sheet, asRun.headers.slice(0, 3)]).toEqual(['Beekeeper Inputs', ['Month', 'Name', 'Value']]);
  expect([0, 1, 2, 3].map((r) => ['Month', 'Name', 'Value'].map((h) => tableCell(s, asRun.name, h, r)))).toEqual([
    [4, 'engineers', 40],
    [7, 'marketingCosts', 2_000_000],
    [9, 'funding', 20_000_000],
    [13, 'annualContractValue', 36_000],
  ]);

  // Cash in month 9 is month 8's, plus that month's cash flow, plus the round (means are linear).
  const monthly = (header: string, month: number) => tableCell(s, 'BeekeeperMonthly', header, month - 1) as number;
  expect(monthly('Month', 9)).toBe(9);
  const jump =
    monthly('Cash, end of month (mean)', 9) -
    monthly('Cash, end of month (mean)', 8) -
    monthly('Operating cash flow, month (mean)', 9);
  expect(Math.abs(jump - 20_000_000)).toBeLessThan(1e-3);
  expect(monthly('Cash, end of month (mean)', 9) - monthly('Cash, end of month (mean)', 8)).toBeGreaterThan(15_000_000);

  // The numbers Node computes for the same table, plan and seed: the browser's workers ran the plan.
  const table = defaultSimulationTable();
  const founder = {
    ...table,
    rows: table.rows.map((row) => {
      const value = FOUNDER[row[0].value as AssumptionName];
      return value === undefined ? row : [row[0], { ...row[1], value }, ...row.slice(2)];
    }),
  };
  const inputs = readSimulationTable(founder);
  const plan = checkPlan(
    PLAN_ROWS.map(([month, name, value]) => ({ month, name, value })),
    inputs.base,
  );
  const run = simulate(withPlan(inputs, plan), { scenario: 'beekeeper', trials: TRIALS, seed: 1, sampling: 'lhs' })!;
  const { cash, cashFlow, customers } = run.scenarios[0].monthly;
  for (const m of [1, 8, 9, 13]) {
    expect([m, monthly('Cash, end of month (mean)', m)]).toEqual([m, cash.mean[m - 1]]);
    expect([m, monthly('Operating cash flow, month (mean)', m)]).toEqual([m, cashFlow.mean[m - 1]]);
  }
  // Month 1 starts from today's 150 customers, not from 0.
  expect(monthly('Customers, end of month (mean)', 1)).toBe(customers.mean[0]);
  expect(customers.mean[0]).toBeGreaterThan(140);
  expect(errors).toEqual([]);
  await page.close();
});

test('a plan row that cannot run is listed with its cell, which a click selects; nothing is written', async () => {
  const { page, errors } = await harness().openPane(undefined, { sheets: ['Budget'] });
  await page.setViewportSize({ width: 320, height: 1000 });
  await page.getByRole('button', { name: 'Create plan table' }).click();
  await notice(page).getByText(`Created the plan table on sheet ${PLAN}`).waitFor();
  await setCell(page, PLAN, 'A2', 9);
  await setCell(page, PLAN, 'B2', 'funding');
  await setCell(page, PLAN, 'C2', 20_000_000);
  // The drop-down refuses a typed "imitation"; pasted, it gets into the cell.
  await expect(setCell(page, PLAN, 'B3', 'imitation')).rejects.toThrow(/Excel refuses "imitation"/);
  await setCell(page, PLAN, 'A3', 3);
  await setCell(page, PLAN, 'B3', 'imitation', true);
  await setCell(page, PLAN, 'C3', 0.5);
  const before = await state(page);

  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.getByRole('heading', { name: 'Problems in the plan table (1)' }).waitFor();
  await expect(notice(page).textContent()).resolves.toBe(
    'Nothing ran: the plan table has 1 problem. Choose one to select its cell.',
  );
  const problem = page.getByRole('button', { name: `${PLAN}!B3` });
  await expect(problem.locator('..').textContent()).resolves.toMatch(
    /^Beekeeper Plan!B3: "imitation" cannot be planned: a plan may set annualContractValue, .*, engineers \(a headcount plan\) and funding \(a round\)/,
  );
  await expect(page.getByRole('heading', { name: /Problems in the assumptions table/ }).count()).resolves.toBe(0);
  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, 'pane-plan-problem.png'), fullPage: true });
  const after = await state(page);
  expect(after.sheets).toEqual(before.sheets); // nothing written
  expect(after.tables).toEqual(before.tables);

  await page.evaluate(() =>
    Excel.run({ delayForCellEdit: true }, async (c) => c.workbook.worksheets.getItem('Budget').getRange('A1').select()),
  );
  await problem.click();
  await page.waitForFunction(
    (want) => (window as unknown as PaneWindow).__beekeeper.excel.selection === want,
    `${PLAN}!B3`,
    { timeout: 10_000 },
  );
  expect(errors).toEqual([]);
  await page.close();
});
