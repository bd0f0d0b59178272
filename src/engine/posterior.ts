/**
 * A run conditioned on the company's history (model.md v3, "History: uncertainty conditioned on
 * what happened"): the trials become draws from the posterior of the uncertain inputs,
 * prior × likelihood, and every output of the report is the forecast conditioned on it.
 *
 * Method: adaptive tempered importance sampling with a defensive mixture (after Cappé et al.,
 * "Population Monte Carlo", 2004, and Hesterberg, "Weighted average importance sampling and
 * defensive mixture distributions", 1995). It works on z, the normal scores of the inputs'
 * uniforms (u = Φ(z)), where the prior is N(0, R): R = I for independent inputs, the Gaussian
 * copula of the correlation table otherwise (the scores' Pearson correlations 2·sin(π·ρ/6)).
 * 1. Stage 0: the prior's own draws (the run's LHS or MC sample), weighed by the likelihood.
 * 2. Each stage raises the temperature β of the likelihood L^β as far as keeps the weights'
 *    effective sample size (ESS) at half the particles, fits a normal N(μ, Σ) to the weighted
 *    particles, and draws a new population from 0.9·N(μ, 1.2·Σ) + 0.1·prior. The prior's share
 *    bounds every weight (prior·L/q ≤ 10·L), so no particle can take over the sample.
 * 3. Once β = 1 and the ESS holds at least half the particles (or after {@link MAX_STAGES}), the
 *    last population's weights prior·L/q are the posterior's; systematic resampling by them
 *    gives the run's trials.
 * Importance sampling with weights prior·L/q is exact as the particles grow: the tempering and
 * the fitted normals only make it efficient. A posterior far from normal in z (two modes) keeps
 * a low ESS, which the run reports and refuses below {@link MIN_ESS}.
 *
 * Status (issue 17, in progress): on a default table with two years of monthly members,
 * customers and ARR (72 observations at σ = 0.1) the tempering stalls near β = 0.05 within 24
 * stages (the fitted normals do not match the posterior well enough in 13 dimensions), so such a
 * run ends with the low-ESS refusal. A Laplace start (the posterior's mode and curvature) or
 * resample-move SMC is the next step. No host passes a history yet.
 *
 * Randomness: HDR 2.0 with entity 10 + stage for stage ≥ 1 (trial = particle, variable = the
 * input's HDR variable; variable 0 picks the mixture's part), entity 99 for the resampling. A
 * pure function of the plan, the history and the seed, computed in one thread: the same trials
 * whatever the number of workers.
 */
import { describeValue, invalid, messages } from '../model/errors';
import { hdrUniform } from '../model/hdr';
import { History, describeObservation, lastObservedMonth } from '../model/history';
import { normalCdf, normalQuantile } from '../model/normal';
import { exp, log } from '../model/portable-math';
import { cholesky, scoreTarget, spearman } from './correlation';
import { U_MAX, U_MIN } from './distributions';
import { percentileSorted } from './statistics';
import type { SimulationPlan } from './simulation';

/** The least effective sample size a posterior may have (model.md v3). */
export const MIN_ESS = 200;
/** The most stages of tempering and refitting before the last population is taken as it is. */
export const MAX_STAGES = 24;
/** The prior's share of each proposal (the defensive mixture). */
const DEFENSIVE = 0.1;
/** The fitted normal's covariance is widened by this factor, so its tails cover the target's. */
const WIDEN = 1.2;
/** A stage's particles are {@link stageParticles}: at least this many, at most the run's trials. */
const MIN_PARTICLES = 2000;
/** The HDR entity of stage k's proposal draws (k ≥ 1) and of the resampling. */
const STAGE_ENTITY = 10;
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

/** What a posterior run tells its report. */
export interface PosteriorSummary {
  readonly method: string;
  /** The effective sample size of the final weights, and the particles they are over. */
  readonly ess: number;
  readonly particles: number;
  /** The temperatures of the stages (the last is 1). */
  readonly temperatures: readonly number[];
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
  'adaptive tempered importance sampling (normal proposals fitted stage by stage, 10 % of each from the prior), then systematic resampling';

/** Particles per stage: the run's trials, at least {@link MIN_PARTICLES}. */
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

/** log of Σ exp(a_i). */
const logSumExp = (a: number, b: number): number => {
  const top = Math.max(a, b);
  return top === -Infinity ? -Infinity : top + log(exp(a - top) + exp(b - top));
};

/**
 * The largest β in [from, 1] whose weights β·logL + base keep an ESS of at least `target`
 * (bisection; `from` when even that falls below).
 */
function nextTemperature(logL: Float64Array, base: Float64Array, from: number, target: number): number {
  const at = (beta: number) => {
    const l = new Float64Array(logL.length);
    for (let i = 0; i < l.length; i++) l[i] = logL[i] === -Infinity ? -Infinity : beta * logL[i] + base[i];
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
  return messages.historyUnreachable(describeObservation(o), above ? 'most' : 'least', describeValue(bound), moved);
}

/**
 * The posterior of a run's uncertain inputs given `history`, as the run's trials (see the
 * module comment). Throws, with the reason in plain words, when an observation is out of the
 * prior's reach or the posterior's ESS falls below {@link MIN_ESS}.
 *
 * @example conditionOnHistory(plan, history, model).ess // e.g. 5,400 of 10,000 (planRun gives the model)
 */
export function conditionOnHistory(plan: SimulationPlan, history: History, model: PosteriorModel): Posterior {
  const d = plan.uncertain.length;
  const lastMonth = lastObservedMonth(history);
  if (lastMonth > plan.months) invalid(messages.historyAfterHorizon(lastMonth, plan.months));
  const n = stageParticles(plan.trials);
  const prior = priorFactor(plan, d);
  const priorLogDet = logDeterminant(prior, d);
  const scratch = new Float64Array(d);
  const point = new Float64Array(d);

  // Stage 0: the prior's own draws (LHS or MC, correlated as the table says).
  let u = model.prior(n);
  let z = u.map((column) => Float64Array.from(column, normalQuantile));
  let logProposal = new Float64Array(n); // log q − log prior: 0 for the prior's own draws
  const reached = history.map(() => new Float64Array(n));
  let logL = model.logLikelihoods(u, reached);
  const why = unreachable(plan, history, reached, model.inputValues(u));
  if (why) invalid(why);
  const priorBands = reached.map((x) => {
    const sorted = x.filter(Number.isFinite).sort();
    return { p10: percentileSorted(sorted, 0.1), p90: percentileSorted(sorted, 0.9) };
  });

  const temperatures: number[] = [];
  let beta = 0;
  for (let stage = 1; ; stage++) {
    const base = logProposal.map((l) => -l);
    beta = nextTemperature(logL, base, beta, n / 2);
    temperatures.push(beta);
    const logW = logL.map((l, i) => (l === -Infinity ? -Infinity : beta * l + base[i]));
    if ((beta === 1 && effectiveSampleSize(logW) >= n / 2) || stage > MAX_STAGES || d === 0) {
      // The posterior's weights are at β = 1 whatever temperature the stages reached: a
      // tempering that stalled shows as a low ESS, never as a tempered answer.
      const posterior = logL.map((l, i) => (l === -Infinity ? -Infinity : l + base[i]));
      return finish(plan, history, z, posterior, n, temperatures, lastMonth, priorBands);
    }
    // The next population, from the normal fitted to this one at β and the prior.
    const fit = fitNormal(z, normalised(logW), d);
    const entity = STAGE_ENTITY + stage;
    z = plan.variables.map(() => new Float64Array(n));
    logProposal = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const fromPrior = hdrUniform(i + 1, 0, entity, plan.seed, 0) < DEFENSIVE;
      for (let j = 0; j < d; j++)
        scratch[j] = normalQuantile(clamp(hdrUniform(i + 1, plan.variables[j], entity, plan.seed, 0)));
      for (let j = 0; j < d; j++) {
        let v = 0;
        const L = fromPrior ? prior : fit.factor;
        for (let k = 0; k <= j; k++) v += L[j * d + k] * scratch[k];
        z[j][i] = point[j] = fromPrior ? v : fit.mean[j] + v;
      }
      // log q(z) − log prior(z), the constants of the normals' densities included.
      const logPrior = halfMahalanobis(prior, d, point, scratch) - 0.5 * priorLogDet;
      for (let j = 0; j < d; j++) point[j] -= fit.mean[j];
      const logFit = halfMahalanobis(fit.factor, d, point, scratch) - 0.5 * fit.logDet;
      logProposal[i] = logSumExp(log(1 - DEFENSIVE) + logFit, log(DEFENSIVE) + logPrior) - logPrior;
    }
    u = z.map((column) => Float64Array.from(column, (x) => clamp(normalCdf(x))));
    logL = model.logLikelihoods(u);
  }
}

/** A uniform kept within the range the inputs' support check covers. */
const clamp = (u: number): number => Math.min(U_MAX, Math.max(U_MIN, u));

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
  temperatures: number[],
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
    temperatures,
    observations: history.length,
    lastMonth,
    priorBands,
    uniforms,
  };
}
