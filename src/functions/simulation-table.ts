import { invalid, messages } from '../model';
import type { InputCell, InputTable } from '../engine/simulation-inputs';
import type { Range } from './args';
import { TABLE_COLUMNS } from '../engine/default-uncertainty';

/**
 * The assumptions table of a simulation from a range a user passes to `OSS.SIMULATE`: the
 * BeekeeperAssumptions table with or without its header row (a header is recognised by "name"
 * and "value" in it, in any order and case), or bare rows in the table's column order. Cells are
 * named as `assumptions row r, column c` (r counts the rows of the range, header included), so
 * the engine's messages say where a problem is in what the user selected.
 *
 * @example assumptionsTableFromRange([['imitation', 0.4, 'pert', 0.2, 0.45, 0.8]]).header.map((c) => c.value)
 * // ["name", "value", "distribution", "p1", "p2", "p3"]
 */
export function assumptionsTableFromRange(range: Range): InputTable {
  const where = (r: number, c: number) => messages.cell('assumptions', r + 1, c + 1);
  const cells = (row: readonly unknown[], r: number): InputCell[] =>
    row.map((value, c) => ({ value: value === '' ? null : value, where: where(r, c) }));
  const first = range[0]?.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)) ?? [];
  const hasHeader = first.includes('name') && first.includes('value');
  const width = range[0]?.length ?? 0;
  if (!hasHeader && width > TABLE_COLUMNS.length)
    invalid(messages.atMost("assumptions' number of columns without a header row", TABLE_COLUMNS.length, width));
  const header = hasHeader
    ? cells(range[0], 0)
    : TABLE_COLUMNS.slice(0, Math.max(width, 2)).map((name, c) => ({ value: name, where: where(-1, c) }));
  const rows = range.slice(hasHeader ? 1 : 0).map((row, i) => cells(row, i + (hasHeader ? 1 : 0)));
  return { source: 'assumptions', header, rows };
}
