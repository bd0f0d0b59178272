/**
 * What both report writers (the task pane's, src/excel/, and the command line's .xlsx writer,
 * src/cli/xlsx-writer.ts) must agree on, whatever the host: the markers that tell a later run
 * which sheets Beekeeper wrote, the sheet names they pick, and A1 addresses. Host-neutral: no
 * ExcelJS, no Office.js, no Node.
 */
import { SheetKind } from './types';

/** Excel refuses longer sheet names. */
export const MAX_SHEET_NAME = 31;

// ---------------------------------------------------------------------------------------------
// Markers
// ---------------------------------------------------------------------------------------------

/**
 * Every sheet kind; a Record so that a kind added to `SheetKind` cannot be forgotten here.
 * Markers are read back against this list.
 */
export const SHEET_KINDS: Record<SheetKind, true> = {
  summary: true,
  monthly: true,
  inputs: true,
  sensitivity: true,
  trials: true,
  compare: true,
  assumptions: true,
  years: true,
  fit: true,
};

/** The start of every marker name. */
export const MARKER_PREFIX = 'Beekeeper_Report_';

/**
 * The marker of the `index`-th sheet (1-based) a writer writes: a workbook-scoped defined name
 * `Beekeeper_Report_<kind>_<index>` that refers to cell A1 of the sheet.
 *
 * Why a defined name: it is the one per-sheet mark that ExcelJS can both write and read back
 * (ExcelJS keeps only range-valued, workbook-scoped names: a constant such as `="summary"` or a
 * sheet scope is dropped on write and on read; worksheet custom properties are not supported at
 * all), that Excel keeps through a save, and that follows the sheet when the user renames it.
 * The task pane can write the same mark with `workbook.names.add(name, sheet.getRange('A1'))`
 * (ExcelApi 1.4) and read it with `workbook.names` + `NamedItem.getRange()`; Office.js also has
 * `worksheet.customProperties` (ExcelApi 1.12), but ExcelJS can neither write nor read those.
 * The index keeps names unique: a workbook can hold two reports, and workbook-scoped names must
 * differ. The kind is in the name because a name's value can only be a range here.
 *
 * @example markerName('summary', 1) // "Beekeeper_Report_summary_1"
 */
export function markerName(kind: SheetKind, index: number): string {
  if (!Number.isInteger(index) || index < 1) throw new Error(`marker index must be a whole number ≥ 1, got ${index}`);
  return `${MARKER_PREFIX}${kind}_${index}`;
}

/**
 * The sheet kind a marker name stands for; `undefined` for any other name. Excel compares
 * names without regard to case, so this does too.
 *
 * @example markerKind('Beekeeper_Report_monthly_2') // "monthly"
 * @example markerKind('MyRange') // undefined
 */
export function markerKind(name: string): SheetKind | undefined {
  const match = /^beekeeper_report_([a-z]+)_\d+$/i.exec(name);
  if (!match) return undefined;
  const kind = match[1].toLowerCase();
  return kind in SHEET_KINDS ? (kind as SheetKind) : undefined;
}

/**
 * A reference's sheet part, always quoted (a sheet named "A1" needs it).
 *
 * @example sheetPrefix("It's") // "'It''s'!"
 */
export function sheetPrefix(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'!`;
}

/**
 * The sheet a reference points into; undefined if it names none. Reads both defined names'
 * references (ExcelJS) and `Range.address` (Office.js).
 *
 * @example sheetOfReference("'It''s (2)'!$A$1") // "It's (2)"
 * @example sheetOfReference('Sheet1!A1') // "Sheet1"
 * @example sheetOfReference('Beekeeper Assumptions!D7') // "Beekeeper Assumptions" (as the pane's problems name cells)
 */
export function sheetOfReference(reference: string): string | undefined {
  if (reference.startsWith("'")) {
    const match = /^'((?:[^']|'')+)'!/.exec(reference);
    return match ? match[1].replace(/''/g, "'") : undefined;
  }
  // The last "!": a sheet name may hold one ("Q1!Plan"), the address after it never does.
  const bang = reference.lastIndexOf('!');
  return bang > 0 ? reference.slice(0, bang) : undefined;
}

/**
 * What a reference names inside its sheet: what follows the sheet and its "!" (the last "!": a
 * sheet name may hold one, the address never does), or the whole reference if it names no sheet.
 *
 * @example addressInSheet("'O''Brien''s plan'!B3:I46") // "B3:I46"
 * @example addressInSheet('FY2024Plan!B3') // "B3" (not the cell FY2024)
 * @example addressInSheet('D7') // "D7"
 */
export function addressInSheet(reference: string): string {
  return sheetOfReference(reference) === undefined ? reference : reference.slice(reference.lastIndexOf('!') + 1);
}

// ---------------------------------------------------------------------------------------------
// Sheet names and addresses
// ---------------------------------------------------------------------------------------------

/** Cuts text to at most `length` UTF-16 units without splitting a surrogate pair. */
export function cut(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/**
 * A sheet name Excel accepts that is not in `taken` (compared without regard to case, as
 * Excel does): characters Excel forbids (`[ ] : * ? / \`) become `_`, apostrophes at either end
 * are dropped, the name is cut to 31 characters, and if it is taken " (2)", " (3)"… is added,
 * cutting the name further so the suffix fits. "History" is reserved by Excel.
 *
 * @example freeSheetName('Beekeeper Summary', []) // "Beekeeper Summary"
 * @example freeSheetName('Beekeeper Summary', ['beekeeper summary']) // "Beekeeper Summary (2)"
 * @example freeSheetName('Q1/Q2: [draft]', []) // "Q1_Q2_ _draft_"
 */
export function freeSheetName(wanted: string, taken: Iterable<string>): string {
  const used = new Set(['history']);
  for (const name of taken) used.add(name.toLowerCase());
  const trim = (name: string) => name.replace(/^'+|'+$/g, '');
  const base = trim(cut(trim(wanted.replace(/[[\]:*?/\\]/g, '_')), MAX_SHEET_NAME)) || 'Sheet';
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = cut(base, MAX_SHEET_NAME - suffix.length) + suffix;
    if (!used.has(name.toLowerCase())) return name;
  }
}

/**
 * A1-style address of a 0-based position.
 *
 * @example address(0, 0) // "A1"
 * @example address(9, 27) // "AB10"
 */
export function address(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

/**
 * Excel's column letters of a 0-based column index.
 *
 * @example [0, 25, 26, 16383].map(columnLetters) // ["A", "Z", "AA", "XFD"]
 */
export function columnLetters(column: number): string {
  let letters = '';
  for (let c = column + 1; c > 0; c = Math.floor((c - 1) / 26))
    letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return letters;
}
