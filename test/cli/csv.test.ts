import fc from 'fast-check';
import { CsvSyntaxError, formatCsv, parseCsv, parseNumber } from '../../src/cli/csv';

describe('parseNumber', () => {
  it('reads decimal numbers only', () => {
    expect(['1', '-0.2', '+3', '.5', '5.', '1e6', ' 2E-3 '].map(parseNumber)).toEqual([1, -0.2, 3, 0.5, 5, 1e6, 0.002]);
    expect(['', 'abc', '0x10', 'Infinity', 'NaN', '1,000', '1e999', '1 2'].map(parseNumber)).toEqual(
      Array(8).fill(undefined),
    );
  });
});

describe('parseCsv', () => {
  it('turns numbers into numbers, empty fields into null, quoted fields into text', () => {
    expect(parseCsv('name,value\r\nimitation,0.3\r\n"12",\r\n')).toEqual([
      ['name', 'value'],
      ['imitation', 0.3],
      ['12', null],
    ]);
  });

  it('reads quoted delimiters, line breaks and doubled quotes (RFC 4180)', () => {
    expect(parseCsv('"a, b","line\nbreak","say ""hi"""\n')).toEqual([['a, b', 'line\nbreak', 'say "hi"']]);
  });

  it('pads short rows, drops trailing empty rows, skips a BOM, accepts LF, CRLF and no final break', () => {
    expect(parseCsv('\ufeff1,2,3\n4\n\n,\n')).toEqual([
      [1, 2, 3],
      [4, null, null],
    ]);
    expect(parseCsv('1\r\n2')).toEqual([[1], [2]]);
    expect(parseCsv('')).toEqual([]);
  });

  it('keeps a trailing empty field', () => {
    expect(parseCsv('1,\n')).toEqual([[1, null]]);
  });

  it('reads tab-separated text', () => {
    expect(parseCsv('name\tvalue\nx, y\t2\n', '\t')).toEqual([
      ['name', 'value'],
      ['x, y', 2],
    ]);
  });

  it('reports an unclosed quote and text after a closing quote, with the line', () => {
    expect(() => parseCsv('1\n"abc\n')).toThrow(new CsvSyntaxError(2, 'a quoted field is not closed'));
    expect(() => parseCsv('1\n2\n"ab"c,3')).toThrow(/^line 3: unexpected text after a closing quote/);
  });

  it('round-trips what formatCsv writes', () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string().filter((s) => parseNumber(s) === undefined && s !== ''),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const normalised = rows.map((row) => row.map((c) => (Object.is(c, -0) ? 0 : c)));
        expect(parseCsv(formatCsv(rows))).toEqual(normalised);
      }),
    );
  });
});
