/**
 * The simulation worker's protocol, host-neutral: the messages between the pool (pool.ts) and
 * its workers, the ports they travel over, and what a worker does with each message
 * ({@link serveWorker}). A host adapter implements the ports: `worker_threads` in
 * src/cli/node-workers.ts; Web Workers and MessageChannel in a browser fit the same interfaces.
 *
 * A worker receives the plan and a channel end to each other worker; samples its share of the
 * input columns and swaps them with the other workers; runs the blocks it is sent; and at the
 * end merges the sketches of the cells it owns with the other workers' (swapped the same way)
 * and sends their percentiles.
 */
import { ModelError } from '../model/errors';
import type { PackedSketches } from './quantile-sketch';
import {
  CellRange,
  SimulationPlan,
  TrialRunner,
  blockSamples,
  cellCount,
  conditionPlan,
  correlateRun,
  ownedCells,
  sampleColumns,
} from './simulation';
import type { History } from '../model/history';

/**
 * One end of a channel between two workers, as the host transfers it: a MessagePort in Node and
 * in browsers, anything in an in-memory host. Only the host's own adapter looks inside.
 */
export type ChannelEnd = unknown;

/**
 * The pool's side of one worker (a Node Worker, a browser Worker, or a fake in the same thread).
 *
 * @example
 * // A browser adapter
 * const port: WorkerPort = {
 *   post: (m, transfer) => worker.postMessage(m, (transfer ?? []) as Transferable[]),
 *   onMessage: (listener) => worker.addEventListener('message', (e) => listener(e.data)),
 *   onError: (listener) => worker.addEventListener('error', (e) => listener(new Error(e.message))),
 *   terminate: async () => worker.terminate(),
 * };
 */
export interface WorkerPort {
  /** Sends a message; `transfer` lists the channel ends it carries (only the init request has any). */
  post(message: unknown, transfer?: readonly ChannelEnd[]): void;
  /** Listens to the worker's messages, for the worker's whole life. */
  onMessage(listener: (message: unknown) => void): void;
  /** Listens for the worker failing or stopping on its own, for the worker's whole life. */
  onError(listener: (error: Error) => void): void;
  /** Stops the worker. */
  terminate(): Promise<void>;
}

/** A worker's view of its end of a channel to another worker. */
export interface PeerPort {
  /** Sends a copy of the message (never a transfer: see {@link serveWorker}). */
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  close(): void;
}

/**
 * A worker's side of its link to the pool (a Node worker's parentPort, a Web Worker's global
 * scope), and how the host opens the channel ends the init request carries.
 *
 * @example
 * // In a Web Worker
 * serveWorker({
 *   post: (m) => self.postMessage(m),
 *   onMessage: (listener) => self.addEventListener('message', (e) => listener(e.data)),
 *   peer: (end) => browserPeer(end as MessagePort),
 * });
 */
export interface WorkerScope {
  /** Sends a copy of the message to the pool. */
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The port of a channel end received in the init request. */
  peer(end: ChannelEnd): PeerPort;
}

export type WorkerRequest =
  | {
      readonly type: 'init';
      readonly plan: SimulationPlan;
      /** This worker's number, 0 to peers.length − 1. */
      readonly index: number;
      /** peers[v]: the channel end to worker v; undefined at this worker's own index. */
      readonly peers: readonly (ChannelEnd | undefined)[];
    }
  | { readonly type: 'block'; readonly block: number }
  | { readonly type: 'finish' }
  /** Draw the plan's trials from the posterior given the history (conditionPlan), before any init. */
  | { readonly type: 'condition'; readonly plan: SimulationPlan; readonly history: History };

export type WorkerReply =
  | { readonly type: 'block'; readonly output: ReturnType<TrialRunner['runBlock']> }
  | { readonly type: 'percentiles'; readonly range: CellRange; readonly values: Float64Array }
  | { readonly type: 'conditioned'; readonly plan: SimulationPlan }
  /** How far the fit of a 'condition' request is (FitProgress), several times before 'conditioned'. */
  | { readonly type: 'fitting'; readonly done: number; readonly total: number }
  | { readonly type: 'error'; readonly message: string; readonly kind?: string };

/** What workers send each other: their share of the uniforms, and at the end their sketches of each other's cells. */
type PeerMessage =
  | { readonly kind: 'uniforms'; readonly columns: readonly number[]; readonly values: readonly Float64Array[] }
  | { readonly kind: 'sketches'; readonly packed: PackedSketches };

/** The run a worker is in. */
interface Run {
  readonly plan: SimulationPlan;
  readonly runner: TrialRunner;
  readonly index: number;
  /** peers[v]: the port to worker v; undefined at this worker's own index. */
  readonly peers: readonly (PeerPort | undefined)[];
  /** The run's uniform columns, filled as this worker and the others sample them. */
  readonly uniforms: (Float64Array | undefined)[];
  /** Blocks and the finish request that came before every column was in. */
  readonly waiting: Extract<WorkerRequest, { type: 'block' | 'finish' }>[];
  /** The other workers' sketches of this worker's cells, as they arrive. */
  readonly sketches: PackedSketches[];
  /** Whether this worker's blocks are all done (the finish request was handled). */
  finishing: boolean;
  /** Whether the run's correlations have been imposed on the uniforms (once all are in). */
  correlated: boolean;
}

const workers = (r: Run) => r.peers.length;
const ownCells = (r: Run, worker = r.index): CellRange => ownedCells(cellCount(r.plan), workers(r), worker);
const sampled = (r: Run) => r.uniforms.every((column) => column !== undefined);

/**
 * Once every column is in: the run's correlations imposed on them (each worker computes the same
 * from the same columns, so they agree to the bit; see correlateRun). Columns arrive as copies,
 * and correlateRun makes new arrays, so no other worker's columns are touched.
 */
function correlateOnce(r: Run): void {
  if (r.correlated || !sampled(r)) return;
  correlateRun(r.plan, r.uniforms as Float64Array[]).forEach((column, i) => (r.uniforms[i] = column));
  r.correlated = true;
}

/**
 * Makes `scope` a simulation worker: from then on it answers the pool's requests (one run at a
 * time, for as many runs as the pool sends). Each call keeps its own state, so several workers
 * can run in one thread (an in-memory host, a test).
 *
 * Messages leave a worker as copies, never with a transfer list (the ports' types have none).
 * Transferring detaches an ArrayBuffer, and the first detach in a thread (V8 isolate) makes its
 * optimized code check every typed array access for a detached buffer from then on: workers
 * whose runs ended with a transfer ran their blocks in 27.4–28.2 ms (median per run), the same
 * code without the transfer list in 22.9–23.3, in runs a minute apart. The copies cost about a
 * millisecond.
 *
 * @example
 * // The whole entry file of a Node worker thread (src/cli/simulation-worker.ts)
 * serveWorker(nodeWorkerScope(parentPort!));
 */
export function serveWorker(scope: WorkerScope): void {
  let run: Run | undefined;
  /** The runner of the last run that finished: the next one takes its arrays over. */
  let finished: TrialRunner | undefined;

  const reply = (message: WorkerReply) => scope.post(message);
  const replyError = (e: unknown) =>
    reply(
      e instanceof ModelError
        ? { type: 'error', message: e.message, kind: e.kind }
        : { type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) },
    );

  /**
   * Samples this worker's columns (every workers-th one) and sends them to the others first, then
   * makes the run's runner while theirs are on the way: no block can start before every column is in.
   */
  function start({ plan, index, peers: ends }: Extract<WorkerRequest, { type: 'init' }>): void {
    const peers = ends.map((end) => (end === undefined ? undefined : scope.peer(end)));
    const columns = plan.variables.map((_, i) => i).filter((i) => i % peers.length === index);
    const values = sampleColumns(plan, columns);
    const message: PeerMessage = { kind: 'uniforms', columns, values };
    for (const peer of peers) peer?.post(message);
    const current: Run = {
      plan,
      runner: new TrialRunner(plan, finished), // the arrays of the last run, if any
      index,
      peers,
      uniforms: plan.variables.map(() => undefined),
      waiting: [],
      sketches: [],
      finishing: false,
      correlated: false,
    };
    columns.forEach((i, j) => (current.uniforms[i] = values[j]));
    correlateOnce(current); // a single worker has every column
    run = current;
    for (const peer of peers) peer?.onMessage((m) => fromPeer(current, m as PeerMessage));
  }

  function fromPeer(current: Run, message: PeerMessage): void {
    try {
      if (message.kind === 'uniforms') {
        message.columns.forEach((i, j) => (current.uniforms[i] = message.values[j]));
        correlateOnce(current);
        if (sampled(current)) current.waiting.splice(0).forEach((request) => handle(current, request));
      } else {
        current.sketches.push(message.packed);
        complete(current);
      }
    } catch (e) {
      replyError(e);
    }
  }

  /** A block or the finish request, once every uniform column is in. */
  function handle(current: Run, request: Extract<WorkerRequest, { type: 'block' | 'finish' }>): void {
    if (!sampled(current)) {
      current.waiting.push(request);
    } else if (request.type === 'block') {
      const samples = blockSamples(current.uniforms as Float64Array[], current.plan.trials, request.block);
      reply({ type: 'block', output: current.runner.runBlock(request.block, samples) });
    } else finish(current);
  }

  /** This worker's blocks are done: each other worker gets this worker's sketches of its cells. */
  function finish(current: Run): void {
    current.finishing = true;
    current.peers.forEach((peer, v) => {
      if (!peer) return;
      const message: PeerMessage = { kind: 'sketches', packed: current.runner.exportSketches(ownCells(current, v)) };
      peer.post(message);
    });
    complete(current);
  }

  /** Once this worker's blocks are done and every other worker's sketches are in: the percentiles. */
  function complete(current: Run): void {
    if (!current.finishing || current.sketches.length < workers(current) - 1) return;
    const range = ownCells(current);
    for (const packed of current.sketches) current.runner.mergeSketches(range, packed);
    const values = current.runner.percentiles(range);
    for (const peer of current.peers) peer?.close();
    if (run === current) run = undefined;
    finished = current.runner;
    reply({ type: 'percentiles', range, values });
  }

  scope.onMessage((message) => {
    const request = message as WorkerRequest;
    try {
      if (request.type === 'init') start(request);
      else if (request.type === 'condition')
        reply({
          type: 'conditioned',
          plan: conditionPlan(request.plan, request.history, (done, total) => reply({ type: 'fitting', done, total })),
        });
      else handle(run!, request);
    } catch (e) {
      replyError(e);
    }
  });
}
