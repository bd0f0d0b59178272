/**
 * Same seed, same numbers, in the real browser: the engine's pool over Chromium's Web Workers (the
 * pane's host, src/taskpane/web-workers.ts; each worker the add-in's production
 * simulation-worker.js) for 1, 2 and 3 workers, against simulate(). test/taskpane/web-workers.test.ts
 * checks the pool with stand-in workers in Node; this is Chromium.
 *
 * Against simulate() on the same page and against simulate() in Node, to the bit. Node and
 * Chromium agree because the model and the engine compute exp, log, pow and the rest with the
 * same pure-JavaScript functions (src/model/portable-math.ts): with the runtimes' own Math.exp,
 * Math.log, Math.pow… about half of the numbers differed in their last bits (Chromium 156 and
 * Node 20.20 round some arguments differently; largest relative difference 7.5e-12).
 */
import { SimulationOptions, simulate } from '../../src/engine/simulation';
import type { EngineResult } from './engine-page';
import { TestPage, useBrowserHarness } from './harness';
import { HexRun, bitCount, differences, hexRun } from './hex-run';
import { quickInputs } from '../support/quick-inputs';

const harness = useBrowserHarness();
// The default uncertainty over 24 months, as the page runs it: 1,200 trials are 3 blocks, one for
// each of 3 workers, and some 10^5 numbers to compare to the bit.
const inputs = quickInputs();

/** The engine page's `window` (test/browser/engine-page.ts). */
interface EngineWindow {
  runEngine(workers: number, options: SimulationOptions): Promise<EngineResult>;
  simulateHere(options: SimulationOptions): HexRun;
}

afterEach(() => expect(harness().refused).toEqual([]));

describe.each([
  { scenario: 'beekeeper', trials: 1200, seed: 7, sampling: 'lhs' },
  { scenario: 'compare', trials: 1200, seed: 7, sampling: 'lhs' },
] as SimulationOptions[])('$scenario, $trials trials, seed $seed, $sampling', (options) => {
  let pane: TestPage;
  let chromium: HexRun; // simulate() on the page's thread
  let node: HexRun;

  beforeAll(async () => {
    node = hexRun(simulate(inputs, options)!);
    pane = await harness().newPage();
    await pane.page.goto(harness().url('__test__/engine.html'));
    chromium = await pane.page.evaluate((o) => (window as unknown as EngineWindow).simulateHere(o), options);
  });

  afterAll(() => pane.page.close());

  test.each([1, 2, 3])(
    '%i Web Worker(s) in Chromium: the numbers of simulate() on the same page, to the bit',
    async (workers) => {
      const workerUrls: string[] = [];
      const listen = (worker: { url(): string }) => workerUrls.push(worker.url());
      pane.page.on('worker', listen);
      const result = await pane.page.evaluate(([count, o]) => (window as unknown as EngineWindow).runEngine(count, o), [
        workers,
        options,
      ] as const);
      pane.page.off('worker', listen);
      // Real Web Workers ran the add-in's own worker bundle, one at least: the page ran no block itself.
      expect(result.started).toBe(workers);
      expect(workerUrls).toEqual(Array(workers).fill(harness().url('simulation-worker.js')));
      expect(result.done).toBe(options.trials);
      expect(differences(result.run, chromium)).toEqual([]);
      expect(pane.errors).toEqual([]);
    },
  );

  test('Chromium and Node, to the bit', () => {
    const { numbers, differ } = bitCount(chromium, node);
    expect(numbers).toBeGreaterThan(options.trials * 13);
    expect(differ).toBe(0);
    expect(differences(chromium, node)).toEqual([]);
  });
});
