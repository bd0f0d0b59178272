#!/usr/bin/env node
// Prints the calibration of model.md v2: each figure of the default run (deterministic) and of a
// 10,000-trial run of the default uncertainty, next to its range. Exit code 1 if one lies outside.
// Needs the compiled CLI (`npm run build:cli`). Usage: node scripts/calibration.js [trials]
'use strict';
const { calibrationFigures } = require('../lib/engine/calibration');

const trials = Number(process.argv[2] ?? 10000);
const show = (unit, x) =>
  unit === 'money'
    ? `$${(x / 1e6).toFixed(x < 1e7 ? 2 : 1)} M`
    : unit === 'share'
      ? `${(100 * x).toFixed(1)} %`
      : unit === 'month'
        ? `month ${x}`
        : x.toFixed(2);
const figures = calibrationFigures(trials);
console.log(`| run | figure (month 60) | range | measured |\n|---|---|---|---|`);
for (const f of figures)
  console.log(
    `| ${f.run === 'simulation' ? `${trials} trials` : f.run} | ${f.figure} | ${show(f.unit, f.low)} – ${show(f.unit, f.high)} | ${show(f.unit, f.measured)}${f.inside ? '' : ' **outside**'} |`,
  );
process.exit(figures.every((f) => f.inside) ? 0 : 1);
