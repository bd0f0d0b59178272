/**
 * The engine's worker ports over the browser's Web Workers (the task pane's side, webWorkerHost,
 * and a worker's side, webWorkerScope): the counterpart of src/cli/node-workers.ts. The pool and
 * the protocol are host-neutral (src/engine/pool.ts, worker-protocol.ts); this file only
 * translates. The pane's page is Excel's user interface, so a run never takes its thread
 * (keepCallingThreadFree), and it uses all cores but one, at least one.
 */
import type { WorkerHost } from '../engine/pool';
import type { ChannelEnd, PeerPort, WorkerPort, WorkerScope } from '../engine/worker-protocol';

/** The file webpack emits for src/taskpane/simulation-worker.ts, next to taskpane.html. */
export const WORKER_SCRIPT = 'simulation-worker.js';

/**
 * The workers a pane's run uses: all cores but one (Excel and the page keep theirs), at least one.
 *
 * @example paneWorkers(8) // 7
 */
export const paneWorkers = (cores: number | undefined): number => Math.max(1, Math.floor(cores ?? 2) - 1);

/**
 * Web Workers for the engine's pool; `script` is the worker bundle's URL.
 *
 * @example const pool = new SimulationPool(paneWorkers(navigator.hardwareConcurrency), webWorkerHost())
 */
export function webWorkerHost(script: string | URL = WORKER_SCRIPT): WorkerHost {
  return {
    startWorker: () => workerPort(new Worker(script, { name: 'beekeeper-simulation' })),
    createChannel: (): [ChannelEnd, ChannelEnd] => {
      const { port1, port2 } = new MessageChannel();
      return [port1, port2];
    },
    // A macrotask, so that clicks (Cancel) and paints are handled between blocks.
    nextTurn: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
    keepCallingThreadFree: true,
  };
}

function workerPort(worker: Worker): WorkerPort {
  return {
    post: (message, transfer) => worker.postMessage(message, (transfer ?? []) as Transferable[]),
    onMessage: (listener) => worker.addEventListener('message', (e: MessageEvent) => listener(e.data)),
    onError: (listener) => {
      worker.addEventListener('error', (e: ErrorEvent) => listener(new Error(e.message || 'simulation worker failed')));
      worker.addEventListener('messageerror', () => listener(new Error('a simulation message could not be read')));
    },
    // A Web Worker ends at once; nothing to wait for.
    terminate: async () => worker.terminate(),
  };
}

/** The part of a worker's global scope the protocol uses (DedicatedWorkerGlobalScope in browsers). */
export interface WorkerGlobal {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

/**
 * A Web Worker's side of the protocol: its global scope, and the MessagePorts its init request carries.
 *
 * @example serveWorker(webWorkerScope(self))
 */
export function webWorkerScope(scope: WorkerGlobal): WorkerScope {
  return {
    post: (message) => scope.postMessage(message),
    onMessage: (listener) => scope.addEventListener('message', (e) => listener(e.data)),
    peer: (end): PeerPort => {
      const port = end as MessagePort;
      return {
        post: (message) => port.postMessage(message),
        onMessage: (listener) => {
          port.addEventListener('message', (e: MessageEvent) => listener(e.data));
          port.start(); // addEventListener, unlike onmessage, does not start a MessagePort
        },
        close: () => port.close(),
      };
    },
  };
}
