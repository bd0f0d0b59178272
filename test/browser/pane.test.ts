/**
 * The production task pane in Chromium, under the fake Office host (test/browser/harness.ts,
 * office-host.ts): the built page itself, with the in-memory Excel behind Excel.run.
 */
import { PaneWindow, useBrowserHarness } from './harness';

const harness = useBrowserHarness();

afterEach(() => expect(harness().refused).toEqual([]));

test('the pane renders under the Office host, without an error', async () => {
  const pane = await harness().openPane();
  await pane.page.getByRole('heading', { name: 'Beekeeper', level: 1 }).waitFor();
  const host = await pane.page.evaluate(() => {
    const { __beekeeper } = window as unknown as PaneWindow;
    return {
      onReadyCalls: __beekeeper.onReadyCalls,
      functions: [...__beekeeper.functions.keys()],
      excelApi: ['1.7', '1.9', '1.10'].map((v) => Office.context.requirements.isSetSupported('ExcelApi', v)),
    };
  });
  // Every bundle ran: the pane and the commands asked Office.onReady, the functions bundle associated its functions.
  expect(host.onReadyCalls).toBeGreaterThanOrEqual(2);
  expect(host.functions).toEqual(expect.arrayContaining(['BASS', 'PROJECTION', 'SIMULATE']));
  expect(host.excelApi).toEqual([true, true, false]);
  expect(pane.errors).toEqual([]);
  await pane.page.close();
});

test("Excel.run in the page works on the test's workbook, and the test's changes reach the page", async () => {
  const pane = await harness().openPane(undefined, { sheets: ['Sheet1', 'Data'] });
  const { page } = pane;
  // The pane reads the workbook when it opens (is there an assumptions table?): wait for that,
  // so that the requests counted below are the test's own.
  await page.getByText('This workbook has no assumptions table').waitFor();
  const earlier = (await page.evaluate(() => (window as unknown as PaneWindow).__beekeeper.state())).requests.length;
  await page.evaluate(() =>
    Excel.run({ delayForCellEdit: true }, async (context) => {
      const range = context.workbook.worksheets.getItem('Data').getRange('B2');
      range.values = [[42]];
      range.select();
    }),
  );
  const state = await page.evaluate(() => (window as unknown as PaneWindow).__beekeeper.state());
  expect(state.sheets.map((s) => [s.name, s.cells])).toEqual([
    ['Sheet1', {}],
    ['Data', { B2: 42 }],
  ]);
  expect([state.activeSheet, state.selection]).toEqual(['Data', 'Data!B2']);
  // One request: what the batch queued, synced by Excel.run at its end.
  expect(state.requests.slice(earlier)).toEqual([
    { operations: ['values', 'range.select'], bytes: expect.any(Number) },
  ]);

  await page.evaluate(() => (window as unknown as PaneWindow).__beekeeper.excel.setCell('Data', 'C3', 'typed'));
  const read = await page.evaluate(() =>
    Excel.run({ delayForCellEdit: true }, async (context) => {
      const range = context.workbook.worksheets.getItem('Data').getRange('B2:C3').load('values');
      await context.sync();
      return range.values;
    }),
  );
  expect(read).toEqual([
    [42, ''],
    ['', 'typed'],
  ]);

  // A failed sync rejects Excel.run with Office's kind of error.
  const failure = await page.evaluate(() =>
    Excel.run({ delayForCellEdit: true }, async (context) => {
      context.workbook.worksheets.getItem('Nope').getRange('A1').values = [[1]];
    }).catch((e: OfficeExtension.Error) => ({ code: e.code, isOfficeError: e instanceof OfficeExtension.Error })),
  );
  expect(failure).toEqual({ code: 'ItemNotFound', isOfficeError: true });
  // A run without delayForCellEdit is refused (the add-in runs every batch through excelRun).
  const refused = await page.evaluate(() => Excel.run(async () => 'ran').catch((e: Error) => e.message));
  expect(refused).toMatch(/Excel.run without \{ delayForCellEdit: true \}/);
  expect(pane.errors).toEqual([]);
  await page.close();
});

test('no request leaves 127.0.0.1: one to anywhere else is refused, and recorded for the test to fail on', async () => {
  // From a test page: the pane's own Content-Security-Policy would refuse the request before the harness sees it.
  const { page } = await harness().newPage();
  await page.goto(harness().url('__test__/engine.html'));
  const outcome = await page.evaluate(() =>
    fetch('https://beekeeper.invalid/data.json').then(
      () => 'fetched',
      () => 'refused',
    ),
  );
  expect(outcome).toBe('refused');
  // afterEach fails a test on any refused request; this one is expected, so it is taken off the list.
  expect(harness().refused.splice(0)).toEqual(['https://beekeeper.invalid/data.json']);
  await page.close();
});
