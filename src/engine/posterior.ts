/**
 * A run conditioned on the company's history (model.md v3, "History: uncertainty conditioned on
 * what happened"): the trials become draws from the posterior of the uncertain inputs,
 * prior × likelihood, and every output of the report is the forecast conditioned on it.
 *
 * Method. It works on z, the normal scores of the inputs' uniforms (u = Φ(z)), where the prior is
 * N(0, R): R = I for independent inputs, the Gaussian copula of the correlation table otherwise
 * (the scores' Pearson correlations 2·sin(π·ρ/6)).
 * 1. The prior's own draws (the run's LHS or MC sample, {@link stageParticles} of them) are
 *    weighed by the likelihood. When their effective sample size (ESS) is at least half of them
 *    (a history that says little), importance sampling from the prior is the answer.
 * 2. Else {@link CHAINS} random-walk Metropolis chains, started at the prior's draws of highest
 *    posterior density, find where the posterior is and how it spreads: in their first half the
 *    proposal's covariance is refitted to the chains (Haario, Saksman & Tamminen 2001) and its
 *    scale tuned to an acceptance of 0.234; the second half is kept.
 * 3. Importance sampling from 0.9·N(mean, 1.2·cov) of the kept states + 0.1·prior (a defensive
 *    mixture, Hesterberg 1995: every weight prior·L/q is at most 10·L), then once more from the
 *    normal refitted to its own weights (population Monte Carlo, Cappé et al. 2004); the round of
 *    larger ESS is kept. Its weights are exact, however well the chains mixed: the chains only
 *    make the proposal good.
 * 4. Systematic resampling by the weights gives the run's trials. The ESS is (Σw)²/Σw² of the
 *    final weights; below {@link MIN_ESS} the run is refused in plain words.
 * A posterior far from normal in z (two separate modes) shows as a low ESS, never as a wrong
 * answer.
 *
 * Randomness: HDR 2.0 with entity 20 + c for chain c (trial = iteration, variable = the input's
 * HDR variable; variable 0 for the acceptance), 30 and 31 for the importance-sampling rounds
 * (trial = draw; variable 0 picks the mixture's part), 99 for the resampling. A
 * pure function of the plan, the history and the seed, computed in one thread: the same trials
 * whatever the number of workers.
 */
import { invalid, messages, roundedText } from '../model/errors';
import { hdrUniform } from '../model/hdr';
import { History, describeObservation, lastObservedMonth } from '../model/history';
import { normalCdf, normalQuantile } from '../model/normal';
import { INFINITY, exp, log, max, min, pow } from '../model/portable-math';
import { cholesky, scoreTarget, spearman } from './correlation';
import { U_MAX, U_MIN } from './distributions';
import { percentileSorted } from './statistics';
import type { SimulationPlan } from './simulation';

/** The least effective sample size a posterior may have (model.md v3). */
export const MIN_ESS = 200;
/** A fitted normal's covariance is widened by this factor, so its tails cover the target's. */
const WIDEN = 1.2;
/** Particles of each importance-sampling round: the run's trials, at least this many. */
const MIN_PARTICLES = 2000;
/** The HDR entity of the resampling. */
const RESAMPLE_ENTITY = 99;
/** An observation beyond everything the prior reaches by more than this many σ cannot be fitted. */
const UNREACHABLE_SIGMAS = 4;

/**
 * What the method needs of the engine (simulation.ts gives it from a TrialRunner): the prior's
 * own draws, the log-likelihood of particles, their input values. Passed in, so this module
 * does not depend on the runner.
 */
export interface PosteriorModel {
  /** The prior's draws for `n` particles, as uniforms (the run's sampling, correlations imposed). */
  prior(n: number): Float64Array[];
  /** The history's log-likelihood of each particle; `reached[j]` gets each particle's value of observation j. */
  logLikelihoods(uniforms: readonly Float64Array[], reached?: Float64Array[]): Float64Array;
  /** The particles' input values (quantiles of the uniforms). */
  inputValues(uniforms: readonly Float64Array[]): Float64Array[];
}

/**
 * How far a fit is, in particles simulated (each a projection to the history's last month):
 * `done` of at most `total`. The total is the most the fit can take (the prior's draws, the
 * chains, two rounds of importance sampling); a history the prior fits well ends early, with
 * `done = total`.
 */
export type FitProgress = (done: number, total: number) => void;

/** What a posterior run tells its report. */
export interface PosteriorSummary {
  readonly method: string;
  /** The effective sample size of the final weights, and the particles they are over. */
  readonly ess: number;
  readonly particles: number;
  /** The ESS of each importance-sampling round (one: from the prior; two: after the chains). */
  readonly rounds: readonly number[];
  /** Observations in the history, and the last month they observe. */
  readonly observations: number;
  readonly lastMonth: number;
  /**
   * The prior's P10 and P90 of each observation's metric at its month (index j: history[j]),
   * over the prior's own draws: the lighter band of the Fit sheet's charts.
   */
  readonly priorBands: readonly { readonly p10: number; readonly p90: number }[];
}

/** The run's trials drawn from the posterior, as uniforms (one column per uncertain input). */
export interface Posterior extends PosteriorSummary {
  readonly uniforms: Float64Array[];
}

export const POSTERIOR_METHOD =
  "adaptive Metropolis (4 chains from the prior's best draws; the proposal tuned in the first half, the second half kept), or importance sampling from the prior when it fits the history well";

/** Particles of each importance-sampling round: the run's trials, at least {@link MIN_PARTICLES}. */
export const stageParticles = (trials: number): number => Math.max(MIN_PARTICLES, trials);

/** The effective sample size (Σw)²/Σw² of weights given as logs (−Infinity: weight 0). */
export function effectiveSampleSize(logWeights: ArrayLike<number>): number {
  let top = -Infinity;
  for (let i = 0; i < logWeights.length; i++) if (logWeights[i] > top) top = logWeights[i];
  if (top === -Infinity) return 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < logWeights.length; i++) {
    const w = exp(logWeights[i] - top);
    sum += w;
    squares += w * w;
  }
  return (sum * sum) / squares;
}

/** Weights from logs, normalised to sum 1. */
function normalised(logWeights: Float64Array): Float64Array {
  let top = -Infinity;
  for (const l of logWeights) if (l > top) top = l;
  const w = new Float64Array(logWeights.length);
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i] = exp(logWeights[i] - top);
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/** −½‖L⁻¹x‖² for the lower-triangular L (row-major d × d): the log density of N(0, LLᵀ) less its constant. */
function halfMahalanobis(L: Float64Array, d: number, x: ArrayLike<number>, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d; i++) {
    let v = x[i];
    for (let k = 0; k < i; k++) v -= L[i * d + k] * y[k];
    y[i] = v / L[i * d + i];
    s += y[i] * y[i];
  }
  return -0.5 * s;
}

const logDeterminant = (L: Float64Array, d: number): number => {
  let s = 0;
  for (let i = 0; i < d; i++) s += log(L[i * d + i]);
  return 2 * s;
};

/** A normal N(mean, LLᵀ) in z-space. */
interface Normal {
  readonly mean: Float64Array;
  readonly factor: Float64Array;
  readonly logDet: number;
}

/** The weighted mean and covariance of the particles (d × n, column i = particle i), widened, as a Normal. */
function fitNormal(z: Float64Array[], w: Float64Array, d: number): Normal {
  const n = w.length;
  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += w[i] * z[j][i];
    mean[j] = m;
  }
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b <= a; b++) {
      let c = 0;
      for (let i = 0; i < n; i++) c += w[i] * (z[a][i] - mean[a]) * (z[b][i] - mean[b]);
      cov[a * d + b] = cov[b * d + a] = WIDEN * c;
    }
  // A direction the weights leave without spread (one heavy particle) gets some, growing until
  // the factorisation holds: the proposal must have a density everywhere near the target.
  for (let jitter = 1e-6; ; jitter *= 10) {
    const m = Float64Array.from(cov);
    for (let j = 0; j < d; j++) m[j * d + j] += jitter;
    const f = cholesky(m, d);
    if ('factor' in f) return { mean, factor: f.factor, logDet: logDeterminant(f.factor, d) };
    if (jitter > 1) throw new Error('posterior: the fitted covariance cannot be factorised');
  }
}

/**
 * The largest β in [from, 1] whose weights β·logL + base keep an ESS of at least `target`
 * (bisection; `from` when even that falls below).
 */
function nextTemperature(logL: Float64Array, base: Float64Array, from: number, target: number): number {
  const at = (beta: number) => {
    const l = new Float64Array(logL.length);
    for (let i = 0; i < l.length; i++) l[i] = logL[i] === -INFINITY ? -INFINITY : beta * logL[i] + base[i];
    return effectiveSampleSize(l);
  };
  if (at(1) >= target) return 1;
  let lo = from;
  let hi = 1;
  for (let k = 0; k < 50; k++) {
    const mid = 0.5 * (lo + hi);
    if (at(mid) >= target) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Why a history cannot be fitted, in plain words, when some observation lies beyond everything
 * the prior's draws reach by more than {@link UNREACHABLE_SIGMAS} σ: the worst such observation,
 * the most (or least) the draws reach, and the two inputs that move it most (by rank correlation
 * over the draws). Undefined when every observation is within reach.
 */
function unreachable(
  plan: SimulationPlan,
  history: History,
  reached: Float64Array[],
  values: Float64Array[],
): string | undefined {
  let worst = -1;
  let miss = UNREACHABLE_SIGMAS;
  let bound = 0;
  let above = false;
  history.forEach((o, j) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of reached[j])
      if (Number.isFinite(x)) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    if (hi === -Infinity) return;
    const distance = (from: number) =>
      o.metric === 'cash'
        ? Math.abs(o.value - from) / (o.error * Math.abs(o.value))
        : from > 0
          ? Math.abs(log(o.value) - log(from)) / o.error
          : Infinity;
    const d = o.value > hi ? distance(hi) : o.value < lo ? distance(lo) : 0;
    if (d > miss) [worst, miss, bound, above] = [j, d, o.value > hi ? hi : lo, o.value > hi];
  });
  if (worst < 0) return undefined;
  const o = history[worst];
  const x = reached[worst];
  const ok = Array.from(x, Number.isFinite);
  const pick = (column: Float64Array) => column.filter((_, i) => ok[i]);
  const moved = plan.uncertain
    .map((name, i) => ({ name, r: spearman(pick(values[i]), pick(x)) }))
    .filter((m) => Number.isFinite(m.r))
    .sort((p, q) => Math.abs(q.r) - Math.abs(p.r))
    .slice(0, 2)
    .map((m) => m.name);
  return messages.historyUnreachable(describeObservation(o), above ? 'most' : 'least', roundedText(bound), moved);
}

/**
 * The posterior of a run's uncertain inputs given `history`, as the run's trials (see the
 * module comment). Throws, with the reason in plain words, when an observation is out of the
 * prior's reach or the posterior's ESS falls below {@link MIN_ESS}.
 *
 * @example conditionOnHistory(plan, history, model).ess // e.g. 5,400 of 10,000 (planRun gives the model)
 */
export function conditionOnHistory(
  plan: SimulationPlan,
  history: History,
  model: PosteriorModel,
  onProgress?: FitProgress,
): Posterior {
  const d = plan.uncertain.length;
  const lastMonth = lastObservedMonth(history);
  if (lastMonth > plan.months) invalid(messages.historyAfterHorizon(lastMonth, plan.months));
  const n = stageParticles(plan.trials);
  const chainParticles = CHAINS * chainIterations(plan.trials);
  const total = 3 * n + chainParticles;
  onProgress?.(0, total);
  const prior = priorFactor(plan, d);
  const scratch = new Float64Array(d);
  const point = new Float64Array(d);

  // Stage 0: the prior's own draws (LHS or MC, correlated as the table says).
  const u = model.prior(n);
  const z = u.map((column) => Float64Array.from(column, normalQuantile));
  const reached = history.map(() => new Float64Array(n));
  const logL = model.logLikelihoods(u, reached);
  const why = unreachable(plan, history, reached, model.inputValues(u));
  if (why) invalid(why);
  const priorBands = reached.map((x) => {
    const sorted = x.filter(Number.isFinite).sort();
    return { p10: percentileSorted(sorted, 0.1), p90: percentileSorted(sorted, 0.9) };
  });

  // A history the prior already fits well: importance sampling from the prior is exact and cheap.
  const logPrior0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) point[j] = z[j][i];
    logPrior0[i] = halfMahalanobis(prior, d, point, scratch);
  }
  if (d === 0 || effectiveSampleSize(logL) >= n / 2) {
    onProgress?.(total, total);
    return finish(plan, history, z, logL, n, [1], lastMonth, priorBands);
  }
  onProgress?.(n, total);
  // Else the chains find where the posterior is and how it spreads; importance sampling from a
  // normal fitted to them, refitted once to its own weights, gives exact weights.
  const chains = adaptiveMetropolis(plan, model, z, logL, logPrior0, prior, (particles) =>
    onProgress?.(n + particles, total),
  );
  const { kept, states } = chains;
  const m = states.length * kept;
  const columns = Array.from({ length: d }, (_, j) => {
    const column = new Float64Array(m);
    states.forEach((chain, c) => {
      for (let k = 0; k < kept; k++) column[c * kept + k] = chain[k * d + j];
    });
    return column;
  });
  let fit = fitNormal(columns, new Float64Array(m).fill(1 / m), d);
  const essOf: number[] = [];
  let sample = importanceSample(plan, model, fit, prior, n, IS_ENTITY);
  essOf.push(sample.ess);
  onProgress?.(2 * n + chainParticles, total);
  fit = fitNormal(sample.z, normalised(sample.logW), d);
  const second = importanceSample(plan, model, fit, prior, n, IS_ENTITY + 1);
  essOf.push(second.ess);
  if (second.ess >= sample.ess) sample = second;
  onProgress?.(total, total);
  return finish(plan, history, sample.z, sample.logW, n, essOf, lastMonth, priorBands);
}

/** The prior's share of the final proposal (a defensive mixture: every weight ≤ L/share). */
const DEFENSIVE = 0.1;

/**
 * Importance sampling of the posterior with a proposal fitted to the chains' states: 0.9·N(mean,
 * 1.2·cov) + 0.1·prior. Its weights prior·L/q are exact, whatever the chains' mixing.
 */
function importanceSample(
  plan: SimulationPlan,
  model: PosteriorModel,
  fit: Normal,
  prior: Float64Array,
  n: number,
  entity: number,
): { z: Float64Array[]; logW: Float64Array; ess: number } {
  const d = fit.mean.length;
  const priorLogDet = logDeterminant(prior, d);
  const z = Array.from({ length: d }, () => new Float64Array(n));
  const logQ = new Float64Array(n);
  const logP = new Float64Array(n);
  const scratch = new Float64Array(d);
  const point = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const fromPrior = hdrUniform(i + 1, 0, entity, plan.seed, 0) < DEFENSIVE;
    for (let j = 0; j < d; j++)
      scratch[j] = normalQuantile(clamp(hdrUniform(i + 1, plan.variables[j], entity, plan.seed, 0)));
    const L = fromPrior ? prior : fit.factor;
    for (let j = 0; j < d; j++) {
      let v = 0;
      for (let k = 0; k <= j; k++) v += L[j * d + k] * scratch[k];
      z[j][i] = point[j] = fromPrior ? v : fit.mean[j] + v;
    }
    const lp = halfMahalanobis(prior, d, point, scratch) - 0.5 * priorLogDet;
    for (let j = 0; j < d; j++) point[j] -= fit.mean[j];
    const lf = halfMahalanobis(fit.factor, d, point, scratch) - 0.5 * fit.logDet;
    const a = log(1 - DEFENSIVE) + lf;
    const b = log(DEFENSIVE) + lp;
    const top = Math.max(a, b);
    logQ[i] = top + log(exp(a - top) + exp(b - top));
    logP[i] = lp;
  }
  const u = z.map((column) => Float64Array.from(column, (x) => clamp(normalCdf(x))));
  const logL = model.logLikelihoods(u);
  const logW = logL.map((l, i) => (l === -INFINITY ? -INFINITY : l + logP[i] - logQ[i]));
  return { z, logW, ess: effectiveSampleSize(logW) };
}
/** The HDR entities of the two importance-sampling rounds (IS_ENTITY and IS_ENTITY + 1). */
const IS_ENTITY = 30;

/** Parallel chains of adaptive Metropolis (see the module comment), run in lockstep. */
export const CHAINS = 4;
/** Iterations of all chains together per trial of the run, with a floor and a ceiling. */
const ITERATIONS_PER_TRIAL = 2;
const MIN_ITERATIONS = 20_000;
const MAX_ITERATIONS = 100_000;
/** Iterations of each chain for a run of `trials`. */
const chainIterations = (trials: number): number =>
  Math.ceil(Math.min(MAX_ITERATIONS, Math.max(MIN_ITERATIONS, ITERATIONS_PER_TRIAL * trials)) / CHAINS);
/** The acceptance rate the proposal's scale is tuned to (Roberts, Gelman & Gilks 1997). */
const TARGET_ACCEPTANCE = 0.234;
/** During burn-in the proposal's covariance is refitted every this many iterations. */
const ADAPT_EVERY = 250;
/** The HDR entity of chain c's draws is CHAIN_ENTITY + c. */
const CHAIN_ENTITY = 20;

/** What the chains leave after burn-in: each chain's states (z, d × kept, row-major by state), and their acceptance. */
interface Chains {
  readonly d: number;
  readonly kept: number;
  readonly states: Float64Array[];
  readonly acceptance: number;
  readonly iterations: number;
}

/**
 * Random-walk Metropolis in z on prior × likelihood, {@link CHAINS} chains started at the
 * prior's best draws. Burn-in (the first half): the proposal N(0, s²·Σ) has Σ refitted to the
 * chains' recent states (Haario, Saksman & Tamminen 2001) and s tuned towards
 * {@link TARGET_ACCEPTANCE}; after it the proposal is fixed, so the kept half is a plain
 * Metropolis chain of the posterior.
 */
function adaptiveMetropolis(
  plan: SimulationPlan,
  model: PosteriorModel,
  z0: Float64Array[],
  logL0: Float64Array,
  logPrior0: Float64Array,
  prior: Float64Array,
  onProgress: (particles: number) => void,
): Chains {
  const d = z0.length;
  const n = logL0.length;
  const C = CHAINS;
  const T = chainIterations(plan.trials);
  const burn = Math.floor(T / 2);
  // Starts: the prior's draws of highest posterior density.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => logL0[b] + logPrior0[b] - (logL0[a] + logPrior0[a]) || a - b,
  );
  const state = Array.from({ length: C }, (_, c) => Float64Array.from({ length: d }, (_, j) => z0[j][order[c]]));
  const logPost = Float64Array.from({ length: C }, (_, c) => logL0[order[c]] + logPrior0[order[c]]);
  // The first proposal: the normal of the prior's draws weighted by the likelihood tempered to an
  // ESS of a few dozen, a rough picture of the posterior's spread.
  const beta = nextTemperature(logL0, new Float64Array(n), 0, Math.max(50, 4 * d));
  let factor = fitNormal(z0, normalised(logL0.map((l) => (l === -Infinity ? -Infinity : beta * l))), d).factor;
  let logScale = log(2.38 / Math.sqrt(d));
  const scratch = new Float64Array(d);
  const proposal = z0.map(() => new Float64Array(C));
  const kept = T - burn;
  const states = Array.from({ length: C }, () => new Float64Array(kept * d));
  const recent: Float64Array[] = []; // burn-in states for refitting, chains interleaved
  let accepted = 0;
  for (let t = 0; t < T; t++) {
    const s = exp(logScale);
    for (let c = 0; c < C; c++) {
      const entity = CHAIN_ENTITY + c;
      for (let j = 0; j < d; j++)
        scratch[j] = normalQuantile(clamp(hdrUniform(t + 1, plan.variables[j], entity, plan.seed, 0)));
      for (let j = 0; j < d; j++) {
        let v = 0;
        for (let k = 0; k <= j; k++) v += factor[j * d + k] * scratch[k];
        proposal[j][c] = state[c][j] + s * v;
      }
    }
    const u = proposal.map((column) => Float64Array.from(column, (x) => clamp(normalCdf(x))));
    const logL = model.logLikelihoods(u);
    let acceptedNow = 0;
    for (let c = 0; c < C; c++) {
      const point = proposal.map((column) => column[c]);
      const candidate = logL[c] === -INFINITY ? -INFINITY : logL[c] + halfMahalanobis(prior, d, point, scratch);
      const threshold = log(hdrUniform(t + 1, 0, CHAIN_ENTITY + c, plan.seed, 0));
      if (candidate - logPost[c] >= threshold) {
        for (let j = 0; j < d; j++) state[c][j] = point[j];
        logPost[c] = candidate;
        acceptedNow++;
      }
      if (t >= burn) states[c].set(state[c], (t - burn) * d);
    }
    if ((t + 1) % ADAPT_EVERY === 0) onProgress(C * (t + 1));
    if (t >= burn) {
      accepted += acceptedNow;
      continue;
    }
    // Burn-in: the scale towards the target acceptance (Robbins–Monro), the covariance refitted.
    logScale += (acceptedNow / C - TARGET_ACCEPTANCE) / pow(t + 1, 0.6);
    for (let c = 0; c < C; c++) recent.push(Float64Array.from(state[c]));
    if ((t + 1) % ADAPT_EVERY === 0) {
      const from = Math.floor(recent.length / 2); // the later half of what the chains have seen
      const columns = Array.from({ length: d }, (_, j) => Float64Array.from(recent.slice(from), (x) => x[j]));
      const m = recent.length - from;
      factor = fitNormal(columns, new Float64Array(m).fill(1 / m), d).factor;
    }
  }
  return { d, kept, states, acceptance: accepted / (C * kept), iterations: C * T };
}

/** A uniform kept within the range the inputs' support check covers. */
const clamp = (u: number): number => min(U_MAX, max(U_MIN, u));

/** The Cholesky factor of the prior's correlation in z: the identity, or the correlation table's Gaussian copula. */
function priorFactor(plan: SimulationPlan, d: number): Float64Array {
  if (plan.correlations.length > 0) return scoreTarget(d, plan.correlations);
  const I = new Float64Array(d * d);
  for (let j = 0; j < d; j++) I[j * d + j] = 1;
  return I;
}

/** The last population's weights checked, then resampled into the run's trials. */
function finish(
  plan: SimulationPlan,
  history: History,
  z: Float64Array[],
  logW: Float64Array,
  n: number,
  rounds: number[],
  lastMonth: number,
  priorBands: PosteriorSummary['priorBands'],
): Posterior {
  const ess = effectiveSampleSize(logW);
  if (!(ess >= MIN_ESS)) invalid(messages.historyLowEss(Math.floor(ess), n, MIN_ESS));
  const w = normalised(logW);
  // Systematic resampling: one uniform, then trial t takes the particle where (t + v)/trials falls.
  const trials = plan.trials;
  const v = hdrUniform(1, 0, RESAMPLE_ENTITY, plan.seed, 0);
  const uniforms = z.map(() => new Float64Array(trials));
  let i = 0;
  let cumulative = w[0];
  for (let t = 0; t < trials; t++) {
    const target = (t + v) / trials;
    while (cumulative < target && i < n - 1) cumulative += w[++i];
    for (let j = 0; j < z.length; j++) uniforms[j][t] = clamp(normalCdf(z[j][i]));
  }
  return {
    method: POSTERIOR_METHOD,
    ess,
    particles: n,
    rounds,
    observations: history.length,
    lastMonth,
    priorBands,
    uniforms,
  };
}
