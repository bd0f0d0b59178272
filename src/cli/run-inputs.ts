/**
 * What `project` and `simulate` share of their inputs: the `--assumptions` file and the plan,
 * from `--plan` or beside the assumptions in a workbook; and simulate's correlations, from
 * `--correlations` or beside the assumptions. Every problem stops the run before any
 * work, with a message naming the file and the row (or the sheet and the cell).
 */
import * as path from 'path';
import { Assumptions, Plan, isBlank, readPlan } from '../model';
import { SimulationInputs, readSimulationTable, valueOutsideWarning } from '../engine/simulation-inputs';
import type { InputTable } from '../engine/simulation-inputs';
import { Correlations, readCorrelations } from '../engine/correlation-table';
import { InputsFile, readCorrelationsFile, readInputsFile, readPlanFile } from './assumptions-file';

/** How a user of the command line runs an implausible value anyway. */
export const INSIST_ON_COMMAND_LINE =
  "to run it anyway, add --allow-implausible, or TRUE in the row's allowImplausible column";

/** The flags that name a run's input files. */
export interface InputFlags {
  readonly assumptions?: string;
  readonly plan?: string;
  /** simulate's --correlations. */
  readonly correlations?: string;
  readonly allowImplausible?: boolean;
}

/** An `--assumptions` file as read: its table as a simulation reads it, and the plan beside it. */
export interface AssumptionsRead {
  readonly file: string;
  readonly inputs: SimulationInputs;
  readonly beside: InputsFile['plan'];
  /** The correlations beside the assumptions (the template's sheet "Beekeeper Correlations"). */
  readonly correlationsBeside?: InputsFile['correlations'];
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
  };
}

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
    return { correlations: readCorrelations(table, inputs), source: flags.correlations, notes };
  }
  if (!beside) return { correlations: [], notes: [] };
  const table = beside.read();
  if (isEmptyTable(table)) return { correlations: [], notes: [] };
  return { correlations: readCorrelations(table, inputs), source: beside.source, notes: [] };
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
