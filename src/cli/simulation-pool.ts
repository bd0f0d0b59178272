/**
 * Runs a simulation over `worker_threads`: the main thread plans the run, hands out blocks of
 * trials to idle workers and merges what comes back (SimulationAggregator merges in block
 * order, so the numbers are the same for any number of workers). The workers talk to each other
 * over ports of their own: each samples a share of the input columns and sends it to the
 * others, and at the end each merges the others' sketches of its share of the cells and sends
 * only percentiles. One worker runs in this thread, yielding to the event loop between blocks so
 * that Ctrl-C is heard.
 */
import * as os from 'os';
import * as path from 'path';
import { MessageChannel, MessagePort, Worker } from 'worker_threads';
import { ModelError } from '../model/errors';
import type { SimulationInputs } from '../engine/simulation-inputs';
import {
  SimulationAggregator,
  SimulationOptions,
  SimulationPlan,
  SimulationRun,
  TrialRunner,
  blockCount,
  blockSamples,
  cellCount,
  ownedCells,
  planSimulation,
  sampleRun,
} from '../engine/simulation';
import type { WorkerReply, WorkerRequest } from './simulation-worker';
import { trialsRule } from '../engine/sampling';

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
 * Runs a simulation, in parallel when asked; resolves to undefined if `signal` aborts it. The
 * worker threads live for this run only (see {@link SimulationPool} to keep them).
 *
 * @example await simulateInPool(inputs, { scenario: 'beekeeper', trials: 10000, seed: 1, sampling: 'lhs' }, { workers: 2 })
 */
export async function simulateInPool(
  inputs: SimulationInputs,
  options: SimulationOptions,
  pool: PoolOptions = {},
): Promise<SimulationRun | undefined> {
  const workers = new SimulationPool(pool.workers ?? defaultWorkers());
  try {
    return await workers.run(inputs, options, pool);
  } finally {
    await workers.close();
  }
}

/**
 * Worker threads kept between runs: a thread takes a tenth of a second or more to start and
 * compile the model, which a host that runs again and again (a task pane, a benchmark) pays
 * once. A run that is aborted or fails ends the threads; the next run starts new ones.
 *
 * @example
 * const pool = new SimulationPool(2);
 * const a = await pool.run(inputs, { scenario: 'beekeeper', trials: 10000, seed: 1, sampling: 'lhs' });
 * const b = await pool.run(inputs, { scenario: 'compare', trials: 10000, seed: 2, sampling: 'lhs' });
 * await pool.close();
 */
export class SimulationPool {
  private workers: Worker[] = [];

  /** @param size - worker threads; 1 runs in the calling thread */
  constructor(readonly size: number) {}

  /** Runs one simulation; resolves to undefined if `signal` aborts it. */
  async run(
    inputs: SimulationInputs,
    options: SimulationOptions,
    hooks: Pick<PoolOptions, 'onProgress' | 'signal'> = {},
  ): Promise<SimulationRun | undefined> {
    // New threads boot and compile the model while this one plans and samples the run.
    const count = trialsRule.test(options.trials) ? Math.min(this.size, blockCount(options.trials)) : 1;
    if (count > 1) while (this.workers.length < count) this.workers.push(startWorker());
    const plan = planSimulation(inputs, options);
    const aggregator = new SimulationAggregator(plan);
    let finished: boolean;
    if (count <= 1) finished = await runHere(plan, sampleRun(plan), aggregator, hooks);
    else {
      try {
        const workers = this.workers.slice(0, count);
        startRun(plan, workers);
        finished = await runInWorkers(plan, aggregator, workers, hooks);
      } catch (e) {
        await this.close();
        throw e;
      }
      if (!finished) await this.close(); // aborted: the threads may be mid-block
    }
    return finished ? aggregator.finish(options, inputs) : undefined;
  }

  /** Ends the worker threads. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function runHere(
  plan: SimulationPlan,
  samples: Float64Array[],
  aggregator: SimulationAggregator,
  pool: Pick<PoolOptions, 'onProgress' | 'signal'>,
): Promise<boolean> {
  const runner = new TrialRunner(plan);
  for (let k = 0; k < blockCount(plan.trials); k++) {
    if (pool.signal?.aborted) return false;
    aggregator.addBlock(runner.runBlock(k, blockSamples(samples, plan.trials, k)));
    pool.onProgress?.(aggregator.done, plan.trials);
    await nextTurn();
  }
  if (pool.signal?.aborted) return false;
  const all = ownedCells(cellCount(plan), 1, 0);
  aggregator.addPercentiles(all, runner.percentiles(all));
  return true;
}

/** Sends each worker the plan, its number and a port to every other worker (to swap uniforms and sketches). */
function startRun(plan: SimulationPlan, workers: readonly Worker[]): void {
  const peers: (MessagePort | undefined)[][] = workers.map(() => workers.map(() => undefined));
  for (let v = 0; v < workers.length; v++) {
    for (let w = v + 1; w < workers.length; w++) {
      const { port1, port2 } = new MessageChannel();
      peers[v][w] = port1;
      peers[w][v] = port2;
    }
  }
  workers.forEach((worker, index) => {
    const request: WorkerRequest = { type: 'init', plan, index, peers: peers[index] };
    worker.postMessage(
      request,
      peers[index].filter((p): p is MessagePort => p !== undefined),
    );
  });
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

/** A worker event's listener (Node types it with `any` arguments). */
type Listener = Parameters<Worker['on']>[1];

/** Blocks sent ahead to each worker (see runInWorkers). */
const BLOCKS_IN_FLIGHT = 2;

function runInWorkers(
  plan: SimulationPlan,
  aggregator: SimulationAggregator,
  workers: readonly Worker[],
  hooks: Pick<PoolOptions, 'onProgress' | 'signal'>,
): Promise<boolean> {
  const blocks = blockCount(plan.trials);
  return new Promise<boolean>((resolve, reject) => {
    let nextBlock = 0;
    let percentilesIn = 0;
    let settled = false;
    const listeners: [Worker, string, Listener][] = [];
    const settle = (outcome: boolean | Error) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      for (const [worker, event, listener] of listeners) worker.off(event, listener);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = () => settle(false);
    hooks.signal?.addEventListener('abort', onAbort);
    if (hooks.signal?.aborted) return settle(false);

    const send = (worker: Worker, request: WorkerRequest) => worker.postMessage(request);
    const inFlight = new Map(workers.map((w) => [w, 0]));
    const finishing = new Set<Worker>();
    // Up to BLOCKS_IN_FLIGHT blocks a worker: a second one queued, so that it never waits for
    // this thread between blocks. The last blocks go only to workers with nothing queued, so
    // that no worker is left with two while another is idle. Then (once, when no block is left)
    // the request to finish, answered with the percentiles of the worker's cells once its blocks
    // are done and the other workers' sketches of those cells are in.
    const feed = (worker: Worker) => {
      const queued = () => inFlight.get(worker)!;
      while (
        nextBlock < blocks &&
        queued() < BLOCKS_IN_FLIGHT &&
        (queued() === 0 || blocks - nextBlock > workers.length)
      ) {
        const k = nextBlock++;
        inFlight.set(worker, queued() + 1);
        send(worker, { type: 'block', block: k });
      }
      if (nextBlock === blocks && !finishing.has(worker)) {
        finishing.add(worker);
        send(worker, { type: 'finish' });
      }
    };
    const listen = (worker: Worker, event: string, listener: Listener) => {
      worker.on(event, listener);
      listeners.push([worker, event, listener]);
    };
    for (const worker of workers) {
      listen(worker, 'message', (reply: WorkerReply) => {
        if (settled) return;
        if (reply.type === 'error') {
          return settle(
            reply.kind ? new ModelError(reply.kind as ModelError['kind'], reply.message) : new Error(reply.message),
          );
        }
        if (reply.type === 'block') {
          inFlight.set(worker, inFlight.get(worker)! - 1);
          aggregator.addBlock(reply.output);
          hooks.onProgress?.(aggregator.done, plan.trials);
          return feed(worker);
        }
        aggregator.addPercentiles(reply.range, reply.values);
        if (++percentilesIn === workers.length) settle(true);
      });
      listen(worker, 'error', (e: Error) => settle(e));
      listen(worker, 'exit', (code: number) => settle(new Error(`simulation worker stopped with exit code ${code}`)));
      feed(worker);
    }
  });
}
