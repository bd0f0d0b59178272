import type { SimulationRun } from '../engine/simulation';
import type { SimulationAnalysis } from '../engine/simulation-results';
import type { Report } from './types';
import type { RunInfo } from './run-info';
import { runFooterText, summarySheet } from './sheets/summary';
import { monthlySheet } from './sheets/monthly';
import { yearsSheet } from './sheets/years';
import { inputsSheet } from './sheets/inputs';
import { sensitivitySheet } from './sheets/sensitivity';
import { trialsSheet } from './sheets/trials';
import { compareSheet } from './sheets/compare';
import { fitSheet } from './sheets/fit';

/**
 * Builds the report of workbook.md from a finished run: the sheets, their cells, tables,
 * number formats, labels, print settings and chart specifications. Both writers (the task
 * pane's and the command line's) only translate what this decides. Each sheet is a module of
 * ./sheets/ (summary, monthly, years, inputs, fit, sensitivity, trials, compare), over the layout of
 * ./layout.ts.
 */

export type { RunInfo } from './run-info';
export { NOTE_WIDTH, fitWidths, wrapText } from './layout';
export { HISTOGRAM_BINS, LOG_BINS_RATIO, arrHistogram, type HistogramBin } from './histogram';
export { HEADLINE_KPIS, localWallClock, npvVerdictText, utcOffsetText } from './sheets/summary';
export { hdrFormula } from './sheets/inputs';
export { trialsTableSize } from './sheets/trials';
export { FIT_CHART_ROWS, FIT_COLORS, FIT_SERIES, fitTableName } from './sheets/fit';

/**
 * The report of a finished run.
 *
 * @example buildReport(run, analyze(run), { version: '0.1.0', startedAt: new Date(), seconds: 1.2, trialsSheet: false, source: 'defaults' })
 */
export function buildReport(run: SimulationRun, analysis: SimulationAnalysis, info: RunInfo): Report {
  const sheets = [
    summarySheet(run, analysis, info),
    monthlySheet(run, analysis),
    yearsSheet(run, analysis),
    inputsSheet(run, info),
  ];
  // A run conditioned on a history: how it moved the inputs, and the history over the bands.
  const fit = fitSheet(run);
  if (fit) sheets.push(fit);
  sheets.push(sensitivitySheet(analysis));
  if (info.trialsSheet) sheets.push(trialsSheet(run, analysis));
  if (analysis.comparison) sheets.push(compareSheet(run, analysis));
  return { sheets, footer: runFooterText(info) };
}
