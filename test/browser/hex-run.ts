/**
 * A simulation run's numbers as the hex of their Float64 bytes: what the browser page returns
 * through page.evaluate (which carries no typed arrays) and the Node side computes the same way,
 * so that two runs compare to the bit (NaN, -0 and the last bit included).
 */
import type { SimulationRun } from '../../src/engine/simulation';

/** A run's numbers, each array as the hex of its Float64 bytes. */
export interface HexRun {
  readonly samples: string[];
  readonly scenarios: {
    readonly scenario: string;
    readonly monthly: Record<string, Record<string, string>>;
    readonly kpis: Record<string, string>;
  }[];
}

/**
 * The hex of a Float64Array's bytes (the platform's byte order, the same in Node and Chromium here).
 *
 * @example hex(new Float64Array([1])) // "000000000000f03f"
 */
export function hex(values: Float64Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** The numbers of a {@link hex} string. */
export function unhex(text: string): Float64Array {
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return new Float64Array(bytes.buffer);
}

/** A run as {@link HexRun}: every sampled input column, monthly statistic and KPI array. */
export function hexRun(run: SimulationRun): HexRun {
  const map = <T, U>(record: Readonly<Record<string, T>>, f: (value: T) => U) =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
  return {
    samples: run.samples.map(hex),
    scenarios: run.scenarios.map((s) => ({
      scenario: s.scenario,
      monthly: map(s.monthly, (statistics) => map(statistics as unknown as Record<string, Float64Array>, hex)),
      kpis: map(s.kpis, hex),
    })),
  };
}

/** Two numbers that count as the same: by default the same bits (`Object.is`). */
export type Same = (a: number, b: number) => boolean;

/** Each array of `expected` with its name and `actual`'s array of that name (undefined if it has none). */
function* pairs(actual: HexRun, expected: HexRun): Generator<[string, string | undefined, string]> {
  for (const [i, column] of expected.samples.entries()) yield [`samples[${i}]`, actual.samples[i], column];
  for (const [s, scenario] of expected.scenarios.entries()) {
    const got = actual.scenarios[s]?.scenario === scenario.scenario ? actual.scenarios[s] : undefined;
    for (const [metric, statistics] of Object.entries(scenario.monthly))
      for (const [statistic, values] of Object.entries(statistics))
        yield [`${scenario.scenario} ${metric}.${statistic}`, got?.monthly[metric]?.[statistic], values];
    for (const [kpi, values] of Object.entries(scenario.kpis))
      yield [`${scenario.scenario} kpi ${kpi}`, got?.kpis[kpi], values];
  }
}

/**
 * Every array of `expected` that `actual` lacks or holds a number of that is not the `same`
 * (its name, how many differ, the first of them), and every extra array: empty when they agree.
 *
 * @example differences(hexRun(a), hexRun(b)) // ["beekeeper kpi npv: 3 of 2000 differ, first at 17: 1.5 vs 1.5000000000000002"]
 */
export function differences(actual: HexRun, expected: HexRun, same: Same = Object.is): string[] {
  const out: string[] = [];
  const arrays = (run: HexRun) =>
    run.samples.length +
    run.scenarios.reduce(
      (n, s) => n + Object.values(s.monthly).flatMap(Object.keys).length + Object.keys(s.kpis).length,
      0,
    );
  if (arrays(actual) !== arrays(expected)) out.push(`${arrays(actual)} arrays, not ${arrays(expected)}`);
  for (const [what, a, b] of pairs(actual, expected)) {
    if (a === b) continue;
    if (a === undefined) {
      out.push(`${what}: missing`);
      continue;
    }
    const [x, y] = [unhex(a), unhex(b)];
    const differ = [...y.keys()].filter((i) => !same(x[i], y[i]));
    if (x.length !== y.length) out.push(`${what}: ${x.length} numbers, not ${y.length}`);
    else if (differ.length > 0)
      out.push(
        `${what}: ${differ.length} of ${y.length} differ, first at ${differ[0]}: ${x[differ[0]]} vs ${y[differ[0]]}`,
      );
  }
  return out;
}

/** How many numbers `expected` holds, and how many of `actual`'s differ from them in any bit. */
export function bitCount(actual: HexRun, expected: HexRun): { numbers: number; differ: number } {
  let numbers = 0;
  let differ = 0;
  for (const [, a, b] of pairs(actual, expected)) {
    const [x, y] = [a === undefined ? new Float64Array() : unhex(a), unhex(b)];
    numbers += y.length;
    for (let i = 0; i < y.length; i++) if (!Object.is(x[i], y[i])) differ++;
  }
  return { numbers, differ };
}
