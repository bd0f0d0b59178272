/**
 * The machine's own ceiling for two threads (bench/simulate.js): one worker thread runs the
 * 20 blocks of the default run alone, then two run half of them each at the same time, with no
 * pool, no messages between blocks and no merge. Both threads are started and warmed once and
 * kept, as the pool's are. The ratio tells what two cores of this machine give for this work,
 * whatever the pool does; on shared virtual machines it is often below 2.
 */
'use strict';
const path = require('path');
const { Worker, isMainThread, parentPort } = require('worker_threads');

const root = path.resolve(__dirname, '..');

/** In a worker: set up the default run, warm up, then run the blocks each message names. */
function serveBlocks() {
  const lib = (m) => require(path.join(root, 'lib', m));
  const { planSimulation, sampleRun, TrialRunner, blockSamples } = lib('engine/simulation');
  const { readSimulationTable } = lib('engine/simulation-inputs');
  const { defaultSimulationTable } = lib('engine/default-uncertainty');
  const inputs = readSimulationTable(defaultSimulationTable());
  const plan = planSimulation(inputs, { scenario: 'beekeeper', trials: 10_000, seed: 1, sampling: 'lhs' });
  const uniforms = sampleRun(plan);
  const runBlocks = (blocks) => {
    const runner = new TrialRunner(plan);
    const start = process.hrtime.bigint();
    for (const k of blocks) runner.runBlock(k, blockSamples(uniforms, plan.trials, k));
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  for (let i = 0; i < 3; i++) runBlocks(Array.from({ length: 20 }, (_, k) => k));
  parentPort.on('message', (blocks) => parentPort.postMessage(runBlocks(blocks)));
  parentPort.postMessage('ready');
}

const started = (worker) => new Promise((resolve) => worker.once('message', () => resolve(worker)));
const ask = (worker, blocks) => new Promise((resolve) => (worker.once('message', resolve), worker.postMessage(blocks)));

/** One thread on all 20 blocks, then two threads on 10 each, `rounds` times: the median ratio. */
async function twoThreadCeiling(rounds = 7) {
  const [a, b] = await Promise.all([started(new Worker(__filename)), started(new Worker(__filename))]);
  const all = Array.from({ length: 20 }, (_, k) => k);
  const ratios = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const one = await ask(a, all);
      const two = await Promise.all([
        ask(
          a,
          all.filter((k) => k % 2 === 0),
        ),
        ask(
          b,
          all.filter((k) => k % 2 === 1),
        ),
      ]);
      ratios.push(one / Math.max(...two));
    }
  } finally {
    await Promise.all([a.terminate(), b.terminate()]);
  }
  ratios.sort((x, y) => x - y);
  return ratios[Math.floor(ratios.length / 2)];
}

if (!isMainThread) serveBlocks();

module.exports = { twoThreadCeiling };
