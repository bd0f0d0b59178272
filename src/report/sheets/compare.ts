import { SimulationRun } from '../../engine/simulation';
import { SimulationAnalysis } from '../../engine/simulation-results';
import { Summary } from '../../engine/statistics';
import { kpiFormat, kpiLabel, moneyText } from '../labels';
import { FORMATS, ReportSheet } from '../types';
import { SheetLayout, column, wrapText } from '../layout';

import { VERDICT_WIDTH, compareVerdictText } from './summary';

/**
 * Beekeeper Compare: beekeeper against proprietary on the same trials, under the verdict on NPV,
 * the funding need and the chance of running out of cash (the Summary's). It prints on one
 * landscape page.
 */

export function compareSheet(run: SimulationRun, analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const months = run.inputs.base.months;
  layout.title('Beekeeper against proprietary, trial by trial');
  for (const line of wrapText(compareVerdictText(analysis), VERDICT_WIDTH)) layout.label(line);
  layout.note(
    'Difference: beekeeper − proprietary, trial by trial; both scenarios run on the same sampled inputs. ' +
      "The percentage is the median difference over the size of proprietary's median NPV " +
      `(${moneyText(analysis.npvVerdict!.proprietaryMedian)}).`,
  );
  layout.row++;
  const value = (s: Summary | undefined, read: (s: Summary) => number) => (s ? read(s) : null);
  const comparison = analysis.comparison!;
  layout.table(
    'BeekeeperCompare',
    [
      column('KPI'),
      column('Code'),
      column('Beekeeper mean', FORMATS.general, true),
      column('Proprietary mean', FORMATS.general, true),
      column('Difference mean', FORMATS.general, true),
      column('Difference P10', FORMATS.general, true),
      column('Difference P50', FORMATS.general, true),
      column('Difference P90', FORMATS.general, true),
    ],
    comparison.map((c) => [
      kpiLabel(c.kpi, months),
      c.kpi,
      value(c.beekeeper, (s) => s.mean),
      value(c.proprietary, (s) => s.mean),
      value(c.difference, (s) => s.mean),
      value(c.difference, (s) => s.p10),
      value(c.difference, (s) => s.p50),
      value(c.difference, (s) => s.p90),
    ]),
    comparison.map((c) => kpiFormat(c.kpi)),
  );
  layout.note(
    'A difference exists in the trials where both scenarios have the KPI. Differences of shares (gross margin, rule of 40) are in percentage points.',
  );
  return layout.sheet('Beekeeper Compare', 'compare', 0, {
    print: { orientation: 'landscape', fitToWidth: true, fitToHeight: 1 },
  });
}
