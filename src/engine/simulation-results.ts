import { AssumptionName } from '../model/assumptions';
import { KPI_NAMES, KpiName, Kpis, kpis } from '../model/kpis';
import { MonthlySeries, Scenario, projectMonthly } from '../model/projection';
import { YearFigures, yearFigures } from '../model/years';
import { SimulationRun } from './simulation';
import type { SimulationInputs } from './simulation-inputs';
import { Summary, decileMeans, percentileSorted, shareWhere, spearman, summarize } from './statistics';

/**
 * The statistics a report shows of a finished run (workbook.md): each KPI's summary, the
 * probability that NPV > 0 and that cash ever goes below zero, the sensitivity of NPV and ARR
 * to each uncertain input, and in compare runs the per-trial differences between scenarios.
 */

/** How one uncertain input moves NPV and ARR. */
export interface Sensitivity {
  readonly name: AssumptionName;
  /** Spearman rank correlation with NPV and with ARR (undefined when an input does not vary). */
  readonly npvCorrelation: number | undefined;
  readonly arrCorrelation: number | undefined;
  /** Mean NPV over the trials where the input is in its lowest and in its highest decile. */
  readonly npvLowDecile: number | undefined;
  readonly npvHighDecile: number | undefined;
}

export interface ScenarioAnalysis {
  readonly scenario: Scenario;
  /** Each KPI's summary over the trials where it exists (undefined: in none). */
  readonly kpis: Readonly<Record<KpiName, Summary | undefined>>;
  /** Share of trials with NPV > 0. */
  readonly probabilityNpvPositive: number;
  /** Share of trials whose cash goes below zero in some month (minCash < 0). */
  readonly probabilityCashNegative: number;
  /**
   * P10, P50 and P90 of the month cash runs out over all trials, a trial whose cash lasts
   * counting as later than any month; undefined: the percentile falls among those trials (cash
   * lasts past the horizon). `kpis.cashOutMonth` is over the trials where cash does run out.
   */
  readonly cashOutMonth: Readonly<Record<'p10' | 'p50' | 'p90', number | undefined>>;
  /** One row per uncertain input, in table order. */
  readonly sensitivity: readonly Sensitivity[];
  /** The base case (workbook.md v3): the deterministic projection at the table's values, with the plan. */
  readonly baseCase: BaseCase;
}

/** The deterministic projection at the base values: what OSS.PROJECTION gives for the same table and plan. */
export interface BaseCase {
  readonly monthly: MonthlySeries;
  readonly kpis: Kpis;
  /** The years of the Years sheet, with every yearly figure. */
  readonly years: readonly YearFigures[];
}

/**
 * The base case of a run's scenario.
 *
 * @example baseCaseOf(run.inputs, 'beekeeper').kpis.arr // the ARR at the horizon of the base case
 */
export function baseCaseOf(inputs: SimulationInputs, scenario: Scenario): BaseCase {
  const plan = inputs.plan ?? [];
  const monthly = projectMonthly(inputs.base, scenario, plan);
  return { monthly, kpis: kpis(inputs.base, monthly), years: yearFigures(inputs.base, monthly, plan) };
}

/** One KPI of a compare run: both scenarios, and the per-trial difference beekeeper − proprietary. */
export interface KpiComparison {
  readonly kpi: KpiName;
  readonly beekeeper: Summary | undefined;
  readonly proprietary: Summary | undefined;
  readonly difference: Summary | undefined;
}

/** The compare run's answer on NPV, trial by trial on the same sampled inputs. */
export interface NpvVerdict {
  /** Share of trials where beekeeper's NPV is higher than proprietary's. */
  readonly beekeeperAhead: number;
  /** Median of the per-trial difference beekeeper − proprietary. */
  readonly medianDifference: number;
  /** Median of proprietary's NPV, the base the difference is measured against. */
  readonly proprietaryMedian: number;
}

export interface SimulationAnalysis {
  readonly scenarios: readonly ScenarioAnalysis[];
  /** Compare runs only. */
  readonly comparison?: readonly KpiComparison[];
  /** Compare runs only. */
  readonly npvVerdict?: NpvVerdict;
}

/**
 * P10, P50, P90 of the month cash runs out over every trial, "never" ranking after every month.
 *
 * Interpolating towards a trial that never runs out gives "never" too (PERCENTILE.INC between a
 * month and infinity), so a percentile is a month only where the trials around it have one.
 *
 * @example cashOutPercentiles(new Float64Array([3, 5, NaN, NaN])) // { p10: 3.6, p50: undefined, p90: undefined }
 */
export function cashOutPercentiles(months: Float64Array): ScenarioAnalysis['cashOutMonth'] {
  const sorted = months.map((m) => (Number.isNaN(m) ? Infinity : m)).sort();
  const at = (p: number) => {
    const v = percentileSorted(sorted, p);
    return Number.isFinite(v) ? v : undefined;
  };
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}

/**
 * The statistics of a finished run.
 *
 * @example analyze(run).scenarios[0].kpis.npv?.p50
 */
export function analyze(run: SimulationRun): SimulationAnalysis {
  const scenarios = run.scenarios.map((result): ScenarioAnalysis => {
    const kpis = {} as Record<KpiName, Summary | undefined>;
    for (const name of KPI_NAMES) kpis[name] = summarize(result.kpis[name]);
    const sensitivity = run.inputs.uncertain.map((input, i): Sensitivity => {
      const x = run.samples[i];
      const deciles = decileMeans(x, result.kpis.npv);
      return {
        name: input.name,
        npvCorrelation: spearman(x, result.kpis.npv),
        arrCorrelation: spearman(x, result.kpis.arr),
        npvLowDecile: deciles?.low,
        npvHighDecile: deciles?.high,
      };
    });
    return {
      scenario: result.scenario,
      kpis,
      probabilityNpvPositive: shareWhere(result.kpis.npv, (v) => v > 0),
      probabilityCashNegative: shareWhere(result.kpis.minCash, (v) => v < 0),
      cashOutMonth: cashOutPercentiles(result.kpis.cashOutMonth),
      sensitivity,
      baseCase: baseCaseOf(run.inputs, result.scenario),
    };
  });
  if (run.scenarios.length < 2) return { scenarios };
  const [beekeeper, proprietary] = run.scenarios;
  const comparison = KPI_NAMES.map((kpi): KpiComparison => {
    const a = beekeeper.kpis[kpi];
    const b = proprietary.kpis[kpi];
    const difference = new Float64Array(a.length);
    for (let t = 0; t < a.length; t++) difference[t] = a[t] - b[t]; // NaN where either has no value
    return {
      kpi,
      beekeeper: scenarios[0].kpis[kpi],
      proprietary: scenarios[1].kpis[kpi],
      difference: summarize(difference),
    };
  });
  const npv = comparison.find((c) => c.kpi === 'npv')!;
  const npvVerdict: NpvVerdict = {
    beekeeperAhead: shareWhere(
      beekeeper.kpis.npv.map((v, t) => v - proprietary.kpis.npv[t]),
      (d) => d > 0,
    ),
    medianDifference: npv.difference!.p50, // NPV exists in every trial
    proprietaryMedian: npv.proprietary!.p50,
  };
  return { scenarios, comparison, npvVerdict };
}
