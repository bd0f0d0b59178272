/**
 * The machine's own ceiling for two threads (bench/simulate.js): one worker thread runs the
 * blocks of a run alone, then two run half of them each at the same time, with no pool, no
 * messages and no merge. The ratio tells what two cores of this machine give for this work,
 * whatever the pool does; on shared virtual machines it is often well below 2.
 */
'use strict';
const path = require('path');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

const root = path.resolve(__dirname, '..');

/** Runs blocks `blocks` of the default run (after a warm-up) and reports the milliseconds. */
function runBlocks(blocks) {
  const lib = (m) => require(path.join(root, 'lib', m));
  const { planSimulation, sampleRun, TrialRunner, blockSamples } = lib('model/simulation');
  const { readSimulationTable } = lib('model/simulation-inputs');
  const { defaultSimulationTable } = lib('model/default-uncertainty');
  const inputs = readSimulationTable(defaultSimulationTable());
  const options = { scenario: 'beekeeper', trials: 10_000, seed: 1, sampling: 'lhs' };
  const plan = planSimulation(inputs, options);
  const uniforms = sampleRun(inputs, options);
  const warm = new TrialRunner(plan);
  for (let k = 0; k < 4; k++) warm.runBlock(k, blockSamples(uniforms, plan.trials, k));
  const runner = new TrialRunner(plan);
  const start = process.hrtime.bigint();
  for (const k of blocks) runner.runBlock(k, blockSamples(uniforms, plan.trials, k));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Milliseconds each of `sets.length` threads took for its set of blocks, run at the same time. */
function inThreads(sets) {
  return new Promise((resolve, reject) => {
    const times = [];
    const workers = sets.map((blocks) => new Worker(__filename, { workerData: blocks }));
    for (const worker of workers) {
      worker.once('error', reject);
      worker.once('message', (ms) => {
        times.push(ms);
        if (times.length === sets.length) resolve(times);
      });
    }
  });
}

/** One thread on all 20 blocks, then two threads on 10 each, `rounds` times: the median ratio. */
async function twoThreadCeiling(rounds = 3) {
  const all = Array.from({ length: 20 }, (_, k) => k);
  const ratios = [];
  for (let r = 0; r < rounds; r++) {
    const [one] = await inThreads([all]);
    const two = await inThreads([all.filter((k) => k % 2 === 0), all.filter((k) => k % 2 === 1)]);
    ratios.push(one / Math.max(...two));
  }
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}

if (!isMainThread) parentPort.postMessage(runBlocks(workerData));

module.exports = { twoThreadCeiling };
