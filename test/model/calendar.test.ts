/**
 * The calendar (model.md v3, startDate and fiscalYearStart). Reference serials: Excel's own
 * DATE function (1900 date system), e.g. =DATE(2027,1,1) → 46388, =DATE(1900,3,1) → 61,
 * =DATE(9999,12,1) → 2958435, =DATE(2024,2,29) → 45351; the same values LibreOffice gives.
 */
import { assumptionSpec, assumptionValue, resolveAssumptions } from '../../src/model/assumptions';
import {
  dateCell,
  fiscalYearOf,
  monthDates,
  monthOfSerial,
  monthText,
  monthsBetween,
  parseMonthText,
  serialOfMonth,
} from '../../src/model/calendar';
import { projectMonthly } from '../../src/model/projection';

describe('Excel date serials', () => {
  it.each([
    [2027, 1, 46388],
    [1900, 3, 61],
    [9999, 12, 2958435],
    [2024, 2, 45323],
    [1970, 1, 25569],
  ])('the first of %i-%i is %i', (year, month, serial) => {
    expect(serialOfMonth({ year, month })).toBe(serial);
    expect(monthOfSerial(serial)).toEqual({ year, month });
  });
  it('a date stands for its month, whatever its day or time', () => {
    expect(monthOfSerial(45351)).toEqual({ year: 2024, month: 2 }); // 2024-02-29
    expect(monthOfSerial(46388.75)).toEqual({ year: 2027, month: 1 });
    expect(monthText(46418)).toBe('2027-01'); // 2027-01-31
  });
  it('month dates run over year ends', () => {
    const d = monthDates(serialOfMonth({ year: 2026, month: 11 }), 4);
    expect(Array.from(d, monthText)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween(d[0], d[3])).toBe(3);
    expect(monthsBetween(d[3], d[0])).toBe(-3);
  });
});

describe('month texts', () => {
  it.each([
    ['2027-01', 46388],
    ['2027-1', 46388],
    [' 2027-01-31 ', 46388],
    ['2024-02-29', 45323],
    ['2027-01-15T00:00:00Z', 46388],
  ])('%j is month %i', (text, serial) => expect(parseMonthText(text)).toBe(serial));
  it.each(['2027-13', '2027-00', '2023-02-29', '2027/01', '01-2027', 'Jan 2027', '1899-12', '46388', ''])(
    '%j is no month',
    (text) => expect(parseMonthText(text)).toBeUndefined(),
  );
  it('a cell: Date, text or serial', () => {
    expect(dateCell(new Date(Date.UTC(2027, 0, 20)))).toBe(46388);
    expect(dateCell('2027-01')).toBe(46388);
    expect(dateCell(46400)).toBe(46400);
    expect(dateCell('soon')).toBe('soon');
  });
});

describe('fiscal years are named by the calendar year they end in', () => {
  it.each([
    [2026, 6, 7, 2026],
    [2026, 7, 7, 2027],
    [2027, 6, 7, 2027],
    [2026, 12, 1, 2026],
    [2026, 1, 1, 2026],
    [2026, 3, 4, 2026],
    [2026, 4, 4, 2027],
  ])('%i-%i with fiscalYearStart %i is FY%i', (year, month, start, fy) =>
    expect(fiscalYearOf(serialOfMonth({ year, month }), start)).toBe(fy),
  );
});

describe('startDate and fiscalYearStart as assumptions', () => {
  it('read from a date text, a Date or a serial; empty or 0 is none', () => {
    const spec = assumptionSpec('startDate');
    expect(assumptionValue(spec, '2027-01')).toBe(46388);
    expect(assumptionValue(spec, new Date(Date.UTC(2027, 0, 1)))).toBe(46388);
    expect(assumptionValue(spec, 46388)).toBe(46388);
    expect(resolveAssumptions().startDate).toBe(0);
    expect(() => assumptionValue(spec, 'next year')).toThrow(
      'startDate must be a month from 1900-03 to 9999-12 (an Excel date or YYYY-MM), or empty for none, got "next year"',
    );
    expect(() => resolveAssumptions({ startDate: 12 })).toThrow(
      'startDate must be a month from 1900-03 to 9999-12 (an Excel date or YYYY-MM), or empty for none, got 12',
    );
  });
  it('change no number of the projection', () => {
    for (const scenario of ['beekeeper', 'proprietary'] as const) {
      const plain = projectMonthly(resolveAssumptions(), scenario);
      const dated = projectMonthly(resolveAssumptions({ startDate: 46388, fiscalYearStart: 7 }), scenario);
      expect(dated).toEqual(plain);
    }
    expect(() => resolveAssumptions({ fiscalYearStart: 13 })).toThrow(
      'fiscalYearStart must be a whole number from 1 to 12, got 13',
    );
  });
});
