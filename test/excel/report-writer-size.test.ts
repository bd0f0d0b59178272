/**
 * The figures of a default-size run (10,000 trials) written into a workbook: requests (one
 * sync each), the largest request's JSON payload, with and without the Trials sheet. Printed
 * for the README and the pane's expectations; asserted only against Excel on the web's 5 MB.
 */
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { readSimulationTable } from '../../src/engine/simulation-inputs';
import { buildReport } from '../../src/report/build';
import { writeReport } from '../../src/excel/report-writer';
import { FakeExcel, REQUEST_LIMIT } from '../support/fake-excel';

test('a 10,000-trial report: requests and the largest one, with and without the Trials sheet', async () => {
  const run = simulate(readSimulationTable(defaultSimulationTable()), {
    scenario: 'beekeeper',
    trials: 10_000,
    seed: 1,
    sampling: 'lhs',
  })!;
  const analysis = analyze(run);
  const lines: string[] = [];
  for (const trialsSheet of [false, true]) {
    const report = buildReport(run, analysis, {
      version: 'test',
      startedAt: new Date(0),
      seconds: 1,
      trialsSheet,
      source: 'defaults',
    });
    const excel = new FakeExcel(['Sheet1']);
    const written = await writeReport(excel.context, report);
    const sizes = excel.requests.map((r) => r.bytes);
    const largest = Math.max(...sizes);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(largest).toBeLessThan(REQUEST_LIMIT);
    expect(excel.requests).toHaveLength(2 + written.blocks);
    lines.push(
      `${trialsSheet ? 'with' : 'without'} the Trials sheet: ${excel.requests.length} requests (syncs: 2 reads + ` +
        `${written.blocks} blocks), largest ${largest.toLocaleString('en-US')} bytes, all ${total.toLocaleString('en-US')} bytes`,
    );
  }
  console.log(`10,000 trials\n${lines.join('\n')}`);
});
