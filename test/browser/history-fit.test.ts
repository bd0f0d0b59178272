/**
 * A posterior run in the real browser (model.md v3, "History"): the pool over Chromium's Web
 * Workers on inputs conditioned on a weak history gives the numbers of simulate() in Node, to the
 * bit; and how long the posterior's fit takes on Chromium's thread at 1,000 trials and at the
 * pane's default 10,000 (in the pane the pool's first worker runs it: SimulationPool.run). The figures are printed, and
 * bounded loosely (a busy machine is slower).
 */
import { SimulationOptions, simulate } from '../../src/engine/simulation';
import { withHistory } from '../../src/engine/simulation-inputs';
import { checkHistory } from '../../src/model/history';
import type { FitTimes, HistoryResult } from './engine-page';
import { useBrowserHarness } from './harness';
import { differences, hexRun } from './hex-run';
import { quickInputs } from '../support/quick-inputs';
import { weakHistory } from '../support/weak-history';

const harness = useBrowserHarness();

interface EngineWindow {
  runWithHistory(
    rows: ReturnType<typeof weakHistory>,
    workers: number,
    options: SimulationOptions,
    repeat: number,
    months: number,
  ): Promise<HistoryResult>;
  timeFit(rows: ReturnType<typeof weakHistory>, options: SimulationOptions, repeat: number, months: number): FitTimes;
}

afterEach(() => expect(harness().refused).toEqual([]));

test('a weak history at 1,000 trials: Chromium’s pool gives Node’s posterior run to the bit; the fit’s time on the page’s thread', async () => {
  const options: SimulationOptions = { scenario: 'beekeeper', trials: 1000, seed: 5, sampling: 'lhs' };
  const rows = weakHistory();
  const inputs = quickInputs(60); // the default horizon, as a pane without an assumptions table runs
  const node = simulate(withHistory(inputs, checkHistory(rows, inputs.base)), options)!;
  const pane = await harness().newPage();
  try {
    await pane.page.goto(harness().url('__test__/engine.html'));
    const result = await pane.page.evaluate(
      ([r, o]) => (window as unknown as EngineWindow).runWithHistory(r, 2, o, 5, 60),
      [rows, options] as const,
    );
    expect(differences(result.run, hexRun(node))).toEqual([]);
    expect(result.ess).toBe(node.posterior!.ess);
    const sorted = [...result.fitMs].sort((a, b) => a - b);
    console.log(
      `posterior fit at 1,000 trials (2,000 particles) on Chromium's page thread: ${result.fitMs.map((ms) => ms.toFixed(0)).join(', ')} ms ` +
        `(median ${sorted[2].toFixed(0)} ms), ESS ${result.ess.toFixed(0)}`,
    );
    expect(sorted[2]).toBeLessThan(10_000);
    // The pane's default run: 10,000 trials, so 10,000 particles.
    const big = await pane.page.evaluate(([r, o]) => (window as unknown as EngineWindow).timeFit(r, o, 3, 60), [
      rows,
      { ...options, trials: 10_000 },
    ] as const);
    console.log(
      `posterior fit at 10,000 trials (10,000 particles) on Chromium's page thread: ${big.fitMs.map((ms) => ms.toFixed(0)).join(', ')} ms, ESS ${big.ess.toFixed(0)}`,
    );
    expect(big.ess).toBeGreaterThanOrEqual(200);
  } finally {
    await pane.page.close();
  }
}, 600_000);
