/**
 * The calendar of a projection (model.md v3, "Today's state"): `startDate` names the calendar
 * month of month 1 and `fiscalYearStart` the month a fiscal year begins. Dates are Excel date
 * serials (days since 1899-12-30, the 1900 date system as Excel, LibreOffice and Google Sheets
 * store them), so that an assumption stays a number and a date cell reads as it is; a date
 * stands for its calendar month, whatever its day. No clock is read: every function is pure.
 */

/** Milliseconds in a day, and the Unix epoch's Excel serial (1970-01-01). */
const DAY_MS = 86_400_000;
const UNIX_EPOCH_SERIAL = 25_569;

/** The first and last dates a startDate may name: 1900-03-01 (after Excel's 1900 leap-year bug) to 9999-12-01. */
export const FIRST_DATE_SERIAL = 61;
export const LAST_DATE_SERIAL = 2_958_435;

/**
 * Whether `serial` is a date of the calendar's range, 1900-03-01 to 9999-12-31 (any time of day).
 *
 * @example isDateSerial(46388) // true (2027-01-01)
 * @example isDateSerial(60) // false (Excel's phantom 1900-02-29)
 */
export const isDateSerial = (serial: number): boolean => serial >= FIRST_DATE_SERIAL && serial < LAST_DATE_SERIAL + 31;

/** A calendar month: `month` is 1 (January) to 12. */
export interface CalendarMonth {
  readonly year: number;
  readonly month: number;
}

/**
 * The Excel serial of the first day of a calendar month.
 *
 * @example serialOfMonth({ year: 2027, month: 1 }) // 46388
 */
export function serialOfMonth(m: CalendarMonth): number {
  return Date.UTC(m.year, m.month - 1, 1) / DAY_MS + UNIX_EPOCH_SERIAL;
}

/**
 * The calendar month a date serial falls in (its day is ignored, its time of day too).
 *
 * @example monthOfSerial(46402) // { year: 2027, month: 1 } (2027-01-15)
 */
export function monthOfSerial(serial: number): CalendarMonth {
  const d = new Date(Math.floor(serial - UNIX_EPOCH_SERIAL) * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/**
 * `YYYY-MM`, as CSV files and the command line write a month.
 *
 * @example monthText(46388) // "2027-01"
 */
export function monthText(serial: number): string {
  const { year, month } = monthOfSerial(serial);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

const MONTH_TEXT = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ][\d:.]+Z?)?$/;

/**
 * The serial of the first day of the month a text names, or `undefined` if it names none:
 * `YYYY-MM`, or a full ISO date `YYYY-MM-DD` (its day must exist; it is then dropped), as CSV
 * files, JSON and exports from other spreadsheets write dates. Years 1900 to 9999.
 *
 * @example parseMonthText('2027-01') // 46388
 * @example parseMonthText('2027-01-15') // 46388
 * @example parseMonthText('2027-13') // undefined
 */
export function parseMonthText(text: string): number | undefined {
  const match = MONTH_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), match[3] === undefined ? 1 : Number(match[3])];
  if (year < 1900 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return serialOfMonth({ year, month });
}

/**
 * A cell's value read as a date where it can be one: a `Date` (as ExcelJS and JSON readers give
 * date cells; its UTC calendar day counts) or a text `parseMonthText` reads becomes the serial of
 * its month; anything else stays as it is, a number being already a serial.
 *
 * @example dateCell('2027-03') // 46447
 * @example dateCell(new Date(Date.UTC(2027, 2, 5))) // 46447
 * @example dateCell(46451) // 46451
 */
export function dateCell(value: unknown): unknown {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? value : serialOfMonth({ year: value.getUTCFullYear(), month: value.getUTCMonth() + 1 });
  }
  if (typeof value === 'string') return parseMonthText(value) ?? value;
  return value;
}

/**
 * Months from the calendar month of `from` to that of `to`: 0 for the same month.
 *
 * @example monthsBetween(46388, 46447) // 2 (January to March 2027)
 */
export function monthsBetween(from: number, to: number): number {
  const a = monthOfSerial(from);
  const b = monthOfSerial(to);
  return (b.year - a.year) * 12 + (b.month - a.month);
}

/**
 * The first day of every month of a projection that starts at `startDate`, as Excel serials:
 * index t − 1 holds month t.
 *
 * @example monthDates(46388, 3) // Float64Array [46388, 46419, 46447]
 */
export function monthDates(startDate: number, months: number): Float64Array {
  const { year, month } = monthOfSerial(startDate);
  const dates = new Float64Array(months);
  for (let i = 0; i < months; i++) dates[i] = serialOfMonth({ year, month: month + i });
  return dates;
}

/**
 * The fiscal year a calendar month falls in, named by the calendar year in which it ends (as
 * most companies name theirs: with fiscalYearStart 7, July 2026 to June 2027 is FY2027; with 1,
 * the fiscal year is the calendar year).
 *
 * @example fiscalYearOf(serialOfMonth({ year: 2026, month: 7 }), 7) // 2027
 * @example fiscalYearOf(serialOfMonth({ year: 2026, month: 6 }), 7) // 2026
 */
export function fiscalYearOf(serial: number, fiscalYearStart: number): number {
  const { year, month } = monthOfSerial(serial);
  return fiscalYearStart === 1 || month < fiscalYearStart ? year : year + 1;
}
