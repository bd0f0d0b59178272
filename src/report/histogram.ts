import { CURRENCY_SYMBOL } from './types';
import { log, pow } from '../model/portable-math';

/** The ARR histogram of the Summary's chart: bins over every scenario's trials. */

/** Bins of the ARR histogram (fewer when the trials all but agree). */
export const HISTOGRAM_BINS = 20;

/**
 * The histogram's bins are equal in log ARR when the largest positive ARR is at least this
 * many times the smallest: a skewed spread, which equal widths would pile into the first bin.
 */
export const LOG_BINS_RATIO = 10;

/** One bin of the ARR histogram; `from` is null for the bin of trials without ARR (≤ 0). */
export interface HistogramBin {
  readonly label: string;
  readonly from: number | null;
  readonly to: number;
  /** Trials in the bin, per scenario. */
  readonly counts: readonly number[];
}

/** Money in a bin's label: 3 significant digits, "$1.23 M". */
function shortMoney(x: number): string {
  const [scaled, unit] = x >= 1e9 ? [x / 1e9, ' B'] : x >= 1e6 ? [x / 1e6, ' M'] : x >= 1e3 ? [x / 1e3, ' k'] : [x, ''];
  return `${CURRENCY_SYMBOL}${Number(scaled.toPrecision(3)).toLocaleString('en-US')}${unit}`;
}

/**
 * The ARR histogram over every scenario's trials (one count per scenario, the same bins): a
 * bin "no ARR" for trials with ARR ≤ 0, then {@link HISTOGRAM_BINS} bins from the smallest to
 * the largest positive ARR, equal in log ARR when the spread is skewed (max/min ≥
 * {@link LOG_BINS_RATIO}) and equal in ARR otherwise; one bin when every positive ARR is the same.
 *
 * @example arrHistogram([new Float64Array([0, 1e5, 1e6, 1e7])]).scale // "log" (bins: "no ARR" with 1, then 20 from $100 k to $10 M)
 */
export function arrHistogram(values: readonly Float64Array[]): { scale: 'log' | 'linear'; bins: HistogramBin[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const column of values)
    for (const v of column) if (Number.isFinite(v) && v > 0) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const none = values.map((column) => column.filter((v) => Number.isFinite(v) && v <= 0).length);
  const bins: HistogramBin[] = [];
  if (none.some((n) => n > 0)) bins.push({ label: 'no ARR (0 or less)', from: null, to: 0, counts: none });
  const logScale = hi / lo >= LOG_BINS_RATIO;
  if (lo === Infinity) return { scale: 'linear', bins };
  const count = lo === hi ? 1 : HISTOGRAM_BINS;
  // Position of v in [0, count]: linear in ARR, or in log ARR.
  const position = logScale
    ? (v: number) => (count * log(v / lo)) / log(hi / lo)
    : (v: number) => (lo === hi ? 0 : (count * (v - lo)) / (hi - lo));
  const edge = (b: number) =>
    b === count ? hi : logScale ? lo * pow(hi / lo, b / count) : lo + ((hi - lo) * b) / count;
  const counts = values.map((column) => {
    const c = new Array<number>(count).fill(0);
    for (const v of column) if (Number.isFinite(v) && v > 0) c[Math.min(count - 1, Math.floor(position(v)))]++;
    return c;
  });
  for (let b = 0; b < count; b++) {
    const [from, to] = [edge(b), edge(b + 1)];
    bins.push({ label: `${shortMoney(from)} to ${shortMoney(to)}`, from, to, counts: counts.map((c) => c[b]) });
  }
  return { scale: logScale ? 'log' : 'linear', bins };
}
