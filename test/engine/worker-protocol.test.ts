/**
 * The worker's protocol (serveWorker), driven in this thread with recording ports: two workers
 * sample half the input columns each and swap them, run alternate blocks (the first ones held
 * until the other worker's columns are in), swap their sketches and send percentiles, and no
 * message leaves with a transfer list (a transfer detaches an ArrayBuffer, which slows a V8
 * thread's typed array code for good: see worker-protocol.ts).
 */
import { WorkerReply, WorkerRequest, WorkerScope, serveWorker } from '../../src/engine/worker-protocol';
import { quickInputs } from '../support/quick-inputs';
import {
  BLOCK_TRIALS,
  SimulationOptions,
  TrialRunner,
  blockCount,
  blockSamples,
  cellCount,
  ownedCells,
  planSimulation,
  sampleRun,
} from '../../src/engine/simulation';

/** A port stand-in: delivers structured clones on a later turn, as a MessagePort does, and records every post. */
class RecordingPort {
  readonly posts: { message: unknown; transferListGiven: boolean }[] = [];
  private listener?: (message: unknown) => void;
  private readonly queue: unknown[] = [];
  other?: RecordingPort;
  closed = false;

  onMessage(listener: (message: unknown) => void): void {
    this.listener = listener;
    this.queue.splice(0).forEach((m) => this.deliver(m));
  }

  post(message: unknown, ...transfer: unknown[]): void {
    this.posts.push({ message, transferListGiven: transfer.length > 0 });
    const copy = structuredClone(message);
    setImmediate(() => (this.other ? this.other.deliver(copy) : this.replies.push(copy as WorkerReply)));
  }

  /** What a worker posted to its parent (for a parent port). */
  readonly replies: WorkerReply[] = [];

  deliver(message: unknown): void {
    if (this.listener) this.listener(message);
    else this.queue.push(message);
  }

  close(): void {
    this.closed = true;
  }
}

/** A worker served over `parent`; the init request's channel ends are the recording ports themselves. */
function loadWorker(parent: RecordingPort): void {
  const scope: WorkerScope = {
    post: (message) => parent.post(message),
    onMessage: (listener) => parent.onMessage(listener),
    peer: (end) => end as RecordingPort,
  };
  serveWorker(scope);
}

const send = (parent: RecordingPort, request: WorkerRequest) => parent.deliver(request);
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

test('two workers: columns and sketches swapped over their ports, alternate blocks, the percentiles of one runner, nothing transferred', async () => {
  const inputs = quickInputs();
  const options: SimulationOptions = { scenario: 'compare', trials: 3 * BLOCK_TRIALS + 7, seed: 2, sampling: 'lhs' };
  const plan = planSimulation(inputs, options);
  const uniforms = sampleRun(plan);
  const parents = [new RecordingPort(), new RecordingPort()];
  parents.forEach(loadWorker);
  const [toOne, toZero] = [new RecordingPort(), new RecordingPort()];
  toOne.other = toZero; // worker 0 posts on toOne; worker 1 receives on toZero's listener
  toZero.other = toOne;
  const peerPorts = [toOne, toZero];
  const peers = [
    [undefined, toOne],
    [toZero, undefined],
  ];
  parents.forEach((p, index) => send(p, { type: 'init', plan, index, peers: peers[index] }));
  for (let k = 0; k < blockCount(options.trials); k++) {
    send(parents[k % 2], { type: 'block', block: k });
  }
  parents.forEach((p) => send(p, { type: 'finish' }));
  for (let i = 0; i < 20 && parents.some((p) => !p.replies.some((r) => r.type === 'percentiles')); i++) await turn();

  const errors = parents.flatMap((p) => p.replies.filter((r) => r.type === 'error'));
  expect(errors).toEqual([]);
  expect(parents.map((p) => p.replies.filter((r) => r.type === 'block').length)).toEqual([2, 2]);
  const cells = cellCount(plan);
  const merged = new Float64Array(3 * cells);
  for (const p of parents) {
    const reply = p.replies.find((r) => r.type === 'percentiles') as Extract<WorkerReply, { type: 'percentiles' }>;
    merged.set(reply.values, 3 * reply.range.first);
  }
  expect(parents.map((p) => (p.replies.find((r) => r.type === 'percentiles') as { range: unknown }).range)).toEqual([
    ownedCells(cells, 2, 0),
    ownedCells(cells, 2, 1),
  ]);
  const alone = new TrialRunner(plan);
  for (let k = 0; k < blockCount(options.trials); k++) {
    const own = alone.runBlock(k, blockSamples(uniforms, options.trials, k));
    const fromWorker = parents[k % 2].replies.find((r) => r.type === 'block' && r.output.block === k);
    expect((fromWorker as Extract<WorkerReply, { type: 'block' }>).output).toEqual(own); // inputs, sums, KPIs
  }
  expect(merged).toEqual(alone.percentiles(ownedCells(cells, 1, 0)));

  // Copies only: no post, to the parent or to a peer, came with a transfer list.
  const posts = [...parents, ...peerPorts].flatMap((p) => p.posts);
  expect(posts.length).toBe(4 + 2 + 2 + 2); // 4 blocks, 2 column sets, 2 sketch sets, 2 percentile sets
  const transferred = posts.filter((p) => p.transferListGiven);
  expect(
    transferred.map(
      (p) => (p.message as { type?: string; kind?: string }).type ?? (p.message as { kind: string }).kind,
    ),
  ).toEqual([]);
  expect(peerPorts.every((p) => p.closed)).toBe(true);
});
