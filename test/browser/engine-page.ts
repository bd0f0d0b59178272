/* global window, location */
/**
 * A browser test page (bundled by test/browser/harness.ts, opened as /__test__/engine.html): the
 * engine's pool over real Web Workers, as the task pane runs it (SimulationPool and webWorkerHost
 * of src/taskpane/web-workers.ts), each worker the production simulation-worker.js of the
 * add-in's build. `window.runEngine` returns the run's numbers as hex of their Float64 bytes, and
 * `window.simulateHere` those of simulate() on the page's thread, so that test/browser/engine.test.ts
 * compares them to the bit with each other and with simulate() in Node. `window.runWithHistory`
 * runs the same pool on inputs conditioned on a history, timing the posterior's fit (planRun, on
 * the page's thread as in the pane) on its own (test/browser/history-fit.test.ts).
 */
import { SimulationPool } from '../../src/engine/pool';
import { SimulationOptions, planRun, simulate } from '../../src/engine/simulation';
import { withHistory } from '../../src/engine/simulation-inputs';
import { checkHistory } from '../../src/model/history';
import { WORKER_SCRIPT, webWorkerHost } from '../../src/taskpane/web-workers';
import { quickInputs } from '../support/quick-inputs';
import { HexRun, hexRun } from './hex-run';

/** What runEngine returns: the numbers, and what the run did. */
export interface EngineResult {
  readonly run: HexRun;
  /** Workers the pool started. */
  readonly started: number;
  /** The last progress report: trials done. */
  readonly done: number;
}

/**
 * Runs the default uncertainty over 24 months (test/support/quick-inputs.ts) over `workers` Web Workers; rejects if a worker fails.
 *
 * @example await page.evaluate(() => window.runEngine(2, { scenario: 'compare', trials: 1200, seed: 7, sampling: 'lhs' }))
 */
async function runEngine(workers: number, options: SimulationOptions): Promise<EngineResult> {
  const host = webWorkerHost(new URL(`/${WORKER_SCRIPT}`, location.href));
  let started = 0;
  const counting = { ...host, startWorker: () => (started++, host.startWorker()) };
  const pool = new SimulationPool(workers, counting);
  let done = 0;
  try {
    const run = await pool.run(quickInputs(), options, {
      onProgress: (trials) => (done = trials),
    });
    if (!run) throw new Error('the run ended without results');
    return { run: hexRun(run), started, done };
  } finally {
    await pool.close();
  }
}

/** simulate() on the page's own thread: the browser's in-thread reference for the pool's numbers. */
function simulateHere(options: SimulationOptions): HexRun {
  return hexRun(simulate(quickInputs(), options)!);
}

/** What timeFit returns: the milliseconds of each fit on this thread, in order, and the last one's ESS. */
export interface FitTimes {
  readonly fitMs: readonly number[];
  readonly ess: number;
}

/** What runWithHistory returns: the pool's numbers, and the fit's times on this thread. */
export interface HistoryResult extends FitTimes {
  readonly run: HexRun;
}

type HistoryRows = readonly { month: number; metric: string; value: number; error: number }[];

/** The default uncertainty over `months` months (60: the pane's default), conditioned on `rows`. */
function conditioned(rows: HistoryRows, months: number) {
  const base = quickInputs(months);
  return withHistory(base, checkHistory(rows, base.base));
}

/**
 * Times the posterior's fit on the page's thread `repeat` times: planRun with the history, as
 * SimulationPool.run calls it in the pane before the first trial.
 *
 * @example await page.evaluate(([rows, o]) => window.timeFit(rows, o, 3, 60), [rows, options])
 */
function timeFit(rows: HistoryRows, options: SimulationOptions, repeat: number, months: number): FitTimes {
  const inputs = conditioned(rows, months);
  const fitMs: number[] = [];
  let ess = 0;
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    ess = planRun(inputs, options).posterior!.ess;
    fitMs.push(performance.now() - started);
  }
  return { fitMs, ess };
}

/**
 * {@link timeFit}, then the pool on the conditioned inputs over `workers` Web Workers.
 *
 * @example await page.evaluate(([rows, o]) => window.runWithHistory(rows, 2, o, 3, 60), [rows, options])
 */
async function runWithHistory(
  rows: HistoryRows,
  workers: number,
  options: SimulationOptions,
  repeat: number,
  months: number,
): Promise<HistoryResult> {
  const times = timeFit(rows, options, repeat, months);
  const pool = new SimulationPool(workers, webWorkerHost(new URL(`/${WORKER_SCRIPT}`, location.href)));
  try {
    const run = await pool.run(conditioned(rows, months), options);
    if (!run) throw new Error('the run ended without results');
    return { run: hexRun(run), ...times };
  } finally {
    await pool.close();
  }
}

Object.assign(window, { runEngine, simulateHere, runWithHistory, timeFit });
