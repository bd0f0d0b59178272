/**
 * Numbers as finance users type them in cells, CSV and JSON files and command-line flags, read
 * by one parser so that every host accepts the same texts: `15%`, `$15,000,000`, `1,000`, `1e4`,
 * `(1,000)`. A text that is none of these stays text, for the reader's "must be a number" message.
 */

/** Digits, grouped in thousands by commas or by spaces (as the pane's fields allow), or not at all. */
const BODY = /^(?:(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(\.\d*)?|(\.\d+))(?:[eE]([+-]?\d+))?$/;
const CURRENCY = /^[$€£¥]/;
const SIGN = /^[+\-\u2212]/;

/**
 * The number a text spells, or `undefined` if it spells none. Accepted, around optional spaces:
 * a sign (`-`, `+` or `−`) or accounting parentheses for a negative number, a currency symbol
 * (`$ € £ ¥`) before the digits, thousands separated by commas (or spaces) in groups of three,
 * a decimal point, an exponent, and a trailing `%` that divides by 100. Refused: a decimal
 * comma (`1,5`: ambiguous), hexadecimal, `Infinity`, a percentage of money, and any number too
 * large for a double.
 *
 * @example parseNumberText('15%') // 0.15
 * @example parseNumberText('$15,000,000') // 15000000
 * @example parseNumberText('1e4') // 10000
 * @example parseNumberText('(1,000)') // -1000
 * @example parseNumberText('-$2.5') // -2.5
 * @example parseNumberText('1,5') // undefined
 * @example parseNumberText('abc') // undefined
 */
export function parseNumberText(text: string): number | undefined {
  let s = text.trim();
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) [s, negative] = [s.slice(1, -1).trim(), true];
  const percent = s.endsWith('%');
  if (percent) s = s.slice(0, -1).trimEnd();
  let signs = 0;
  let currency = false;
  // A sign and a currency symbol in either order: "-$15" and "$-15".
  for (;;) {
    if (SIGN.test(s) && signs === 0 && !negative) {
      negative = s[0] !== '+';
      signs++;
    } else if (CURRENCY.test(s) && !currency) currency = true;
    else break;
    s = s.slice(1).trimStart();
  }
  if (currency && percent) return undefined;
  const match = BODY.exec(s);
  if (!match) return undefined;
  const [, whole, fraction, onlyFraction, exponent] = match;
  const digits = whole !== undefined ? whole.replace(/[^\d]/g, '') + (fraction ?? '') : onlyFraction;
  // The percent as a shift of the exponent, so that "1.15%" is the double nearest 0.0115.
  const shift = Number(exponent ?? 0) - (percent ? 2 : 0);
  const value = Number(`${digits}e${shift}`);
  if (!Number.isFinite(value)) return undefined;
  return negative ? -value : value;
}

/**
 * A cell's value with a text that spells a number read as that number; anything else as it is
 * (so the reader's check names what it got).
 *
 * @example cellNumber(' 15 % ') // 0.15
 * @example cellNumber('lots') // "lots"
 * @example cellNumber(3) // 3
 */
export function cellNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return parseNumberText(value) ?? value;
}
