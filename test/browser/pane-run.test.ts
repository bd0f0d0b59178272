/**
 * A finance user's path through the production task pane in Chromium, over the in-memory Excel
 * (harness.ts, office-host.ts): create the assumptions table, see a bad value reported with its
 * address and select it, run and watch the progress, cancel (nothing written), run again, find
 * the report's sheets, tables and charts in the workbook with the numbers Node computes for the
 * same inputs and seed, replace it after confirming; and the same by keyboard alone.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { readSimulationTable } from '../../src/engine/simulation-inputs';
import { buildReport } from '../../src/report/build';
import { address } from '../../src/report/markers';
import type { WorkbookState } from './office-host';
import { PaneWindow, useBrowserHarness } from './harness';

const harness = useBrowserHarness();
const OUTPUT = path.resolve(__dirname, '../../test-output/browser');
const SHEET = 'Beekeeper Assumptions';

afterEach(() => expect(harness().refused).toEqual([]));

const state = (page: Page): Promise<WorkbookState> =>
  page.evaluate(() => (window as unknown as PaneWindow).__beekeeper.state());
const setCell = (page: Page, sheet: string, a1: string, value: unknown) =>
  page.evaluate(
    ([s, a, v]) => (window as unknown as PaneWindow).__beekeeper.excel.setCell(s as string, a as string, v as never),
    [sheet, a1, value],
  );
const notice = (page: Page) => page.locator('.fui-MessageBar');

/** What `read` gives once it matches `expected` (polled for up to 10 s): the page updates a moment after a click. */
async function eventually<T>(read: () => Promise<T>, expected: T | RegExp): Promise<void> {
  const matches = (v: T) => (expected instanceof RegExp ? expected.test(String(v)) : Object.is(v, expected));
  let value = await read();
  for (const until = Date.now() + 10_000; !matches(value) && Date.now() < until; value = await read())
    await new Promise((r) => setTimeout(r, 50));
  if (expected instanceof RegExp) expect(String(value)).toMatch(expected);
  else expect(value).toEqual(expected);
}

/** The user's own sheet, with content the run must leave alone. */
const BUDGET = { B2: 'Budget 2027', C3: 1_250_000 };

async function openWithBudget() {
  const pane = await harness().openPane(undefined, { sheets: ['Budget'] });
  await pane.page.setViewportSize({ width: 320, height: 1000 });
  for (const [a1, value] of Object.entries(BUDGET)) await setCell(pane.page, 'Budget', a1, value);
  return pane;
}

test('create the table, fix a bad value, run, cancel, run again, replace: the report is in the workbook', async () => {
  const { page, errors } = await openWithBudget();
  await page.getByText('This workbook has no assumptions table').waitFor();

  // Create the table.
  await page.getByRole('button', { name: 'Create assumptions table' }).click();
  await notice(page).getByText(`Created the assumptions table on sheet ${SHEET}`).waitFor();
  let s = await state(page);
  expect(s.tables.map((t) => [t.name, t.sheet])).toEqual([['BeekeeperAssumptions', SHEET]]);
  const original = s.sheets.find((x) => x.name === SHEET)!.cells.B2;

  // A bad value: reported with its address, nothing runs, choosing it selects the cell.
  await setCell(page, SHEET, 'B2', 'lots');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.getByRole('heading', { name: 'Problems in the assumptions table (1)' }).waitFor();
  await expect(notice(page).textContent()).resolves.toMatch(/Nothing ran: the assumptions table has 1 problem/);
  const problem = page.getByRole('button', { name: `${SHEET}!B2` });
  await expect(problem.locator('..').textContent()).resolves.toMatch(/"lots"/);
  // Select elsewhere first, so that the click is what selects B2.
  await page.evaluate(() =>
    Excel.run({ delayForCellEdit: true }, async (c) => c.workbook.worksheets.getItem('Budget').getRange('A1').select()),
  );
  await problem.click();
  await eventually(async () => (await state(page)).selection, `${SHEET}!B2`);
  expect((await state(page)).sheets.map((x) => x.name)).toEqual(['Budget', SHEET]);
  await setCell(page, SHEET, 'B2', original);

  // A long run: progress with trials, rate and time left; cancel writes nothing.
  const before = await state(page);
  await page.getByLabel('Trials').fill('100,000');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page
    .locator('.fui-Field__hint')
    .getByText(/[\d,]+ of 100,000 trials · [\d,.]+ trials\/s · .* left/)
    .waitFor({ timeout: 30_000 });
  const bar = page.getByRole('progressbar', { name: 'Simulating' }); // named by its field's label
  await expect(bar.getAttribute('aria-valuenow')).resolves.toMatch(/^0\.\d+$/);
  const cancelledIn = await page.evaluate(async () => {
    const start = performance.now();
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel run')!;
    button.click();
    while (!document.body.textContent!.includes('Cancelled: nothing was written'))
      await new Promise((r) => setTimeout(r, 5));
    return performance.now() - start;
  });
  console.log(`cancel during a 100,000-trial run: the pane said so ${cancelledIn.toFixed(0)} ms after the click`);
  const afterCancel = await state(page);
  expect(afterCancel.sheets).toEqual(before.sheets);
  expect(afterCancel.names).toEqual(before.names);

  // Run again, small: the report's sheets, tables and charts.
  await page.getByLabel('Trials').fill('2000');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
  s = await state(page);
  const names = s.sheets.map((x) => x.name);
  expect(names).toEqual([
    'Budget',
    SHEET,
    'Beekeeper Summary',
    'Beekeeper Monthly',
    'Beekeeper Years',
    'Beekeeper Inputs',
    'Beekeeper Sensitivity',
  ]);
  expect(s.sheets[0].cells).toEqual(BUDGET); // the user's sheet, untouched
  const charts = s.sheets.flatMap((x) => x.charts.map((c) => c.title));
  expect(charts).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/revenue/i),
      expect.stringMatching(/ARR/),
      expect.stringMatching(/NPV/),
    ]),
  );
  expect(s.tables.length).toBeGreaterThanOrEqual(5);

  // The same numbers as Node for the same inputs and seed (the browser's Web Workers ran them).
  const run = simulate(readSimulationTable(defaultSimulationTable()), {
    scenario: 'beekeeper',
    trials: 2000,
    seed: 1,
    sampling: 'lhs',
  })!;
  const expected = buildReport(run, analyze(run), {
    version: 'x',
    startedAt: new Date(),
    seconds: 1,
    trialsSheet: false,
    source: 'x',
  });
  const monthly = expected.sheets.find((x) => x.kind === 'monthly')!.tables[0];
  const written = s.sheets.find((x) => x.name === 'Beekeeper Monthly')!.cells;
  for (const r of [0, 11, 59])
    monthly.rows[r].forEach((value, c) =>
      expect([r, c, written[address(monthly.row + 1 + r, monthly.column + c)]]).toEqual([r, c, value]),
    );

  // The headline, and the link to the Summary.
  const results = page.getByRole('table', { name: /^Results, Bee Keeper/ });
  await expect(results.textContent()).resolves.toMatch(
    /ARR at month 60.*\$[\d.]+[KMB].*NPV with exit.*P\(NPV > 0\).*%.*P\(cash ever below 0\)/,
  );
  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, 'pane-after-run.png'), fullPage: true });
  await page.getByRole('button', { name: /Open the Summary sheet/ }).click();
  await eventually(async () => (await state(page)).selection, 'Beekeeper Summary!A1');

  // Run again: asked first; Replace leaves one report.
  await page.getByRole('button', { name: 'Run simulation' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Replace the earlier report?' });
  await expect(dialog.textContent()).resolves.toMatch(
    /Beekeeper Summary, Beekeeper Monthly, Beekeeper Years, Beekeeper Inputs, Beekeeper Sensitivity/,
  );
  await dialog.getByRole('button', { name: 'Replace' }).click();
  await notice(page)
    .getByText(/Report written: .*replacing Beekeeper Summary/)
    .waitFor({ timeout: 60_000 });
  expect((await state(page)).sheets.map((x) => x.name)).toEqual(names);
  expect(errors).toEqual([]);
  await page.close();
});

test('by keyboard alone: create the table, reach a problem, select its cell, run', async () => {
  const { page, errors } = await openWithBudget();
  await page.getByText('This workbook has no assumptions table').waitFor();
  /** The focused element's text, or its id (inputs), or "body" when nothing has focus. */
  const focused = () =>
    page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      if (!active || active === document.body) return 'body';
      return active.textContent?.trim() || active.id;
    });
  /** Tabs until the focused element's text (or id) matches; fails after 30 presses. */
  const tabTo = async (target: RegExp, key = 'Tab') => {
    for (let i = 0; i < 30; i++) {
      if (target.test(await focused())) return;
      await page.keyboard.press(key);
    }
    throw new Error(`Tab never reached ${target}; focus is on "${await focused()}"`);
  };

  await tabTo(/^Create assumptions table$/);
  await page.keyboard.press('Enter');
  await notice(page)
    .getByText(/Created the assumptions table/)
    .waitFor();
  await setCell(page, SHEET, 'B3', 'abc');

  await tabTo(/^Run simulation$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /Problems in the assumptions table/ }).waitFor();
  // Focus moved to the problems; the next Tab is the first problem's cell.
  await eventually(focused, /^Problems in the assumptions table/);
  await page.keyboard.press('Tab');
  expect(await focused()).toBe(`${SHEET}!B3`);
  await page.keyboard.press('Enter');
  await eventually(async () => (await state(page)).selection, `${SHEET}!B3`);
  await setCell(page, SHEET, 'B3', '');

  await tabTo(/^run-trials$/, 'Shift+Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1000');
  await tabTo(/^Run simulation$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
  await eventually(focused, 'Results');
  // The live region said how it ended.
  await expect(page.getByRole('status').last().textContent()).resolves.toMatch(/^Report written: Beekeeper Summary/);
  expect(errors).toEqual([]);
  await page.close();
});
