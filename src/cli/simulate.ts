/**
 * `beekeeper simulate`: a Monte Carlo run of the model, written as the report workbook of
 * workbook.md (.xlsx), with the KPI summary on the terminal. `beekeeper template`: the
 * assumptions table to edit, with every default and the default uncertainty.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { KPI_NAMES, KpiName, cellNumber, checkNumber, wholeBetween } from '../model';
import { SAMPLING_METHODS, SamplingMethod, trialsRule, seedRule } from '../engine/sampling';
import { RUN_SCENARIOS, RunScenario, SimulationOptions, scenariosOf } from '../engine/simulation';
import { analyze, SimulationAnalysis } from '../engine/simulation-results';
import {
  SimulationInputs,
  noUncertaintyWarning,
  readSimulationTable,
  withCorrelations,
  withHistory,
  withPlan,
} from '../engine/simulation-inputs';
import { DEFAULT_HISTORY_ERROR, HISTORY_METRICS, historyErrorRule } from '../model/history';
import type { FitProgress, PosteriorSummary } from '../engine/posterior';
import { defaultSimulationTable } from '../engine/default-uncertainty';
import { mendedWarning } from '../engine/correlation-table';
import { HEADLINE_KPIS, buildReport, trialsTableSize } from '../report/build';
import { cashOutShare, cashOutText, compareVerdictText } from '../report/sheets/summary';
import { KPI_LABELS, formatMeasure, kpiLabelOver } from '../report/labels';
import { buildTemplate } from '../report/template';
import { Context, UsageError } from './io';
import {
  INSIST_ON_COMMAND_LINE,
  readAssumptionsFlag,
  readRunCorrelations,
  readRunHistory,
  readRunPlan,
} from './run-inputs';
import { MAX_WORKERS, THREADS_FROM_TRIALS } from '../engine/pool';
import { defaultWorkers, simulateInPool } from './node-workers';
import { CLI_FLAGS, checkReportTarget, writeReportXlsx } from './xlsx-writer';
import { alignTable } from './table';
import { formatCsv } from './csv';
import { DEFAULT_FITTED, runFit } from './fit';

export const DEFAULT_REPORT = 'beekeeper-report.xlsx';
/** The flag that mends correlations to the nearest valid matrix (nearest-correlation.ts). */
export const NEAREST_FLAG = '--nearest-correlations';
export const DEFAULT_TEMPLATE = 'beekeeper-assumptions.xlsx';

/** The options of `simulate` as commander parses them (strings until validated). */
export interface SimulateFlags {
  readonly assumptions?: string;
  readonly plan?: string;
  readonly correlations?: string;
  /** Correlations that do not make a valid matrix run as the nearest valid one, with a warning. */
  readonly nearestCorrelations?: boolean;
  readonly history?: string;
  /** σ of an observation that gives no error (the run option historyError). */
  readonly historyError?: string;
  readonly scenario: string;
  readonly trials: string;
  readonly seed: string;
  readonly sampling: string;
  readonly workers?: string;
  readonly trialsSheet?: boolean;
  readonly out: string;
  readonly force?: boolean;
  readonly allowImplausible?: boolean;
}

/** What the outside world gives a run: a signal for Ctrl-C, whether stderr is a terminal, a clock. */
export interface SimulateHost {
  readonly signal?: AbortSignal;
  readonly progressOnTerminal?: boolean;
  readonly now?: () => number;
  readonly version: string;
}

/** A number flag: read as a cell is ("0.3", "30 %"), then checked against `rule`. */
const number = (flag: string, text: string, rule: Parameters<typeof checkNumber>[2]): number => {
  try {
    return checkNumber(flag, cellNumber(text), rule);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
};

/** A whole-number flag: "1e4" and "1,000" are read as numbers, then checked against `rule` (its range, whole). */
const whole = (flag: string, text: string, rule = wholeBetween(0, Number.MAX_SAFE_INTEGER)): number => {
  try {
    return checkNumber(flag, cellNumber(text), rule);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
};

const oneOf = <T extends string>(flag: string, allowed: readonly T[], text: string): T => {
  const found = allowed.find((a) => a === text.trim().toLowerCase());
  if (!found) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(text)}`);
  return found;
};

/** Reads and validates the flags (every message names the flag). */
export function parseSimulateFlags(flags: SimulateFlags): {
  options: SimulationOptions;
  workers: number;
  /** The error of an observation that gives none (--history-error; default 0.1). */
  historyError: number;
} {
  const options: SimulationOptions = {
    scenario: oneOf<RunScenario>('--scenario', RUN_SCENARIOS, flags.scenario),
    trials: whole('--trials', flags.trials, trialsRule),
    seed: whole('--seed', flags.seed, seedRule),
    sampling: oneOf<SamplingMethod>('--sampling', SAMPLING_METHODS, flags.sampling),
  };
  const workers =
    flags.workers === undefined
      ? defaultWorkers(options)
      : whole('--workers', flags.workers, wholeBetween(1, MAX_WORKERS));
  const historyError =
    flags.historyError === undefined
      ? DEFAULT_HISTORY_ERROR
      : number('--history-error', flags.historyError, historyErrorRule);
  if (!/\.xlsx$/i.test(flags.out))
    throw new UsageError(`--out must name an .xlsx file, got ${JSON.stringify(flags.out)}`);
  return { options, workers, historyError };
}

/**
 * The inputs of the run: the assumptions (a file, or the defaults with their default
 * uncertainty), the plan, the correlations and the history (each its flag, or the sheet of the
 * assumptions workbook), checked against them; `notes` for stderr.
 */
export async function loadInputs(
  flags: SimulateFlags,
  historyError: number,
): Promise<{ inputs: SimulationInputs; source: string; notes: readonly string[]; historySource?: string }> {
  const file = await readAssumptionsFlag(flags);
  let inputs: SimulationInputs;
  if (file) {
    const fixed = noUncertaintyWarning(file.inputs, file.file, 'with no --assumptions file');
    inputs = fixed ? { ...file.inputs, warnings: [fixed, ...file.inputs.warnings] } : file.inputs;
  } else inputs = readSimulationTable(defaultSimulationTable());
  const { plan, source: planSource, notes } = await readRunPlan(flags, file, inputs.base);
  const run = await readRunCorrelations(flags, file, inputs);
  const observed = await readRunHistory(flags, file, inputs.base, historyError);
  const assumptions = file ? path.basename(file.file) : 'the defaults with their default uncertainty';
  const sources = [
    assumptions,
    ...(planSource === undefined ? [] : [`the plan from ${path.basename(planSource)}`]),
    ...(run.source === undefined ? [] : [`the correlations from ${path.basename(run.source)}`]),
    ...(observed.source === undefined ? [] : [`the history from ${path.basename(observed.source)}`]),
  ];
  if (plan.length > 0) inputs = withPlan(inputs, plan);
  if (run.correlations.length > 0) inputs = withCorrelations(inputs, run.correlations);
  const mended = mendedWarning(run.correlations);
  if (mended) inputs = { ...inputs, warnings: [...inputs.warnings, { where: run.source!, message: mended }] };
  if (observed.history.length > 0) inputs = withHistory(inputs, observed.history);
  const unused =
    flags.historyError !== undefined && observed.history.length === 0
      ? [`--history-error ${flags.historyError} is ignored: the run has no history`]
      : [];
  return {
    inputs,
    source: sources.join('; '),
    notes: [...notes, ...run.notes, ...observed.notes, ...unused],
    ...(observed.source === undefined ? {} : { historySource: observed.source }),
  };
}

export { INSIST_ON_COMMAND_LINE };

/**
 * The posterior's fit on stderr, before the trials: a bar on a terminal, a line per 10 % (of the
 * most the fit can take) otherwise. A history the prior fits well jumps to 100 %.
 */
export function fitReporter(context: Context, terminal: boolean): { update: FitProgress; stop: () => void } {
  if (terminal) {
    let bar: SingleBar | undefined;
    return {
      update: (done, total) => {
        if (!bar) {
          bar = new SingleBar({
            format: 'fitting the history {bar} {percentage} % | {eta_formatted} left',
            stream: {
              write: (s: string) => context.io.stderr(s),
              isTTY: true,
              columns: context.io.columns ?? 80,
            } as never,
            hideCursor: true,
            etaBuffer: 20,
          });
          bar.start(total, done);
        } else bar.update(done);
      },
      stop: () => bar?.stop(),
    };
  }
  let reported = 0;
  return {
    update: (done, total) => {
      const tenth = Math.floor((10 * done) / total);
      if (tenth > reported) {
        reported = tenth;
        context.io.stderr(`fitting the history: ${10 * tenth} %\n`);
      }
    },
    stop: () => undefined,
  };
}

/** Progress on stderr: a bar on a terminal, a line per 10 % otherwise. */
function progressReporter(context: Context, terminal: boolean, trials: number, now: () => number) {
  if (terminal) {
    const bar = new SingleBar({
      format: 'trials {bar} {value}/{total} | {rate} trials/s | {eta_formatted} left',
      stream: { write: (s: string) => context.io.stderr(s), isTTY: true, columns: context.io.columns ?? 80 } as never,
      hideCursor: true,
      etaBuffer: 20,
    });
    const started = now();
    bar.start(trials, 0, { rate: '0' });
    return {
      update: (done: number) =>
        bar.update(done, { rate: Math.round(done / Math.max(1e-3, (now() - started) / 1000)).toLocaleString('en-US') }),
      stop: () => bar.stop(),
    };
  }
  let reported = 0;
  return {
    update: (done: number) => {
      const tenth = Math.floor((10 * done) / trials);
      if (tenth > reported) {
        reported = tenth;
        context.io.stderr(`${done.toLocaleString('en-US')} of ${trials.toLocaleString('en-US')} trials\n`);
      }
    },
    stop: () => undefined,
  };
}

/**
 * The KPI summary printed after a run, per scenario: the chances and the month cash runs out
 * in a sentence, then P10, P50, P90 and mean of each KPI under its plain label, the Summary
 * sheet's headline KPIs first; in compare runs the verdict on NPV, funding need and the chance
 * of running out of cash ends it. Figures and definitions are the Summary's: a KPI that not
 * every trial has is over the trials that have it, its share in its label (as on the sheet)
 * and their count in the `trials` column.
 *
 * @example kpiSummaryText(analyze(run), 60) // "beekeeper: P(NPV > 0) = 85.3 %, …\nMonth cash runs out: P50 month 37 …\nKPI  P10  P50 …"
 */
export function kpiSummaryText(analysis: SimulationAnalysis, months: number): string {
  const lines: string[] = [];
  const order = [...HEADLINE_KPIS, ...KPI_NAMES.filter((k) => !(HEADLINE_KPIS as readonly KpiName[]).includes(k))];
  for (const s of analysis.scenarios) {
    const rows = [['KPI', 'P10', 'P50', 'P90', 'mean', 'trials']];
    for (const k of order) {
      const summary = s.kpis[k];
      const measure = KPI_LABELS[k].measure;
      const label = kpiLabelOver(k, months, (summary?.n ?? 0) / (s.kpis.npv?.n ?? 1));
      rows.push(
        summary
          ? [
              label,
              ...[summary.p10, summary.p50, summary.p90, summary.mean].map((v) => formatMeasure(v, measure)),
              summary.n.toLocaleString('en-US'),
            ]
          : [label, '', '', '', '', '0'],
      );
    }
    lines.push(
      `${s.scenario}: P(NPV > 0) = ${(100 * s.probabilityNpvPositive).toFixed(1)} %, P(cash ever below 0) = ${(100 * cashOutShare(s)).toFixed(1)} %`,
    );
    lines.push(cashOutText(s, analysis.scenarios.length > 1 ? s.scenario : undefined));
    lines.push(alignTable(rows, ['left', 'right', 'right', 'right', 'right', 'right']));
  }
  if (analysis.npvVerdict) lines.push(compareVerdictText(analysis));
  return lines.join('\n') + '\n';
}

/**
 * What the terminal says of a posterior run (model.md v3, "History"): how many observations the
 * trials are conditioned on and from where, the effective sample size of the posterior's
 * weights over its particles, and the method.
 *
 * @example posteriorText(run.posterior!, 'history.csv') // "conditioned on 3 observations (history.csv, to month 24): effective sample size 1,650 of 2,000; …"
 */
export function posteriorText(posterior: PosteriorSummary, source?: string): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const where = [...(source === undefined ? [] : [path.basename(source)]), `to month ${posterior.lastMonth}`];
  return (
    `conditioned on ${n(posterior.observations)} observation${posterior.observations === 1 ? '' : 's'} (${where.join(', ')}): ` +
    `effective sample size ${n(posterior.ess)} of ${n(posterior.particles)}; method: ${posterior.method}\n`
  );
}

/**
 * The most cells the Trials sheet is written with. The report holds them as values while the
 * sheet is streamed: about 100 bytes of memory each (measured: 330 MB at 50,000 trials of 27
 * columns, 750 MB at 200,000), so 30 million stay near 3 GB, below Node's default heap limit.
 */
export const MAX_TRIALS_SHEET_CELLS = 30_000_000;

/** Refuses, before the trials, a Trials sheet too big to write (Excel's rows are never the limit: 1,000,000 trials fit). */
function checkTrialsSheetSize(options: SimulationOptions, inputs: SimulationInputs): void {
  const { rows, columns } = trialsTableSize(
    options.trials,
    inputs.uncertain.length,
    scenariosOf(options.scenario).length,
  );
  const cells = rows * columns;
  if (cells <= MAX_TRIALS_SHEET_CELLS) return;
  const n = (x: number) => x.toLocaleString('en-US');
  throw new UsageError(
    `--trials-sheet: ${n(options.trials)} trials × ${columns} columns is ${n(cells)} cells, more than the ${n(MAX_TRIALS_SHEET_CELLS)} ` +
      `a Trials sheet is written with (about 100 bytes of memory each); use at most ${n(Math.floor(MAX_TRIALS_SHEET_CELLS / columns))} trials with it, or leave it out`,
  );
}

/**
 * Runs `simulate`: resolves when the report is written (or the run was cancelled: exit code 130).
 * Everything that can be checked is checked before the trials: the flags, the assumptions (their
 * warnings go to stderr, and the run goes on), and that `--out` can be written.
 */
export async function runSimulate(flags: SimulateFlags, context: Context, host: SimulateHost): Promise<void> {
  const { options, workers, historyError } = parseSimulateFlags(flags);
  const { inputs, source, notes, historySource } = await loadInputs(flags, historyError);
  if (flags.trialsSheet === true) checkTrialsSheetSize(options, inputs);
  // A run can take minutes: refuse an --out it could not write now, not after the trials.
  const readFrom = [
    ...(flags.assumptions === undefined ? [] : [{ flag: '--assumptions', file: flags.assumptions }]),
    ...(flags.plan === undefined ? [] : [{ flag: '--plan', file: flags.plan }]),
    ...(flags.correlations === undefined ? [] : [{ flag: '--correlations', file: flags.correlations }]),
    ...(flags.history === undefined ? [] : [{ flag: '--history', file: flags.history }]),
  ];
  await checkReportTarget(flags.out, { replace: flags.force === true, inputs: readFrom });
  for (const w of inputs.warnings) context.io.stderr(`warning: ${w.where}: ${w.message}\n`);
  for (const note of notes) context.io.stderr(`note: ${note}\n`);
  const now = host.now ?? Date.now;
  const startedAt = new Date(now());
  // The posterior's fit comes before the first trial: said, then its own progress (fitReporter).
  const observed = inputs.history?.length ?? 0;
  if (observed > 0)
    context.io.stderr(
      `conditioning the trials on the history (${observed.toLocaleString('en-US')} observation${observed === 1 ? '' : 's'})\n`,
    );
  const fitting = fitReporter(context, host.progressOnTerminal === true);
  let progress: ReturnType<typeof progressReporter> | undefined;
  let run;
  try {
    run = await simulateInPool(inputs, options, {
      workers,
      signal: host.signal,
      onFitProgress: fitting.update,
      onProgress: (done) => {
        if (!progress) {
          fitting.stop();
          progress = progressReporter(context, host.progressOnTerminal === true, options.trials, now);
        }
        progress.update(done);
      },
    });
  } finally {
    fitting.stop();
    progress?.stop();
  }
  if (!run || host.signal?.aborted) {
    context.io.stderr('cancelled: no report written\n');
    context.exitCode = 130;
    return;
  }
  const analysis = analyze(run);
  const seconds = (now() - startedAt.getTime()) / 1000;
  const writing = now();
  // The write of a big Trials sheet takes a while: say so, as the progress bar has ended.
  context.io.stderr(`writing ${flags.out}\n`);
  const report = buildReport(run, analysis, {
    version: host.version,
    startedAt,
    seconds,
    trialsSheet: flags.trialsSheet === true,
    source,
  });
  try {
    await writeReportXlsx(report, flags.out, { replace: flags.force === true, signal: host.signal, inputs: readFrom });
  } catch (e) {
    if (host.signal?.aborted) {
      context.io.stderr('cancelled: no report written\n');
      context.exitCode = 130;
      return;
    }
    throw e;
  }
  const wrote = (now() - writing) / 1000; // building the report and writing it
  context.io.stdout(kpiSummaryText(analysis, inputs.base.months));
  if (run.posterior) context.io.stdout(posteriorText(run.posterior, historySource));
  context.io.stdout(
    `${options.trials.toLocaleString('en-US')} trials, ${options.sampling}, seed ${options.seed}, ${workers} worker${workers === 1 ? '' : 's'}, ${seconds.toFixed(2)} s; wrote ${flags.out} in ${wrote.toFixed(1)} s\n`,
  );
}

/**
 * The template as CSV text: the table's header and rows only, without the notes the .xlsx has
 * under its table (a CSV table ends at its first empty row, and notes would be read as rows by
 * other tools).
 *
 * @example templateCsv().split('\r\n')[0] // "name,value,distribution,p1,p2,p3,unit,description"
 */
export function templateCsv(): string {
  const table = buildTemplate(defaultSimulationTable(), '').sheets[0].tables[0];
  const rows = table.rows as readonly (readonly (string | number | null)[])[]; // buildTemplate writes no dates
  return formatCsv([table.columns.map((c) => c.header), ...rows]);
}

/**
 * Writes `text` to a new file `file`, never over an existing one: Beekeeper cannot tell a CSV
 * file it wrote from the user's, so even `--force` does not replace one.
 */
async function writeNewTextFile(file: string, text: string): Promise<void> {
  try {
    await fsp.writeFile(file, text, { flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new UsageError(
        `${file} exists: Beekeeper never replaces a CSV file (it cannot tell one it wrote from yours): choose another ${CLI_FLAGS.out} or move it`,
      );
    }
    await fsp.unlink(file).catch(() => undefined); // 'wx' created it: nothing of the user's is lost
    throw new UsageError(`${file} could not be written: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Runs `template`: writes the assumptions table to edit, as .xlsx or .csv. */
export async function runTemplate(
  flags: { out: string; force?: boolean },
  context: Context,
  host: SimulateHost,
): Promise<void> {
  if (/\.csv$/i.test(flags.out)) {
    await writeNewTextFile(flags.out, templateCsv());
  } else {
    if (!/\.xlsx$/i.test(flags.out))
      throw new UsageError(`--out must name an .xlsx or .csv file, got ${JSON.stringify(flags.out)}`);
    await checkReportTarget(flags.out, { replace: flags.force === true, writing: 'template' });
    await writeReportXlsx(buildTemplate(defaultSimulationTable(), host.version), flags.out, {
      replace: flags.force === true,
      signal: host.signal,
    });
  }
  context.io.stdout(`assumptions table: ${flags.out} (edit it, then: beekeeper simulate --assumptions ${flags.out})\n`);
}

export function addSimulateCommands(program: Command, context: Context, host: () => SimulateHost): void {
  program
    .command('simulate')
    .description('run a Monte Carlo simulation and write the report workbook (.xlsx)')
    .option('--assumptions <file>', 'assumptions table: .xlsx (as `template` writes it), .csv, .tsv or .json')
    .option(
      '--plan <file>',
      'the plan, rows month | name | value, the same in every trial: .csv, .tsv, .json or .xlsx (default: the plan sheet of an --assumptions workbook)',
    )
    .option(
      '--correlations <file>',
      'Spearman rank correlations between uncertain inputs, rows name1 | name2 | correlation: .csv, .tsv, .json or .xlsx (default: the correlations sheet of an --assumptions workbook)',
    )
    .option(
      NEAREST_FLAG,
      'correlations that do not make a valid correlation matrix: run the nearest valid one, with a warning, instead of refusing them',
    )
    .option(
      '--history <file>',
      'what already happened, rows month | metric | value | error, that the trials are conditioned on: .csv, .tsv, .json or .xlsx (default: the history sheet of an --assumptions workbook)',
    )
    .option(
      '--history-error <sigma>',
      `the error of an observation whose row gives none: σ of ln value (cash: relative), above 0 to 10 (default: ${DEFAULT_HISTORY_ERROR}, about ±10 %)`,
    )
    // Validated by parseSimulateFlags (one place, case-insensitive), not by commander's choices.
    .option(
      '--scenario <scenario>',
      `business model, or both on the same trials: ${RUN_SCENARIOS.join(', ')}`,
      'beekeeper',
    )
    .option('--trials <n>', 'number of trials, 1 to 1,000,000', '10000')
    .option('--seed <s>', 'HDR seed (seed3), a whole number from 0 to 100,000,000', '1')
    .option('--sampling <method>', 'Latin Hypercube (lhs) or plain Monte Carlo (mc)', 'lhs')
    .option(
      '--workers <k>',
      `worker threads (default: 1 below ${THREADS_FROM_TRIALS.toLocaleString('en-US')} trials, else one per core, here ${defaultWorkers()})`,
    )
    .option('--trials-sheet', 'add the per-trial sheet (one row per trial)')
    .option(
      '--allow-implausible',
      'run values outside the plausible ranges (docs/model.md), such as expansion 15 (+1,500 %)',
    )
    .option(`${CLI_FLAGS.out} <file>`, 'the report workbook to write', DEFAULT_REPORT)
    .option(
      CLI_FLAGS.replace,
      'replace the file if it is a report an earlier Beekeeper run wrote (never an --assumptions, --plan, --correlations or --history file, nor a template)',
    )
    .addHelpText(
      'after',
      `
With no options it runs the defaults with their documented uncertainty (docs/model.md) and
writes ${DEFAULT_REPORT}. Whether --out can be written is checked before the trials. The report
is written to a temporary file and renamed when complete: a failed or cancelled run (Ctrl-C)
leaves no file. A file Beekeeper did not write is never replaced.

The plan holds decisions, one row each: month (1..months, or a calendar month such as 2027-09
when startDate is set), name (a plannable assumption, engineers or funding) and value. It is
--plan, else the sheet "Beekeeper Plan" of an --assumptions workbook (\`template\` writes it
empty); given both, --plan wins and a note says the sheet was ignored. Every trial runs it.

Correlations, one row each: two uncertain inputs (name1, name2: assumptions with a
distribution) and their Spearman rank correlation, −1 to 1; pairs not given are 0. The samples
keep their distributions exactly and are reordered to these rank correlations (Iman–Conover).
They are --correlations, else the sheet "Beekeeper Correlations" of an --assumptions workbook
(\`template\` writes it empty); they must make a valid correlation matrix.

The history, one row per observation: month (as in a plan), metric (${HISTORY_METRICS.join(', ')}),
value (> 0; cash any sign but 0) and error (optional: σ of ln value, for cash relative to it;
default --history-error). Month 1 is the history's first month and the months after the last
observation are the forecast. With a history the trials are draws from the posterior, the
assumptions' distributions conditioned on it, and the whole report is the forecast given what
happened; the terminal says how many observations, the effective sample size and the method.
A history the assumptions cannot reach, or one that leaves an effective sample size below 200,
is refused in plain words and nothing is written. It is --history, else the sheet "Beekeeper
History" of an --assumptions workbook (\`template\` writes it empty).

Examples:
  $ beekeeper simulate
  $ beekeeper template --out my-assumptions.xlsx && beekeeper simulate --assumptions my-assumptions.xlsx
  $ beekeeper simulate --assumptions my-company.csv --plan plan.csv --out plan-run.xlsx
  $ beekeeper simulate --correlations correlations.csv --out correlated.xlsx
  $ beekeeper simulate --history history.csv --history-error 0.3 --out conditioned.xlsx
  $ beekeeper simulate --scenario compare --trials 20000 --seed 7 --out compare.xlsx
  $ beekeeper simulate --assumptions inputs.csv --sampling mc --trials-sheet --out run.xlsx --force`,
    )
    .action((flags: SimulateFlags) => runSimulate(flags, context, host()));

  program
    .command('template')
    .description(
      'write the assumptions table (every default, and the default uncertainty), an empty plan, empty correlations and an empty history to edit',
    )
    .option(
      `${CLI_FLAGS.out} <file>`,
      'the file to write: .xlsx (with the sheets Beekeeper Plan, Beekeeper Correlations and Beekeeper History), or .csv (the assumptions table alone)',
      DEFAULT_TEMPLATE,
    )
    .option(
      CLI_FLAGS.replace,
      'replace the .xlsx if it is an assumptions table or a report Beekeeper wrote (a .csv is never replaced)',
    )
    .action((flags: { out: string; force?: boolean }) => runTemplate(flags, context, host()));

  program
    .command('fit')
    .description(
      'condition a run on the history, then write the posterior as an assumptions workbook that runs on its own (metalogs and rank correlations)',
    )
    .option(
      '--assumptions <file>',
      'the prior: an assumptions table (.xlsx as `template` writes it, .csv, .tsv or .json)',
    )
    .option(
      '--plan <file>',
      'the plan, rows month | name | value (default: the plan sheet of an --assumptions workbook)',
    )
    .option(
      '--correlations <file>',
      "the prior's rank correlations, rows name1 | name2 | correlation (default: the correlations sheet of an --assumptions workbook)",
    )
    .option(NEAREST_FLAG, 'correlations that do not make a valid matrix: the nearest valid one, with a warning')
    .option(
      '--history <file>',
      'what already happened, rows month | metric | value | error (default: the history sheet of an --assumptions workbook)',
    )
    .option(
      '--history-error <sigma>',
      `the error of an observation whose row gives none (default: ${DEFAULT_HISTORY_ERROR})`,
    )
    .option('--scenario <scenario>', `the business model the history is of: ${RUN_SCENARIOS.join(', ')}`, 'beekeeper')
    .option('--trials <n>', 'posterior draws, 1 to 1,000,000', '10000')
    .option('--seed <s>', 'HDR seed (seed3), a whole number from 0 to 100,000,000', '1')
    .option('--sampling <method>', "the prior's sampling: lhs or mc", 'lhs')
    .option('--workers <k>', 'worker threads (default: as simulate)')
    .option('--allow-implausible', 'run values outside the plausible ranges (docs/model.md)')
    .option(`${CLI_FLAGS.out} <file>`, 'the assumptions workbook to write (.xlsx)', DEFAULT_FITTED)
    .option(CLI_FLAGS.replace, 'replace the .xlsx if it is an assumptions table or a report Beekeeper wrote')
    .action((flags: SimulateFlags) => runFit(flags, context, host()));
}
