/**
 * Writing a 10,000-trial report into Excel (issue 9, part 6): the task pane's writer
 * (`writeReport`, src/excel/report-writer.ts) over the recording fake of the Excel JavaScript
 * API (test/support/fake-excel.ts), which records every `context.sync()` (one request) with the
 * UTF-8 size of its operations' JSON. Not Excel: the requests and their sizes are what the
 * writer sends; the wall time is the writer's JavaScript plus the fake's own recording and
 * applying, without Excel's processing or the round trips.
 *
 * The report is built as `beekeeper simulate` builds it (src/cli/simulate.ts: simulateInPool
 * with the default worker count → analyze → buildReport), from lib/; the writer and the fake
 * come from bench/build/ (tsconfig.bench.json, `npm run build:bench`).
 *
 * For the defaults with their uncertainty, 10,000 trials, seed 1, lhs: a beekeeper run and a
 * compare run, each without and with the Trials sheet.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const lib = (m) => require(path.join(root, 'lib', m));
const build = path.join(__dirname, 'build');

const fmt = (x, digits = 3) => Number(x.toPrecision(digits)).toLocaleString('en-US');
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bytes = (n) => `${n.toLocaleString('en-US')} bytes`;

/** The writer and the fake, compiled by tsconfig.bench.json (built here if `node bench/run.js` ran alone). */
function compiled() {
  if (!fs.existsSync(path.join(build, 'src/excel/report-writer.js')))
    execSync('npx tsc -p tsconfig.bench.json', { cwd: root, stdio: 'inherit' });
  return {
    ...require(path.join(build, 'src/excel/report-writer')),
    ...require(path.join(build, 'test/support/fake-excel')),
  };
}

/** A report of the defaults with their uncertainty, as `beekeeper simulate [--scenario compare] [--trials-sheet]` builds it. */
async function reports(scenario) {
  const { readSimulationTable } = lib('engine/simulation-inputs');
  const { defaultSimulationTable } = lib('engine/default-uncertainty');
  const { defaultWorkers, simulateInPool } = lib('cli/node-workers');
  const { analyze } = lib('engine/simulation-results');
  const { buildReport } = lib('report/build');
  const { version } = require(path.join(root, 'package.json'));
  const options = { scenario, trials: 10_000, seed: 1, sampling: 'lhs' };
  const startedAt = new Date();
  const run = await simulateInPool(readSimulationTable(defaultSimulationTable()), options, {
    workers: defaultWorkers(options),
  });
  const analysis = analyze(run);
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const source = 'the defaults with their default uncertainty';
  return [false, true].map((trialsSheet) => ({
    trialsSheet,
    report: buildReport(run, analysis, { version, startedAt, seconds, trialsSheet, source }),
  }));
}

module.exports = async function benchReportWriter() {
  const { writeReport, REQUEST_BUDGET, FakeExcel, REQUEST_LIMIT } = compiled();
  const repeats = 7;
  console.log(
    `Writing a 10,000-trial report into Excel (defaults with their uncertainty, seed 1, lhs): writeReport over the ` +
      `recording fake test/support/fake-excel.ts, not Excel; blocks of at most ${bytes(REQUEST_BUDGET)}, ` +
      `Excel on the web refuses a request over ${bytes(REQUEST_LIMIT)}`,
  );
  for (const scenario of ['beekeeper', 'compare']) {
    for (const { trialsSheet, report } of await reports(scenario)) {
      const write = async () => {
        const excel = new FakeExcel(['Sheet1']);
        const start = process.hrtime.bigint();
        const written = await writeReport(excel.context, report);
        return { excel, written, ms: Number(process.hrtime.bigint() - start) / 1e6 };
      };
      // The first write is the warm-up and gives the requests (the same at every write).
      const { excel, written } = await write();
      const sizes = excel.requests.map((r) => r.bytes);
      const times = [];
      for (let i = 0; i < repeats; i++) times.push((await write()).ms);
      const reads = excel.requests.length - written.blocks;
      console.log(
        `  ${scenario}, ${trialsSheet ? 'with' : 'without'} the Trials sheet (${report.sheets.length} sheets): ` +
          `${excel.requests.length} requests (${reads} reads + ${written.blocks} write block${written.blocks === 1 ? '' : 's'}), ` +
          `largest ${bytes(Math.max(...sizes))}, all ${bytes(sizes.reduce((a, b) => a + b, 0))}; ` +
          `the write over the fake median ${fmt(median(times))} ms of ${repeats}`,
      );
    }
  }
};
