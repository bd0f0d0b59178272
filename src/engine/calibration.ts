import { project } from '../model/project';
import { defaultSimulationTable } from './default-uncertainty';
import { readSimulationTable } from './simulation-inputs';
import { simulate } from './simulation';
import { ScenarioAnalysis, analyze } from './simulation-results';
import { Projection } from '../model/project';

/**
 * The calibration of model.md v2: the ranges the defaults (a deterministic run) and the default
 * uncertainty (a 10,000-trial run) must land in at month 60, with the figure each is read from.
 * The sources of the ranges: the spec's calibration.md; docs/model.md quotes the figures measured.
 * test/engine/calibration.test.ts keeps every range; `node scripts/calibration.js` prints them.
 */
export interface CalibrationTarget<Source> {
  /** What is measured, as the spec names it. */
  readonly figure: string;
  readonly low: number;
  readonly high: number;
  /** How the figure reads: money in millions, a share in percent, a month or a plain number. */
  readonly unit: 'money' | 'share' | 'month' | 'number';
  readonly measure: (source: Source) => number;
}

/** One measured figure next to its range. */
export interface CalibrationFigure {
  readonly run: 'deterministic' | 'simulation';
  readonly figure: string;
  readonly low: number;
  readonly high: number;
  readonly unit: CalibrationTarget<unknown>['unit'];
  readonly measured: number;
  readonly inside: boolean;
}

const atHorizon = (p: Projection, output: 'engineeringCost' | 'salesMarketingCost'): number =>
  p.monthly[output][p.assumptions.months - 1] / p.monthly.revenue[p.assumptions.months - 1];

export const DETERMINISTIC_TARGETS: readonly CalibrationTarget<Projection>[] = [
  { figure: 'ARR', low: 5e6, high: 25e6, unit: 'money', measure: (p) => p.kpis.arr! },
  {
    figure: 'customers per thousand members',
    low: 1,
    high: 30,
    unit: 'number',
    measure: (p) => p.kpis.customersPerThousandMembers ?? NaN,
  },
  {
    figure: 'R&D share of revenue',
    low: 0.15,
    high: 0.4,
    unit: 'share',
    measure: (p) => atHorizon(p, 'engineeringCost'),
  },
  {
    figure: 'sales and marketing share of revenue',
    low: 0.3,
    high: 0.7,
    unit: 'share',
    measure: (p) => atHorizon(p, 'salesMarketingCost'),
  },
  { figure: 'gross margin', low: 0.7, high: 0.9, unit: 'share', measure: (p) => p.kpis.grossMargin ?? NaN },
  { figure: 'month cash runs out', low: 24, high: 48, unit: 'month', measure: (p) => p.kpis.cashOutMonth ?? NaN },
];

/** The 10,000-trial run's figures; the largest trial must stay below the high end. */
export const SIMULATION_TARGETS: readonly CalibrationTarget<ScenarioAnalysis>[] = [
  { figure: 'ARR P10', low: 0.5e6, high: 8e6, unit: 'money', measure: (a) => a.kpis.arr!.p10 },
  { figure: 'ARR P50', low: 4e6, high: 25e6, unit: 'money', measure: (a) => a.kpis.arr!.p50 },
  { figure: 'ARR P90', low: 25e6, high: 120e6, unit: 'money', measure: (a) => a.kpis.arr!.p90 },
  { figure: 'ARR of the largest trial', low: 0, high: 400e6, unit: 'money', measure: (a) => a.kpis.arr!.max },
  {
    figure: 'customers per thousand members P50',
    low: 1,
    high: 30,
    unit: 'number',
    measure: (a) => a.kpis.customersPerThousandMembers!.p50,
  },
  { figure: 'P(cash ever below 0)', low: 0.4, high: 0.99, unit: 'share', measure: (a) => a.probabilityCashNegative },
];

/** Trials of the calibration run, as model.md asks. */
export const CALIBRATION_TRIALS = 10_000;

/**
 * Measures every calibration figure: the default deterministic run, and a run of the default
 * uncertainty (Latin Hypercube, seed 1) in this thread; a few seconds.
 *
 * @example calibrationFigures().filter((f) => !f.inside) // [] while the defaults are calibrated
 */
export function calibrationFigures(trials = CALIBRATION_TRIALS): CalibrationFigure[] {
  const base = project({}, 'beekeeper');
  const run = simulate(readSimulationTable(defaultSimulationTable()), {
    scenario: 'beekeeper',
    trials,
    seed: 1,
    sampling: 'lhs',
  })!;
  const analysis = analyze(run).scenarios[0];
  const figure = <S>(kind: CalibrationFigure['run'], t: CalibrationTarget<S>, source: S): CalibrationFigure => {
    const measured = t.measure(source);
    return {
      run: kind,
      figure: t.figure,
      low: t.low,
      high: t.high,
      unit: t.unit,
      measured,
      inside: measured >= t.low && measured <= t.high,
    };
  };
  return [
    ...DETERMINISTIC_TARGETS.map((t) => figure('deterministic', t, base)),
    ...SIMULATION_TARGETS.map((t) => figure('simulation', t, analysis)),
  ];
}
