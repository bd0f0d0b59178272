/**
 * What the task pane's report writer sends Excel, measured with Office.js's own serializer
 * (test/support/office-js.ts) rather than estimated: for a default-size run (10,000 trials),
 * with and without the Trials sheet, every request is under Excel on the web's 5 MB and
 * within the writer's budget (its estimate never undercounts), and the in-memory Excel's
 * count (test/support/fake-excel.ts) is within ±10 % of Office.js's. The figures are printed
 * for the README ("Writing into Excel").
 */
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { simulate } from '../../src/engine/simulation';
import { readSimulationTable } from '../../src/engine/simulation-inputs';
import { REQUEST_BUDGET, writeReport } from '../../src/excel/report-writer';
import type { Report, ReportCell } from '../../src/report/types';
import { buildRunReport, withoutInputs } from '../../src/taskpane/report-builder';
import { FakeExcel } from '../support/fake-excel';
import { PAYLOAD_LIMIT, RecordedRequest, RecordingExcel } from '../support/office-js';

interface Written {
  readonly blocks: number;
  /** Office.js's requests: one read, then one per block. */
  readonly requests: readonly RecordedRequest[];
  /** The in-memory Excel's count of the same blocks. */
  readonly fake: readonly number[];
}

/** Writes the report as the pane does (`Excel.run`) through Office.js, and (`withFake`) into the fake. */
async function write(report: Report, withFake = true): Promise<Written> {
  const excel = new RecordingExcel(['Sheet1']);
  const { blocks } = await excel.run((context) => writeReport(context, report));
  if (!withFake) return { blocks, requests: excel.requests, fake: [] };
  const fake = new FakeExcel(['Sheet1']);
  await writeReport(fake.context, report);
  // The fake records the empty second read; Office.js sends nothing for an empty sync.
  return { blocks, requests: excel.requests, fake: fake.requests.slice(2).map((r) => r.bytes) };
}

const written = new Map<boolean, Written>(); // by whether the report has the Trials sheet
beforeAll(async () => {
  const table = defaultSimulationTable();
  const options = { scenario: 'beekeeper', trials: 10_000, seed: 1, sampling: 'lhs' } as const;
  const run = withoutInputs(simulate(readSimulationTable(table), options)!);
  for (const trialsSheet of [false, true]) {
    const info = { version: 'test', startedAt: new Date(0), seconds: 1, trialsSheet, source: 'defaults' };
    written.set(trialsSheet, await write(buildRunReport({ table, run, info }).report));
  }
});

const figures = (bytes: readonly number[]) =>
  `largest ${Math.max(...bytes).toLocaleString('en-US')} bytes, ` +
  `all ${bytes.reduce((a, b) => a + b, 0).toLocaleString('en-US')} bytes`;

test('a 10,000-trial report: every request within the budget and under 5 MB, with and without the Trials sheet', () => {
  const lines = [...written].map(([trialsSheet, { blocks, requests }]) => {
    expect(requests.filter((r) => r.failed)).toEqual([]);
    expect(requests).toHaveLength(1 + blocks);
    for (const r of requests) {
      expect(r.bytes).toBeLessThanOrEqual(REQUEST_BUDGET);
      expect(r.envelopeBytes).toBeLessThan(PAYLOAD_LIMIT);
    }
    return (
      `${trialsSheet ? 'with' : 'without'} the Trials sheet: ${requests.length} requests (1 read + ${blocks} blocks), ` +
      `${figures(requests.map((r) => r.bytes))}; as posted on the web, ${figures(requests.map((r) => r.envelopeBytes))}`
    );
  });
  console.log(`10,000 trials, measured with Office.js\n${lines.join('\n')}`);
});

test("the in-memory Excel's count is within ±10 % of Office.js's, block by block", () => {
  for (const { requests, fake } of written.values()) {
    const real = requests.slice(1).map((r) => r.bytes);
    expect(fake).toHaveLength(real.length);
    // The blocks range from mixed ones (the Summary's hundreds of single cells) to one grid of values.
    fake.forEach((bytes, i) => expect(Math.abs(bytes / real[i] - 1)).toBeLessThanOrEqual(0.1));
  }
});

// 2,500 numbers and 2,500 notes, each its own value and format operation (about 600 and 1,100
// bytes in Office.js for some 10 bytes of value): counted by their values, one block of 6.6 MB.
const cells: ReportCell[] = Array.from({ length: 5000 }, (_, i) => ({
  row: i >> 1,
  column: i & 1,
  ...(i & 1 ? { value: `note ${i}`, style: 'note' as const } : { value: i, format: '#,##0' as const }),
}));
const manyCells: Report = {
  sheets: [
    {
      name: 'Cells',
      kind: 'summary',
      cells,
      tables: [],
      charts: [],
      freeze: { rows: 0, columns: 0 },
      columnWidths: [],
    },
  ],
};

test('a sheet of thousands of single cells: blocks sized by what Office.js sends, not by the values alone', async () => {
  const { blocks, requests } = await write(manyCells, false);
  expect(requests.filter((r) => r.failed)).toEqual([]);
  expect(blocks).toBeGreaterThan(1);
  for (const r of requests) expect(r.bytes).toBeLessThanOrEqual(REQUEST_BUDGET);
  console.log(`5,000 single cells: ${blocks} blocks, ${figures(requests.map((r) => r.bytes))}`);
});

test('a request over 5 MB fails whole, as on Excel on the web, and the writer leaves nothing behind', async () => {
  const excel = new RecordingExcel(['Sheet1']);
  const failure = excel.run((context) => writeReport(context, manyCells, { requestBudget: 50_000_000 }));
  await expect(failure).rejects.toMatchObject({
    message: expect.stringMatching(/^Writing the report failed at block 1 of 1 \(RequestPayloadSizeLimitExceeded/),
    removed: true,
  });
  expect(excel.requests.map((r) => r.failed)).toEqual([undefined, 'too large', undefined]); // read, block, cleanup's find
  const sheets = excel.run(async (context) => {
    const items = context.workbook.worksheets.load('items/name');
    await context.sync();
    return items.items.map((s) => s.name);
  });
  await expect(sheets).resolves.toEqual(['Sheet1']);
});
