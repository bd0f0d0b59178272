/**
 * `beekeeper fit` (issue 17): conditions a run on the history, as `simulate` does, and writes
 * the posterior as an assumptions workbook that runs on its own: each uncertain input's
 * posterior as a metalog through its posterior P10, P50 and P90, the posterior's rank
 * correlations in the correlation table, the plan as given, and an empty history (the
 * history is in the distributions now: conditioning on it again would count it twice).
 */
import * as path from 'path';
import { findAssumption } from '../model/assumptions';
import type { InputCell, InputTable } from '../model/input-table';
import { FittedAssumptions, fittedAssumptions } from '../engine/posterior-assumptions';
import type { SimulationInputs } from '../engine/simulation-inputs';
import { TEMPLATE_COLUMNS, buildTemplate } from '../report/template';
import { Context, UsageError } from './io';
import { simulateInPool } from './node-workers';
import { SimulateFlags, SimulateHost, fitReporter, loadInputs, parseSimulateFlags, posteriorText } from './simulate';
import { checkReportTarget, writeReportXlsx } from './xlsx-writer';

export const DEFAULT_FITTED = 'beekeeper-fitted.xlsx';

/**
 * The assumptions table of the fitted workbook: every assumption as the run had it, the
 * uncertain ones replaced by their posterior metalogs.
 *
 * @example fittedTable(inputs, fittedAssumptions(run)).rows[0][0].value // "months"
 */
export function fittedTable(inputs: SimulationInputs, fitted: FittedAssumptions): InputTable {
  const where = (row: number, column: number) => `the fitted assumptions row ${row}, column ${column + 1}`;
  const cells = (row: number, values: readonly unknown[]): InputCell[] =>
    values.map((value, column) => ({ value, where: where(row, column) }));
  return {
    source: 'the fitted assumptions',
    header: cells(1, TEMPLATE_COLUMNS),
    rows: inputs.rows.map((r, i) => {
      const spec = findAssumption(r.name);
      const f = fitted.rows.find((x) => x.name === r.name);
      const value = r.name === 'startDate' && r.value === 0 ? null : r.value;
      const [p1, p2, p3] = f ? [f.p1, f.p2, f.p3] : [r.params[0], r.params[1], r.params[2]];
      return cells(i + 2, [
        r.name,
        f ? f.value : value,
        f ? f.distribution : (r.distribution ?? null),
        p1 ?? null,
        p2 ?? null,
        p3 ?? null,
        spec.unit,
        spec.description,
      ]);
    }),
  };
}

/** Runs `fit`: the posterior run, then the fitted assumptions workbook. */
export async function runFit(flags: SimulateFlags, context: Context, host: SimulateHost): Promise<void> {
  const { options, workers, historyError } = parseSimulateFlags(flags);
  const { inputs, notes, historySource } = await loadInputs(flags, historyError);
  if ((inputs.history?.length ?? 0) === 0)
    throw new UsageError(
      'fit needs a history: give --history FILE, or fill the Beekeeper History sheet of the --assumptions workbook',
    );
  const readFrom = [
    ...(flags.assumptions === undefined ? [] : [{ flag: '--assumptions', file: flags.assumptions }]),
    ...(flags.plan === undefined ? [] : [{ flag: '--plan', file: flags.plan }]),
    ...(flags.correlations === undefined ? [] : [{ flag: '--correlations', file: flags.correlations }]),
    ...(flags.history === undefined ? [] : [{ flag: '--history', file: flags.history }]),
  ];
  await checkReportTarget(flags.out, { replace: flags.force === true, inputs: readFrom, writing: 'template' });
  for (const w of inputs.warnings) context.io.stderr(`warning: ${w.where}: ${w.message}\n`);
  for (const note of notes) context.io.stderr(`note: ${note}\n`);
  context.io.stderr(`conditioning the trials on the history (${inputs.history!.length} observations)\n`);
  const fitting = fitReporter(context, host.progressOnTerminal === true);
  let run;
  try {
    run = await simulateInPool(inputs, options, { workers, signal: host.signal, onFitProgress: fitting.update });
  } finally {
    fitting.stop();
  }
  if (!run || host.signal?.aborted) {
    context.io.stderr('cancelled: nothing written\n');
    context.exitCode = 130;
    return;
  }
  const fitted = fittedAssumptions(run);
  for (const note of fitted.notes) context.io.stderr(`note: ${note}\n`);
  const plan = (inputs.plan ?? []).map((row) => [row.month, row.name, row.value, null]);
  const correlations = fitted.correlations.map((c) => [c.a, c.b, c.correlation, 'posterior rank correlation']);
  const report = buildTemplate(fittedTable(inputs, fitted), host.version, { plan, correlations });
  await writeReportXlsx(report, flags.out, {
    replace: flags.force === true,
    signal: host.signal,
    inputs: readFrom,
  });
  context.io.stdout(posteriorText(run.posterior!, historySource));
  context.io.stdout(
    `fitted assumptions: ${flags.out} (${fitted.rows.length} posterior metalogs, ${fitted.correlations.length} rank correlations` +
      `${inputs.plan?.length ? ', the plan' : ''}); run them without the history: beekeeper simulate --assumptions ${path.basename(flags.out)}\n`,
  );
}
