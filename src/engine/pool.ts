/**
 * Runs a simulation over workers, whatever the host: the calling thread plans the run, hands
 * out blocks of trials to idle workers and merges what comes back (SimulationAggregator merges
 * in block order, so the numbers are the same for any number of workers). The workers talk to
 * each other over channels of their own (worker-protocol.ts). One worker runs in the calling
 * thread, yielding to the host between blocks so that a cancel is heard.
 *
 * The host gives the threads ({@link WorkerHost}): `worker_threads` in src/cli/node-workers.ts.
 */
import { ModelError } from '../model/errors';
import type { History } from '../model/history';
import type { FitProgress } from './posterior';
import type { SimulationInputs } from './simulation-inputs';
import {
  SimulationAggregator,
  SimulationOptions,
  SimulationPlan,
  SimulationRun,
  blockCount,
  planRun,
  planSimulation,
  runSteps,
} from './simulation';
import type { ChannelEnd, WorkerPort, WorkerReply, WorkerRequest } from './worker-protocol';
import { trialsRule } from './sampling';

/**
 * What a host gives the pool: workers that run {@link serveWorker}, channels between them, and
 * a way to let its event loop run.
 *
 * @example
 * // A browser host
 * const host: WorkerHost = {
 *   startWorker: () => browserWorkerPort(new Worker(new URL('./simulation-worker.js', import.meta.url))),
 *   createChannel: () => { const { port1, port2 } = new MessageChannel(); return [port1, port2]; },
 *   nextTurn: () => new Promise((resolve) => setTimeout(resolve, 0)),
 * };
 */
export interface WorkerHost {
  /** Starts a worker whose other side runs serveWorker. */
  startWorker(): WorkerPort;
  /** A channel between two workers: each end goes to one of them, transferred in its init request. */
  createChannel(): [ChannelEnd, ChannelEnd];
  /** Resolves once the host has handled what is pending (a cancel, a progress bar). */
  nextTurn(): Promise<void>;
  /**
   * Set where the calling thread is a user interface (the task pane's page): every run then goes
   * to at least one worker, never to the calling thread, so the page stays responsive.
   */
  readonly keepCallingThreadFree?: boolean;
}

export interface PoolOptions {
  /** Workers; 1 runs in the calling thread. */
  readonly workers?: number;
  /** Called after each block with trials done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * With a history, called as the posterior's fit goes, before the first trial: particles
   * simulated of the most the fit can take (FitProgress, posterior.ts).
   */
  readonly onFitProgress?: FitProgress;
  /** Aborting stops the run: workers are terminated and the promise resolves to undefined. */
  readonly signal?: AbortSignal;
}

/** The most workers a run may use. */
export const MAX_WORKERS = 64;

/**
 * Trials from which a run's default is one worker per core (a compare run's count twice: it
 * projects both scenarios). Below it the run stays in the calling thread: new threads boot and
 * compile the model cold, about half a second, which two threads win back only from about
 * 20,000 trials on a quiet machine and later on a busy one (docs/model.md quotes the bench).
 */
export const THREADS_FROM_TRIALS = 50_000;

/**
 * The default number of workers of a run: 1 (the calling thread) for small runs, where threads
 * cost more than they save, else one per core.
 *
 * @param available - the cores the host may use
 * @example defaultWorkerCount({ scenario: 'beekeeper', trials: 10000 }, 8) // 1
 * @example defaultWorkerCount({ scenario: 'compare', trials: 25000 }, 8) // 8
 */
export function defaultWorkerCount(options: Pick<SimulationOptions, 'scenario' | 'trials'>, available: number): number {
  const work = options.trials * (options.scenario === 'compare' ? 2 : 1);
  return work >= THREADS_FROM_TRIALS ? Math.max(1, Math.min(MAX_WORKERS, Math.floor(available))) : 1;
}

/** A worker of the pool, with the listeners of the run it is in (its port's listeners last its whole life). */
interface PooledWorker {
  readonly port: WorkerPort;
  onMessage?: (reply: WorkerReply) => void;
  onError?: (error: Error) => void;
  /** Set when the worker failed outside a run: the next run starts fresh workers. */
  failed?: Error;
}

/**
 * Workers kept between runs: a thread takes a tenth of a second or more to start and compile
 * the model, which a host that runs again and again (a task pane, a benchmark) pays once. A run
 * that is aborted or fails ends the workers; the next run starts new ones.
 *
 * @example
 * const pool = new SimulationPool(2, nodeWorkerHost);
 * const a = await pool.run(inputs, { scenario: 'beekeeper', trials: 10000, seed: 1, sampling: 'lhs' });
 * const b = await pool.run(inputs, { scenario: 'compare', trials: 10000, seed: 2, sampling: 'lhs' });
 * await pool.close();
 */
export class SimulationPool {
  private workers: PooledWorker[] = [];

  /**
   * @param size - workers; 1 runs in the calling thread, unless the host keeps it free
   * @param host - where the workers run
   */
  constructor(
    readonly size: number,
    private readonly host: WorkerHost,
  ) {}

  /** Runs one simulation; resolves to undefined if `signal` aborts it. */
  async run(
    inputs: SimulationInputs,
    options: SimulationOptions,
    hooks: Pick<PoolOptions, 'onProgress' | 'onFitProgress' | 'signal'> = {},
  ): Promise<SimulationRun | undefined> {
    const count = trialsRule.test(options.trials) ? Math.min(this.size, blockCount(options.trials)) : 1;
    const here = count <= 1 && !this.host.keepCallingThreadFree;
    if (this.workers.some((w) => w.failed)) await this.close();
    // New workers boot and compile the model while this thread plans and samples the run.
    if (!here) while (this.workers.length < count) this.workers.push(this.startWorker());
    const history = inputs.history ?? [];
    let plan =
      here || history.length === 0 ? planRun(inputs, options, hooks.onFitProgress) : planSimulation(inputs, options);
    let aggregator = new SimulationAggregator(plan);
    let finished: boolean;
    if (here) finished = await runHere(plan, aggregator, hooks, this.host);
    else {
      try {
        const workers = this.workers.slice(0, count);
        // A history: the first worker draws the trials from the posterior (seconds of work that
        // would freeze a page's thread), then every worker runs them.
        if (plan.posterior === undefined && history.length > 0) {
          const conditioned = await conditionInWorker(workers[0], plan, history, hooks);
          if (!conditioned) {
            await this.close();
            return undefined;
          }
          plan = conditioned;
        }
        aggregator = new SimulationAggregator(plan);
        startRun(plan, workers, this.host);
        finished = await runInWorkers(plan, aggregator, workers, hooks);
      } catch (e) {
        await this.close();
        throw e;
      }
      if (!finished) await this.close(); // aborted: the workers may be mid-block
    }
    return finished ? aggregator.finish(options, inputs) : undefined;
  }

  /** Ends the workers. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    for (const w of workers) w.onMessage = w.onError = undefined; // their exit is not a failure
    await Promise.all(workers.map((w) => w.port.terminate()));
  }

  private startWorker(): PooledWorker {
    const worker: PooledWorker = { port: this.host.startWorker() };
    worker.port.onMessage((m) => worker.onMessage?.(m as WorkerReply));
    worker.port.onError((e) => (worker.onError ? worker.onError(e) : (worker.failed ??= e)));
    return worker;
  }
}

async function runHere(
  plan: SimulationPlan,
  aggregator: SimulationAggregator,
  pool: Pick<PoolOptions, 'onProgress' | 'signal'>,
  host: WorkerHost,
): Promise<boolean> {
  for (const step of runSteps(plan, aggregator)) {
    if (step.phase === 'trials') pool.onProgress?.(step.done, step.total);
    await host.nextTurn();
    if (pool.signal?.aborted) return false;
  }
  return true;
}

/** Sends each worker the plan, its number and a channel end to every other worker (to swap uniforms and sketches). */
function startRun(plan: SimulationPlan, workers: readonly PooledWorker[], host: WorkerHost): void {
  const peers: (ChannelEnd | undefined)[][] = workers.map(() => workers.map(() => undefined));
  for (let v = 0; v < workers.length; v++) {
    for (let w = v + 1; w < workers.length; w++) [peers[v][w], peers[w][v]] = host.createChannel();
  }
  workers.forEach((worker, index) => {
    const request: WorkerRequest = { type: 'init', plan, index, peers: peers[index] };
    worker.port.post(
      request,
      peers[index].filter((p) => p !== undefined),
    );
  });
}

/** Blocks sent ahead to each worker (see runInWorkers). */
const BLOCKS_IN_FLIGHT = 2;

function runInWorkers(
  plan: SimulationPlan,
  aggregator: SimulationAggregator,
  workers: readonly PooledWorker[],
  hooks: Pick<PoolOptions, 'onProgress' | 'signal'>,
): Promise<boolean> {
  const blocks = blockCount(plan.trials);
  return new Promise<boolean>((resolve, reject) => {
    let nextBlock = 0;
    let percentilesIn = 0;
    let settled = false;
    const settle = (outcome: boolean | Error) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) worker.onMessage = worker.onError = undefined;
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = () => settle(false);
    hooks.signal?.addEventListener('abort', onAbort);
    if (hooks.signal?.aborted) return settle(false);

    const send = (worker: PooledWorker, request: WorkerRequest) => worker.port.post(request);
    const inFlight = new Map(workers.map((w) => [w, 0]));
    const finishing = new Set<PooledWorker>();
    // Up to BLOCKS_IN_FLIGHT blocks a worker: a second one queued, so that it never waits for
    // this thread between blocks. The last blocks go only to workers with nothing queued, so
    // that no worker is left with two while another is idle. Then (once, when no block is left)
    // the request to finish, answered with the percentiles of the worker's cells once its blocks
    // are done and the other workers' sketches of those cells are in.
    const feed = (worker: PooledWorker) => {
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
    for (const worker of workers) {
      worker.onMessage = (reply) => {
        if (settled) return;
        if (reply.type === 'error') {
          return settle(
            reply.kind ? new ModelError(reply.kind as ModelError['kind'], reply.message) : new Error(reply.message),
          );
        }
        if (reply.type === 'conditioned' || reply.type === 'fitting')
          return settle(new Error(`pool: a ${reply.type} reply during the run`));
        if (reply.type === 'block') {
          inFlight.set(worker, inFlight.get(worker)! - 1);
          aggregator.addBlock(reply.output);
          hooks.onProgress?.(aggregator.done, plan.trials);
          return feed(worker);
        }
        aggregator.addPercentiles(reply.range, reply.values);
        if (++percentilesIn === workers.length) settle(true);
      };
      worker.onError = (e) => settle(e);
      feed(worker);
    }
  });
}

/**
 * The plan with its trials drawn from the posterior, computed by `worker` (conditionPlan);
 * undefined if `signal` aborts first. A history that does not fit rejects with the ModelError
 * that says why.
 */
function conditionInWorker(
  worker: PooledWorker,
  plan: SimulationPlan,
  history: History,
  { signal, onFitProgress }: Pick<PoolOptions, 'signal' | 'onFitProgress'>,
): Promise<SimulationPlan | undefined> {
  return new Promise((resolve, reject) => {
    const done = (settle: () => void) => {
      worker.onMessage = worker.onError = undefined;
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => done(() => resolve(undefined));
    if (signal?.aborted) return resolve(undefined);
    signal?.addEventListener('abort', onAbort);
    worker.onMessage = (reply) => {
      if (reply.type === 'fitting') onFitProgress?.(reply.done, reply.total);
      else if (reply.type === 'conditioned') done(() => resolve(reply.plan));
      else if (reply.type === 'error')
        done(() =>
          reject(
            reply.kind ? new ModelError(reply.kind as ModelError['kind'], reply.message) : new Error(reply.message),
          ),
        );
      else done(() => reject(new Error(`pool: a ${reply.type} reply while the posterior was fitted`)));
    };
    worker.onError = (e) => done(() => reject(e));
    const request: WorkerRequest = { type: 'condition', plan, history };
    worker.port.post(request);
  });
}
