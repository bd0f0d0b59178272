/**
 * A worker thread of a simulation run. It receives the plan and a port to each other worker;
 * samples its share of the input columns and swaps them with the other workers over those
 * ports; runs the blocks it is sent; and at the end merges the sketches of the cells it owns
 * with the other workers' (swapped the same way) and sends their percentiles (see
 * simulation-pool.ts).
 */
import { MessagePort, parentPort } from 'worker_threads';
import { ModelError } from '../model/errors';
import type { PackedSketches } from '../engine/quantile-sketch';
import {
  CellRange,
  SimulationPlan,
  TrialRunner,
  blockSamples,
  cellCount,
  ownedCells,
  sampleColumns,
} from '../engine/simulation';

export type WorkerRequest =
  | {
      readonly type: 'init';
      readonly plan: SimulationPlan;
      /** This worker's number, 0 to peers.length − 1. */
      readonly index: number;
      /** peers[v]: the port to worker v; undefined at this worker's own index. */
      readonly peers: readonly (MessagePort | undefined)[];
    }
  | { readonly type: 'block'; readonly block: number }
  | { readonly type: 'finish' };

export type WorkerReply =
  | { readonly type: 'block'; readonly output: ReturnType<TrialRunner['runBlock']> }
  | { readonly type: 'percentiles'; readonly range: CellRange; readonly values: Float64Array }
  | { readonly type: 'error'; readonly message: string; readonly kind?: string };

/** What workers send each other: their share of the uniforms, and at the end their sketches of each other's cells. */
type PeerMessage =
  | { readonly kind: 'uniforms'; readonly columns: readonly number[]; readonly values: readonly Float64Array[] }
  | { readonly kind: 'sketches'; readonly packed: PackedSketches };

/** The run this worker is in. */
interface Run {
  readonly plan: SimulationPlan;
  readonly runner: TrialRunner;
  readonly index: number;
  readonly peers: readonly (MessagePort | undefined)[];
  /** The run's uniform columns, filled as this worker and the others sample them. */
  readonly uniforms: (Float64Array | undefined)[];
  /** Blocks and the finish request that came before every column was in. */
  readonly waiting: Exclude<WorkerRequest, { type: 'init' }>[];
  /** The other workers' sketches of this worker's cells, as they arrive. */
  readonly sketches: PackedSketches[];
  /** Whether this worker's blocks are all done (the finish request was handled). */
  finishing: boolean;
}

const port = parentPort;
let run: Run | undefined;
/** The runner of the last run that finished: the next one takes its arrays over. */
let finished: TrialRunner | undefined;

/**
 * Messages leave this thread as copies, never with a transfer list. Transferring detaches an
 * ArrayBuffer, and the first detach in a thread (V8 isolate) makes its optimized code check
 * every typed array access for a detached buffer from then on: workers whose runs ended with
 * a transfer ran their blocks in 27.4–28.2 ms (median per run), the same code without the
 * transfer list in 22.9–23.3, in runs a minute apart. The copies cost about a millisecond.
 */
function reply(message: WorkerReply): void {
  port!.postMessage(message);
}

function replyError(e: unknown): void {
  reply(
    e instanceof ModelError
      ? { type: 'error', message: e.message, kind: e.kind }
      : { type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) },
  );
}

const workers = (r: Run) => r.peers.length;
const ownCells = (r: Run, worker = r.index): CellRange => ownedCells(cellCount(r.plan), workers(r), worker);
const sampled = (r: Run) => r.uniforms.every((column) => column !== undefined);

/**
 * Samples this worker's columns (every workers-th one) and sends them to the others first, then
 * makes the run's runner while theirs are on the way: no block can start before every column is in.
 */
function start({ plan, index, peers }: Extract<WorkerRequest, { type: 'init' }>): void {
  const columns = plan.variables.map((_, i) => i).filter((i) => i % peers.length === index);
  const values = sampleColumns(plan, columns);
  const message: PeerMessage = { kind: 'uniforms', columns, values };
  for (const peer of peers) peer?.postMessage(message); // copied, not transferred: see reply
  const current: Run = {
    plan,
    runner: new TrialRunner(plan, finished), // the arrays of the last run, if any
    index,
    peers,
    uniforms: plan.variables.map(() => undefined),
    waiting: [],
    sketches: [],
    finishing: false,
  };
  columns.forEach((i, j) => (current.uniforms[i] = values[j]));
  run = current;
  for (const peer of peers) peer?.on('message', (m: PeerMessage) => fromPeer(current, m));
}

function fromPeer(current: Run, message: PeerMessage): void {
  try {
    if (message.kind === 'uniforms') {
      message.columns.forEach((i, j) => (current.uniforms[i] = message.values[j]));
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
function handle(current: Run, request: Exclude<WorkerRequest, { type: 'init' }>): void {
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
    peer.postMessage(message); // copied, not transferred: see reply
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

if (port) {
  port.on('message', (request: WorkerRequest) => {
    try {
      if (request.type === 'init') start(request);
      else handle(run!, request);
    } catch (e) {
      replyError(e);
    }
  });
}
