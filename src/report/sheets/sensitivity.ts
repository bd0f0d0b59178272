import { SimulationAnalysis } from '../../engine/simulation-results';
import { assumptionLabel } from '../labels';
import { FORMATS, ReportSheet } from '../types';
import { SheetLayout, column } from '../layout';

/**
 * Beekeeper Sensitivity: which inputs move the NPV and the ARR, each by its plain label with
 * its code name beside it. It prints landscape on one or two pages, its header on each.
 */

export function sensitivitySheet(analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const rows = analysis.scenarios.flatMap((s) =>
    s.sensitivity.map((x) => [
      s.scenario,
      assumptionLabel(x.name),
      x.name,
      x.npvCorrelation ?? null,
      x.arrCorrelation ?? null,
      x.npvLowDecile ?? null,
      x.npvHighDecile ?? null,
      x.npvLowDecile !== undefined && x.npvHighDecile !== undefined ? x.npvHighDecile - x.npvLowDecile : null,
    ]),
  );
  layout.table(
    'BeekeeperSensitivity',
    [
      column('Scenario'),
      column('Input'),
      column('Code'),
      column('Spearman with NPV', FORMATS.correlation),
      column('Spearman with ARR', FORMATS.correlation),
      column('NPV mean, lowest decile', FORMATS.currency),
      column('NPV mean, highest decile', FORMATS.currency),
      column('NPV swing', FORMATS.currency),
    ],
    rows,
  );
  if (rows.length === 0) layout.note('No input is uncertain in this run: there is nothing to rank.');
  else
    layout.note(
      'Spearman: rank correlation from −1 to 1 (0: no monotone link). Deciles: the mean NPV over the tenth of trials where the input is lowest, and where it is highest.',
    );
  return layout.sheet('Beekeeper Sensitivity', 'sensitivity', 1, {
    print: { orientation: 'landscape', fitToWidth: true, fitToHeight: 2, titleRows: [0, 0] },
  });
}
