import { monthDates } from '../../model/calendar';
import { MONTHLY_STATISTICS, SimulationRun } from '../../engine/simulation';
import { MEASURE_FORMATS, MONTHLY_LABELS } from '../labels';
import { FORMATS, ReportSheet } from '../types';
import { SheetLayout, column } from '../layout';

/** Beekeeper Monthly: each month's statistics of the monthly outputs. */

export function monthlySheet(run: SimulationRun): ReportSheet {
  const layout = new SheetLayout();
  const compare = run.scenarios.length > 1;
  const statistics = ['mean', 'P10', 'P50', 'P90'] as const;
  const read = { mean: 'mean', P10: 'p10', P50: 'p50', P90: 'p90' } as const;
  const months = run.inputs.base.months;
  const header = (o: (typeof MONTHLY_STATISTICS)[number], s: string) =>
    `${MONTHLY_LABELS[o].label(months)} ${s === 'mean' ? 'mean' : s}`;
  // With startDate (model.md v3) each month also carries its calendar month, as an Excel date.
  const startDate = run.inputs.base.startDate;
  const dates = startDate > 0 ? monthDates(startDate, months) : undefined;
  layout.table(
    'BeekeeperMonthly',
    [
      ...(compare ? [column('Scenario')] : []),
      column('Month', FORMATS.month),
      ...(dates ? [column('Date', FORMATS.calendarMonth)] : []),
      ...MONTHLY_STATISTICS.flatMap((o) =>
        statistics.map((s) => column(header(o, s), MEASURE_FORMATS[MONTHLY_LABELS[o].measure])),
      ),
    ],
    run.scenarios.flatMap((s) =>
      Array.from({ length: months }, (_, m) => [
        ...(compare ? [s.scenario] : []),
        m + 1,
        ...(dates ? [dates[m]] : []),
        ...MONTHLY_STATISTICS.flatMap((o) => statistics.map((stat) => s.monthly[o][read[stat]][m])),
      ]),
    ),
  );
  layout.note(
    'Means are exact; P10, P50 and P90 are within 0.1 % of the exact percentiles (quantile sketches, so memory does not grow with trials). ' +
      'Each column is a month-by-month statistic: the P50s of different months come from different trials.',
  );
  return layout.sheet('Beekeeper Monthly', 'monthly', 1);
}
