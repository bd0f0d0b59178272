/**
 * Numbers as finance users type them (src/model/number-text.ts): the one parser every reader of
 * assumptions and every numeric flag uses.
 */
import { cellNumber, parseNumberText } from '../../src/model/number-text';

describe('parseNumberText', () => {
  test.each([
    ['15%', 0.15],
    [' 15 % ', 0.15],
    ['1.15%', 0.0115],
    ['-3%', -0.03],
    ['$15,000,000', 15_000_000],
    ['$ 25,000.50', 25_000.5],
    ['€1.5e6', 1_500_000],
    ['1,000', 1000],
    ['10 000', 10_000],
    ['1e4', 10_000],
    ['2E-3', 0.002],
    ['(1,000)', -1000],
    ['($2.5)', -2.5],
    ['-$2.5', -2.5],
    ['$-2.5', -2.5],
    ['−4', -4], // U+2212, as some sheets export a minus
    ['+3', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['0', 0],
  ])('%j is %d', (text, expected) => {
    expect(parseNumberText(text)).toBe(expected);
  });

  test.each([
    '',
    'abc',
    '1,5', // a decimal comma, or a misplaced thousands separator: ambiguous
    '1,00',
    '10,00,000',
    '1 0000',
    '0x10',
    'Infinity',
    'NaN',
    '1e999',
    '$15%',
    '(-5)',
    '--5',
    '15%%',
    '1 2',
    '$',
    '%',
    '()',
  ])('%j is not a number', (text) => {
    expect(parseNumberText(text)).toBeUndefined();
  });

  test('cellNumber reads text that spells a number and leaves anything else as it is', () => {
    expect([cellNumber('15%'), cellNumber('lots'), cellNumber(3), cellNumber(null), cellNumber(true)]).toEqual([
      0.15,
      'lots',
      3,
      null,
      true,
    ]);
  });
});
