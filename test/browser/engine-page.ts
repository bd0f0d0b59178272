/* global window, location */
/**
 * A browser test page (bundled by test/browser/harness.ts, opened as /__test__/engine.html): the
 * engine's pool over real Web Workers, as the task pane runs it (SimulationPool and webWorkerHost
 * of src/taskpane/web-workers.ts), each worker the production simulation-worker.js of the
 * add-in's build. `window.runEngine` returns the run's numbers as hex of their Float64 bytes, and
 * `window.simulateHere` those of simulate() on the page's thread, so that test/browser/engine.test.ts
 * compares them to the bit with each other and with simulate() in Node.
 */
import { SimulationPool } from '../../src/engine/pool';
import { SimulationOptions, simulate } from '../../src/engine/simulation';
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

Object.assign(window, { runEngine, simulateHere });
