/**
 * The host-neutral pool (src/engine/pool.ts) against an in-memory host (test/support/memory-workers.ts):
 * workers run serveWorker in this thread, every message a structured clone on a later turn. The
 * same seed gives the same numbers as simulate() for 1, 2 and 3 workers, to the bit.
 */
import { MAX_WORKERS, SimulationPool, THREADS_FROM_TRIALS, defaultWorkerCount } from '../../src/engine/pool';
import { BLOCK_TRIALS, SimulationOptions, blockCount, simulate } from '../../src/engine/simulation';
import { memoryHost } from '../support/memory-workers';
import { quickInputs } from '../support/quick-inputs';
import { withPlan } from '../../src/engine/simulation-inputs';
import { checkPlan } from '../../src/model/plan';

// The default uncertainty over 24 months: the split over workers does not depend on the horizon.
const inputs = quickInputs();

describe.each([
  { scenario: 'compare', trials: 5 * BLOCK_TRIALS + 13, seed: 7, sampling: 'lhs' },
  { scenario: 'beekeeper', trials: 3 * BLOCK_TRIALS, seed: 8, sampling: 'mc' },
] as SimulationOptions[])('$scenario, $trials trials, $sampling', (options) => {
  const reference = simulate(inputs, options)!;

  test.each([1, 2, 3])('%i in-memory workers give what simulate() gives', async (workers) => {
    const host = memoryHost();
    const pool = new SimulationPool(workers, host);
    const run = (await pool.run(inputs, options))!;
    await pool.close();
    // One worker runs in the calling thread; a run uses no more workers than it has blocks.
    const used = Math.min(workers, blockCount(options.trials));
    expect(host.started).toBe(used === 1 ? 0 : used);
    expect(run.samples).toEqual(reference.samples);
    run.scenarios.forEach((s, i) => {
      expect(s.kpis).toEqual(reference.scenarios[i].kpis);
      expect(s.monthly).toEqual(reference.scenarios[i].monthly);
    });
    // Only the init requests carry channel ends (one per worker when there are peers).
    expect(host.transfers).toEqual(used === 1 ? [] : Array(used).fill('init'));
  });
});

test('a pool kept between runs reuses its workers; an aborted run ends them and the next starts new ones', async () => {
  const host = memoryHost();
  const pool = new SimulationPool(3, host);
  const first: SimulationOptions = { scenario: 'beekeeper', trials: 4 * BLOCK_TRIALS, seed: 1, sampling: 'lhs' };
  const second: SimulationOptions = { scenario: 'proprietary', trials: 3 * BLOCK_TRIALS + 1, seed: 2, sampling: 'mc' };
  try {
    const a = (await pool.run(inputs, first))!;
    const b = (await pool.run(inputs, second))!;
    expect(host.started).toBe(3);
    expect(a.scenarios[0].monthly).toEqual(simulate(inputs, first)!.scenarios[0].monthly);
    expect(b.scenarios[0].kpis).toEqual(simulate(inputs, second)!.scenarios[0].kpis);

    const aborted = new AbortController();
    const cancelled = await pool.run(inputs, first, { signal: aborted.signal, onProgress: () => aborted.abort() });
    expect(cancelled).toBeUndefined();
    expect(host.terminated).toBe(3);
    const c = (await pool.run(inputs, second))!;
    expect(host.started).toBe(6);
    expect(c.scenarios[0].monthly).toEqual(b.scenarios[0].monthly);
  } finally {
    await pool.close();
  }
});

test('a worker that fails mid-run rejects the run and is ended with the others', async () => {
  const host = memoryHost();
  let workers = 0;
  const failing = {
    ...host,
    startWorker: () => {
      const port = host.startWorker();
      const second = workers++ === 1;
      // The second worker "crashes" a turn after the run starts, as a thread's error event would.
      return {
        ...port,
        onError: (listener: (e: Error) => void) => second && setImmediate(() => listener(new Error('boom'))),
      };
    },
  };
  const pool = new SimulationPool(2, failing);
  const options: SimulationOptions = { scenario: 'beekeeper', trials: 6 * BLOCK_TRIALS, seed: 1, sampling: 'lhs' };
  await expect(pool.run(inputs, options)).rejects.toThrow('boom');
  expect(host.terminated).toBe(2);
  await pool.close();
});

test('the default worker count: the calling thread below THREADS_FROM_TRIALS trials (compare counts twice), else one per core', () => {
  const below = THREADS_FROM_TRIALS - 1;
  expect(defaultWorkerCount({ scenario: 'beekeeper', trials: 10_000 }, 8)).toBe(1);
  expect(defaultWorkerCount({ scenario: 'proprietary', trials: below }, 8)).toBe(1);
  expect(defaultWorkerCount({ scenario: 'beekeeper', trials: THREADS_FROM_TRIALS }, 8)).toBe(8);
  expect(defaultWorkerCount({ scenario: 'compare', trials: Math.ceil(THREADS_FROM_TRIALS / 2) }, 2)).toBe(2);
  expect(defaultWorkerCount({ scenario: 'compare', trials: Math.ceil(THREADS_FROM_TRIALS / 2) - 1 }, 2)).toBe(1);
  expect(defaultWorkerCount({ scenario: 'beekeeper', trials: 100_000 }, 1)).toBe(1);
  expect(defaultWorkerCount({ scenario: 'beekeeper', trials: 100_000 }, 256)).toBe(MAX_WORKERS);
});

test('a plan crosses to the workers: 2 workers give what simulate() gives with the same plan', async () => {
  const planned = withPlan(
    inputs,
    checkPlan(
      [
        { month: 9, name: 'funding', value: 20e6 },
        { month: 5, name: 'customerChurn', value: 0.2 },
        { month: 3, name: 'engineers', value: 30 },
      ],
      inputs.base,
    ),
  );
  const options: SimulationOptions = { scenario: 'beekeeper', trials: 2 * BLOCK_TRIALS, seed: 3, sampling: 'lhs' };
  const pool = new SimulationPool(2, memoryHost());
  const run = (await pool.run(planned, options))!;
  await pool.close();
  const reference = simulate(planned, options)!;
  expect(run.scenarios[0].kpis).toEqual(reference.scenarios[0].kpis);
  expect(run.scenarios[0].monthly).toEqual(reference.scenarios[0].monthly);
  // And the plan did something: without it the runs differ.
  expect(simulate(inputs, options)!.scenarios[0].kpis.minCash).not.toEqual(reference.scenarios[0].kpis.minCash);
});
