/**
 * What `project` and `simulate` share of their inputs: the `--assumptions` file and the plan,
 * from `--plan` or beside the assumptions in a workbook; and simulate's correlations and history,
 * from `--correlations` and `--history` or beside the assumptions. Every problem stops the run
 * before any work, with a message naming the file and the row (or the sheet and the cell).
 */
import * as path from 'path';
import { Assumptions, Plan, isBlank, readPlan } from '../model';
import { SimulationInputs, readSimulationTable, valueOutsideWarning } from '../engine/simulation-inputs';
import type { InputTable } from '../engine/simulation-inputs';
import { Correlations, readCorrelations } from '../engine/correlation-table';
import { DEFAULT_HISTORY_ERROR, History, readHistory } from '../model/history';
import { InputsFile, readCorrelationsFile, readHistoryFile, readInputsFile, readPlanFile } from './assumptions-file';

/** How a user of the command line runs an implausible value anyway. */
export const INSIST_ON_COMMAND_LINE =
  "to run it anyway, add --allow-implausible, or TRUE in the row's allowImplausible column";

/** The flags that name a run's input files. */
export interface InputFlags {
  readonly assumptions?: string;
  readonly plan?: string;
  /** simulate's --correlations. */
  readonly correlations?: string;
  /** simulate's --nearest-correlations. */
  readonly nearestCorrelations?: boolean;
  /** simulate's --history. */
  readonly history?: string;
  readonly allowImplausible?: boolean;
}

/** An `--assumptions` file as read: its table as a simulation reads it, and the plan beside it. */
export interface AssumptionsRead {
  readonly file: string;
  readonly inputs: SimulationInputs;
  readonly beside: InputsFile['plan'];
  /** The correlations beside the assumptions (the template's sheet "Beekeeper Correlations"). */
  readonly correlationsBeside?: InputsFile['correlations'];
  /** The history beside the assumptions (the template's sheet "Beekeeper History"). */
  readonly historyBeside?: InputsFile['history'];
}

/**
 * Reads the `--assumptions` file as `simulate` reads it (every row checked, distributions
 * included, so that a file that projects also simulates), or undefined without the flag.
 *
 * @example (await readAssumptionsFlag({ assumptions: 'founder.csv' }))?.inputs.base.initialCustomers // 150
 */
export async function readAssumptionsFlag(flags: InputFlags): Promise<AssumptionsRead | undefined> {
  if (flags.assumptions === undefined) return undefined;
  const read = await readInputsFile(flags.assumptions);
  const options = { allowImplausible: flags.allowImplausible === true, insist: INSIST_ON_COMMAND_LINE };
  return {
    file: flags.assumptions,
    inputs: readSimulationTable(read.assumptions, options),
    beside: read.plan,
    ...(read.correlations ? { correlationsBeside: read.correlations } : {}),
    ...(read.history ? { historyBeside: read.history } : {}),
  };
}

/** The end of an invalid matrix's message on the command line. */
export const ASK_NEAREST_ON_COMMAND_LINE = 'or run with --nearest-correlations to use the nearest valid matrix';

/** The plan of a run, validated: its rows, where it came from, and notes for stderr. */
export interface RunPlan {
  readonly plan: Plan;
  /** The plan's source in words ("plan.csv", "template.xlsx, sheet Beekeeper Plan, table BeekeeperPlan"); absent: none. */
  readonly source?: string;
  /** Said on stderr as `note: …`: a plan beside the assumptions that `--plan` overrides. */
  readonly notes: readonly string[];
}

/** A table with no decision in it: the header alone, or empty rows. */
const isEmptyTable = (table: InputTable) => table.rows.every((row) => row.every((c) => isBlank(c.value)));

/**
 * The plan of a run: the `--plan` file, else the plan beside the assumptions (the template's
 * sheet "Beekeeper Plan"), else none; checked against the assumptions the run uses (their months
 * and startDate). When both are given, `--plan` wins and a note says the sheet was ignored (if it
 * holds any row).
 *
 * @example (await readRunPlan({ plan: 'plan.csv' }, undefined, resolveAssumptions())).plan[0] // { month: 4, name: 'engineers', value: 40 }
 */
export async function readRunPlan(
  flags: InputFlags,
  assumptions: AssumptionsRead | undefined,
  a: Assumptions,
): Promise<RunPlan> {
  const beside = assumptions?.beside;
  // A plan value beyond its plausible range stops the run as an assumption's does.
  const options = { allowImplausible: flags.allowImplausible === true, insist: INSIST_ON_COMMAND_LINE };
  if (flags.plan !== undefined) {
    const table = await readPlanFile(flags.plan);
    const notes: string[] = [];
    if (beside && path.resolve(flags.plan) !== path.resolve(assumptions!.file)) {
      let filled = true; // a sheet that cannot be read is said to be ignored too
      try {
        filled = !isEmptyTable(beside.read());
      } catch {
        // Its problem does not matter: --plan is the plan.
      }
      if (filled) notes.push(planIgnoredNote(beside.source, flags.plan));
    }
    return { plan: readPlan(table, a, options), source: flags.plan, notes };
  }
  if (!beside) return { plan: [], notes: [] };
  const table = beside.read();
  if (isEmptyTable(table)) return { plan: [], notes: [] };
  return { plan: readPlan(table, a, options), source: beside.source, notes: [] };
}

/** The correlations of a run, validated: their rows, where they came from, and notes for stderr. */
export interface RunCorrelations {
  readonly correlations: Correlations;
  /** Their source in words ("correlations.csv", "template.xlsx, sheet Beekeeper Correlations, table BeekeeperCorrelations"); absent: none. */
  readonly source?: string;
  /** Said on stderr as `note: …`: correlations beside the assumptions that `--correlations` overrides. */
  readonly notes: readonly string[];
}

/**
 * The correlations of a run: the `--correlations` file, else those beside the assumptions (the
 * template's sheet "Beekeeper Correlations"), else none; checked against the run's uncertain
 * inputs. When both are given, `--correlations` wins and a note says the sheet was ignored (if
 * it holds any row).
 *
 * @example (await readRunCorrelations({ correlations: 'correlations.csv' }, undefined, inputs)).correlations[0] // { a: 'marketSize', b: 'organizations', correlation: 0.8 }
 */
export async function readRunCorrelations(
  flags: InputFlags,
  assumptions: AssumptionsRead | undefined,
  inputs: SimulationInputs,
): Promise<RunCorrelations> {
  const beside = assumptions?.correlationsBeside;
  const nearest = { nearest: flags.nearestCorrelations === true, askNearest: ASK_NEAREST_ON_COMMAND_LINE };
  if (flags.correlations !== undefined) {
    const table = await readCorrelationsFile(flags.correlations);
    const notes: string[] = [];
    if (beside && path.resolve(flags.correlations) !== path.resolve(assumptions!.file)) {
      let filled = true;
      try {
        filled = !isEmptyTable(beside.read());
      } catch {
        // Its problem does not matter: --correlations are the correlations.
      }
      if (filled)
        notes.push(
          `${beside.source} is ignored: --correlations ${flags.correlations} are the correlations of this run`,
        );
    }
    return { correlations: readCorrelations(table, inputs, nearest), source: flags.correlations, notes };
  }
  if (!beside) return { correlations: [], notes: [] };
  const table = beside.read();
  if (isEmptyTable(table)) return { correlations: [], notes: [] };
  return { correlations: readCorrelations(table, inputs, nearest), source: beside.source, notes: [] };
}

/** The history of a run, validated: its observations, where they came from, and notes for stderr. */
export interface RunHistory {
  readonly history: History;
  /** Its source in words ("history.csv", "template.xlsx, sheet Beekeeper History, table BeekeeperHistory"); absent: none. */
  readonly source?: string;
  /** Said on stderr as `note: …`: a history beside the assumptions that `--history` overrides. */
  readonly notes: readonly string[];
}

/**
 * The history of a run (model.md v3, "History"): the `--history` file, else the history beside
 * the assumptions (the template's sheet "Beekeeper History"), else none; checked against the
 * assumptions the run uses (their months and startDate), `historyError` being the error of a row
 * that gives none. When both are given, `--history` wins and a note says the sheet was ignored
 * (if it holds any row).
 *
 * @example (await readRunHistory({ history: 'history.csv' }, undefined, resolveAssumptions())).history[0] // { month: 12, metric: 'customers', value: 40, error: 0.1 }
 */
export async function readRunHistory(
  flags: InputFlags,
  assumptions: AssumptionsRead | undefined,
  a: Assumptions,
  historyError = DEFAULT_HISTORY_ERROR,
): Promise<RunHistory> {
  const beside = assumptions?.historyBeside;
  if (flags.history !== undefined) {
    const table = await readHistoryFile(flags.history);
    const notes: string[] = [];
    if (beside && path.resolve(flags.history) !== path.resolve(assumptions!.file) && isFilled(beside))
      notes.push(`${beside.source} is ignored: --history ${flags.history} is the history of this run`);
    return { history: readHistory(table, a, historyError), source: flags.history, notes };
  }
  if (!beside) return { history: [], notes: [] };
  const table = beside.read();
  if (isEmptyTable(table)) return { history: [], notes: [] };
  return { history: readHistory(table, a, historyError), source: beside.source, notes: [] };
}

/** Whether a table beside the assumptions holds a row; one that cannot be read counts as filled (its problem does not matter here). */
function isFilled(beside: NonNullable<InputsFile['history']>): boolean {
  try {
    return !isEmptyTable(beside.read());
  } catch {
    return true;
  }
}

/**
 * The note `project` gives for a history beside its assumptions: a projection runs each
 * assumption at its value and has no uncertainty to condition on it. Undefined without one (or
 * with an empty one).
 *
 * @example historyIgnoredNote(file) // "template.xlsx, sheet Beekeeper History, table BeekeeperHistory is ignored: …"
 */
export function historyIgnoredNote(assumptions: AssumptionsRead | undefined): string | undefined {
  const beside = assumptions?.historyBeside;
  if (!beside || !isFilled(beside)) return undefined;
  return (
    `${beside.source} is ignored: project runs each assumption at its value, with no uncertainty to condition on a ` +
    'history; `beekeeper simulate` conditions its trials on it'
  );
}

/** The note for a plan in the assumptions workbook that `--plan` replaces. */
export const planIgnoredNote = (source: string, planFile: string) =>
  `${source} is ignored: --plan ${planFile} is the plan of this run`;

/**
 * The warnings of an assumptions file that hold for a projection: all but "the value lies
 * outside its distribution", which a projection, running the value, does not have to warn of.
 */
export function projectionWarnings(inputs: SimulationInputs): SimulationInputs['warnings'] {
  const outside = new Set(
    inputs.uncertain.map((u) => valueOutsideWarning(u.name, inputs.base[u.name], u.distribution)).filter(Boolean),
  );
  return inputs.warnings.filter((w) => !outside.has(w.message));
}

/**
 * The note a projection from an assumptions file with distributions gives: it runs each
 * assumption at its value; the distributions are what `simulate` samples. Undefined without any.
 *
 * @example distributionsNote(inputs, 'inputs.csv') // "inputs.csv: project runs each assumption at its value; …"
 */
export function distributionsNote(inputs: SimulationInputs, file: string): string | undefined {
  const names = inputs.uncertain.map((u) => u.name);
  if (names.length === 0) return undefined;
  const list = names.length <= 4 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  return (
    `${file}: project runs each assumption at its value; the distributions of ${names.length} ` +
    `(${list}) are ignored here and sampled by \`beekeeper simulate\``
  );
}
