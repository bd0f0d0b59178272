/**
 * Insisting on a value outside its plausible range in the production task pane (Chromium, the
 * in-memory Excel of harness.ts): the problem is listed with its cell and nothing is written;
 * ticking "Run values outside the plausible ranges" (by keyboard) lets the next Run write the report.
 */
import type { Page } from 'playwright-core';
import { ASSUMPTION_NAMES } from '../../src/model/assumptions';
import type { WorkbookState } from './office-host';
import { PaneWindow, useBrowserHarness } from './harness';

const harness = useBrowserHarness();
const SHEET = 'Beekeeper Assumptions';

afterEach(() => expect(harness().refused).toEqual([]));

const state = (page: Page): Promise<WorkbookState> =>
  page.evaluate(() => (window as unknown as PaneWindow).__beekeeper.state());

test('an implausible value is refused with its cell; the checkbox lets the next run write the report', async () => {
  const { page, errors } = await harness().openPane(undefined, { sheets: ['Budget'] });
  await page.getByText('This workbook has no assumptions table').waitFor();
  await page.getByRole('button', { name: 'Create assumptions table' }).click();
  await page.locator('.fui-MessageBar').getByText(`Created the assumptions table on sheet ${SHEET}`).waitFor();
  const expansion = `B${ASSUMPTION_NAMES.indexOf('expansion') + 2}`; // the header is row 1
  await page.evaluate(
    ([s, a]) => (window as unknown as PaneWindow).__beekeeper.excel.setCell(s, a, 15),
    [SHEET, expansion],
  );
  await page.getByLabel('Trials').fill('500');
  const before = await state(page);

  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.getByRole('heading', { name: 'Problems in the assumptions table (1)' }).waitFor();
  const problem = page.getByRole('button', { name: `${SHEET}!${expansion}` });
  await expect(problem.locator('..').textContent()).resolves.toMatch(
    /expansion 15 is \+1,500 % a year.*for 15 % write 0\.15; to run it anyway, tick "Run values outside the plausible ranges"/,
  );
  expect((await state(page)).sheets).toEqual(before.sheets); // nothing written
  const insist = page.getByRole('checkbox', { name: 'Run values outside the plausible ranges' });
  await expect(insist.isChecked()).resolves.toBe(false);

  // By keyboard: the checkbox is the next stop after the problem's cell.
  await problem.focus();
  await page.keyboard.press('Tab');
  await expect(insist.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
  await page.keyboard.press('Space');
  await expect(insist.isChecked()).resolves.toBe(true);

  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
  const after = await state(page);
  expect(after.sheets.map((s) => s.name)).toEqual([
    'Budget',
    SHEET,
    'Beekeeper Summary',
    'Beekeeper Monthly',
    'Beekeeper Years',
    'Beekeeper Inputs',
    'Beekeeper Sensitivity',
  ]);
  // The report ran the value as typed.
  const inputs = after.sheets.find((s) => s.name === 'Beekeeper Inputs')!.cells;
  const [, column, row] = /^([A-Y])(\d+)$/.exec(Object.keys(inputs).find((a1) => inputs[a1] === 'expansion')!)!;
  // Its value, two columns on: the Inputs table is Name | Label | Value.
  expect(inputs[`${String.fromCharCode(column.charCodeAt(0) + 1)}${row}`]).toBe('Expansion of a staying customer');
  expect(inputs[`${String.fromCharCode(column.charCodeAt(0) + 2)}${row}`]).toBe(15);
  expect(errors).toEqual([]);
  await page.close();
});
