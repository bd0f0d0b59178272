/**
 * A run conditioned on a history (issue 17, model.md v3 "History"), measured on the compiled lib/:
 *   1. cost: a two-year history of members, customers and ARR (72 monthly observations, σ 0.1)
 *      at 10,000 posterior draws against a plain run of the same size, one core, alternating;
 *      and the posterior's effective sample size;
 *   2. simulation-based calibration (SBC): draw the inputs from the prior, simulate a history from
 *      them with the likelihood's noise, condition, repeat; the posterior P10–P90 of each input
 *      must hold the truth in 80 % ± 5 % of the replications (model.md v3). Three uncertain
 *      inputs, 12 observations, 200 replications by default (`node bench/posterior.js sbc 400`).
 *
 *   node bench/posterior.js [cost|sbc] [replications]
 */
'use strict';
const path = require('path');

const root = path.resolve(__dirname, '..');
const lib = (m) => require(path.join(root, 'lib', m));
const { simulate } = lib('engine/simulation');
const { readSimulationTable, withHistory } = lib('engine/simulation-inputs');
const { defaultSimulationTable } = lib('engine/default-uncertainty');
const { percentileSorted } = lib('engine/statistics');
const { resolveAssumptions } = lib('model/assumptions');
const { checkHistory } = lib('model/history');
const { projectMonthly } = lib('model/projection');
const { hdrUniform } = lib('model/hdr');
const { normalQuantile } = lib('model/normal');

const fmt = (x, digits = 3) => Number(x.toPrecision(digits)).toLocaleString('en-US');
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (f) => {
  const start = process.hrtime.bigint();
  const out = f();
  return [Number(process.hrtime.bigint() - start) / 1e9, out];
};

/** The default table with every distribution cleared but those of `keep` (all when absent). */
function tableKeeping(keep) {
  const table = defaultSimulationTable();
  if (!keep) return table;
  const col = (name) => table.header.findIndex((c) => c.value === name);
  const cleared = ['distribution', 'p1', 'p2', 'p3'].map(col);
  return {
    ...table,
    rows: table.rows.map((row) =>
      keep.includes(String(row[0].value)) ? row : row.map((c, j) => (cleared.includes(j) ? { ...c, value: '' } : c)),
    ),
  };
}

/** Observations of `series` at `months`, times exp(σ·ε) with ε normal from HDR (entity 7, trial `key`). */
function historyOf(series, metrics, months, sigma, key, base) {
  const rows = [];
  let v = 1;
  for (const month of months)
    for (const metric of metrics) {
      const x = series[metric][month - 1];
      if (!(x > 0)) continue;
      const e = normalQuantile(hdrUniform(key, v++, 7, 1, 0));
      rows.push({ month, metric, value: x * Math.exp(sigma * e), error: sigma });
    }
  return checkHistory(rows, base);
}

function cost() {
  const inputs = readSimulationTable(tableKeeping());
  const months = Array.from({ length: 24 }, (_, m) => m + 1);
  const history = historyOf(
    projectMonthly(inputs.base, 'beekeeper'),
    ['members', 'customers', 'arr'],
    months,
    0.1,
    1,
    inputs.base,
  );
  const options = { scenario: 'beekeeper', trials: 10_000, seed: 1, sampling: 'lhs' };
  const conditioned = withHistory(inputs, history);
  simulate(inputs, { ...options, trials: 1000 }); // warm-up
  const plain = [];
  const posterior = [];
  let run;
  for (let i = 0; i < 3; i++) {
    plain.push(seconds(() => simulate(inputs, options))[0]);
    const [t, r] = seconds(() => simulate(conditioned, options));
    posterior.push(t);
    run = r;
  }
  const p = run.posterior;
  console.log(
    `Posterior run (${history.length} observations over 24 months, 10,000 trials, one core): ` +
      `${fmt(median(posterior))} s against ${fmt(median(plain))} s plain (${fmt(median(posterior) / median(plain))}× the time; ` +
      `medians of 3, alternating); ESS ${fmt(p.ess)} of ${fmt(p.particles)} (rounds ${p.rounds.map((e) => fmt(e)).join(', ')})`,
  );
}

function sbc(replications) {
  const keep = ['imitation', 'persuasion', 'annualContractValue'];
  const inputs = readSimulationTable(tableKeeping(keep));
  const uncertain = keep.map((name) => inputs.uncertain.find((u) => u.name === name));
  const inside = keep.map(() => 0);
  let refused = 0;
  const start = process.hrtime.bigint();
  for (let r = 1; r <= replications; r++) {
    // The truth: each input at its prior quantile of a fresh HDR uniform (entity 8).
    const truth = {};
    uncertain.forEach((u, i) => (truth[u.name] = u.distribution.quantile(hdrUniform(r, i + 1, 8, 1, 0))));
    const a = resolveAssumptions({ ...inputs.base, ...truth });
    const history = historyOf(
      projectMonthly(a, 'beekeeper'),
      ['members', 'customers', 'arr'],
      [6, 12, 18, 24],
      0.1,
      r,
      inputs.base,
    );
    let run;
    try {
      run = simulate(withHistory(inputs, history), { scenario: 'beekeeper', trials: 1000, seed: r, sampling: 'lhs' });
    } catch (e) {
      refused++;
      continue;
    }
    uncertain.forEach((u, i) => {
      const sorted = Float64Array.from(run.samples[inputs.uncertain.indexOf(u)]).sort();
      const [p10, p90] = [percentileSorted(sorted, 0.1), percentileSorted(sorted, 0.9)];
      if (truth[u.name] >= p10 && truth[u.name] <= p90) inside[i]++;
    });
  }
  const done = replications - refused;
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `Simulation-based calibration: ${done} of ${replications} replications conditioned (${refused} refused), ${fmt(secs)} s; ` +
      'the posterior P10–P90 held the truth in ' +
      keep.map((name, i) => `${name} ${fmt((100 * inside[i]) / done)} %`).join(', ') +
      ' (target 80 % ± 5 %)',
  );
}

module.exports = { cost, sbc };

if (require.main === module) {
  const [what = 'all', n = '200'] = process.argv.slice(2);
  if (what === 'cost' || what === 'all') cost();
  if (what === 'sbc' || what === 'all') sbc(Number(n));
}
