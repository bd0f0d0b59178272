/**
 * A worker thread of a simulation run: receives the plan, runs the blocks it is sent, and at
 * the end sends the quantile sketches of every block it ran (see simulation-pool.ts).
 */
import { parentPort } from 'worker_threads';
import { ModelError } from '../model/errors';
import { SimulationPlan, TrialRunner } from '../model/simulation';

export type WorkerRequest =
  | { readonly type: 'init'; readonly plan: SimulationPlan }
  | { readonly type: 'block'; readonly block: number; readonly samples: Float64Array[] }
  | { readonly type: 'finish' };

export type WorkerReply =
  | { readonly type: 'block'; readonly output: ReturnType<TrialRunner['runBlock']> }
  | { readonly type: 'sketches'; readonly sketches: ReturnType<TrialRunner['collectSketches']> }
  | { readonly type: 'error'; readonly message: string; readonly kind?: string };

let runner: TrialRunner | undefined;
const port = parentPort;
if (port) {
  port.on('message', (request: WorkerRequest) => {
    try {
      if (request.type === 'init') runner = new TrialRunner(request.plan);
      else if (request.type === 'block')
        port.postMessage({ type: 'block', output: runner!.runBlock(request.block, request.samples) });
      else {
        const sketches = runner!.collectSketches();
        runner = undefined; // its sketches are no longer needed: let them go before the copies travel
        // The counts are fresh copies: move them instead of cloning them again.
        const buffers = sketches
          .flat()
          .flatMap((t) => [t.positiveCounts.buffer as ArrayBuffer, t.negativeCounts.buffer as ArrayBuffer]);
        port.postMessage({ type: 'sketches', sketches }, buffers);
      }
    } catch (e) {
      const reply: WorkerReply =
        e instanceof ModelError
          ? { type: 'error', message: e.message, kind: e.kind }
          : { type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      port.postMessage(reply);
    }
  });
}
