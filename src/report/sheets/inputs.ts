import { AssumptionName, findAssumption } from '../../model/assumptions';
import { monthDates } from '../../model/calendar';
import { planUnit, plannedOver } from '../../model/plan';
import { SimulationRun } from '../../engine/simulation';
import { spearman } from '../../engine/correlation';
import { mendedWarning } from '../../engine/correlation-table';
import { INPUT_FORMATS, MEASURE_FORMATS, MONTHLY_LABELS, MONTHLY_UNIT_LABELS, assumptionLabel } from '../labels';
import { FORMATS, ReportSheet } from '../types';
import { SheetLayout, column, wrappedColumn } from '../layout';
import type { RunInfo } from '../run-info';

/**
 * Beekeeper Inputs: the assumptions (by code name, which formulas use, and plain label), the
 * plan, the correlations and the history as run, and how to regenerate the random numbers.
 */

/**
 * The plain Excel formula of the HDR 2.0 uniform (no add-in needed) for the trial in cell
 * `trialCell`, HDR variable `variable`, entity 1 and seed3 `seed` (seed4 = 0).
 *
 * @example hdrFormula('A2', 4, 1) // "=(MOD(MOD(MOD(999999999999989,MOD(A2*2499997+4*1800451+…"
 */
export function hdrFormula(trialCell: string, variable: number, seed: number): string {
  const s1 = `MOD(${trialCell}*2499997+${variable}*1800451+2000371+${seed}*1796777,7450589)`;
  const s2 = `MOD(${trialCell}*2246527+${variable}*2399993+2100869+${seed}*1918303,7450987)`;
  const a = `MOD(MOD(999999999999989,${s1}*4658+7450581)*383,99991)*7440893`;
  const b = `MOD(MOD(999999999999989,${s2}*7580+7560584)*17669,7440893)`;
  return `=(MOD((${a}+${b})*1343,4294967296)+0.5)/4294967296`;
}

export function inputsSheet(run: SimulationRun, info: RunInfo): ReportSheet {
  const layout = new SheetLayout();
  const rows = run.inputs.rows;
  layout.table(
    'BeekeeperInputs',
    [
      column('Name'),
      wrappedColumn('Label', 22),
      column('Value', FORMATS.general, true),
      column('Distribution'),
      column('p1', FORMATS.general, true),
      column('p2', FORMATS.general, true),
      column('p3', FORMATS.general, true),
      wrappedColumn('Unit', 14),
      column('HDR variable', FORMATS.month),
      // Long texts wrap. The description is on screen only: with it the sheet printed one page wide at 64 %.
      wrappedColumn('Description', 40),
    ],
    rows.map((r) => {
      const spec = findAssumption(r.name);
      return [
        r.name,
        assumptionLabel(r.name),
        // No startDate (0): an empty cell, not the date 0 (1899-12-30) its format would show.
        r.name === 'startDate' && r.value === 0 ? null : r.value,
        r.distribution ?? null,
        r.params[0] ?? null,
        r.params[1] ?? null,
        r.params[2] ?? null,
        spec.unit,
        r.distribution ? (r.variable ?? null) : null,
        spec.description,
      ];
    }),
    rows.map((r) => INPUT_FORMATS[r.name]),
  );
  layout.note(`Assumptions as run, from ${info.source}. An empty distribution: fixed at its value.`);
  planTable(layout, run);
  correlationsTable(layout, run);
  historyTable(layout, run);
  const seed = run.options.seed;
  layout.note(
    `HDR variable: the key of each uncertain input's random numbers. Trial t draws u = HDR(t, variable, 1, ${seed}) ` +
      `for it: in Excel with the add-in, =OSS.HDR(t, variable, 1, ${seed}) (HDR 2.0, entity 1, seed ${seed}). ` +
      (run.options.sampling === 'lhs'
        ? 'Latin Hypercube then ranks u among all trials and uses the quantile of (rank − 0.5) / trials.'
        : 'Plain Monte Carlo uses the quantile of u directly.'),
  );
  const first = run.inputs.uncertain[0];
  // The print area: the table's columns up to the unit and HDR variable (the label and unit say what
  // each is; the long description is on screen), down to the formula, which is for copying from the
  // screen (254 characters in one cell: printed, it made the sheet print at 36 %).
  const printed = { rows: [0, layout.row - 1] as [number, number], columns: [0, 8] as [number, number] };
  if (first) {
    layout.note(
      `Without the add-in, the same u for the trial number in cell A2 and ${assumptionLabel(first.name)} (${first.name}, variable ${first.variable}) ` +
        'is the plain formula in the cell below this note (on screen: it is wider than a printed page).',
    );
    printed.rows[1] = layout.row - 1;
    // A formula is text here, not a formula cell: the report holds values only (workbook.md).
    layout.cells.push({ row: layout.row++, column: 0, value: hdrFormula('A2', first.variable, seed), style: 'note' });
  }
  // One page wide, the table's header atop every page.
  return layout.sheet('Beekeeper Inputs', 'inputs', 1, {
    print: { orientation: 'landscape', fitToWidth: true, titleRows: [0, 0], area: printed },
  });
}

/**
 * The plan as run (model.md v3), below the assumptions: a row per decision in month order, its
 * calendar month when startDate is set, and a note for each uncertain input that the plan
 * replaces from a month on (every trial takes the planned value from then).
 */
function planTable(layout: SheetLayout, run: SimulationRun): void {
  const plan = run.inputs.plan ?? [];
  if (plan.length === 0) return;
  const startDate = run.inputs.base.startDate;
  const dates = startDate > 0 ? monthDates(startDate, run.inputs.base.months) : undefined;
  layout.row++;
  layout.label('The plan: decisions from their month on, the same in every trial');
  layout.table(
    'BeekeeperPlanAsRun',
    [
      column('Month', FORMATS.month),
      ...(dates ? [column('Date', FORMATS.calendarMonth)] : []),
      column('Name'),
      column('Value', FORMATS.general, true),
      column('Unit'),
    ],
    plan.map((row) => [row.month, ...(dates ? [dates[row.month - 1]] : []), row.name, row.value, planUnit(row.name)]),
    plan.map((row) =>
      row.name === 'engineers' ? FORMATS.whole : row.name === 'funding' ? FORMATS.currency : INPUT_FORMATS[row.name],
    ),
  );
  const replaced = plannedOver(
    plan,
    run.inputs.uncertain.map((u) => u.name),
  );
  const first = new Map<AssumptionName, number>();
  for (const row of replaced)
    if (!first.has(row.name as AssumptionName)) first.set(row.name as AssumptionName, row.month);
  for (const [name, month] of first)
    layout.note(
      `${assumptionLabel(name)} (${name}) is uncertain above, and planned: from month ${month} every trial takes the plan's value instead of its sampled one.`,
    );
}

/**
 * The rank correlations of the achieved samples: Spearman's, with average ranks for ties (a
 * whole-number input has them), as Excel computes it with CORREL of RANK.AVG on the Trials sheet.
 *
 * @example achievedCorrelations(run) // [0.797, -0.49, …], in the order of run.inputs.correlations
 */
export function achievedCorrelations(run: SimulationRun): number[] {
  const column = new Map(run.inputs.uncertain.map((u, i) => [u.name, i]));
  return (run.inputs.correlations ?? []).map((c) =>
    spearman(run.samples[column.get(c.a)!], run.samples[column.get(c.b)!]),
  );
}

/**
 * The correlations as run (model.md v3, "Correlated inputs"), below the assumptions: a row per
 * pair given, both inputs by label and code name, the target and the Spearman correlation the
 * run's samples achieved.
 */
function correlationsTable(layout: SheetLayout, run: SimulationRun): void {
  const correlations = run.inputs.correlations ?? [];
  if (correlations.length === 0) return;
  const achieved = achievedCorrelations(run);
  layout.row++;
  layout.label('Correlations: Spearman rank correlations imposed on the samples (Iman–Conover)');
  layout.table(
    'BeekeeperCorrelationsAsRun',
    [
      column('Input'),
      column('Name'),
      column('Other input'),
      column('Other name'),
      column('Target', FORMATS.correlation),
      column('Achieved', FORMATS.correlation),
    ],
    correlations.map((c, k) => [assumptionLabel(c.a), c.a, assumptionLabel(c.b), c.b, c.correlation, achieved[k]]),
  );
  layout.note(
    `Each input keeps its distribution exactly: its samples are reordered (Iman–Conover, van der Waerden scores) so that ` +
      `their ranks correlate as given; pairs not given have a target of 0. Achieved: the Spearman correlation of the ` +
      `${run.options.trials.toLocaleString('en-US')} trials' samples (ties at their average rank).`,
  );
  const mended = mendedWarning(correlations);
  if (mended) layout.note(`${mended.charAt(0).toUpperCase()}${mended.slice(1)} (given → target).`);
}

/**
 * The history as run (model.md v3, "History"), below the assumptions: a row per observation in
 * month order, its calendar month when startDate is set, the metric by its plain label, the
 * value observed and its error (σ), each row's own or the run's historyError. Six columns at
 * most, within the printed columns A..I.
 */
function historyTable(layout: SheetLayout, run: SimulationRun): void {
  const history = run.inputs.history ?? [];
  if (history.length === 0) return;
  const startDate = run.inputs.base.startDate;
  const dates = startDate > 0 ? monthDates(startDate, run.inputs.base.months) : undefined;
  layout.row++;
  layout.label('The history: what was observed, that the trials are conditioned on');
  layout.table(
    'BeekeeperHistoryAsRun',
    [
      column('Month', FORMATS.month),
      ...(dates ? [column('Date', FORMATS.calendarMonth)] : []),
      column('Metric'),
      column('Value', FORMATS.general, true),
      column('Error', FORMATS.general),
    ],
    history.map((o) => [
      o.month,
      ...(dates ? [dates[o.month - 1]] : []),
      MONTHLY_UNIT_LABELS[o.metric],
      o.value,
      o.error,
    ]),
    history.map((o) => MEASURE_FORMATS[MONTHLY_LABELS[o.metric].measure]),
  );
  const posterior = run.posterior;
  layout.note(
    'Error: σ of ln value (for cash, of the value relative to it); about ±100·σ %. The trials are draws from the ' +
      "posterior: the assumptions' distributions conditioned on these observations" +
      (posterior
        ? ` (effective sample size ${Math.round(posterior.ess).toLocaleString('en-US')} of ${posterior.particles.toLocaleString('en-US')} particles).`
        : '.'),
  );
}
