/**
 * The report built in a worker (report-builder.ts) is the report built in this thread, and the
 * run's arrays are transferred, not copied. The stand-in worker is a real MessageChannel: the
 * request goes through the structured clone a Web Worker applies (a function in it would fail).
 */
import { MessageChannel as NodeMessageChannel } from 'worker_threads';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { readSimulationTable, withPlan } from '../../src/engine/simulation-inputs';
import { checkPlan } from '../../src/model/plan';
import { buildReport } from '../../src/report/build';
import {
  ReportRequest,
  ReportWorker,
  headlineOf,
  reportsInWorker,
  runBuffers,
  serveReportRequest,
  withoutInputs,
} from '../../src/taskpane/report-builder';
import { QUICK_MONTHS, quickTable } from '../support/quick-inputs';

const info = {
  version: 'test',
  startedAt: new Date('2026-03-30T00:30:00Z'),
  utcOffsetMinutes: 60,
  seconds: 1.5,
  trialsSheet: true,
  source: 'defaults',
};

class StandInReportWorker extends EventTarget implements ReportWorker {
  static terminated = 0;
  private readonly port;
  constructor() {
    super();
    const { port1, port2 } = new NodeMessageChannel();
    this.port = port1;
    port1.on('message', (data) => this.dispatchEvent(new MessageEvent('message', { data })));
    port2.on('message', (request) => port2.postMessage(serveReportRequest(request as ReportRequest)));
  }
  postMessage(message: unknown, transfer: Transferable[]) {
    this.port.postMessage(message, transfer as never);
  }
  terminate() {
    StandInReportWorker.terminated++;
    this.port.close();
  }
}

/** The defaults' table and a 50-trial run of it, without its inputs (what crosses to the worker). */
function smallRun() {
  const table = defaultSimulationTable();
  const run = simulate(readSimulationTable(table), { scenario: 'beekeeper', trials: 50, seed: 1, sampling: 'mc' })!;
  return { table, arrays: withoutInputs(run) };
}

describe('reportsInWorker', () => {
  it('builds the same report and headline as this thread, transferring the arrays', async () => {
    const table = quickTable(); // 24 months: the same report, in less time to compare
    const options = { scenario: 'compare', trials: 400, seed: 5, sampling: 'lhs' } as const;
    const expected = simulate(readSimulationTable(table), options)!;
    const analysis = analyze(expected);
    const arrays = withoutInputs(simulate(readSimulationTable(table), options)!);
    const buffers = runBuffers(arrays);
    expect(buffers.length).toBeGreaterThan(arrays.samples.length);

    const built = await reportsInWorker(() => new StandInReportWorker())({ table, run: arrays, info });
    expect(built.report).toEqual(buildReport(expected, analysis, info));
    expect(built.headline).toEqual(headlineOf(analysis, QUICK_MONTHS));
    expect(built.headline.verdict).toMatch(/^Beekeeper (beats|trails) proprietary on NPV/);
    expect(buffers.every((b) => b.byteLength === 0)).toBe(true); // transferred
    expect(StandInReportWorker.terminated).toBe(1);
  });

  it('the plan crosses with the table (plain rows, cloned): the report shows it as run', async () => {
    const table = quickTable();
    const plan = checkPlan([{ month: 9, name: 'funding', value: 20e6 }], readSimulationTable(table).base);
    const options = { scenario: 'beekeeper', trials: 100, seed: 2, sampling: 'lhs' } as const;
    const expected = simulate(withPlan(readSimulationTable(table), plan), options)!;
    const arrays = withoutInputs(simulate(withPlan(readSimulationTable(table), plan), options)!);
    const built = await reportsInWorker(() => new StandInReportWorker())({ table, plan, run: arrays, info });
    expect(built.report).toEqual(buildReport(expected, analyze(expected), info));
    const inputs = built.report.sheets.find((s) => s.kind === 'inputs')!;
    expect(inputs.tables.find((t) => t.name === 'BeekeeperPlanAsRun')?.rows).toEqual([
      [9, 'funding', 20e6, expect.any(String)],
    ]);
  });

  it("rejects with the worker's reason", async () => {
    const { table, arrays } = smallRun();
    const broken = {
      ...table,
      rows: table.rows.map((r, i) => (i === 0 ? [r[0], { value: 'x', where: 'Sheet!B2' }, ...r.slice(2)] : r)),
    };
    await expect(
      reportsInWorker(() => new StandInReportWorker())({ table: broken, run: arrays, info }),
    ).rejects.toThrow(/could not build the report: Sheet!B2: /);
  });

  it('a cancel ends the worker at once', async () => {
    const { table, arrays } = smallRun();
    const controller = new AbortController();
    const before = StandInReportWorker.terminated;
    const built = reportsInWorker(() => new StandInReportWorker())({ table, run: arrays, info }, controller.signal);
    controller.abort(new Error('cancelled by the user'));
    await expect(built).rejects.toThrow('cancelled by the user');
    expect(StandInReportWorker.terminated).toBe(before + 1);
  });
});
