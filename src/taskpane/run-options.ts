/**
 * The run options of the task pane as the user types them (text in fields, a choice in drop-downs)
 * and their validation: each problem names its field, in the words the command line uses for
 * the same flag, so the pane and `beekeeper simulate` accept the same runs.
 */
import { ModelError, cellNumber, checkNumber, wholeBetween } from '../model';
import { SAMPLING_METHODS, SamplingMethod, seedRule } from '../engine/sampling';
import { RUN_SCENARIOS, RunScenario, SimulationOptions } from '../engine/simulation';
import type { InputProblem } from '../engine/simulation-inputs';
import { DEFAULT_HISTORY_ERROR, historyErrorRule } from '../model/history';

/**
 * The most trials a pane run takes, as `OSS.SIMULATE`: a run keeps every trial's inputs and KPIs
 * in the page's memory, and Excel writes the per-trial sheet a row per trial. Larger runs belong
 * to the command line (up to 1,000,000).
 */
export const MAX_PANE_TRIALS = 100_000;

/** The fields of the run form, as typed. */
export interface RunForm {
  readonly scenario: string;
  readonly trials: string;
  readonly seed: string;
  readonly sampling: string;
  readonly trialsSheet: boolean;
  /** σ of a history row that gives no error (the command line's --history-error). */
  readonly historyError: string;
  /** Run the nearest valid correlation matrix when the table's is not one (--nearest-correlations). */
  readonly nearestCorrelations: boolean;
}

/** What the form starts with: the command line's defaults. */
export const DEFAULT_FORM: RunForm = {
  scenario: 'beekeeper',
  trials: '10000',
  seed: '1',
  sampling: 'lhs',
  trialsSheet: false,
  historyError: String(DEFAULT_HISTORY_ERROR),
  nearestCorrelations: false,
};

/** The labels the pane shows for the choices (the values are the command line's). */
export const SCENARIO_LABELS: Record<RunScenario, string> = {
  beekeeper: 'Bee Keeper (professional open source)',
  proprietary: 'Proprietary open source',
  compare: 'Compare both on the same trials',
};
export const SAMPLING_LABELS: Record<SamplingMethod, string> = {
  lhs: 'Latin Hypercube',
  mc: 'Plain Monte Carlo',
};

export type RunField = keyof RunForm;

/** The run, checked: the engine's options and whether to write the per-trial sheet. */
export interface PaneRun {
  readonly options: SimulationOptions;
  readonly trialsSheet: boolean;
  /**
   * Values outside the plausible ranges to run as typed: all (`true`) or those the pane listed
   * when the user ticked "Run values outside the plausible ranges" (pane-session.ts).
   */
  readonly allowImplausible?: boolean | readonly InputProblem[];
  /** σ of a history row whose error cell is empty (default {@link DEFAULT_HISTORY_ERROR}). */
  readonly historyError?: number;
  /** Correlations that do not make a valid matrix run as the nearest valid one, with a warning. */
  readonly nearestCorrelations?: boolean;
}

/** Either the run or, per field, what is wrong with it. */
export type ParsedForm =
  | { readonly ok: true; readonly run: PaneRun }
  | { readonly ok: false; readonly problems: Partial<Record<RunField, string>> };

/** A whole number typed as the command line takes it: "10,000", "10 000", "1e4". */
function wholeNumber(label: string, text: string, rule = wholeBetween(0, Number.MAX_SAFE_INTEGER)): number {
  return checkNumber(label, cellNumber(text), rule);
}

/**
 * Validates the form; every field's problem at once.
 *
 * @example parseRunForm({ ...DEFAULT_FORM, trials: '0' }) // { ok: false, problems: { trials: 'Trials must be a whole number from 1 to 100000, got 0' } }
 */
export function parseRunForm(form: RunForm): ParsedForm {
  const problems: Partial<Record<RunField, string>> = {};
  const field = <T>(name: RunField, read: () => T): T | undefined => {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      problems[name] = e.message;
      return undefined;
    }
  };
  const scenario = RUN_SCENARIOS.find((s) => s === form.scenario);
  if (!scenario)
    problems.scenario = `Scenario must be one of ${RUN_SCENARIOS.join(', ')}, got ${JSON.stringify(form.scenario)}`;
  const sampling = SAMPLING_METHODS.find((s) => s === form.sampling);
  if (!sampling)
    problems.sampling = `Sampling must be one of ${SAMPLING_METHODS.join(', ')}, got ${JSON.stringify(form.sampling)}`;
  const trials = field('trials', () => wholeNumber('Trials', form.trials, wholeBetween(1, MAX_PANE_TRIALS)));
  const seed = field('seed', () => wholeNumber('Seed', form.seed, seedRule));
  const historyError = field('historyError', () =>
    checkNumber('History error', cellNumber(form.historyError), historyErrorRule),
  );
  if (!scenario || !sampling || trials === undefined || seed === undefined || historyError === undefined)
    return { ok: false, problems };
  return {
    ok: true,
    run: {
      options: { scenario, trials, seed, sampling },
      trialsSheet: form.trialsSheet,
      historyError,
      nearestCorrelations: form.nearestCorrelations,
    },
  };
}
