#!/usr/bin/env node
/**
 * Fits the defaults of the ecosystem walk (drift, volatility, teamBonus, initialInterest) to
 * the SourceForge figures of Feitelson, Heller & Schach (ASWEC 2006; spec calibration.md §4):
 * of 122,205 projects 66 % had no downloads, about 8 % more than 1,680 and 0.07 % more than
 * 1.1 million. The walk's counterparts (spec model.md, "Ecosystem") are the shares that died,
 * that reach at least 1,000 and at least 10⁶, with projects 10000, months 120,
 * teamThreshold 50, seed 1; the spec's acceptance ranges are 60–72 %, 5–12 % and 0.03–0.15 %.
 *
 *   npm run build:cli && node scripts/fit-ecosystem.js
 *
 * Runs the compiled model (lib/), so it walks exactly what OSS.ECOSYSTEM walks, and writes
 * scripts/fit-ecosystem.result.txt (deterministic: no timings, so a rerun reproduces it).
 *
 * Search: a coarse grid of round values, then a finer grid around the best coarse candidates.
 * Score: Σ ln(share / target)² over the three figures, so a factor 2 off counts the same for
 * 66 % as for 0.07 %; a share of 0 is taken as half a project, to keep the score finite.
 * Choice: the coarse (round) candidates inside all three ranges at seed 1 are walked again
 * with seeds 2–21; the chosen one has the lowest score of its shares averaged over the 21
 * seeds, so that it fits the walk's expected figures rather than the noise of one seed (the
 * share ≥ 10⁶ is only a handful of projects). The finer grid shows how much closer unround
 * values come at seed 1; it is reported, not chosen.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
let model;
try {
  model = require(path.join(root, 'lib/model'));
} catch {
  console.error('lib/model not found: run `npm run build:cli` first');
  process.exit(1);
}
const { walkEcosystem, hdrUniform, ECOSYSTEM_DEFAULTS } = model;

const FIXED = { projects: 10_000, months: 120, teamThreshold: 50 };
const TARGETS = [
  { name: 'died', target: 0.66, low: 0.6, high: 0.72, source: '66 % no downloads' },
  { name: '≥ 1,000', target: 0.08, low: 0.05, high: 0.12, source: '~8 % more than 1,680' },
  { name: '≥ 10⁶', target: 0.0007, low: 0.0003, high: 0.0015, source: '0.07 % more than 1.1 million' },
];
const SEED = 1;
/** Seeds 2–21. */
const ROBUSTNESS_SEEDS = Array.from({ length: 20 }, (_, i) => i + 2);

const COARSE = {
  initialInterest: [1, 1.5, 2, 3, 5],
  drift: [-0.02, -0.01, 0, 0.01, 0.02, 0.03, 0.04, 0.05],
  volatility: [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6],
  teamBonus: [0, 0.01, 0.02, 0.05],
};
/** Steps of the finer grid: centre ± 1 and ± 2 steps, within the parameters' valid ranges. */
const FINE_STEP = { initialInterest: 0.25, drift: 0.0025, volatility: 0.0125, teamBonus: 0.0025 };
const FINE_CENTRES = 2;
const PARAMETERS = Object.keys(COARSE);

/** The seed's uniforms, computed once: HDR(k, t, 0, seed, 0) for project k and month t, as hdrSource gives. */
function uniforms(seed) {
  const { projects, months } = FIXED;
  const u = new Float64Array(projects * months);
  for (let k = 1; k <= projects; k++)
    for (let t = 1; t <= months; t++) u[(k - 1) * months + t - 1] = hdrUniform(k, t, 0, seed, 0);
  return (k, t) => u[(k - 1) * FIXED.months + t - 1];
}

function evaluate(candidate, random) {
  const r = walkEcosystem({ ...FIXED, ...candidate }, random);
  const n = FIXED.projects;
  const shares = [r.counts[0] / n, (r.counts[3] + r.counts[4]) / n, r.counts[4] / n];
  const score = shares.reduce((s, x, i) => s + Math.log(Math.max(x, 0.5 / n) / TARGETS[i].target) ** 2, 0);
  const inside = shares.every((x, i) => x >= TARGETS[i].low && x <= TARGETS[i].high);
  return { candidate, shares, score, inside, largest: r.largestInterest };
}

function product(axes) {
  return PARAMETERS.reduce((acc, p) => acc.flatMap((c) => axes[p].map((v) => ({ ...c, [p]: v }))), [{}]);
}

const round = (x) => Number(x.toFixed(6));
const key = (c) => PARAMETERS.map((p) => c[p]).join(',');
const pct = (x) => `${(100 * x).toFixed(2)} %`.padStart(8);
const row = (e) =>
  PARAMETERS.map((p) => String(e.candidate[p]).padStart(8)).join('') +
  e.shares.map(pct).join('') +
  e.score.toFixed(4).padStart(9) +
  e.largest.toExponential(2).padStart(10) +
  (e.inside ? '   inside' : '');
const header =
  PARAMETERS.map((p) =>
    p.replace('initialInterest', 'I₀').replace('volatility', 'σ').replace('teamBonus', 'bonus').padStart(8),
  ).join('') +
  TARGETS.map((t) => t.name.padStart(8)).join('') +
  'score'.padStart(9) +
  'largest'.padStart(10);

const random = uniforms(SEED);
const coarse = product(COARSE).map((c) => evaluate(c, random));
coarse.sort((a, b) => a.score - b.score);

const seen = new Set(coarse.map((e) => key(e.candidate)));
const fine = [];
for (const centre of coarse.slice(0, FINE_CENTRES)) {
  const axes = {};
  for (const p of PARAMETERS) {
    const min = p === 'initialInterest' ? 1 : p === 'volatility' || p === 'teamBonus' ? 0 : -Infinity;
    axes[p] = [-2, -1, 0, 1, 2].map((i) => round(centre.candidate[p] + i * FINE_STEP[p])).filter((v) => v >= min);
  }
  for (const c of product(axes)) {
    if (seen.has(key(c))) continue;
    seen.add(key(c));
    fine.push(evaluate(c, random));
  }
}
fine.sort((a, b) => a.score - b.score);

// Robustness: the round candidates inside the ranges at seed 1, walked again with other seeds.
// Their share ≥ 10⁶ is a handful of projects, so a seed moves it by a Poisson noise of about
// ± √7 projects; the choice therefore scores the shares averaged over all seeds.
const others = ROBUSTNESS_SEEDS.map(uniforms);
const insideCoarse = coarse.filter((e) => e.inside);
const robust = insideCoarse.map((e) => {
  const runs = [e, ...others.map((r) => evaluate(e.candidate, r))];
  const mean = TARGETS.map((_, i) => runs.reduce((s, r) => s + r.shares[i], 0) / runs.length);
  const meanScore = mean.reduce((s, x, i) => s + Math.log(x / TARGETS[i].target) ** 2, 0);
  return { e, runs, mean, meanScore, insideSeeds: runs.filter((r) => r.inside).length };
});
robust.sort((a, b) => a.meanScore - b.meanScore);
const chosen = robust[0];
const allSeeds = [SEED, ...ROBUSTNESS_SEEDS];
const span = (runs, i) =>
  `${pct(Math.min(...runs.map((r) => r.shares[i])))}–${pct(Math.max(...runs.map((r) => r.shares[i]))).trim()}`;

const lines = [
  '# scripts/fit-ecosystem.js: fit of the ecosystem walk to SourceForge (Feitelson, Heller & Schach 2006)',
  `# fixed: projects ${FIXED.projects}, months ${FIXED.months}, teamThreshold ${FIXED.teamThreshold}, seed ${SEED}`,
  '# targets (share of projects; spec range): ' +
    TARGETS.map(
      (t) => `${t.name} ${pct(t.target).trim()} (${pct(t.low).trim()}–${pct(t.high).trim()}; SourceForge ${t.source})`,
    ).join('; '),
  '# score = Σ ln(share / target)², a share of 0 taken as half a project; lower is better',
  '# coarse grid: ' +
    PARAMETERS.map((p) => `${p} {${COARSE[p].join(', ')}}`).join('; ') +
    ` (${coarse.length} candidates)`,
  `# finer grid: ± 1 and ± 2 steps of ${PARAMETERS.map((p) => `${p} ${FINE_STEP[p]}`).join(', ')} around the ${FINE_CENTRES} best coarse candidates (${fine.length} new candidates)`,
  `# robustness: the coarse candidates inside all three ranges at seed ${SEED} are walked with seeds ${ROBUSTNESS_SEEDS[0]}–${ROBUSTNESS_SEEDS[ROBUSTNESS_SEEDS.length - 1]} too`,
  `# choice: among those, the lowest score of the shares averaged over seeds ${allSeeds[0]}–${allSeeds[allSeeds.length - 1]}`,
  '',
  `## coarse grid, seed ${SEED}: the 20 best of ${coarse.length} (${insideCoarse.length} inside all three ranges)`,
  header,
  ...coarse.slice(0, 20).map(row),
  '',
  `## finer grid, seed ${SEED}: the 10 best of ${fine.length} (${fine.filter((e) => e.inside).length} inside all three ranges)`,
  '## (scores this low fit the noise of one seed too: compare the spread over seeds below)',
  header,
  ...fine.slice(0, 10).map(row),
  '',
  `## robustness: the ${robust.length} coarse candidates inside all three ranges at seed ${SEED}, over seeds ${allSeeds[0]}–${allSeeds[allSeeds.length - 1]}`,
  '## (inside: seeds inside all three ranges; min–max of each share; shares averaged over the seeds and their score)',
  ...robust.flatMap(({ e, runs, mean, meanScore, insideSeeds }) => [
    `${PARAMETERS.map((p) => `${p} ${e.candidate[p]}`).join(', ')}: inside ${insideSeeds} of ${runs.length}`,
    `  ${TARGETS.map((t, i) => `${t.name} ${span(runs, i).trim()}`).join('; ')}`,
    `  mean ${TARGETS.map((t, i) => `${t.name} ${pct(mean[i]).trim()}`).join('; ')}; score ${meanScore.toFixed(4)}`,
  ]),
  '',
  `## the chosen candidate, seed by seed`,
  '    seed' + TARGETS.map((t) => t.name.padStart(8)).join('') + 'score'.padStart(9) + 'largest'.padStart(10),
  ...chosen.runs.map(
    (r, i) =>
      `${String(allSeeds[i]).padStart(8)}${r.shares.map(pct).join('')}${r.score.toFixed(4).padStart(9)}${r.largest.toExponential(2).padStart(10)}${r.inside ? '   inside' : ''}`,
  ),
  '',
  `chosen: ${PARAMETERS.map((p) => `${p} ${chosen.e.candidate[p]}`).join(', ')}`,
  `current ECOSYSTEM_DEFAULTS: ${PARAMETERS.map((p) => `${p} ${ECOSYSTEM_DEFAULTS[p]}`).join(', ')}`,
  '',
];
const out = path.join(__dirname, 'fit-ecosystem.result.txt');
fs.writeFileSync(out, lines.join('\n'));
console.log(lines.join('\n'));
console.log(`wrote ${path.relative(process.cwd(), out)}`);
