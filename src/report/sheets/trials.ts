import { KPI_NAMES } from '../../model/kpis';
import { SimulationRun } from '../../engine/simulation';
import { SimulationAnalysis } from '../../engine/simulation-results';
import { ASSUMPTION_LABELS, INPUT_FORMATS, kpiFormat, kpiLabel } from '../labels';
import { FORMATS, ReportSheet, EXCEL_MAX_ROWS } from '../types';
import { SheetLayout, column, count } from '../layout';

/** Beekeeper Trials: one row per trial, its inputs and KPIs. */

/**
 * The size of the Trials sheet's table: a row per trial (as many as a worksheet holds below the
 * header), and a column for the trial, each uncertain input and each scenario's KPIs.
 *
 * @example trialsTableSize(1_000_000, 13, 1) // { rows: 1000000, columns: 27 }
 */
export function trialsTableSize(
  trials: number,
  uncertain: number,
  scenarios: number,
): { rows: number; columns: number } {
  return { rows: Math.min(trials, EXCEL_MAX_ROWS - 1), columns: 1 + uncertain + scenarios * KPI_NAMES.length };
}

export function trialsSheet(run: SimulationRun, analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const compare = analysis.scenarios.length > 1;
  const months = run.inputs.base.months;
  const shownTrials = trialsTableSize(run.options.trials, run.inputs.uncertain.length, run.scenarios.length).rows;
  const truncated =
    shownTrials < run.options.trials
      ? `Only the first ${count(shownTrials)} of ${count(run.options.trials)} trials: a worksheet holds at most ${count(EXCEL_MAX_ROWS)} rows.`
      : undefined;
  layout.table(
    'BeekeeperTrials',
    [
      column('Trial', FORMATS.month),
      // The plain label, and the code name that OSS.HDR's variable and the Inputs sheet go by.
      ...run.inputs.uncertain.map((u) => column(`${ASSUMPTION_LABELS[u.name]} — ${u.name}`, INPUT_FORMATS[u.name])),
      ...run.scenarios.flatMap((s) =>
        KPI_NAMES.map((k) =>
          column(compare ? `${s.scenario} ${kpiLabel(k, months)}` : kpiLabel(k, months), kpiFormat(k)),
        ),
      ),
    ],
    Array.from({ length: shownTrials }, (_, t) => [
      t + 1,
      ...run.samples.map((c) => c[t]),
      ...run.scenarios.flatMap((s) => KPI_NAMES.map((k) => (Number.isNaN(s.kpis[k][t]) ? null : s.kpis[k][t]))),
    ]),
  );
  if (truncated) layout.note(truncated);
  return layout.sheet('Beekeeper Trials', 'trials', 1, truncated ? { truncated } : {});
}
