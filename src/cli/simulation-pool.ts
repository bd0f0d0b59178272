/**
 * Runs a simulation over `worker_threads`: the main thread samples the inputs, hands out blocks
 * of trials to idle workers and merges what comes back (SimulationAggregator merges in block
 * order, so the numbers are the same for any number of workers). One worker runs in this
 * thread, yielding to the event loop between blocks so that Ctrl-C is heard.
 */
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { ModelError } from '../model/errors';
import type { SimulationInputs } from '../model/simulation-inputs';
import {
  SimulationAggregator,
  SimulationOptions,
  SimulationPlan,
  SimulationRun,
  TrialRunner,
  blockCount,
  blockSamples,
  planSimulation,
  sampleRun,
} from '../model/simulation';
import type { WorkerReply, WorkerRequest } from './simulation-worker';

export interface PoolOptions {
  /** Worker threads; 1 runs in this thread. Default: the machine's available parallelism. */
  readonly workers?: number;
  /** Called after each block with trials done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborting stops the run: workers are terminated and the promise resolves to undefined. */
  readonly signal?: AbortSignal;
}

/** The most worker threads a run may use. */
export const MAX_WORKERS = 64;

/** Default worker count: one per core the process may use. */
export const defaultWorkers = (): number => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/**
 * Runs a simulation, in parallel when asked; resolves to undefined if `signal` aborts it.
 *
 * @example await simulateInPool(inputs, { scenario: 'beekeeper', trials: 10000, seed: 1, sampling: 'lhs' }, { workers: 2 })
 */
export async function simulateInPool(
  inputs: SimulationInputs,
  options: SimulationOptions,
  pool: PoolOptions = {},
): Promise<SimulationRun | undefined> {
  const plan = planSimulation(inputs, options);
  const samples = sampleRun(inputs, options);
  const blocks = blockCount(plan.trials);
  const workers = Math.min(pool.workers ?? defaultWorkers(), blocks);
  const aggregator = new SimulationAggregator(plan);
  const finished =
    workers <= 1
      ? await runHere(plan, samples, aggregator, pool)
      : await runInWorkers(plan, samples, aggregator, workers, pool);
  return finished ? aggregator.finish(options, inputs) : undefined;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function runHere(
  plan: SimulationPlan,
  samples: Float64Array[],
  aggregator: SimulationAggregator,
  pool: PoolOptions,
): Promise<boolean> {
  const runner = new TrialRunner(plan);
  for (let k = 0; k < blockCount(plan.trials); k++) {
    if (pool.signal?.aborted) return false;
    aggregator.addBlock(runner.runBlock(k, blockSamples(samples, plan.trials, k)));
    pool.onProgress?.(aggregator.done, plan.trials);
    await nextTurn();
  }
  if (pool.signal?.aborted) return false;
  aggregator.addSketches(runner.collectSketches());
  return true;
}

/** The worker's entry: compiled JavaScript next to this file, or (under ts-jest) its TypeScript source. */
function startWorker(): Worker {
  const compiled = path.join(__dirname, 'simulation-worker.js');
  if (!__filename.endsWith('.ts')) return new Worker(compiled);
  const source = path.join(__dirname, 'simulation-worker.ts');
  const bootstrap = `
    const fs = require('fs');
    const ts = require(${JSON.stringify(require.resolve('typescript'))});
    require.extensions['.ts'] = (module, filename) => {
      const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
      });
      module._compile(outputText, filename);
    };
    require(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { eval: true });
}

function runInWorkers(
  plan: SimulationPlan,
  samples: Float64Array[],
  aggregator: SimulationAggregator,
  count: number,
  pool: PoolOptions,
): Promise<boolean> {
  const blocks = blockCount(plan.trials);
  return new Promise<boolean>((resolve, reject) => {
    const workers: Worker[] = [];
    let nextBlock = 0;
    let sketchesIn = 0;
    let settled = false;
    const settle = (outcome: boolean | Error) => {
      if (settled) return;
      settled = true;
      pool.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = () => settle(false);
    pool.signal?.addEventListener('abort', onAbort);
    if (pool.signal?.aborted) return settle(false);

    const send = (worker: Worker, request: WorkerRequest) => worker.postMessage(request);
    const feed = (worker: Worker) => {
      if (nextBlock < blocks) {
        const k = nextBlock++;
        send(worker, { type: 'block', block: k, samples: blockSamples(samples, plan.trials, k).map((c) => c.slice()) });
      } else send(worker, { type: 'finish' });
    };
    for (let i = 0; i < count; i++) {
      const worker = startWorker();
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (settled) return;
        if (reply.type === 'error') {
          return settle(
            reply.kind ? new ModelError(reply.kind as ModelError['kind'], reply.message) : new Error(reply.message),
          );
        }
        if (reply.type === 'block') {
          aggregator.addBlock(reply.output);
          pool.onProgress?.(aggregator.done, plan.trials);
          return feed(worker);
        }
        aggregator.addSketches(reply.sketches);
        if (++sketchesIn === count) settle(true);
      });
      worker.on('error', (e) => settle(e));
      worker.on('exit', (code) => {
        if (!settled) settle(new Error(`simulation worker stopped with exit code ${code}`));
      });
      send(worker, { type: 'init', plan });
      feed(worker);
    }
  });
}
