/**
 * The pane's short texts for numbers: narrower than the report's (a task pane can be 320 px
 * wide), in the same words.
 */
import { shareText } from '../report/labels';
import type { RunProgress } from './pane-session';

export { shareText };

const compact = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumSignificantDigits: 3,
});

/**
 * Money in three significant digits: what fits a column of a narrow pane.
 *
 * @example compactMoney(19_123_456) // "$19.1M"
 * @example compactMoney(-1_512_247) // "-$1.51M"
 */
export const compactMoney = (value: number): string => compact.format(value);

/** Whole seconds, then minutes and seconds: "45 s", "3 min 05 s". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * The progress line under the bar (and what the live region says).
 *
 * @example progressText({ phase: 'simulating', done: 2500, total: 10000, rate: 4123, secondsLeft: 1.8 }) // "2,500 of 10,000 trials · 4,120 trials/s · 2 s left"
 * @example progressText({ phase: 'writing', done: 1, total: 3 }) // "Writing the report: block 1 of 3"
 * @example progressText({ phase: 'fitting', done: 2000, total: 8000, observations: 3 }) // "Conditioning the trials on the history's 3 observations: 25 %"
 */
export function progressText(p: RunProgress): string {
  if (p.phase === 'fitting') {
    const n = p.observations ?? 0;
    const share = Math.floor((100 * p.done) / Math.max(1, p.total));
    return `Conditioning the trials on the history's ${n.toLocaleString('en-US')} observation${n === 1 ? '' : 's'}: ${share} %`;
  }
  if (p.phase === 'writing') return `Writing the report: block ${p.done} of ${p.total}`;
  if (p.phase === 'building') return 'Computing the statistics and the report';
  const parts = [`${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} trials`];
  if (p.rate !== undefined && p.done > 0) {
    parts.push(`${Number(p.rate.toPrecision(3)).toLocaleString('en-US')} trials/s`);
    if (p.secondsLeft !== undefined) parts.push(`${durationText(p.secondsLeft)} left`);
  }
  return parts.join(' · ');
}

const count = (n: number) => `${n} problem${n === 1 ? '' : 's'}`;

/**
 * What the pane says when a run stops at problems: the notice and the live region's shorter words.
 *
 * @example nothingRanText(0, 2).notice // "Nothing ran: the plan table has 2 problems. Choose one to select its cell."
 * @example nothingRanText(1, 0).announcement // "Nothing ran: 1 problem in the assumptions table."
 * @example nothingRanText(0, 0, 0, 1).notice // "Nothing ran: the history table has 1 problem. Choose one to select its cell."
 */
export function nothingRanText(
  assumptions: number,
  plan: number,
  correlations = 0,
  history = 0,
): { notice: string; announcement: string } {
  const tables = [
    ...(assumptions > 0 ? [{ table: 'the assumptions table', n: assumptions }] : []),
    ...(plan > 0 ? [{ table: 'the plan table', n: plan }] : []),
    ...(correlations > 0 ? [{ table: 'the correlation table', n: correlations }] : []),
    ...(history > 0 ? [{ table: 'the history table', n: history }] : []),
  ];
  const has = tables.map((t, i) => (i === 0 ? `${t.table} has ${count(t.n)}` : `${t.table} ${count(t.n)}`));
  const list = (items: string[]) =>
    items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return {
    notice: `Nothing ran: ${list(has)}. Choose one to select its cell.`,
    announcement: `Nothing ran: ${list(tables.map((t) => `${count(t.n)} in ${t.table}`))}.`,
  };
}
