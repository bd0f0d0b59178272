import { AssumptionName, assumptionValue, findAssumption } from './assumptions';
import { ModelError, describeValue, invalid, messages } from './errors';
import { checkNumber } from './rules';

/** A cell as a host hands it over: a number, text, a boolean, or empty. */
export type CellValue = number | string | boolean | null | undefined;

/**
 * Reads assumption overrides from rows whose first two columns are name and value (the
 * OSS.ASSUMPTIONS table works as is: its header row and any further columns are ignored).
 * Rows with an empty name are skipped. Errors name the row (1-based, as in the range given);
 * rules across assumptions (initialMembers ≤ marketSize) are checked by `resolveAssumptions`.
 *
 * @example overridesFromRows([['name', 'value'], ['imitation', 0.3]]) // { imitation: 0.3 }
 */
export function overridesFromRows(
  rows: readonly (readonly CellValue[])[],
  where = 'assumptions',
): Partial<Record<AssumptionName, number>> {
  const overrides: Partial<Record<AssumptionName, number>> = {};
  const seenAt = new Map<AssumptionName, number>();
  rows.forEach((row, index) => {
    const rowNumber = index + 1;
    const [name, value] = row;
    if (name === null || name === undefined || name === '') return;
    if (typeof name !== 'string') {
      invalid(`${where} row ${rowNumber}: the name must be text, got ${describeValue(name)}`);
    }
    if (rowNumber === 1 && name.trim().toLowerCase() === 'name') return; // header row
    const spec = withRow(where, rowNumber, () => findAssumption(name));
    // Text that spells a number ("15%", "$25,000") counts as that number; an empty calendar
    // value (startDate, fiscalYearStart) is its default, as in the assumptions table.
    if (spec.calendar && (value === null || value === undefined || value === '')) return;
    const number = withRow(where, rowNumber, () => checkNumber(spec.name, assumptionValue(spec, value), spec.rule));
    const previous = seenAt.get(spec.name);
    if (previous !== undefined)
      invalid(messages.duplicate('assumption', spec.name, `${where} rows ${previous} and ${rowNumber}`));
    seenAt.set(spec.name, rowNumber);
    overrides[spec.name] = number;
  });
  return overrides;
}

/** Runs `read`, prefixing any message with where it happened. */
function withRow<T>(where: string, row: number, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ModelError) throw new ModelError(e.kind, `${where} row ${row}: ${e.message}`);
    throw e;
  }
}
