/**
 * Speed and memory of the Monte Carlo engine (issue 3), measured on the compiled lib/:
 *   1. throughput with defaults (10,000 trials × 60 months) on one core, and with 2 workers;
 *   2. 100,000 trials × 120 months: peak memory (a child process);
 *   3. monthly percentiles (sketches) against exact ones over 10,000 trials: largest relative error;
 *   4. end to end `beekeeper simulate` with defaults: wall time and peak memory;
 *   5. end to end, the default worker count against --workers 1 at 1,000, 10,000 and 100,000 trials;
 *   6. the plan's cost: throughput with and without the founder's plan;
 *   7. the cost of correlated inputs: time with a 4×4 correlation matrix against without, and
 *      Iman–Conover's own time at 100,000 trials.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const lib = (m) => require(path.join(root, 'lib', m));
const { simulate, MONTHLY_STATISTICS } = lib('engine/simulation');
const { readSimulationTable } = lib('engine/simulation-inputs');
const { defaultSimulationTable } = lib('engine/default-uncertainty');
const { SimulationPool } = lib('engine/pool');
const { nodeWorkerHost, simulateInPool } = lib('cli/node-workers');
const model = lib('model');
const { percentileSorted } = lib('engine/statistics');
const { twoThreadCeiling } = require('./two-threads');

const fmt = (x, digits = 3) => Number(x.toPrecision(digits)).toLocaleString('en-US');
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (f) => {
  const start = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

/** The default table with the horizon changed. */
function tableWithMonths(months) {
  const table = defaultSimulationTable();
  const nameColumn = table.header.findIndex((c) => c.value === 'name');
  const valueColumn = table.header.findIndex((c) => c.value === 'value');
  const rows = table.rows.map((row) =>
    row[nameColumn].value === 'months' ? row.map((c, j) => (j === valueColumn ? { ...c, value: months } : c)) : row,
  );
  return { ...table, rows };
}

async function throughput() {
  const inputs = readSimulationTable(defaultSimulationTable());
  const options = { scenario: 'beekeeper', trials: 10_000, seed: 1, sampling: 'lhs' };
  const months = inputs.base.months;
  const runs = 7;
  simulate(inputs, { ...options, trials: 1000 }); // warm-up
  // Two worker threads kept between runs (SimulationPool), as a task pane keeps them: started
  // and warmed by one run. One core and two threads alternate, run by run, so that both see the
  // same moods of a noisy machine.
  const pool = new SimulationPool(2, nodeWorkerHost);
  await pool.run(inputs, options);
  const one = [];
  const two = [];
  for (let i = 0; i < runs; i++) {
    one.push(seconds(() => simulate(inputs, options)));
    const start = process.hrtime.bigint();
    await pool.run(inputs, options);
    two.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  await pool.close();
  const rate1 = (options.trials * months) / median(one);
  const rate2 = (options.trials * months) / median(two);
  const ceiling = await twoThreadCeiling();
  console.log(
    `Simulation, defaults with their uncertainty, 10,000 trials × ${months} months, median of ${runs} (alternating): ` +
      `one core ${fmt(median(one))} s (${fmt(rate1 / 1e6)} M trial-months/s; target ≥ 1); 2 workers kept between runs ` +
      `${fmt(median(two))} s (${fmt(rate2 / 1e6)} M trial-months/s, ${fmt(rate2 / rate1)}× one core; target ≥ 1.8×)`,
  );
  console.log(
    `  this machine's two-thread ceiling for the same blocks (two threads, half each, no pool): ${fmt(ceiling)}×`,
  );
  // Threads started for the run (their model compiled cold): what `beekeeper simulate` sees.
  const cold = [];
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    await simulateInPool(inputs, options, { workers: 2 });
    cold.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  console.log(
    `  2 workers started for the run (as \`beekeeper simulate\` does): ${fmt(median(cold))} s, ` +
      `${fmt(median(one) / median(cold))}× one core`,
  );
  const long = { ...options, trials: 50_000 };
  const times = [];
  for (const workers of [1, 2]) {
    const start = process.hrtime.bigint();
    await simulateInPool(inputs, long, { workers });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  console.log(
    `  50,000 trials, threads started for the run: 1 worker ${fmt(times[0])} s, 2 workers ${fmt(times[1])} s (${fmt(times[0] / times[1])}×)`,
  );
  const fixed = lib('engine/simulation-inputs').fixedInputs();
  const oneFixed = median([1, 2, 3].map(() => seconds(() => simulate(fixed, options))));
  console.log(
    `  the same without uncertainty (every trial the default projection): ${fmt((options.trials * months) / oneFixed / 1e6)} M trial-months/s`,
  );
}

/**
 * The plan's cost (model.md v3): the default uncertainty with and without the founder's plan
 * (a round, a price change, a marketing budget and a hiring plan: four months that recompute the
 * month terms), one core, alternating run by run; and the same with no uncertainty.
 */
function planThroughput() {
  const { withPlan, fixedInputs } = lib('engine/simulation-inputs');
  const inputs = readSimulationTable(defaultSimulationTable());
  const rows = [
    { month: 9, name: 'funding', value: 20e6 },
    { month: 13, name: 'annualContractValue', value: 36000 },
    { month: 7, name: 'marketingCosts', value: 2e6 },
    { month: 4, name: 'engineers', value: 40 },
  ];
  const planned = withPlan(inputs, model.checkPlan(rows, inputs.base));
  const options = { scenario: 'beekeeper', trials: 10_000, seed: 1, sampling: 'lhs' };
  const months = inputs.base.months;
  simulate(planned, { ...options, trials: 1000 }); // warm-up
  const without = [];
  const withIt = [];
  for (let i = 0; i < 7; i++) {
    without.push(seconds(() => simulate(inputs, options)));
    withIt.push(seconds(() => simulate(planned, options)));
  }
  const rate = (xs) => (options.trials * months) / median(xs) / 1e6;
  console.log(
    `The plan, 10,000 trials × ${months} months, one core, median of 7 (alternating): without ${fmt(rate(without))} M ` +
      `trial-months/s, with the founder's plan ${fmt(rate(withIt))} M (${fmt(median(withIt) / median(without))}× the time)`,
  );
  const fixed = fixedInputs();
  const fixedPlanned = withPlan(fixed, model.checkPlan(rows, fixed.base));
  const a = [];
  const b = [];
  for (let i = 0; i < 5; i++) {
    a.push(seconds(() => simulate(fixed, options)));
    b.push(seconds(() => simulate(fixedPlanned, options)));
  }
  console.log(`  without uncertainty: ${fmt(rate(a))} M trial-months/s without the plan, ${fmt(rate(b))} M with it`);
}

/**
 * Correlated inputs (model.md v3): the default uncertainty with and without a 4×4 correlation
 * matrix (marketSize, imitation, organizations, customerChurn; Iman–Conover on their columns
 * once sampled), 10,000 trials on one core, alternating run by run, as a ratio of times; the
 * achieved Spearman correlations of that run; and Iman–Conover alone on four columns of
 * 100,000 trials, against sampling them.
 */
function correlationThroughput() {
  const { withCorrelations } = lib('engine/simulation-inputs');
  const { correlateColumns, spearman } = lib('engine/correlation');
  const { inputUniforms } = lib('engine/sampling');
  const inputs = readSimulationTable(defaultSimulationTable());
  const pairs = [
    { a: 'marketSize', b: 'organizations', correlation: 0.8 },
    { a: 'imitation', b: 'marketSize', correlation: -0.5 },
    { a: 'imitation', b: 'organizations', correlation: -0.4 },
    { a: 'customerChurn', b: 'marketSize', correlation: 0.3 },
    { a: 'customerChurn', b: 'imitation', correlation: 0.2 },
    { a: 'customerChurn', b: 'organizations', correlation: 0.3 },
  ];
  const correlated = withCorrelations(inputs, pairs);
  const options = { scenario: 'beekeeper', trials: 10_000, seed: 1, sampling: 'lhs' };
  simulate(correlated, { ...options, trials: 1000 }); // warm-up
  const without = [];
  const withIt = [];
  for (let i = 0; i < 7; i++) {
    without.push(seconds(() => simulate(inputs, options)));
    withIt.push(seconds(() => simulate(correlated, options)));
  }
  const run = simulate(correlated, options);
  const column = (name) => inputs.uncertain.findIndex((u) => u.name === name);
  const achieved = pairs.map((p) => spearman(run.samples[column(p.a)], run.samples[column(p.b)]) - p.correlation);
  const worst = Math.max(...achieved.map(Math.abs));
  console.log(
    `Correlated inputs, a 4×4 matrix (6 pairs), 10,000 trials × ${inputs.base.months} months, one core, median of 7 (alternating): ` +
      `without ${fmt(median(without))} s, with ${fmt(median(withIt))} s (${fmt(median(withIt) / median(without))}× the time); ` +
      `achieved Spearman within ${fmt(worst, 2)} of every target`,
  );
  const trials = 100_000;
  const variables = [2, 5, 10, 23];
  const indexed = [
    { i: 0, j: 2, correlation: 0.8 },
    { i: 0, j: 1, correlation: -0.5 },
    { i: 1, j: 2, correlation: -0.4 },
    { i: 0, j: 3, correlation: 0.3 },
  ];
  let columns = [];
  const sampling = median(
    [1, 2, 3].map(() => seconds(() => (columns = variables.map((v) => inputUniforms(v, trials, 1, 'lhs'))))),
  );
  const imposing = median([1, 2, 3, 4, 5].map(() => seconds(() => correlateColumns(columns, indexed))));
  console.log(
    `  Iman–Conover alone, 4 columns of 100,000 trials: ${fmt(imposing * 1000)} ms (sampling them: ${fmt(sampling * 1000)} ms)`,
  );
}

function percentileError() {
  const inputs = readSimulationTable(defaultSimulationTable());
  const trials = 10_000;
  const run = simulate(inputs, { scenario: 'beekeeper', trials, seed: 1, sampling: 'lhs' });
  const months = inputs.base.months;
  const exact = MONTHLY_STATISTICS.map(() => Array.from({ length: months }, () => new Float64Array(trials)));
  const series = model.allocateSeries(months);
  for (let t = 0; t < trials; t++) {
    const a = { ...inputs.base };
    inputs.uncertain.forEach((u, i) => (a[u.name] = run.samples[i][t]));
    model.projectInto(model.resolveAssumptions(a), 'beekeeper', series, { reached: false });
    MONTHLY_STATISTICS.forEach((o, j) => series[o].forEach((v, m) => (exact[j][m][t] = v)));
  }
  let worst = 0;
  let where = '';
  MONTHLY_STATISTICS.forEach((o, j) => {
    for (let m = 0; m < months; m++) {
      const sorted = exact[j][m].sort();
      for (const [p, key] of [
        [0.1, 'p10'],
        [0.5, 'p50'],
        [0.9, 'p90'],
      ]) {
        const want = percentileSorted(sorted, p);
        const error = Math.abs(run.scenarios[0].monthly[o][key][m] - want) / Math.abs(want);
        if (want !== 0 && error > worst) [worst, where] = [error, `${o} ${key.toUpperCase()} month ${m + 1}`];
      }
    }
  });
  console.log(
    `Monthly percentiles (sketches, α = 0.001) against exact, 10,000 trials: largest relative error ${fmt(worst * 100)} % (${where}; target ≤ 0.5 %)`,
  );
}

function runWithRss(args) {
  const { spawnSync } = require('child_process');
  const start = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ['-r', path.join(__dirname, 'max-rss.js'), path.join(root, 'bin/beekeeper.js'), ...args],
    {
      cwd: os.tmpdir(),
      encoding: 'utf8',
    },
  );
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`beekeeper ${args.join(' ')} failed: ${r.stderr}`);
  const kb = Number(/MAX_RSS_KB (\d+)/.exec(r.stderr)[1]);
  return { wall, mb: kb / 1024 };
}

function memory() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-bench-'));
  try {
    const table = tableWithMonths(120);
    const csv = [table.header.map((c) => c.value), ...table.rows.map((r) => r.map((c) => c.value))]
      .map((r) =>
        r
          .map((v) =>
            v === null || v === undefined
              ? ''
              : /[",\n]/.test(String(v))
                ? `"${String(v).replace(/"/g, '""')}"`
                : String(v),
          )
          .join(','),
      )
      .join('\n');
    fs.writeFileSync(path.join(dir, 'months120.csv'), csv);
    const big = runWithRss([
      'simulate',
      '--assumptions',
      path.join(dir, 'months120.csv'),
      '--trials',
      '100000',
      '--out',
      path.join(dir, 'big.xlsx'),
    ]);
    console.log(
      `100,000 trials × 120 months (beekeeper simulate, ${require('os').availableParallelism()} workers): ${fmt(big.wall)} s, peak memory ${fmt(big.mb)} MB (target < 300 MB)`,
    );
    const e2e = runWithRss(['simulate', '--out', path.join(dir, 'defaults.xlsx')]);
    console.log(
      `beekeeper simulate with defaults (10,000 trials × 60 months, report written): ${fmt(e2e.wall)} s wall, peak memory ${fmt(e2e.mb)} MB`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `beekeeper simulate` end to end, its default worker count against `--workers 1`, at three
 * sizes: the default must never be the slower (one thread below THREADS_FROM_TRIALS, threads
 * from there). Median of 3, the two alternating so that both see the same moods of the machine.
 */
function defaultWorkerCount() {
  const { THREADS_FROM_TRIALS } = lib('engine/pool');
  const { defaultWorkers } = lib('cli/node-workers');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-bench-'));
  try {
    for (const trials of [1_000, 10_000, 100_000]) {
      const args = ['simulate', '--trials', String(trials), '--out', path.join(dir, 'r.xlsx'), '--force'];
      const auto = [];
      const one = [];
      for (let i = 0; i < 3; i++) {
        auto.push(runWithRss(args).wall);
        one.push(runWithRss([...args, '--workers', '1']).wall);
      }
      const workers = defaultWorkers({ scenario: 'beekeeper', trials });
      console.log(
        `beekeeper simulate --trials ${trials.toLocaleString('en-US')} end to end, median of 3: default (${workers} worker${workers === 1 ? '' : 's'}) ` +
          `${fmt(median(auto))} s, --workers 1 ${fmt(median(one))} s: ${fmt(median(one) / median(auto))}× (target ≥ 1; threads from ${THREADS_FROM_TRIALS.toLocaleString('en-US')} trials)`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = async function benchSimulation() {
  await throughput();
  planThroughput();
  correlationThroughput();
  percentileError();
  memory();
  defaultWorkerCount();
};

module.exports.correlationThroughput = correlationThroughput;
