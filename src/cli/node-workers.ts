/**
 * The engine's worker ports over Node's `worker_threads`: the pool's side (nodeWorkerHost:
 * Worker, MessageChannel, setImmediate) and a worker thread's side (nodeWorkerScope over its
 * parentPort). The pool and the protocol themselves are host-neutral (src/engine/pool.ts,
 * worker-protocol.ts); this file only translates.
 */
import * as os from 'os';
import * as path from 'path';
import { MessageChannel, MessagePort, TransferListItem, Worker } from 'worker_threads';
import { PoolOptions, SimulationPool, WorkerHost, defaultWorkerCount } from '../engine/pool';
import type { SimulationInputs } from '../engine/simulation-inputs';
import type { SimulationOptions, SimulationRun } from '../engine/simulation';
import type { ChannelEnd, PeerPort, WorkerPort, WorkerScope } from '../engine/worker-protocol';

/**
 * Default worker count: for a run, as defaultWorkerCount decides (1 below THREADS_FROM_TRIALS
 * trials, else one per core the process may use); without one, one per core.
 *
 * @example defaultWorkers({ scenario: 'beekeeper', trials: 10000 }) // 1
 */
export function defaultWorkers(options?: Pick<SimulationOptions, 'scenario' | 'trials'>): number {
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  return options ? defaultWorkerCount(options, cores) : cores;
}

/**
 * Worker threads, for the engine's pool.
 *
 * @example const pool = new SimulationPool(2, nodeWorkerHost)
 */
export const nodeWorkerHost: WorkerHost = {
  startWorker: () => workerPort(startWorker()),
  createChannel: (): [ChannelEnd, ChannelEnd] => {
    const { port1, port2 } = new MessageChannel();
    return [port1, port2];
  },
  nextTurn: () => new Promise<void>((resolve) => setImmediate(resolve)),
};

/**
 * Runs a simulation, in parallel when asked (by default when the run is large enough to repay
 * starting threads); resolves to undefined if `signal` aborts it. The worker threads live for
 * this run only (see SimulationPool to keep them).
 *
 * @example await simulateInPool(inputs, { scenario: 'beekeeper', trials: 10000, seed: 1, sampling: 'lhs' }, { workers: 2 })
 */
export async function simulateInPool(
  inputs: SimulationInputs,
  options: SimulationOptions,
  pool: PoolOptions = {},
): Promise<SimulationRun | undefined> {
  const workers = new SimulationPool(pool.workers ?? defaultWorkers(options), nodeWorkerHost);
  try {
    return await workers.run(inputs, options, pool);
  } finally {
    await workers.close();
  }
}

/**
 * A worker thread's side of the protocol: its parentPort, and the MessagePorts its init request carries.
 *
 * @example serveWorker(nodeWorkerScope(parentPort!))
 */
export function nodeWorkerScope(port: MessagePort): WorkerScope {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', listener),
    peer: (end): PeerPort => {
      const peer = end as MessagePort;
      return {
        post: (message) => peer.postMessage(message),
        onMessage: (listener) => void peer.on('message', listener),
        close: () => peer.close(),
      };
    },
  };
}

function workerPort(worker: Worker): WorkerPort {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer as readonly TransferListItem[] | undefined),
    onMessage: (listener) => void worker.on('message', listener),
    onError: (listener) => {
      worker.on('error', listener);
      worker.on('exit', (code: number) => listener(new Error(`simulation worker stopped with exit code ${code}`)));
    },
    terminate: async () => void (await worker.terminate()),
  };
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
