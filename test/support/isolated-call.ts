/**
 * Calls one adapter of src/functions/functions.ts in a worker thread with a time limit and a
 * heap limit, so that a call that never returns (or exhausts memory) fails one test instead of
 * hanging or crashing the whole jest run. The worker compiles the TypeScript sources itself
 * (typescript.transpileModule, no type check) and installs the same runtime shim as jest's
 * setupFiles (src/cli/excel-runtime.ts).
 */
import * as path from 'path';
import { Worker } from 'worker_threads';

export type IsolatedOutcome =
  | { status: 'returned'; result: unknown }
  | { status: 'threw'; message: string }
  | { status: 'timeout'; ms: number }
  | { status: 'crashed'; message: string };

const ROOT = path.resolve(__dirname, '../..');

const WORKER_SOURCE = `
const { parentPort, workerData } = require("worker_threads");
const fs = require("fs");
const ts = require(workerData.typescript);
require.extensions[".ts"] = (module, filename) => {
  const output = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
  });
  module._compile(output.outputText, filename);
};
require(workerData.runtime);
const functions = require(workerData.functions);
const encode = (value) => JSON.parse(JSON.stringify(value, (key, v) =>
  v instanceof CustomFunctions.Error ? { errorCode: v.code, message: v.message } :
  typeof v === "number" && !Number.isFinite(v) ? { number: String(v) } : v));
try {
  parentPort.postMessage({ status: "returned", result: encode(functions[workerData.name](...workerData.args)) });
} catch (error) {
  parentPort.postMessage({ status: "threw", message: String(error && error.stack || error) });
}
`;

/**
 * Runs `functions[name](...args)` in a worker. Error values come back as
 * `{ errorCode, message }`, non-finite numbers as `{ number: "Infinity" }`.
 */
export function callIsolated(
  name: string,
  args: unknown[],
  options: { timeoutMs?: number; heapMb?: number } = {},
): Promise<IsolatedOutcome> {
  const timeoutMs = options.timeoutMs ?? 10000;
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        name,
        args,
        typescript: require.resolve('typescript'),
        runtime: path.join(ROOT, 'src/cli/excel-runtime.ts'),
        functions: path.join(ROOT, 'src/functions/functions.ts'),
      },
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? 256 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const settle = (outcome: IsolatedOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ status: 'timeout', ms: timeoutMs }), timeoutMs);
    worker.on('message', (message: IsolatedOutcome) => settle(message));
    worker.on('error', (error) => settle({ status: 'crashed', message: error.message }));
    worker.on('exit', (code) => settle({ status: 'crashed', message: `worker exited with code ${code}` }));
  });
}
