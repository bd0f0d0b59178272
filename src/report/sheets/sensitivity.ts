import { SimulationAnalysis } from '../../engine/simulation-results';
import { assumptionLabel } from '../labels';
import { FORMATS, ReportSheet } from '../types';
import { SheetLayout, column } from '../layout';

/**
 * Beekeeper Sensitivity: which inputs move the NPV and the ARR, each by its plain label with
 * its code name in the last column. It prints landscape on one or two pages, its header on each,
 * without the code column.
 */

export function sensitivitySheet(analysis: SimulationAnalysis): ReportSheet {
  const layout = new SheetLayout();
  const compare = analysis.scenarios.length > 1;
  const rows = analysis.scenarios.flatMap((s) =>
    s.sensitivity.map((x) => [
      ...(compare ? [s.scenario] : []),
      assumptionLabel(x.name),
      x.npvCorrelation ?? null,
      x.arrCorrelation ?? null,
      x.npvLowDecile ?? null,
      x.npvHighDecile ?? null,
      x.npvLowDecile !== undefined && x.npvHighDecile !== undefined ? x.npvHighDecile - x.npvLowDecile : null,
      x.name,
    ]),
  );
  const table = layout.table(
    'BeekeeperSensitivity',
    [
      ...(compare ? [column('Scenario')] : []),
      column('Input'),
      column('Spearman with NPV', FORMATS.correlation),
      column('Spearman with ARR', FORMATS.correlation),
      column('NPV, lowest decile', FORMATS.currency),
      column('NPV, highest decile', FORMATS.currency),
      column('NPV swing', FORMATS.currency),
      // The code name, for formulas, last: the printed page leaves it out (see print.area).
      column('Code'),
    ],
    rows,
  );
  if (rows.length === 0) layout.note('No input is uncertain in this run: there is nothing to rank.');
  else
    layout.note(
      'Spearman: rank correlation from −1 to 1 (0: no monotone link). Deciles: the mean NPV over the tenth of trials where the input is lowest, and where it is highest.',
    );
  // Printed without the Code column, which a reader of the page needs no more than the label
  // beside it: with it the page printed at 55 % (measured in LibreOffice), without it above 70 %.
  const codeColumn = table.columns.length - 1; // the last
  return layout.sheet('Beekeeper Sensitivity', 'sensitivity', 1, {
    print: {
      orientation: 'landscape',
      fitToWidth: true,
      fitToHeight: 2,
      titleRows: [0, 0],
      area: { rows: [0, layout.row], columns: [0, codeColumn - 1] },
    },
  });
}
