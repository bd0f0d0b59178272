/**
 * A founder's history in the production task pane (Chromium, the in-memory Excel of harness.ts):
 * a history table created from the pane and filled through its metric drop-down, its rows'
 * error from the pane's History error field, a run whose trials are conditioned on it (the
 * numbers Node computes for the same history, not the prior's), whose Inputs sheet lists it as run; and a history the assumptions cannot reach,
 * listed as the history table's problem while nothing is written.
 */
import type { Page } from 'playwright-core';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { simulate } from '../../src/engine/simulation';
import { readSimulationTable, withHistory } from '../../src/engine/simulation-inputs';
import { topLeft } from '../../src/excel/assumptions-table';
import { checkHistory } from '../../src/model/history';
import { address } from '../../src/report/markers';
import type { WorkbookState } from './office-host';
import { PaneWindow, useBrowserHarness } from './harness';
import { weakHistory } from '../support/weak-history';

const harness = useBrowserHarness();
const HISTORY = 'Beekeeper History';
const TRIALS = 1000;

afterEach(() => expect(harness().refused).toEqual([]));

const state = (page: Page): Promise<WorkbookState> =>
  page.evaluate(() => (window as unknown as PaneWindow).__beekeeper.state());
const setCell = (page: Page, sheet: string, a1: string, value: string | number) =>
  page.evaluate(
    ([s, a, v]) => (window as unknown as PaneWindow).__beekeeper.excel.setCell(s as string, a as string, v as never),
    [sheet, a1, value] as const,
  );
const notice = (page: Page) => page.locator('.fui-MessageBar');

/** A cell of a table the state lists: its data row `r` (0-based) under the header `header`. */
function tableCell(s: WorkbookState, table: string, header: string, r: number): unknown {
  const t = s.tables.find((x) => x.name === table);
  if (!t) throw new Error(`no table ${table}`);
  const c = t.headers.indexOf(header);
  if (c < 0) throw new Error(`${table} has no column ${header}: ${t.headers.join(', ')}`);
  const origin = topLeft(t.address);
  return s.sheets.find((x) => x.name === t.sheet)!.cells[address(origin.row + 1 + r, origin.column + c)];
}

test('a weak history: created from the pane, typed through its drop-down, run; the trials are the posterior’s, as in Node', async () => {
  const { page, errors } = await harness().openPane(undefined, { sheets: ['Budget'] });
  await page.getByText('No history table: the trials are').waitFor();
  await page.getByRole('button', { name: 'Create history table' }).click();
  await notice(page).getByText(`Created the history table on sheet ${HISTORY}`).waitFor();
  await page.getByText(`Runs are conditioned on the history table BeekeeperHistory on sheet ${HISTORY}.`).waitFor();
  const rows = weakHistory();
  // The error cells left empty: the pane's History error field gives them their σ (0.3).
  for (const [r, row] of rows.entries())
    for (const [c, value] of [row.month, row.metric, row.value].entries())
      await setCell(page, HISTORY, `${'ABC'[c]}${r + 2}`, value);

  await page.getByLabel('Trials').fill(String(TRIALS));
  const historyError = page.getByLabel('History error (σ)');
  await historyError.fill('rough');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.getByText('History error must be a number, got "rough"').waitFor();
  await historyError.fill(String(rows[0].error));
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
  const s = await state(page);
  expect(s.sheets.map((x) => x.name)).toContain('Beekeeper Inputs');
  expect(
    [0, 1, 2].map((r) => ['Month', 'Metric', 'Value', 'Error'].map((h) => tableCell(s, 'BeekeeperHistoryAsRun', h, r))),
  ).toEqual([
    [12, 'Community members, end of month', rows[1].value, 0.3],
    [12, 'Customers, end of month', rows[0].value, 0.3],
    [24, 'Customers, end of month', rows[2].value, 0.3],
  ]);

  // The numbers Node computes for the same history and seed: the browser's workers ran the posterior's trials.
  const inputs = readSimulationTable(defaultSimulationTable());
  const options = { scenario: 'beekeeper', trials: TRIALS, seed: 1, sampling: 'lhs' } as const;
  const run = simulate(withHistory(inputs, checkHistory(rows, inputs.base)), options)!;
  const plain = simulate(inputs, options)!;
  const monthly = (m: number) => tableCell(s, 'BeekeeperMonthly', 'Customers, end of month (mean)', m - 1);
  for (const m of [12, 24, 60]) expect([m, monthly(m)]).toEqual([m, run.scenarios[0].monthly.customers.mean[m - 1]]);
  expect(monthly(24)).not.toBe(plain.scenarios[0].monthly.customers.mean[23]);
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);

test('a history the assumptions cannot reach: the history table’s problem, in plain words; nothing written', async () => {
  const { page, errors } = await harness().openPane(undefined, { sheets: ['Budget'] });
  await page.getByRole('button', { name: 'Create history table' }).click();
  await notice(page).getByText(`Created the history table on sheet ${HISTORY}`).waitFor();
  await setCell(page, HISTORY, 'A2', 12);
  await setCell(page, HISTORY, 'B2', 'customers');
  await setCell(page, HISTORY, 'C2', 100_000);
  const before = await state(page);
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.getByRole('heading', { name: 'Problems in the history table (1)' }).waitFor({ timeout: 60_000 });
  await expect(notice(page).textContent()).resolves.toBe(
    'Nothing ran: the history table has 1 problem. Choose one to select its cell.',
  );
  const problem = page.getByRole('button', { name: `${HISTORY}!BeekeeperHistory` });
  await expect(problem.locator('..').textContent()).resolves.toMatch(
    /^Beekeeper History!BeekeeperHistory: the history does not fit the assumptions: customers in month 12 = 100,000, but the assumptions allow at most /,
  );
  const after = await state(page);
  expect(after.sheets).toEqual(before.sheets);
  expect(after.tables).toEqual(before.tables);
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);
