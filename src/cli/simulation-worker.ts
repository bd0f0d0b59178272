/**
 * A worker thread of a simulation run: receives the plan and a port to each other worker, runs
 * the blocks it is sent, and at the end merges the sketches of the cells it owns with the other
 * workers' (sent over those ports) and sends their percentiles (see simulation-pool.ts).
 */
import { MessagePort, parentPort } from 'worker_threads';
import { ModelError } from '../model/errors';
import type { PackedSketches } from '../model/quantile-sketch';
import { CellRange, SimulationPlan, TrialRunner, cellCount, ownedCells } from '../model/simulation';

export type WorkerRequest =
  | {
      readonly type: 'init';
      readonly plan: SimulationPlan;
      /** This worker's number, 0 to peers.length − 1. */
      readonly index: number;
      /** peers[v]: the port to worker v; undefined at this worker's own index. */
      readonly peers: readonly (MessagePort | undefined)[];
    }
  | { readonly type: 'block'; readonly block: number; readonly samples: Float64Array[] }
  | { readonly type: 'finish' };

export type WorkerReply =
  | { readonly type: 'block'; readonly output: ReturnType<TrialRunner['runBlock']> }
  | { readonly type: 'percentiles'; readonly range: CellRange; readonly values: Float64Array }
  | { readonly type: 'error'; readonly message: string; readonly kind?: string };

/** The run this worker is in. */
interface Run {
  readonly runner: TrialRunner;
  readonly cells: number;
  readonly index: number;
  readonly peers: readonly (MessagePort | undefined)[];
  /** The other workers' sketches of this worker's cells, as they arrive. */
  readonly incoming: PackedSketches[];
  /** Whether this worker's blocks are all done (the 'finish' request came). */
  finishing: boolean;
}

const port = parentPort;
let run: Run | undefined;

/**
 * Messages leave this thread as copies, never with a transfer list. Transferring detaches an
 * ArrayBuffer, and the first detach in a thread (V8 isolate) makes its optimized code check
 * every typed array access for a detached buffer from then on: a worker whose run ended with a
 * transfer ran the next run's blocks 27.6 against 24.0 ms (median, same two threads, same
 * machine state). The copies cost a fraction of a millisecond.
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

const ownCells = (r: Run, worker = r.index): CellRange => ownedCells(r.cells, r.peers.length, worker);

function start({ plan, index, peers }: Extract<WorkerRequest, { type: 'init' }>): void {
  const current: Run = {
    runner: new TrialRunner(plan),
    cells: cellCount(plan),
    index,
    peers,
    incoming: [],
    finishing: false,
  };
  for (const peer of peers) {
    peer?.on('message', (sketches: PackedSketches) => {
      current.incoming.push(sketches);
      complete(current);
    });
  }
  run = current;
}

/** This worker's blocks are done: each other worker gets this worker's sketches of its cells. */
function finish(current: Run): void {
  current.finishing = true;
  current.peers.forEach((peer, v) => {
    if (!peer) return;
    peer.postMessage(current.runner.exportSketches(ownCells(current, v))); // copied, not transferred: see reply
  });
  complete(current);
}

/** Once this worker's blocks are done and every other worker's sketches are in: the percentiles. */
function complete(current: Run): void {
  if (!current.finishing || current.incoming.length < current.peers.length - 1) return;
  try {
    const range = ownCells(current);
    for (const sketches of current.incoming) current.runner.mergeSketches(range, sketches);
    const values = current.runner.percentiles(range);
    for (const peer of current.peers) peer?.close();
    if (run === current) run = undefined;
    reply({ type: 'percentiles', range, values });
  } catch (e) {
    replyError(e);
  }
}

if (port) {
  port.on('message', (request: WorkerRequest) => {
    try {
      if (request.type === 'init') start(request);
      else if (request.type === 'block')
        reply({ type: 'block', output: run!.runner.runBlock(request.block, request.samples) });
      else finish(run!);
    } catch (e) {
      replyError(e);
    }
  });
}
