#!/usr/bin/env node
/**
 * `npm run bench`: the speed figures of the formula library, measured (never asserted in
 * tests). Quotes medians of repeated runs from this one process; the machines are noisy, so
 * compare ratios measured in the same run rather than figures across runs.
 *
 *   1. OSS.PROJECTION with defaults (60 months, 200,000 organisations): time per call.
 *   2. Employer sums over size buckets versus the exact per-organisation sum: time ratio and
 *      largest relative error (reached employers and customers, every month).
 *   3. The functions bundle (dist/functions.js) gzipped.
 *   4. The task pane's bundle (bench/pane-bundle.js): what dist/taskpane.html loads, and the
 *      simulation Web Worker, gzipped.
 *   5. The Monte Carlo engine (bench/simulate.js): throughput, memory, percentile accuracy.
 *   6. Writing a 10,000-trial report into Excel (bench/report-writer.js): requests and their
 *      sizes, and the write's time, over the recording fake of the Excel API (not Excel).
 *   7. A run conditioned on a history (bench/posterior.js): its cost against a plain run and its
 *      ESS; simulation-based calibration of the posterior (200 replications).
 *   8. The task pane in Chromium (bench/pane.bench.ts): Run → report written at 10,000 trials,
 *      the main thread's longest task during a 100,000-trial run, and how fast Cancel stops it.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { execSync } = require('child_process');

const root = path.resolve(__dirname, '..');
require(path.join(root, 'lib/cli/excel-runtime'));
const model = require(path.join(root, 'lib/model'));
const functions = require(path.join(root, 'lib/functions/functions'));

/** Median milliseconds per call of `f`, over `repeats` batches of `batch` calls (after a warm-up). */
function medianMs(f, { batch = 1, repeats = 21 } = {}) {
  for (let i = 0; i < batch; i++) f();
  const times = [];
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) f();
    times.push(Number(process.hrtime.bigint() - start) / 1e6 / batch);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const fmt = (x, digits = 3) => Number(x.toPrecision(digits)).toLocaleString('en-US');

function benchProjection() {
  const ms = medianMs(() => functions.projection(null, null, null), { batch: 50 });
  const msCore = medianMs(() => model.project({}), { batch: 50 });
  console.log(
    `OSS.PROJECTION() defaults: median ${fmt(ms)} ms per call (target ≤ 2 ms); model core alone ${fmt(msCore)} ms`,
  );
}

function benchBuckets() {
  const a = model.resolveAssumptions();
  const members = model.projectMonthly(a, 'beekeeper').members;
  const run = (buckets) => {
    const conversion = new model.EmployerConversion(buckets, model.monthly(a.customerChurn), 0);
    const customers = [];
    const reached = [];
    for (const n of members) {
      const employed = a.employedShare * n;
      customers.push(conversion.step(employed, a.persuasion));
      reached.push(model.employersReached(buckets, employed));
    }
    return { customers, reached };
  };
  const O = a.organizations;
  const bucketed = model.employerBuckets(O, a.employerSizeSkew);
  const exact = model.employerBuckets(O, a.employerSizeSkew, true);
  const msBucketed = medianMs(() => run(bucketed), { batch: 20 });
  const msExact = medianMs(() => run(exact), { repeats: 5 });
  const b = run(bucketed);
  const e = run(exact);
  const worst = (key) => Math.max(...b[key].map((v, i) => (e[key][i] === 0 ? 0 : Math.abs(v / e[key][i] - 1))));
  console.log(
    `Employer sums, ${fmt(O)} organisations × ${members.length} months: ${bucketed.count.length} bucket nodes ` +
      `${fmt(msBucketed)} ms, exact ${fmt(msExact)} ms (ratio ${fmt(msExact / msBucketed)}×); ` +
      `largest relative error: reached ${worst('reached').toExponential(2)}, customers ${worst('customers').toExponential(2)}`,
  );
  // The 10^7 end of the spec's range: one bucket build and one sum, against the direct sum.
  const big = 10_000_000;
  const msBuild = medianMs(() => model.employerBuckets(big, 1, false) && model.employerBuckets(200_000, 1), {
    repeats: 5,
  });
  console.log(`Bucket build for 10^7 organisations (memo defeated): median ${fmt(msBuild)} ms`);
}

function benchBundle() {
  const bundle = path.join(root, 'dist/functions.js');
  if (!fs.existsSync(bundle)) execSync('npx webpack --mode production', { cwd: root, stdio: 'ignore' });
  const raw = fs.readFileSync(bundle);
  const gz = zlib.gzipSync(raw, { level: 9 });
  console.log(
    `Functions bundle dist/functions.js: ${fmt(raw.length / 1024)} KB, gzipped ${fmt(gz.length / 1024)} KB (target ≤ 150 KB)`,
  );
}

console.log(`Node ${process.version}, ${require('os').cpus().length} cores`);
benchProjection();
benchBuckets();
benchBundle();
require('./pane-bundle')();
(async () => {
  await require('./simulate')();
  await require('./report-writer')();
  const posterior = require('./posterior');
  posterior.cost();
  posterior.sbc(200);
  // The pane in Chromium (bench/pane.bench.ts), through jest, which compiles the browser harness.
  execSync('npx jest --config bench/jest.bench.config.js --silent=false --verbose=false', {
    cwd: root,
    stdio: 'inherit',
  });
})().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
