/**
 * A simulation worker thread's entry: the engine's protocol (src/engine/worker-protocol.ts)
 * over this thread's parentPort.
 */
import { parentPort } from 'worker_threads';
import { serveWorker } from '../engine/worker-protocol';
import { nodeWorkerScope } from './node-workers';

if (parentPort) serveWorker(nodeWorkerScope(parentPort));
