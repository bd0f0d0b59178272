import { AssumptionName, Assumptions, findAssumption, resolveAssumptions } from '../model/assumptions';
import { invalid, messages } from '../model/errors';
import { KPI_NAMES, KpiName, kpis } from '../model/kpis';
import { MonthlySeries, SCENARIOS, Scenario, allocateSeries, projectInto } from '../model/projection';
import { ConversionWorkspace } from '../model/employers';
import { Plan, PlanSchedule, schedulePlan } from '../model/plan';
import { YearSpan, yearSpans } from '../model/years';
import { History, lastObservedMonth } from '../model/history';
import { INFINITY, NOT_A_NUMBER, abs, log } from '../model/portable-math';
import { PackedSketches, QuantileSketch } from './quantile-sketch';
import { SamplingMethod, inputUniforms, seedRule, toInputValues, trialsRule } from './sampling';
import { DistributionName, makeDistribution, pertShape } from './distributions';
import { BetaTable, betaTable, loadBetaTable } from './beta-quantile';
import type { MetalogBounds } from './metalog';
import { Rule, checkNumber } from '../model/rules';
import type { SimulationInputs } from './simulation-inputs';
import { IndexedCorrelation, correlateColumns } from './correlation';
import { indexCorrelations } from './correlation-table';
import { FitProgress, Posterior, PosteriorSummary, conditionOnHistory, stageParticles } from './posterior';

/**
 * The Monte Carlo engine: trials projected with the model core, aggregated into what the
 * report needs. It is cut into blocks of {@link BLOCK_TRIALS} consecutive trials that any
 * number of workers can run in any order: monthly sums are merged in block order and sketches
 * by adding whole counts, so a run gives the same numbers, to the bit, with 1, 2 or 4 workers.
 *
 * Each runner keeps one quantile sketch per monthly cell (output × month × scenario) for the
 * blocks it ran. At the end of a run the runners split the cells among themselves (see
 * {@link ownedCells}): each merges the others' sketches of its own cells and reads their
 * percentiles, so that merging runs in parallel and only percentiles reach the aggregator.
 *
 * Memory: the sampled inputs and the KPIs of every trial (8 bytes × trials × (inputs + 8 KPIs
 * × scenarios)); per runner the uniforms (8 bytes × trials × inputs), one sketch per cell (a
 * few KB each, whatever the number of trials) and one block's monthly values (8 bytes × 500
 * trials × 7 outputs × months × scenarios: 3.4 MB for 120 months and one scenario); and the
 * monthly sums of blocks that arrive ahead of their turn. 100,000 trials × 10 inputs × 2
 * scenarios take about 21 MB, plus 8 MB of uniforms per runner.
 */

/** Trials per block: the unit of work of a worker, of progress and of cancellation. */
export const BLOCK_TRIALS = 500;

/** The run's scenario option: one business model, or both on the same trials. */
export const RUN_SCENARIOS = [...SCENARIOS, 'compare'] as const;
export type RunScenario = (typeof RUN_SCENARIOS)[number];

/**
 * The scenarios a run projects: both for `compare`, else the one named.
 *
 * @example scenariosOf('compare') // ['beekeeper', 'proprietary']
 */
export const scenariosOf = (scenario: RunScenario): Scenario[] =>
  scenario === 'compare' ? [...SCENARIOS] : [scenario];

/**
 * The monthly outputs a run keeps statistics of (workbook.md, the Monthly sheet): v2's seven, then
 * v3's P&L lines and ARR bridge (appended: OSS.SIMULATE takes these names, and earlier indices stay).
 * Financing is not among them: it is the plan's, the same in every trial.
 */
export const MONTHLY_STATISTICS = [
  'members',
  'customers',
  'revenue',
  'arr',
  'engineers',
  'cashFlow',
  'cash',
  'costOfRevenue',
  'engineeringCost',
  'salesMarketingCost',
  'otherCost',
  'newArr',
  'expansionArr',
  'churnedArr',
] as const;
export type MonthlyStatistic = (typeof MONTHLY_STATISTICS)[number];

/**
 * The yearly figures a run keeps statistics of (workbook.md v3, the Years sheet, definitions as in
 * model/years.ts): the year's revenue, operating cash flow and ARR bridge, and ARR, customers,
 * members, engineers and cash at its end. The ratios (gross margin and the SaaS metrics) are the
 * base case's: in some trials they are not meaningful (no revenue, no net new ARR), and a
 * percentile over the trials where they are would not be the same population as its neighbours'.
 * Financing is the plan's, the same in every trial.
 */
export const YEARLY_STATISTICS = [
  'revenue',
  'closingArr',
  'customers',
  'operatingCashFlow',
  'cash',
  'openingArr',
  'newArr',
  'expansionArr',
  'churnedArr',
  'members',
  'engineers',
] as const;
export type YearlyStatistic = (typeof YEARLY_STATISTICS)[number];

const YEAR_SCRATCH = new Float64Array(YEARLY_STATISTICS.length);

/** Relative accuracy of the monthly percentiles (the sketches'); KPI percentiles are exact. */
export const MONTHLY_RELATIVE_ACCURACY = 0.001;

export interface SimulationOptions {
  readonly scenario: RunScenario;
  readonly trials: number;
  readonly seed: number;
  readonly sampling: SamplingMethod;
}

/** What every block needs, as plain data that a worker thread can receive (structured clone). */
export interface SimulationPlan {
  readonly base: Assumptions;
  /** Names of the uncertain inputs, in the order of the sample columns. */
  readonly uncertain: readonly AssumptionName[];
  /** Their distributions as data (a worker rebuilds the quantile functions from them). */
  readonly distributions: readonly {
    readonly name: DistributionName;
    readonly params: readonly number[];
    readonly bounds?: MetalogBounds;
    readonly whole: boolean;
  }[];
  /** The tables of the PERT inputs' quantiles, made once by the planning thread. */
  readonly betaTables: readonly BetaTable[];
  readonly scenarios: readonly Scenario[];
  readonly months: number;
  /** The years of the Years sheet (fiscal years with startDate), for the yearly statistics. */
  readonly years: readonly YearSpan[];
  readonly trials: number;
  /** What sampling needs (see {@link sampleColumns}): each uncertain input's HDR variable, the seed, the method. */
  readonly variables: readonly number[];
  readonly seed: number;
  readonly sampling: SamplingMethod;
  /**
   * The company's plan of decisions (model.md v3), validated against the base assumptions: the
   * same in every trial; a row for an uncertain input replaces its sampled value from its month.
   */
  readonly decisions: Plan;
  /**
   * The Spearman correlations between uncertain inputs (model.md v3), by their columns, validated:
   * once every column is sampled, the columns they name are reordered to them (see
   * {@link correlateRun}); empty: none.
   */
  readonly correlations: readonly IndexedCorrelation[];
  /**
   * With a history (model.md v3): the trials drawn from the posterior, as the uniforms every
   * trial uses (see {@link planRun}); absent: the trials are the prior's sample.
   */
  readonly posterior?: Posterior;
}

/** Validates the options and makes the plan of a run. */
export function planSimulation(inputs: SimulationInputs, options: SimulationOptions): SimulationPlan {
  checkNumber('trials', options.trials, trialsRule);
  checkNumber('seed', options.seed, seedRule);
  if (!(RUN_SCENARIOS as readonly string[]).includes(options.scenario)) {
    invalid(messages.oneOf('scenario', RUN_SCENARIOS, options.scenario));
  }
  return {
    base: inputs.base,
    uncertain: inputs.uncertain.map((u) => u.name),
    distributions: inputs.uncertain.map((u) => ({
      name: u.distribution.name,
      params: u.distribution.params,
      ...(u.distribution.bounds ? { bounds: u.distribution.bounds } : {}),
      whole: u.whole,
    })),
    betaTables: inputs.uncertain
      .filter((u) => u.distribution.name === 'pert')
      .map((u) => betaTable(...pertShape(...(u.distribution.params as [number, number, number])))),
    scenarios: scenariosOf(options.scenario),
    months: inputs.base.months,
    years: yearSpans(inputs.base),
    trials: options.trials,
    variables: inputs.uncertain.map((u) => u.variable),
    seed: options.seed,
    sampling: options.sampling,
    decisions: inputs.plan ?? [],
    correlations: indexCorrelations(inputs.correlations ?? [], inputs),
  };
}

/**
 * {@link planSimulation}, then, with a history in the inputs, the posterior's trials
 * (posterior.ts): the plan every host runs. Computed in this thread, so deterministic whatever
 * the workers; throws, in plain words, when the history does not fit.
 *
 * @example planRun(withHistory(inputs, history), options).posterior?.ess
 */
export function planRun(
  inputs: SimulationInputs,
  options: SimulationOptions,
  onFitProgress?: FitProgress,
): SimulationPlan {
  return conditionPlan(planSimulation(inputs, options), inputs.history ?? [], onFitProgress);
}

/**
 * The plan with its trials drawn from the posterior given `history` (none: the plan as it is).
 * Plain data in and out, so that a worker can compute it for a host whose own thread must stay
 * free (the task pane's page).
 *
 * @example conditionPlan(planSimulation(inputs, options), history).posterior?.ess
 */
export function conditionPlan(plan: SimulationPlan, history: History, onProgress?: FitProgress): SimulationPlan {
  if (history.length === 0) return plan;
  const particles = stageParticles(plan.trials);
  const runner = new TrialRunner({ ...plan, trials: particles });
  const posterior = conditionOnHistory(
    plan,
    history,
    {
      prior: (n) => sampleRun({ ...plan, trials: n }),
      logLikelihoods: (u, reached) => runner.logLikelihoods(u, history, reached),
      inputValues: (u) => runner.inputValues(u),
    },
    onProgress,
  );
  return { ...plan, posterior };
}

/**
 * The uniforms of a run as its trials use them: one column per uncertain input (index t − 1 is
 * trial t), correlated as the plan says. The blocks turn them into input values (the quantile
 * transform is the costly part of sampling).
 */
export function sampleRun(plan: SimulationPlan): Float64Array[] {
  return correlateRun(
    plan,
    sampleColumns(
      plan,
      plan.variables.map((_, i) => i),
    ),
  );
}

/**
 * The run's uniform columns, every one sampled, with the plan's correlations imposed: the
 * columns they name reordered by Iman–Conover (each keeps its values: the marginals, LHS strata
 * included, are exact), the others as given. A pure function of the columns, so every worker
 * that has them all computes the same bits: a run is the same whatever the number of workers.
 *
 * @example correlateRun(plan, sampleColumns(plan, plan.variables.map((_, i) => i)))
 */
export function correlateRun(plan: SimulationPlan, uniforms: readonly Float64Array[]): Float64Array[] {
  // The posterior's draws already hold the correlations (its prior had them).
  return plan.correlations.length > 0 && !plan.posterior
    ? correlateColumns(uniforms, plan.correlations)
    : [...uniforms];
}

/**
 * The uniform columns of the uncertain inputs numbered `columns` (0-based, in plan order): any
 * share of sampling, so that worker threads can split it among themselves.
 *
 * @example sampleColumns(plan, [0, 2]) // the uniforms of the first and third uncertain inputs
 */
export function sampleColumns(plan: SimulationPlan, columns: readonly number[]): Float64Array[] {
  const posterior = plan.posterior?.uniforms;
  if (posterior) return columns.map((i) => Float64Array.from(posterior[i]));
  return columns.map((i) => inputUniforms(plan.variables[i], plan.trials, plan.seed, plan.sampling));
}

/** Number of blocks of a run. */
export const blockCount = (trials: number): number => Math.ceil(trials / BLOCK_TRIALS);

/** The trials of block k: [first, first + count), 0-based trial indices. */
export function blockRange(trials: number, k: number): { first: number; count: number } {
  const first = k * BLOCK_TRIALS;
  return { first, count: Math.min(BLOCK_TRIALS, trials - first) };
}

/** What one block of trials gives back. */
export interface BlockOutput {
  readonly block: number;
  /** The block's sampled input values, [input][trial] flattened. */
  readonly inputs: Float64Array;
  /** Per scenario: Σ over the block's trials of each row's value (see {@link rowsPerScenario}). */
  readonly sums: readonly Float64Array[];
  /** Per scenario: each KPI of each of the block's trials, [kpi][trial] flattened (NaN: no value). */
  readonly kpis: readonly Float64Array[];
}

/**
 * A range of a run's cells, one sketch each, numbered [scenario][row] with the rows of
 * {@link rowsPerScenario}: `count` cells from `first`.
 */
export interface CellRange {
  readonly first: number;
  readonly count: number;
}

/**
 * The rows of one scenario: the monthly statistics, [statistic][month], then the yearly ones,
 * [statistic][year].
 */
export const rowsPerScenario = (plan: Pick<SimulationPlan, 'months' | 'years'>): number =>
  MONTHLY_STATISTICS.length * plan.months + YEARLY_STATISTICS.length * plan.years.length;

/** The cells of a run: scenarios × rows. */
export const cellCount = (plan: SimulationPlan): number => plan.scenarios.length * rowsPerScenario(plan);

/**
 * The cells whose sketches runner `runner` of `runners` merges and reads at the end of a run:
 * consecutive ranges as equal as they can be, together covering every cell once.
 *
 * @example ownedCells(720, 2, 1) // { first: 360, count: 360 }
 */
export function ownedCells(cells: number, runners: number, runner: number): CellRange {
  const first = Math.floor((cells * runner) / runners);
  return { first, count: Math.floor((cells * (runner + 1)) / runners) - first };
}

/** The percentiles the Monthly sheet shows, in the order of {@link TrialRunner.percentiles}. */
export const MONTHLY_PERCENTILES = [0.1, 0.5, 0.9] as const;

/** Quantile functions made for runners, by their distribution's data (see quantileOf). */
const madeQuantiles = new Map<string, (u: number) => number>();
const QUANTILES_KEPT = 256;

/**
 * The quantile function of a plan's distribution, made once per thread for the same data: a
 * host that runs again and again (a worker kept between runs) neither fits its metalogs again
 * nor hands its blocks a new closure each run. Quantile functions are pure, so sharing them is safe.
 */
function quantileOf(d: SimulationPlan['distributions'][number]): (u: number) => number {
  const key = JSON.stringify([d.name, d.params, d.bounds ?? {}]);
  let quantile = madeQuantiles.get(key);
  if (!quantile) {
    if (madeQuantiles.size >= QUANTILES_KEPT) madeQuantiles.clear();
    quantile = makeDistribution(d.name, d.params, d.bounds ?? {}).quantile;
    madeQuantiles.set(key, quantile);
  }
  return quantile;
}

/**
 * Runs blocks of trials and keeps the monthly sketches of every block it ran: the work of one
 * worker (or of the only thread). At the end its sketches are merged with the other runners'
 * (exportSketches, mergeSketches) and read (percentiles).
 */
export class TrialRunner {
  private readonly series: MonthlySeries;
  /** One sketch per cell, numbered as {@link CellRange} says. */
  private readonly sketches: QuantileSketch[];
  private readonly rules: Rule[];
  private readonly quantiles: ((u: number) => number)[];
  /** One block's monthly values of every statistic, scenario and trial (see runBlock). */
  private readonly blockValues: Float64Array;
  /** The assumptions of the trial being run (see trialAssumptions), and how it is projected. */
  private trial?: Assumptions;
  private readonly projection: { reached: false; workspace: ConversionWorkspace; plan?: PlanSchedule } = {
    reached: false,
    workspace: new ConversionWorkspace(),
  };

  /**
   * @param previous - a runner whose run is over, whose arrays this one may take over: a host
   *   that runs again and again (a worker thread kept between runs) then allocates nothing new
   *   and its sketches need no growth when the values span what they spanned before.
   */
  constructor(
    private readonly plan: SimulationPlan,
    previous?: TrialRunner,
  ) {
    const cells = cellCount(plan);
    const blockLength = cells * BLOCK_TRIALS;
    this.series = previous?.plan.months === plan.months ? previous.series : allocateSeries(plan.months);
    this.blockValues =
      previous && previous.blockValues.length >= blockLength ? previous.blockValues : new Float64Array(blockLength);
    this.rules = plan.uncertain.map((name) => findAssumption(name).rule);
    plan.betaTables.forEach(loadBetaTable);
    this.quantiles = plan.distributions.map(quantileOf);
    if (previous?.sketches.length === cells) {
      previous.sketches.forEach((sketch) => sketch.clear());
      this.sketches = previous.sketches;
    } else {
      this.sketches = Array.from(
        { length: cells },
        () => new QuantileSketch({ relativeAccuracy: MONTHLY_RELATIVE_ACCURACY }),
      );
    }
    if (previous) this.projection.workspace = previous.projection.workspace;
    if (plan.decisions.length > 0) this.projection.plan = schedulePlan(plan.decisions, plan.months);
  }

  /**
   * Runs block `block`, whose trials' uniforms are `uniforms` (one column per uncertain input,
   * `count` long, starting at the block's first trial).
   */
  runBlock(block: number, uniforms: readonly Float64Array[]): BlockOutput {
    const { plan, series } = this;
    const { count } = blockRange(plan.trials, block);
    const inputs = new Float64Array(plan.uncertain.length * count);
    const samples = uniforms.map((u, i) => {
      const values = inputs.subarray(i * count, (i + 1) * count);
      values.set(u);
      return toInputValues(values, this.quantiles[i], plan.distributions[i].whole);
    });
    const months = plan.months;
    const cells = rowsPerScenario(plan);
    const yearly = MONTHLY_STATISTICS.length * months; // the first yearly row
    const years = plan.years;
    const sums = plan.scenarios.map(() => new Float64Array(cells));
    const kpiColumns = plan.scenarios.map(() => new Float64Array(KPI_NAMES.length * count));
    // The block's monthly values, [scenario][cell][trial]: each sketch then takes its values in
    // one run, while its counts are in the cache (adding trial by trial touches every sketch of
    // a run per trial, several MB, and cost 3× as much).
    const values = this.blockValues;
    for (let t = 0; t < count; t++) {
      const a = this.trialAssumptions(samples, t);
      for (let s = 0; s < plan.scenarios.length; s++) {
        projectInto(a, plan.scenarios[s], series, this.projection);
        const k = kpis(a, series);
        for (let j = 0; j < KPI_NAMES.length; j++) kpiColumns[s][j * count + t] = k[KPI_NAMES[j]] ?? NOT_A_NUMBER;
        const sum = sums[s];
        const base = s * cells * BLOCK_TRIALS;
        for (let j = 0; j < MONTHLY_STATISTICS.length; j++) {
          const column = series[MONTHLY_STATISTICS[j]];
          const offset = j * months;
          for (let m = 0; m < months; m++) {
            sum[offset + m] += column[m];
            values[base + (offset + m) * BLOCK_TRIALS + t] = column[m];
          }
        }
        let openingArr = a.initialArr;
        for (let y = 0; y < years.length; y++) {
          const { firstMonth, lastMonth } = years[y];
          let revenue = 0;
          let cashFlow = 0;
          let newArr = 0;
          let expansionArr = 0;
          let churnedArr = 0;
          for (let m = firstMonth - 1; m < lastMonth; m++) {
            revenue += series.revenue[m];
            cashFlow += series.cashFlow[m];
            newArr += series.newArr[m];
            expansionArr += series.expansionArr[m];
            churnedArr += series.churnedArr[m];
          }
          const last = lastMonth - 1;
          // In the order of YEARLY_STATISTICS (one scratch array: no allocation per trial).
          const figures = YEAR_SCRATCH;
          figures[0] = revenue;
          figures[1] = series.arr[last];
          figures[2] = series.customers[last];
          figures[3] = cashFlow;
          figures[4] = series.cash[last];
          figures[5] = openingArr;
          figures[6] = newArr;
          figures[7] = expansionArr;
          figures[8] = churnedArr;
          figures[9] = series.members[last];
          figures[10] = series.engineers[last];
          openingArr = series.arr[last];
          for (let j = 0; j < figures.length; j++) {
            const row = yearly + j * years.length + y;
            sum[row] += figures[j];
            values[base + row * BLOCK_TRIALS + t] = figures[j];
          }
        }
      }
    }
    for (let c = 0; c < this.sketches.length; c++) {
      this.sketches[c].addAll(values.subarray(c * BLOCK_TRIALS, c * BLOCK_TRIALS + count));
    }
    return { block, inputs, sums, kpis: kpiColumns };
  }

  /** Copies of this runner's sketches of `range`, for the runner that owns those cells (postMessage). */
  exportSketches(range: CellRange): PackedSketches {
    return QuantileSketch.pack(this.sketches.slice(range.first, range.first + range.count));
  }

  /**
   * Adds another runner's sketches of `range` (from its exportSketches) to this runner's. Counts
   * are whole numbers, so the percentiles do not depend on which runner ran which blocks.
   */
  mergeSketches(range: CellRange, packed: PackedSketches): void {
    const incoming = QuantileSketch.unpack(packed);
    if (incoming.length !== range.count)
      throw new Error(`simulation: ${incoming.length} sketches for ${range.count} cells`);
    incoming.forEach((t, i) => this.sketches[range.first + i].mergeTransfer(t));
  }

  /** The {@link MONTHLY_PERCENTILES} of each cell of `range`: [cell][percentile] flattened. */
  percentiles(range: CellRange): Float64Array {
    const m = MONTHLY_PERCENTILES.length;
    const out = new Float64Array(m * range.count);
    for (let i = 0; i < range.count; i++) out.set(this.sketches[range.first + i].quantiles(MONTHLY_PERCENTILES), m * i);
    return out;
  }

  /** The input values of particles given as uniforms (one column per uncertain input): quantiles, rounded where whole. */
  inputValues(uniforms: readonly Float64Array[]): Float64Array[] {
    return uniforms.map((u, i) =>
      toInputValues(Float64Array.from(u), this.quantiles[i], this.plan.distributions[i].whole),
    );
  }

  /**
   * The log-likelihood of `history` (model.md v3) for each particle given as uniforms (one
   * column per uncertain input), up to a constant: Σ −½((ln y − ln x)/σ)² for positive metrics,
   * −½((y − x)/(σ|y|))² for cash, with x the particle's projection in the plan's first scenario
   * over the history's months. −Infinity where a particle breaks a rule across assumptions or
   * projects x ≤ 0 for a positive metric. `reached[j]`, when given, gets each particle's x of
   * observation j.
   */
  logLikelihoods(uniforms: readonly Float64Array[], history: History, reached?: Float64Array[]): Float64Array {
    const values = this.inputValues(uniforms);
    const n = uniforms[0]?.length ?? this.plan.trials;
    const out = new Float64Array(n);
    const months = lastObservedMonth(history);
    const logY = history.map((o) => (o.metric === 'cash' ? 0 : log(o.value)));
    const scenario = this.plan.scenarios[0];
    for (let t = 0; t < n; t++) {
      let a: Assumptions;
      try {
        a = { ...this.trialAssumptions(values, t), months };
      } catch {
        out[t] = -INFINITY;
        if (reached) for (const r of reached) r[t] = NOT_A_NUMBER;
        continue;
      }
      projectInto(a, scenario, this.series, this.projection);
      let sum = 0;
      for (let j = 0; j < history.length; j++) {
        const o = history[j];
        const x = this.series[o.metric][o.month - 1];
        if (reached) reached[j][t] = x;
        let e: number;
        if (o.metric === 'cash') e = (o.value - x) / (o.error * abs(o.value));
        else if (x > 0) e = (logY[j] - log(x)) / o.error;
        else e = INFINITY;
        sum -= 0.5 * e * e;
      }
      out[t] = sum;
    }
    return out;
  }

  /**
   * The base assumptions with trial t's sampled inputs. The inputs' support check guarantees
   * every sample keeps its rule; each is checked again here (cheaply: only the sampled ones),
   * since a bug there must not become a silent wrong number.
   */
  private trialAssumptions(samples: readonly Float64Array[], t: number): Assumptions {
    const { uncertain, base } = this.plan;
    if (uncertain.length === 0) return base;
    // One object for every trial: the sampled inputs are all overwritten, the rest are the base's.
    const a = (this.trial ??= { ...base }) as Record<string, number>;
    for (let i = 0; i < uncertain.length; i++)
      a[uncertain[i]] = checkNumber(uncertain[i], samples[i][t], this.rules[i]);
    // The rules across assumptions (the inputs' check makes them hold; a failure throws, naming both).
    if (
      a.initialMembers > a.marketSize ||
      a.initialCustomers > a.organizations ||
      (a.initialCustomers > 0 && !(a.initialArr > 0))
    )
      return resolveAssumptions(a);
    return a as Assumptions;
  }
}

/** Statistics of one monthly output over the trials: index m − 1 holds month m. */
export interface MonthlyStatistics {
  readonly mean: Float64Array;
  readonly p10: Float64Array;
  readonly p50: Float64Array;
  readonly p90: Float64Array;
}

/** The aggregated results of one scenario. */
export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly monthly: Readonly<Record<MonthlyStatistic, MonthlyStatistics>>;
  /** The yearly statistics: index y holds the run's year y + 1 (SimulationPlan.years). */
  readonly yearly: Readonly<Record<YearlyStatistic, MonthlyStatistics>>;
  /** Each KPI of every trial (index t − 1 is trial t; NaN where the KPI does not exist). */
  readonly kpis: Readonly<Record<KpiName, Float64Array>>;
}

/** A finished run, before the statistics of KPIs and sensitivity (see simulation-results.ts). */
export interface SimulationRun {
  readonly options: SimulationOptions;
  readonly inputs: SimulationInputs;
  readonly samples: readonly Float64Array[];
  readonly scenarios: readonly ScenarioResult[];
  /** With a history: how the trials were drawn from the posterior (its method and effective sample size). */
  readonly posterior?: PosteriorSummary;
}

/**
 * Gathers block outputs (in any order) and the runners' monthly percentiles into the run's
 * results. Monthly sums are added in block order whatever the order of arrival, so the means do
 * not depend on it.
 */
export class SimulationAggregator {
  private readonly sums: Float64Array[];
  private readonly kpis: Float64Array[][];
  /** {@link MONTHLY_PERCENTILES} per cell, [cell][percentile] flattened. */
  private readonly percentiles: Float64Array;
  private cellsIn = 0;
  private readonly samples: Float64Array[];
  private readonly waiting = new Map<number, BlockOutput>();
  private nextBlock = 0;
  private trialsDone = 0;

  constructor(private readonly plan: SimulationPlan) {
    const cells = rowsPerScenario(plan);
    this.sums = plan.scenarios.map(() => new Float64Array(cells));
    this.kpis = plan.scenarios.map(() => KPI_NAMES.map(() => new Float64Array(plan.trials)));
    this.samples = plan.uncertain.map(() => new Float64Array(plan.trials));
    this.percentiles = new Float64Array(MONTHLY_PERCENTILES.length * cellCount(plan));
  }

  /** Trials whose block has been added. */
  get done(): number {
    return this.trialsDone;
  }

  addBlock(output: BlockOutput): void {
    const { first, count } = blockRange(this.plan.trials, output.block);
    this.plan.scenarios.forEach((_, s) => {
      KPI_NAMES.forEach((_name, j) => this.kpis[s][j].set(output.kpis[s].subarray(j * count, (j + 1) * count), first));
    });
    this.samples.forEach((column, i) => column.set(output.inputs.subarray(i * count, (i + 1) * count), first));
    this.trialsDone += count;
    this.waiting.set(output.block, output);
    for (let next = this.waiting.get(this.nextBlock); next; next = this.waiting.get(this.nextBlock)) {
      this.waiting.delete(this.nextBlock++);
      this.plan.scenarios.forEach((_, s) => {
        const total = this.sums[s];
        const add = next!.sums[s];
        for (let i = 0; i < total.length; i++) total[i] += add[i];
      });
    }
  }

  /** The percentiles of `range` (from {@link TrialRunner.percentiles} of the runner that owns it). */
  addPercentiles(range: CellRange, values: Float64Array): void {
    const m = MONTHLY_PERCENTILES.length;
    if (values.length !== m * range.count)
      throw new Error(`simulation: ${values.length} percentiles for ${range.count} cells`);
    this.percentiles.set(values, m * range.first);
    this.cellsIn += range.count;
  }

  /** The results, once every block and the percentiles of every cell are in. */
  finish(options: SimulationOptions, inputs: SimulationInputs): SimulationRun {
    const { plan } = this;
    if (this.nextBlock !== blockCount(plan.trials)) throw new Error(`simulation: ${this.nextBlock} blocks merged`);
    if (this.cellsIn !== cellCount(plan)) throw new Error(`simulation: percentiles of ${this.cellsIn} cells`);
    const months = plan.months;
    const cells = rowsPerScenario(plan);
    // The statistics of `length` consecutive rows from `first` of scenario s.
    const statistics = (s: number, first: number, length: number): MonthlyStatistics => {
      const stat = {
        mean: new Float64Array(length),
        p10: new Float64Array(length),
        p50: new Float64Array(length),
        p90: new Float64Array(length),
      };
      for (let m = 0; m < length; m++) {
        const at = MONTHLY_PERCENTILES.length * (s * cells + first + m);
        stat.mean[m] = this.sums[s][first + m] / plan.trials;
        [stat.p10[m], stat.p50[m], stat.p90[m]] = this.percentiles.subarray(at, at + MONTHLY_PERCENTILES.length);
      }
      return stat;
    };
    const scenarios = plan.scenarios.map((scenario, s): ScenarioResult => {
      const monthly = {} as Record<MonthlyStatistic, MonthlyStatistics>;
      MONTHLY_STATISTICS.forEach((name, j) => (monthly[name] = statistics(s, j * months, months)));
      const yearly = {} as Record<YearlyStatistic, MonthlyStatistics>;
      const first = MONTHLY_STATISTICS.length * months;
      YEARLY_STATISTICS.forEach(
        (name, j) => (yearly[name] = statistics(s, first + j * plan.years.length, plan.years.length)),
      );
      const kpiColumns = {} as Record<KpiName, Float64Array>;
      KPI_NAMES.forEach((name, j) => (kpiColumns[name] = this.kpis[s][j]));
      return { scenario, monthly, yearly, kpis: kpiColumns };
    });
    const posterior = plan.posterior && (({ uniforms: _, ...summary }) => summary)(plan.posterior);
    return { options, inputs, samples: this.samples, scenarios, ...(posterior ? { posterior } : {}) };
  }
}

/** Where a run in this thread has got to: after one more input column sampled, or one more block of trials. */
export interface RunStep {
  readonly phase: 'sampling' | 'trials';
  /** Trials done so far (0 while sampling). */
  readonly done: number;
  readonly total: number;
}

/**
 * A run in this thread, as steps: sampling one input column at a time, then one block of trials
 * at a time, into `aggregator`, with the monthly percentiles added at the end. A host drives it
 * as it needs: straight through ({@link simulate}), yielding to its event loop at each step
 * ({@link simulateStepwise}, the pool's calling thread), or stopping early (a cancel).
 *
 * @example for (const step of runSteps(plan, aggregator)) if (step.phase === 'trials') bar.update(step.done)
 */
export function* runSteps(plan: SimulationPlan, aggregator: SimulationAggregator): Generator<RunStep, void, void> {
  const sampled: Float64Array[] = [];
  for (let i = 0; i < plan.variables.length; i++) {
    sampled.push(...sampleColumns(plan, [i]));
    yield { phase: 'sampling', done: 0, total: plan.trials };
  }
  const uniforms = correlateRun(plan, sampled);
  if (plan.correlations.length > 0) yield { phase: 'sampling', done: 0, total: plan.trials };
  const runner = new TrialRunner(plan);
  for (let k = 0; k < blockCount(plan.trials); k++) {
    aggregator.addBlock(runner.runBlock(k, blockSamples(uniforms, plan.trials, k)));
    yield { phase: 'trials', done: aggregator.done, total: plan.trials };
  }
  const all = ownedCells(cellCount(plan), 1, 0);
  aggregator.addPercentiles(all, runner.percentiles(all));
}

/**
 * Runs a whole simulation in this thread (the reference for the worker pool, which must give
 * the same numbers). `onBlock` reports trials done after each block; returning `false` from it
 * stops the run (cancellation), which then returns `undefined`.
 *
 * @example simulate(fixedInputs(), { scenario: 'beekeeper', trials: 1000, seed: 1, sampling: 'lhs' })
 */
export function simulate(
  inputs: SimulationInputs,
  options: SimulationOptions,
  onBlock?: (done: number, total: number) => boolean | void,
): SimulationRun | undefined {
  const plan = planRun(inputs, options);
  const aggregator = new SimulationAggregator(plan);
  for (const step of runSteps(plan, aggregator))
    if (step.phase === 'trials' && onBlock?.(step.done, step.total) === false) return undefined;
  return aggregator.finish(options, inputs);
}

/**
 * {@link simulate}, handing control back at every step: `between` is awaited after each sampled
 * input column (sampling 100,000 trials takes most of a second) and each block (a host yields to
 * its event loop there, so a page or Excel's runtime stays responsive), and returning `false`
 * from it stops the run, which then resolves to `undefined`. Same numbers as `simulate`.
 *
 * @example await simulateStepwise(inputs, options, () => new Promise((r) => setTimeout(r, 0)))
 */
export async function simulateStepwise(
  inputs: SimulationInputs,
  options: SimulationOptions,
  between: (done: number, total: number) => Promise<boolean | void>,
): Promise<SimulationRun | undefined> {
  const plan = planRun(inputs, options);
  const aggregator = new SimulationAggregator(plan);
  for (const step of runSteps(plan, aggregator)) if ((await between(step.done, step.total)) === false) return undefined;
  return aggregator.finish(options, inputs);
}

/** The columns (uniforms or samples) of block k's trials (views, no copy). */
export function blockSamples(samples: readonly Float64Array[], trials: number, k: number): Float64Array[] {
  const { first, count } = blockRange(trials, k);
  return samples.map((column) => column.subarray(first, first + count));
}
