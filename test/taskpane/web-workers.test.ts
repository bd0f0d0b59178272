/**
 * The task pane's Web Worker host (src/taskpane/web-workers.ts) drives the engine's pool with
 * the same numbers as simulate(). Jest has no Web Workers, so `Worker` is a stand-in that runs
 * the worker entry's scope (webWorkerScope + serveWorker) in this thread over a real
 * MessageChannel, with the DOM's event API: every message, and the ports the init request
 * transfers, go through the structured clone of a real MessagePort.
 */
import { MessageChannel as NodeMessageChannel, MessagePort as NodeMessagePort } from 'worker_threads';
import { SimulationPool } from '../../src/engine/pool';
import { simulate } from '../../src/engine/simulation';
import { serveWorker } from '../../src/engine/worker-protocol';
import { paneWorkers, webWorkerHost, webWorkerScope } from '../../src/taskpane/web-workers';
import { quickInputs } from '../support/quick-inputs';

class StandInWorker extends EventTarget {
  static started = 0;
  static terminated = 0;
  private readonly port: MessagePort;
  constructor(readonly url: string) {
    super();
    StandInWorker.started++;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    port1.addEventListener('message', (e) => this.dispatchEvent(new MessageEvent('message', { data: e.data })));
    port1.start();
    // The worker's global scope: postMessage and message events, as in a DedicatedWorkerGlobalScope.
    serveWorker(
      webWorkerScope({
        postMessage: (m) => port2.postMessage(m),
        addEventListener: (_type, listener) => {
          port2.addEventListener('message', listener as (e: Event) => void);
          port2.start();
        },
      }),
    );
  }
  postMessage(message: unknown, transfer: Transferable[]) {
    this.port.postMessage(message, transfer);
  }
  terminate() {
    StandInWorker.terminated++;
    this.port.close();
  }
}

/**
 * Node's MessageChannel has the DOM's addEventListener and start. Its ports keep Node's event loop
 * alive while they listen (a browser ends them with the worker): every port that starts
 * listening, the transferred peer ports included, is closed after the tests.
 */
const listening: NodeMessagePort[] = [];
const start = NodeMessagePort.prototype.start;

beforeAll(() => {
  Object.assign(globalThis, { Worker: StandInWorker, MessageChannel: NodeMessageChannel });
  NodeMessagePort.prototype.start = function (this: NodeMessagePort) {
    listening.push(this);
    start.call(this);
  };
});

afterAll(() => {
  NodeMessagePort.prototype.start = start;
  for (const port of listening) port.close();
});

test('all cores but one, at least one', () => {
  expect([paneWorkers(8), paneWorkers(2), paneWorkers(1), paneWorkers(undefined)]).toEqual([7, 1, 1, 1]);
});

test.each([1, 2, 3])(
  '%i Web Worker(s): the numbers of simulate(), and the page never runs a block itself',
  async (workers) => {
    const inputs = quickInputs();
    const options = { scenario: 'compare', trials: 1200, seed: 5, sampling: 'lhs' } as const;
    const started = StandInWorker.started;
    const pool = new SimulationPool(workers, webWorkerHost('simulation-worker.js'));
    const progress: number[] = [];
    const run = await pool.run(inputs, options, { onProgress: (done) => progress.push(done) });
    await pool.close();
    // One worker too: the host keeps the calling thread free.
    expect(StandInWorker.started - started).toBe(workers);
    expect(progress[progress.length - 1]).toBe(1200);
    const reference = simulate(inputs, options)!;
    expect(run!.samples).toEqual(reference.samples);
    for (const [s, scenario] of reference.scenarios.entries()) {
      expect(run!.scenarios[s].kpis).toEqual(scenario.kpis);
      expect(run!.scenarios[s].monthly).toEqual(scenario.monthly);
    }
  },
);

test('an abort ends the workers and resolves to undefined', async () => {
  const inputs = quickInputs();
  const pool = new SimulationPool(2, webWorkerHost());
  const controller = new AbortController();
  const terminated = StandInWorker.terminated;
  const run = pool.run(
    inputs,
    { scenario: 'beekeeper', trials: 20_000, seed: 1, sampling: 'lhs' },
    {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    },
  );
  expect(await run).toBeUndefined();
  expect(StandInWorker.terminated - terminated).toBe(2);
});
