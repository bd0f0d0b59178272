import { invalid, messages } from './errors';
import { isDateSerial } from './calendar';

/**
 * A validation rule for one number: a predicate and the words that state it
 * ("≥ 0", "> 0 and ≤ 1", "a whole number from 1 to 600"), so that every message names the rule.
 */
export interface Rule {
  readonly text: string;
  readonly test: (x: number) => boolean;
  /** The interval's ends, when it has them (open or closed: `test` decides), for a metalog's bounds. */
  readonly lower?: number;
  readonly upper?: number;
  /** Set when only whole numbers pass. */
  readonly whole?: true;
}

const rule = (text: string, test: (x: number) => boolean, ends: Omit<Rule, 'text' | 'test'> = {}): Rule => ({
  text,
  test,
  ...ends,
});

/** Any finite number. */
export const finite: Rule = rule('a finite number', Number.isFinite);
/** x ≥ min */
export const atLeast = (min: number): Rule => rule(`≥ ${min}`, (x) => x >= min, { lower: min });
/** x ≤ max */
export const atMost = (max: number): Rule => rule(`≤ ${max}`, (x) => x <= max, { upper: max });
/** x > min */
export const above = (min: number): Rule => rule(`> ${min}`, (x) => x > min, { lower: min });
/** min ≤ x ≤ max */
export const between = (min: number, max: number): Rule =>
  rule(`between ${min} and ${max}`, (x) => x >= min && x <= max, { lower: min, upper: max });
/** min < x ≤ max */
export const aboveAtMost = (min: number, max: number): Rule =>
  rule(`> ${min} and ≤ ${max}`, (x) => x > min && x <= max, { lower: min, upper: max });
/** A whole number from min to max. */
export const wholeBetween = (min: number, max: number): Rule =>
  rule(`a whole number from ${min} to ${max}`, (x) => Number.isInteger(x) && x >= min && x <= max, {
    lower: min,
    upper: max,
    whole: true,
  });
/**
 * A month for the calendar (model.md v3, startDate): 0 for none, or an Excel date serial from
 * 1900-03-01 to 9999-12-01 (any day; its month counts).
 */
export const dateOrNone: Rule = rule(
  'a month from 1900-03 to 9999-12 (an Excel date or YYYY-MM), or empty for none',
  (x) => x === 0 || isDateSerial(x),
);
/** A whole number ≥ min. */
export const wholeAtLeast = (min: number): Rule =>
  rule(`a whole number ≥ ${min}`, (x) => Number.isInteger(x) && x >= min, { lower: min, whole: true });

/**
 * Returns `value` if it is a finite number that keeps `r`; otherwise throws a message naming
 * the argument, the rule and the value received.
 *
 * @example checkNumber('imitation', -0.2, atLeast(0)) // throws "imitation must be ≥ 0, got -0.2"
 */
export function checkNumber(name: string, value: unknown, r: Rule = finite): number {
  if (typeof value !== 'number' || Number.isNaN(value)) invalid(messages.notANumber(name, value));
  if (!Number.isFinite(value) || !r.test(value)) invalid(messages.mustBe(name, r.text, value));
  return value;
}
