/* global self */
/**
 * A simulation Web Worker's entry (webpack entry `simulation-worker`): the engine's protocol
 * (src/engine/worker-protocol.ts) over this worker's global scope.
 */
import { serveWorker } from '../engine/worker-protocol';
import { WorkerGlobal, webWorkerScope } from './web-workers';

serveWorker(webWorkerScope(self as unknown as WorkerGlobal));
