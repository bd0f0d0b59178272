/**
 * What the task pane's buttons do, apart from how they look: read and check the assumptions
 * table, run the simulation in the pool (Web Workers in the pane), build the report and write it
 * into the workbook, and the headline the pane shows afterwards. The page (App.tsx) only renders
 * the states this module reports; Excel comes in as `Excel.run`, the workers as a pool, the clock
 * as a function, so all of it is tested in Node over the recording fake of Excel.
 *
 * The order of a run, and why:
 * 1. Read the assumptions table, the plan table and the history table (checked against the
 *    assumptions' months and startDate, once they are sound) and the correlation table (against
 *    their uncertain inputs), and list every problem with its cell: nothing runs on inputs with
 *    a problem.
 * 2. Find reports of earlier runs (by their markers) and ask the user before anything runs:
 *    replace them, keep them beside the new one, or stop. A user who walks away during a long
 *    run comes back to a written report, not to a question.
 * 3. Simulate with progress; a cancel stops the workers and nothing is written. With a history,
 *    the pool first fits the posterior (planRun, in this thread: the page's) before the first
 *    trial; a history that does not fit is a problem of the history table, and nothing runs.
 * 4. Build the report (the builder the command line uses) and write it; a cancel or a failure
 *    half-way removes what was written (report-writer.ts).
 */
import type { SimulationPool } from '../engine/pool';
import type { RunScenario } from '../engine/simulation';
import {
  InputProblem,
  InputWarning,
  SimulationInputs,
  TableProblem,
  noUncertaintyWarning,
  readSimulationTable,
  tableProblems,
  withCorrelations,
  withHistory,
  withPlan,
} from '../engine/simulation-inputs';
import type { InputTable } from '../engine/simulation-inputs';
import { defaultSimulationTable } from '../engine/default-uncertainty';
import { readAssumptionsTable } from '../excel/assumptions-table';
import { readPlanTable } from '../excel/plan-table';
import { readCorrelationsTable } from '../excel/correlation-table';
import { readHistoryTable } from '../excel/history-table';
import { DEFAULT_HISTORY_ERROR, History, historyProblems, readHistory } from '../model/history';
import { ModelError } from '../model/errors';
import { Correlations, correlationProblems, mendedWarning, readCorrelations } from '../engine/correlation-table';
import { Plan, planProblems, readPlan } from '../model/plan';
import type { ExcelRun } from '../excel/excel-run';
import { EarlierReport, ReportWriteError, findEarlierReports, writeReport } from '../excel/report-writer';
import { addressInSheet, sheetOfReference } from '../report/markers';
import type { PaneRun } from './run-options';
import { BuiltReport, Headline, ReportRequest, buildRunReport, withoutInputs } from './report-builder';

export type { Headline } from './report-builder';

export type { ExcelRun } from '../excel/excel-run';

/** What the pane gives a run. */
export interface PaneHost {
  /** Excel, with the add-in's options on every batch (`excelRun`, src/excel/excel-run.ts). */
  readonly excel: ExcelRun;
  readonly pool: SimulationPool;
  /** Milliseconds, for the rate, the time left and the report's run time. */
  readonly now: () => number;
  readonly version: string;
  /** Write page setup (needs ExcelApi 1.9; the pane asks Office whether the host has it). */
  readonly pageSetup: boolean;
  /**
   * Analyses the run and builds its report: in a Web Worker in the pane (report-builder.ts), so
   * that the page's thread stays free. Default: in this thread.
   */
  readonly buildReport?: (request: ReportRequest, signal?: AbortSignal) => Promise<BuiltReport>;
}

/** The assumptions a run would use, and what is wrong with them. */
export interface AssumptionsCheck {
  /** True when the workbook has the BeekeeperAssumptions table; else the run uses the defaults. */
  readonly fromTable: boolean;
  /** Where the inputs come from, in words, as the report's Inputs sheet says. */
  readonly source: string;
  /** Every problem, each with its cell (`Beekeeper Assumptions!D7`); empty when the run can go. */
  readonly problems: readonly InputProblem[];
  /**
   * Every value beyond its plausible range (in `problems` unless the user insisted on it): what
   * the pane's "Run values outside the plausible ranges" passes. Empty when there is none.
   */
  readonly implausible: readonly InputProblem[];
  /** Valid but probably not meant; the run goes on. */
  readonly warnings: readonly InputWarning[];
  /** The table read (the defaults' when the workbook has none). */
  readonly table: InputTable;
  /** The inputs, with the plan when the workbook has one, when there is no problem. */
  readonly inputs?: SimulationInputs;
  /** The plan table, when the workbook has one (BeekeeperPlan); without one a run has no plan. */
  readonly plan?: PlanCheck;
  /**
   * The correlation table, when the workbook has one (BeekeeperCorrelations); without one the
   * inputs are sampled independently.
   */
  readonly correlations?: CorrelationsCheck;
  /**
   * The history table, when the workbook has one (BeekeeperHistory); without one the run's
   * trials are the prior's, not conditioned on what happened.
   */
  readonly history?: HistoryCheck;
}

/** The history table a run would use, and what is wrong with it. */
export interface HistoryCheck {
  /** Where it is: `Beekeeper History!BeekeeperHistory`. */
  readonly source: string;
  /**
   * Every problem, each with its cell (`Beekeeper History!B3`). The history is checked once the
   * assumptions have no problem (its months against theirs), so until then this is empty and
   * {@link history} absent. A history that does not fit the assumptions (the posterior's fit
   * refuses it when Run starts) is one problem at the table.
   */
  readonly problems: readonly InputProblem[];
  /** The observations, checked (empty when every row of the table is): what the run's inputs carry. */
  readonly history?: History;
}

/** The correlation table a run would use, and what is wrong with it. */
export interface CorrelationsCheck {
  /** Where it is: `Beekeeper Correlations!BeekeeperCorrelations`. */
  readonly source: string;
  /**
   * Every problem, each with its cell (`Beekeeper Correlations!A3`). The correlations are
   * checked once the assumptions have no problem (their names against the uncertain inputs), so
   * until then this is empty and {@link correlations} absent.
   */
  readonly problems: readonly InputProblem[];
  /** The correlations, checked (empty when every row of the table is): what the run's inputs carry. */
  readonly correlations?: Correlations;
  /**
   * The rows are sound but do not make a valid matrix, which the nearest valid one would mend:
   * the pane then offers "Run the nearest valid correlations".
   */
  readonly mendable?: boolean;
}

/** How a check reads the tables, from the run form. */
export interface CheckOptions {
  /** σ of a history row whose error cell is empty (the pane's "History error" field). */
  readonly historyError?: number;
  /** Correlations that do not make a valid matrix: run the nearest valid one, with a warning. */
  readonly nearestCorrelations?: boolean;
}

/** The plan table a run would use, and what is wrong with it. */
export interface PlanCheck {
  /** Where it is: `Beekeeper Plan!BeekeeperPlan`. */
  readonly source: string;
  /**
   * Every problem, each with its cell (`Beekeeper Plan!B3`). The plan is checked once the
   * assumptions have no problem: its months and dates are checked against theirs (months,
   * startDate), so until then this is empty and {@link plan} absent.
   */
  readonly problems: readonly InputProblem[];
  /** The plan, checked (empty when every row of the table is): what the run's inputs carry. */
  readonly plan?: Plan;
}

const DEFAULTS_SOURCE = 'the defaults with their default uncertainty (the workbook has no assumptions table)';

/** The end of an implausible value's message in the pane: the checkbox, or the row's column. */
export const INSIST_IN_PANE =
  'to run it anyway, tick "Run values outside the plausible ranges" below, or put TRUE in the row\'s allowImplausible column';

/** The end of an invalid correlation matrix's message in the pane: the checkbox below the problems. */
export const ASK_NEAREST_IN_PANE = 'or tick "Run the nearest valid correlations" below to use the nearest valid matrix';

/**
 * Which implausible values a run accepts: none (`false`), every one (`true`, as
 * `--allow-implausible`), or only those listed, as the pane listed them (same cell, same
 * message, so same value): a value made implausible after the user agreed is refused again.
 */
export type AllowImplausible = boolean | readonly InputProblem[];

const samePlace = (a: InputProblem) => (b: InputProblem) => a.where === b.where && a.message === b.message;

/**
 * Reads the assumptions table (or, without one, the defaults) and the plan, correlations and
 * history tables, if the workbook has them, and checks them whole: each against the assumptions
 * it would run with, read as the run form asks ({@link CheckOptions}).
 *
 * @example const check = await checkAssumptions(Excel.run); check.problems // [{ where: 'Beekeeper Assumptions!D7', message: '…' }]
 * @example (await checkAssumptions(Excel.run)).plan?.problems // [{ where: 'Beekeeper Plan!B3', message: 'imitation cannot be planned: …' }]
 * @example
 * // the user ticked the checkbox beside the implausible values the last check listed
 * await checkAssumptions(Excel.run, last.implausible) // runs those, refuses any other
 */
export async function checkAssumptions(
  excel: ExcelRun,
  allowImplausible: AllowImplausible = false,
  { historyError = DEFAULT_HISTORY_ERROR, nearestCorrelations = false }: CheckOptions = {},
): Promise<AssumptionsCheck> {
  // The plan first, so that every answer below carries it; until the assumptions are sound, it
  // has only the problem of its size, if any.
  const planTable = await readTable(excel, readPlanTable);
  const unchecked = planTable && { source: planTable.source, problems: planTable.problems };
  const correlationTable = await readTable(excel, readCorrelationsTable);
  const correlationsUnchecked = correlationTable && {
    correlations: { source: correlationTable.source, problems: correlationTable.problems },
  };
  const historyTable = await readTable(excel, readHistoryTable);
  const historyUnchecked = historyTable && {
    history: { source: historyTable.source, problems: historyTable.problems },
  };
  const assumptions = await readTable(excel, readAssumptionsTable);
  if (assumptions && !assumptions.table) {
    const { source, problems } = assumptions;
    const table = { source, header: [], rows: [] };
    return {
      fromTable: true,
      source,
      problems,
      implausible: [],
      warnings: [],
      table,
      plan: unchecked,
      ...correlationsUnchecked,
      ...historyUnchecked,
    };
  }
  const read = assumptions?.table;
  const table = read ?? defaultSimulationTable();
  const source = read ? read.source : DEFAULTS_SOURCE;
  // The read asks about each implausible value: every one is listed (for the checkbox), and those
  // the user agreed to go through; any other is a problem like the rest.
  const implausible: InputProblem[] = [];
  const agreedTo = (p: InputProblem) => {
    if (!implausible.some(samePlace(p))) implausible.push(p);
    return allowImplausible === true || (allowImplausible !== false && allowImplausible.some(samePlace(p)));
  };
  const options = { insist: INSIST_IN_PANE, allowImplausible: agreedTo };
  const problems = tableProblems(table, options);
  if (problems.length > 0)
    return {
      fromTable: !!read,
      source,
      problems,
      implausible,
      warnings: [],
      table,
      plan: unchecked,
      ...correlationsUnchecked,
      ...historyUnchecked,
    };
  const inputs = readSimulationTable(table, options);
  const fixed = read && noUncertaintyWarning(inputs, read.source, 'when the workbook has no assumptions table');
  const warnings = fixed ? [fixed, ...inputs.warnings] : inputs.warnings;
  // The correlations against the uncertain inputs: checked whatever the plan's state, so that
  // every problem of both tables is listed at once.
  let correlations: CorrelationsCheck | undefined;
  let mended: string | undefined;
  if (correlationTable?.table) {
    const nearest = { nearest: nearestCorrelations, askNearest: ASK_NEAREST_IN_PANE };
    const found = correlationProblems(correlationTable.table, inputs, nearest);
    const mendable = () =>
      !nearestCorrelations && correlationProblems(correlationTable.table!, inputs, { nearest: true }).length === 0;
    if (found.length > 0)
      correlations = { source: correlationTable.source, problems: found, ...(mendable() ? { mendable: true } : {}) };
    else {
      const read = readCorrelations(correlationTable.table, inputs, nearest);
      mended = mendedWarning(read);
      correlations = { source: correlationTable.source, problems: [], correlations: read };
    }
  } else correlations = correlationsUnchecked?.correlations;
  // The history against the assumptions' months and startDate, whatever the plan's state too.
  let history: HistoryCheck | undefined;
  if (historyTable?.table) {
    const found = historyProblems(historyTable.table, inputs.base, historyError);
    history =
      found.length > 0
        ? { source: historyTable.source, problems: found }
        : {
            source: historyTable.source,
            problems: [],
            history: readHistory(historyTable.table, inputs.base, historyError),
          };
  } else history = historyUnchecked?.history;
  const check = {
    fromTable: !!read,
    source,
    problems: [],
    implausible,
    warnings: mended ? [...warnings, { where: correlationTable!.source, message: mended }] : warnings,
    table,
    ...(correlations ? { correlations } : {}),
    ...(history ? { history } : {}),
  };
  // The correlations and the history, once both are sound, go with the inputs.
  const correlated = (i: SimulationInputs) => {
    const c = correlations?.correlations?.length ? withCorrelations(i, correlations.correlations) : i;
    return history?.history?.length ? withHistory(c, history.history) : c;
  };
  const correlationsSound =
    (!correlations || correlations.correlations !== undefined) && (!history || history.history !== undefined);
  if (!planTable) return correlationsSound ? { ...check, inputs: correlated(inputs) } : check;
  if (!planTable.table) return { ...check, plan: unchecked };
  // A plan value beyond its plausible range is asked about as an assumption's is (the checkbox).
  const planned = planProblems(planTable.table, inputs.base, options);
  if (planned.length > 0) return { ...check, plan: { source: planTable.source, problems: planned } };
  const plan = readPlan(planTable.table, inputs.base, options);
  const planCheck = { source: planTable.source, problems: [], plan };
  if (!correlationsSound) return { ...check, plan: planCheck };
  return { ...check, inputs: correlated(withPlan(inputs, plan)), plan: planCheck };
}

/**
 * A table of the workbook, or, for one too large to read, that as its one problem (at the
 * table; nothing of it was loaded); undefined when the workbook has no such table.
 */
async function readTable(
  excel: ExcelRun,
  read: (context: Excel.RequestContext) => Promise<InputTable | undefined>,
): Promise<{ source: string; table?: InputTable; problems: InputProblem[] } | undefined> {
  try {
    const table = await excel(read);
    return table && { source: table.source, table, problems: [] };
  } catch (e) {
    if (!(e instanceof TableProblem)) throw e;
    return { source: e.where, problems: [{ where: e.where, message: e.problem }] };
  }
}

/**
 * Whether the pane's checkbox is ticked: the check has implausible values and the user agreed
 * to every one of them (a new one unticks it until the user agrees to it too).
 *
 * @example insistsOnAll(check, []) // false
 */
export function insistsOnAll(check: AssumptionsCheck, agreed: readonly InputProblem[]): boolean {
  return check.implausible.length > 0 && check.implausible.every((p) => agreed.some(samePlace(p)));
}

/** How far a run is, for the progress bar and its live region. */
export interface RunProgress {
  /**
   * `fitting`: the posterior's fit to the history, before the first trial: the pool's first
   * worker fits it (in Chromium, for a weak history, 0.14–0.42 s at 1,000 trials and 0.5–0.7 s
   * at the default 10,000: test/browser/history-fit.test.ts), and a Cancel then stops the run
   * before any trial.
   */
  readonly phase: 'fitting' | 'simulating' | 'building' | 'writing';
  /**
   * Trials done (simulating), particles simulated of the most the fit can take (fitting: 0 until
   * the worker's first word; a history the prior fits well jumps to the total), 0 of 1 (building
   * the statistics and the report), or blocks written (writing).
   */
  readonly done: number;
  readonly total: number;
  /** The history's observations (fitting). */
  readonly observations?: number;
  /** Trials per second so far (simulating). */
  readonly rate?: number;
  /** Seconds until the trials are done at that rate (simulating). */
  readonly secondsLeft?: number;
}

/** The user's answer when the workbook holds reports of earlier runs. */
export type ReplaceChoice = 'replace' | 'keep' | 'stop';

export interface RunHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Asked only when the workbook holds earlier reports; resolves to the user's choice. */
  readonly confirmReplace: (earlier: readonly EarlierReport[]) => Promise<ReplaceChoice>;
}

/** What a run ended with. */
export type RunOutcome =
  | { readonly kind: 'problems'; readonly check: AssumptionsCheck }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'cancelled'; readonly stage: 'simulating' | 'writing' }
  | {
      readonly kind: 'written';
      readonly headline: Headline;
      /** The sheets written, the Summary first. */
      readonly sheets: readonly string[];
      /** Names the replaced sheets had. */
      readonly replaced: readonly string[];
      readonly check: AssumptionsCheck;
      readonly trials: number;
      readonly scenario: RunScenario;
      /** From Run to the report written. */
      readonly seconds: number;
    };

const aborted = (signal: AbortSignal | undefined) => signal?.aborted === true;

/**
 * Resolves once the page has painted (a frame, then a task after it), or after 50 ms at most (a
 * hidden pane gets no frames); at once where there is no page (Node).
 */
const nextPaint = (): Promise<void> =>
  typeof requestAnimationFrame === 'function'
    ? new Promise((resolve) => {
        const latest = setTimeout(resolve, 50);
        requestAnimationFrame(() =>
          setTimeout(() => {
            clearTimeout(latest);
            resolve();
          }, 0),
        );
      })
    : Promise.resolve();

/**
 * One run from the pane, from the table to the report in the workbook. Throws only for what
 * the user cannot fix in the pane (Excel failing, a bug): a {@link ReportWriteError} says
 * whether the workbook is as it was.
 *
 * @example
 * const outcome = await runInPane(run, host, { signal, onProgress, confirmReplace: askUser });
 * if (outcome.kind === 'written') show(outcome.headline);
 */
export async function runInPane(run: PaneRun, host: PaneHost, hooks: RunHooks): Promise<RunOutcome> {
  const started = host.now();
  const check = await checkAssumptions(host.excel, run.allowImplausible ?? false, {
    historyError: run.historyError,
    nearestCorrelations: run.nearestCorrelations,
  });
  if (!check.inputs) return { kind: 'problems', check };
  const inputs = check.inputs;

  const earlier = await host.excel((context) => findEarlierReports(context));
  let replace: EarlierReport['sheets'] = [];
  if (earlier.length > 0) {
    const choice = await hooks.confirmReplace(earlier);
    if (choice === 'stop') return { kind: 'stopped' };
    if (choice === 'replace') replace = earlier.flatMap((r) => r.sheets);
  }
  if (aborted(hooks.signal)) return { kind: 'cancelled', stage: 'simulating' };

  const { trials } = run.options;
  if (inputs.history?.length) {
    // Say it, and let the page paint it, before the fit holds the thread.
    hooks.onProgress?.({ phase: 'fitting', done: 0, total: 1, observations: inputs.history.length });
    await nextPaint();
    if (aborted(hooks.signal)) return { kind: 'cancelled', stage: 'simulating' };
  }
  const simulating = host.now();
  let result;
  try {
    result = await host.pool.run(inputs, run.options, {
      signal: hooks.signal,
      onFitProgress: (done, total) =>
        hooks.onProgress?.({ phase: 'fitting', done, total, observations: inputs.history?.length }),
      onProgress: (done) => {
        const seconds = Math.max(1e-3, (host.now() - simulating) / 1000);
        const rate = done / seconds;
        hooks.onProgress?.({ phase: 'simulating', done, total: trials, rate, secondsLeft: (trials - done) / rate });
      },
    });
  } catch (e) {
    // The posterior's fit refuses a history that does not fit (planRun): the history's problem, in plain words.
    if (!(e instanceof ModelError) || !check.history || !inputs.history?.length) throw e;
    const where = check.history.source;
    return {
      kind: 'problems',
      check: { ...check, inputs: undefined, history: { source: where, problems: [{ where, message: e.message }] } },
    };
  }
  if (!result || aborted(hooks.signal)) return { kind: 'cancelled', stage: 'simulating' };

  const build = host.buildReport ?? (async (request: ReportRequest) => buildRunReport(request));
  hooks.onProgress?.({ phase: 'building', done: 0, total: 1 });
  let built: BuiltReport;
  try {
    built = await build(
      {
        table: check.table,
        ...(inputs.plan?.length ? { plan: inputs.plan } : {}),
        ...(inputs.correlations?.length ? { correlations: inputs.correlations } : {}),
        ...(inputs.history?.length ? { history: inputs.history } : {}),
        run: withoutInputs(result), // the table (and the plan, plain data) cross instead of the inputs
        info: {
          version: host.version,
          startedAt: new Date(started),
          utcOffsetMinutes: -new Date(started).getTimezoneOffset(),
          seconds: (host.now() - started) / 1000,
          trialsSheet: run.trialsSheet,
          source: check.source,
        },
      },
      hooks.signal,
    );
  } catch (e) {
    if (aborted(hooks.signal)) return { kind: 'cancelled', stage: 'simulating' };
    throw e;
  }
  const { report, headline } = built;
  if (aborted(hooks.signal)) return { kind: 'cancelled', stage: 'simulating' };
  try {
    const written = await host.excel((context) =>
      writeReport(context, report, {
        replace,
        signal: hooks.signal,
        pageSetup: host.pageSetup,
        onProgress: (done, total) => hooks.onProgress?.({ phase: 'writing', done, total }),
      }),
    );
    return {
      kind: 'written',
      headline,
      sheets: written.sheets,
      replaced: written.replaced,
      check,
      trials,
      scenario: run.options.scenario,
      seconds: (host.now() - started) / 1000,
    };
  } catch (e) {
    // The writer removed what it wrote; a cancel is not a failure.
    if (aborted(hooks.signal) && !(e instanceof ReportWriteError && !e.removed))
      return { kind: 'cancelled', stage: 'writing' };
    throw e;
  }
}

/** Splits `Sheet name!D7` (or `'It''s'!D7`) into the sheet and what follows the last "!". */
export function splitReference(reference: string): { sheet: string; target: string } {
  const sheet = sheetOfReference(reference);
  if (sheet === undefined) throw new Error(`not a cell reference: ${reference}`);
  return { sheet, target: addressInSheet(reference) };
}

const A1 = /^\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?$/i;

/**
 * Shows the user a place a problem names: activates its sheet and selects the cell (or, for a
 * problem of the whole table, the table).
 *
 * @example await selectReference(Excel.run, 'Beekeeper Assumptions!D7')
 */
export async function selectReference(excel: ExcelRun, reference: string): Promise<void> {
  const { sheet, target } = splitReference(reference);
  await excel(async (context) => {
    const worksheet = context.workbook.worksheets.getItem(sheet);
    worksheet.activate();
    const range = A1.test(target) ? worksheet.getRange(target) : context.workbook.tables.getItem(target).getRange(); // e.g. 'Beekeeper Assumptions!BeekeeperAssumptions'
    range.select();
    await context.sync();
  });
}

/**
 * Opens a sheet the run wrote at its top-left cell (the pane's "Open the Summary").
 *
 * @example await openSheet(Excel.run, 'Beekeeper Summary')
 */
export async function openSheet(excel: ExcelRun, sheet: string): Promise<void> {
  await excel(async (context) => {
    const worksheet = context.workbook.worksheets.getItem(sheet);
    worksheet.activate();
    worksheet.getRange('A1').select();
    await context.sync();
  });
}
