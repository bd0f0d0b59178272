/**
 * The one place the add-in calls `Excel.run`, so that no batch forgets its options. Every
 * batch runs with `delayForCellEdit: true`: without it, a batch that reaches Excel while the
 * user is typing in a cell fails (`InvalidOperationInCellEditMode`), so a report write of many
 * requests would stop part-way and its clean-up would fail the same way, leaving sheets
 * behind. With it, Excel holds the batch until the user leaves the cell (Excel.RunOptions).
 */

/** `Excel.run` as the pane calls it: the batch only; the options are {@link RUN_OPTIONS}. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** `Excel.run(options, batch)`, Office.js's or a fake's. */
export type RunWithOptions = <T>(
  options: Excel.RunOptions,
  batch: (context: Excel.RequestContext) => Promise<T>,
) => Promise<T>;

/** The options of every batch: wait while the user edits a cell instead of failing. */
export const RUN_OPTIONS: Readonly<Excel.RunOptions> = Object.freeze({ delayForCellEdit: true });

/**
 * The add-in's way into Excel: `run` with {@link RUN_OPTIONS} for every batch.
 *
 * @example
 * const excel = excelRun((options, batch) => Excel.run(options, batch));
 * await excel((context) => readAssumptionsTable(context)); // waits while a cell is being edited
 */
export function excelRun(run: RunWithOptions): ExcelRun {
  return (batch) => run({ ...RUN_OPTIONS }, batch);
}
