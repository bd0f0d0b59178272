/**
 * The assumptions table of a simulation run (src/engine/simulation-inputs.ts) and its defaults
 * (src/engine/default-uncertainty.ts).
 *
 * Expected messages are written out in full. Sampled extremes in them are worked out by hand from
 * closed forms: Φ⁻¹(2⁻³³) = −6.33795775455379 (mpmath, 30 digits, as quoted in normal.test.ts), and
 * uniform(a, b) at u is a + (b − a)·u.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { ASSUMPTIONS, ASSUMPTION_NAMES, DEFAULT_ASSUMPTIONS } from '../../src/model/assumptions';
import { ModelError } from '../../src/model/errors';
import { U_MAX, sampledRange } from '../../src/engine/distributions';
import { DEFAULT_UNCERTAINTY, defaultSimulationTable } from '../../src/engine/default-uncertainty';
import {
  InputRow,
  InputTable,
  fixedInputs,
  noUncertaintyWarning,
  readSimulationTable,
  tableProblems,
} from '../../src/engine/simulation-inputs';

const HEADER = ['name', 'value', 'distribution', 'p1', 'p2', 'p3', 'unit', 'description'];

/** A table as a CSV reader would hand it over: file row r (header = 1), column letter and header. */
function csv(rows: readonly (readonly unknown[])[], source = 'inputs.csv'): InputTable {
  const [header, ...data] = rows;
  const cell = (r: number, c: number, value: unknown) => ({
    value,
    where: `${source} row ${r}, column ${'ABCDEFGHIJ'[c]} (${String(header[c] ?? '')})`,
  });
  return {
    source,
    header: header.map((v, c) => cell(1, c, v)),
    rows: data.map((row, i) => row.map((v, c) => cell(i + 2, c, v))),
  };
}
const table = (...data: unknown[][]) => csv([HEADER, ...data]);

function messageOf(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    expect((e as ModelError).kind).toBe('invalid');
    return (e as ModelError).message;
  }
  throw new Error('expected an error');
}
const refuses = (t: InputTable) => messageOf(() => readSimulationTable(t));

describe('a good table', () => {
  const t = table(
    ['months', 36, null, null, null, null, 'months', 'horizon'],
    ['imitation', 0.4, 'PERT', 0.2, 0.45, 0.8],
    [null, 1, 'pert', 1, 2, 3], // an empty name: skipped, but it keeps its row number
    ['organizations', null, 'uniform', 100000, 300000, ''],
    ['Innovation', 0.02],
  );
  const inputs = readSimulationTable(t);

  test('base: the value column, defaults for empty values and absent rows', () => {
    expect(inputs.base).toEqual({ ...DEFAULT_ASSUMPTIONS, months: 36, imitation: 0.4, innovation: 0.02 });
  });
  test('uncertain inputs in table order, variable = data-row number, whole for whole-number rules', () => {
    expect(
      inputs.uncertain.map((u) => [u.name, u.variable, u.distribution.label, u.whole, u.distribution.params]),
    ).toEqual([
      ['imitation', 2, 'pert(0.2, 0.45, 0.8)', false, [0.2, 0.45, 0.8]],
      ['organizations', 4, 'uniform(100000, 300000)', true, [100000, 300000]],
    ]);
  });
  test('rows: every assumption as run, the table first, then the absent ones in schema order', () => {
    expect(inputs.rows.slice(0, 4)).toEqual([
      { name: 'months', variable: 1, value: 36, params: [] },
      { name: 'imitation', variable: 2, value: 0.4, distribution: 'pert', params: [0.2, 0.45, 0.8] },
      { name: 'organizations', variable: 4, value: 50000, distribution: 'uniform', params: [100000, 300000] },
      { name: 'innovation', variable: 5, value: 0.02, params: [] },
    ]);
    const absent = ASSUMPTION_NAMES.filter((n) => !['months', 'imitation', 'organizations', 'innovation'].includes(n));
    expect(inputs.rows.slice(4)).toEqual(
      absent.map((name) => ({ name, value: DEFAULT_ASSUMPTIONS[name], params: [] })),
    );
  });
  test('round trip: the rows written back as a table read to the same inputs', () => {
    const again = readSimulationTable(
      table(...inputs.rows.map((r) => [r.name, r.value, r.distribution ?? null, ...r.params])),
    );
    expect(again.base).toEqual(inputs.base);
    const asRun = (r: InputRow) => [r.name, r.value, r.distribution, r.params];
    expect(again.rows.map(asRun)).toEqual(inputs.rows.map(asRun));
    expect(again.uncertain.map((u) => [u.name, u.distribution.label, u.whole])).toEqual(
      inputs.uncertain.map((u) => [u.name, u.distribution.label, u.whole]),
    );
    expect(again.rows.map((r) => r.variable)).toEqual(ASSUMPTION_NAMES.map((_, i) => i + 1));
  });
  test('header names in any case and order; distribution and p columns optional', () => {
    const shuffled = csv([
      ['P3', 'Value', 'NAME', 'p1', 'Distribution', 'p2'],
      [0.8, 0.4, 'imitation', 0.2, 'pert', 0.45],
    ]);
    expect(readSimulationTable(shuffled).uncertain[0].distribution.label).toBe('pert(0.2, 0.45, 0.8)');
    const fixed = readSimulationTable(
      csv([
        ['name', 'value'],
        ['imitation', 0.3],
      ]),
    );
    expect(fixed.uncertain).toEqual([]);
    expect(fixed.base.imitation).toBe(0.3);
  });
  test('rows shorter than the header: missing cells are empty', () => {
    expect(readSimulationTable(table(['imitation', 0.3])).base.imitation).toBe(0.3);
    const normal = readSimulationTable(table(['initialCash', 1e6, 'normal', 5e6, 1e6]));
    expect(normal.uncertain[0].distribution.label).toBe('normal(5000000, 1000000)');
  });
  test('a metalog takes the valid range as its bounds: logit, log, or none', () => {
    const inputs = readSimulationTable(
      table(
        ['imitation', 0.45, 'metalog', 0.2, 0.45, 0.9],
        ['discountRate', 0.12, 'metalog', 0.05, 0.1, 0.2],
        ['initialCash', 5e6, 'metalog', 1e6, 5e6, 8e6],
      ),
    );
    expect(inputs.uncertain.map((u) => u.distribution.label)).toEqual([
      'metalog(0.2, 0.45, 0.9) bounded to (0, 5)',
      'metalog(0.05, 0.1, 0.2) bounded below by -1',
      'metalog(1000000, 5000000, 8000000)',
    ]);
    const [low, high] = sampledRange(inputs.uncertain[0].distribution);
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThanOrEqual(5);
  });
  test('whole-number inputs pass the support check after rounding: organizations ~ uniform(0.6, 10)', () => {
    // 0.6 + 9.4·2⁻³³ rounds to 1, inside "a whole number from 1 to 10⁹".
    expect(readSimulationTable(table(['organizations', 5, 'uniform', 0.6, 10])).uncertain[0].whole).toBe(true);
  });
  test('initialMembers ≤ marketSize holds at the extremes: uniform(1000, 8000) against uniform(8000, 20000)', () => {
    const t = table(['initialMembers', 5000, 'uniform', 1000, 8000], ['marketSize', 10000, 'uniform', 8000, 20000]);
    expect(readSimulationTable(t).uncertain.length).toBe(2);
  });
});

describe('fixedInputs', () => {
  test('no uncertainty, every assumption in schema order', () => {
    const inputs = fixedInputs({ imitation: 0.3 });
    expect(inputs.base).toEqual({ ...DEFAULT_ASSUMPTIONS, imitation: 0.3 });
    expect(inputs.uncertain).toEqual([]);
    expect(inputs.rows.map((r) => [r.name, r.value, r.variable, r.distribution])).toEqual(
      ASSUMPTIONS.map((a) => [a.name, a.name === 'imitation' ? 0.3 : a.value, undefined, undefined]),
    );
  });
  test('overrides are validated', () => {
    expect(messageOf(() => fixedInputs({ imitation: 7 }))).toBe('imitation must be between 0 and 5, got 7');
  });
});

describe('warnings: a value outside its own distribution', () => {
  const warningsOf = (...rows: unknown[][]) => readSimulationTable(table(...rows)).warnings;
  const ignored =
    'the run samples the distribution, not the value: edit p1–p3 to move the distribution, or empty the distribution to fix';

  test('pert: a value beyond its max warns, naming the value cell, and the run goes on', () => {
    const t = table(['months', 24], ['imitation', 0.9, 'pert', 0.2, 0.45, 0.8]);
    const inputs = readSimulationTable(t);
    expect(inputs.warnings).toEqual([
      {
        where: 'inputs.csv row 3, column B (value)',
        message: `imitation's value 0.9 lies outside 0.2 – 0.8, the range of its distribution pert(0.2, 0.45, 0.8); ${ignored} imitation at 0.9`,
      },
    ]);
    expect(inputs.uncertain.map((u) => u.distribution.label)).toEqual(['pert(0.2, 0.45, 0.8)']);
  });
  test('nothing else changes: the same inputs as with a value inside the range, but the base value', () => {
    const outside = readSimulationTable(table(['imitation', 0.9, 'pert', 0.2, 0.45, 0.8]));
    const inside = readSimulationTable(table(['imitation', 0.6, 'pert', 0.2, 0.45, 0.8]));
    expect(inside.warnings).toEqual([]);
    const asSampled = (u: (typeof inside.uncertain)[number]) => [u.name, u.variable, u.distribution.label, u.whole];
    expect(outside.uncertain.map(asSampled)).toEqual(inside.uncertain.map(asSampled));
    expect(outside.rows.slice(1)).toEqual(inside.rows.slice(1));
    expect({ ...outside.base, imitation: 0.6 }).toEqual(inside.base);
  });
  test('bounded distributions: min and max are p1 and p2 (uniform) or p1 and p3, ends included', () => {
    expect(
      warningsOf(
        ['imitation', 0.2, 'pert', 0.2, 0.45, 0.8],
        ['innovation', 0.03, 'triangular', 0.002, 0.01, 0.03],
        ['memberChurn', 0.3, 'uniform', 0.1, 0.3],
      ),
    ).toEqual([]);
    // Below a triangular's min, and above a uniform's p2 but below a p3 it does not have.
    expect(
      warningsOf(['innovation', 0.001, 'triangular', 0.002, 0.01, 0.03], ['memberChurn', 0.35, 'uniform', 0.1, 0.3]),
    ).toEqual([
      {
        where: 'inputs.csv row 2, column B (value)',
        message: `innovation's value 0.001 lies outside 0.002 – 0.03, the range of its distribution triangular(0.002, 0.01, 0.03); ${ignored} innovation at 0.001`,
      },
      {
        where: 'inputs.csv row 3, column B (value)',
        message: `memberChurn's value 0.35 lies outside 0.1 – 0.3, the range of its distribution uniform(0.1, 0.3); ${ignored} memberChurn at 0.35`,
      },
    ]);
  });
  test('unbounded distributions: outside the 1st to 99th percentiles, in four digits', () => {
    // normal(5e6, 1e6): 5e6 ∓ 2.326347874·1e6 = 2673652 and 7326348 (z(0.99) = 2.3263478740408408).
    expect(warningsOf(['initialCash', 7.3e6, 'normal', 5e6, 1e6])).toEqual([]);
    expect(warningsOf(['initialCash', 2.7e6, 'normal', 5e6, 1e6])).toEqual([]);
    expect(warningsOf(['initialCash', 7.4e6, 'normal', 5e6, 1e6])).toEqual([
      {
        where: 'inputs.csv row 2, column B (value)',
        message: `initialCash's value 7400000 lies outside 2674000 – 7326000, the 1st to 99th percentiles of its distribution normal(5000000, 1000000); ${ignored} initialCash at 7400000`,
      },
    ]);
    const [metalog] = warningsOf(['persuasion', 0.005, 'metalog', 0.0002, 0.0005, 0.0012]);
    expect(metalog.message).toMatch(
      /^persuasion's value 0\.005 lies outside [\d.]+ – [\d.]+, the 1st to 99th percentiles of its distribution metalog\(0\.0002, 0\.0005, 0\.0012\) bounded to \(0, 1\);/,
    );
    expect(warningsOf(['annualContractValue', 40_000, 'lognormal', 30_000, 10_000])).toEqual([]);
    expect(warningsOf(['annualContractValue', 90_000, 'lognormal', 30_000, 10_000])).toHaveLength(1);
  });
  test('a percentile that rounds past the value is shown in full', () => {
    // P99 of normal(5e6, 1.0001e6) is 7326580.5…, "7327000" in four digits: above the value 7326600.
    const row = ['initialCash', 7_326_600, 'normal', 5e6, 1.0001e6];
    const d = readSimulationTable(table(row)).uncertain[0].distribution;
    const [low, high] = [d.quantile(0.01), d.quantile(0.99)];
    expect(high).toBeCloseTo(7_326_580.5, 0);
    const [w] = warningsOf(row);
    expect(w.message).toContain(`value 7326600 lies outside ${low} – ${high}, the 1st`);
  });
  test('no warning for a fixed row, a row whose value is empty (the default is used), or the default table', () => {
    expect(warningsOf(['imitation', 0.9], ['innovation', null, 'pert', 0.02, 0.025, 0.03])).toEqual([]);
    expect(readSimulationTable(defaultSimulationTable()).warnings).toEqual([]);
    expect(fixedInputs().warnings).toEqual([]);
  });
});

describe('each invalid table gives its message, beginning with where', () => {
  const cases: Array<[string, InputTable, string]> = [
    [
      'missing value column',
      csv([
        ['name', 'distribution'],
        ['imitation', 'pert'],
      ]),
      'inputs.csv: the header row has no "value" column (it has name, distribution)',
    ],
    ['empty header', csv([[]]), 'inputs.csv: the header row has no "name" column (it is empty)'],
    [
      'a column twice',
      csv([
        ['name', 'value', 'Value '],
        ['imitation', 0.3, 0.4],
      ]),
      'inputs.csv row 1, column C (Value ): column "value" is given twice (also inputs.csv row 1, column B (value))',
    ],
    [
      'unknown assumption',
      table(['imitaton', 0.3]),
      'inputs.csv row 2, column A (name): unknown assumption "imitaton"; did you mean "imitation"?',
    ],
    ['a name that is not text', table([5, 0.3]), 'inputs.csv row 2, column A (name): name must be text, got 5'],
    [
      'an assumption twice (in another case)',
      table(['imitation', 0.3], ['innovation', 0.01], ['Imitation', 0.4]),
      'inputs.csv row 4, column A (name): assumption "imitation" is given twice (also inputs.csv row 2, column A (name))',
    ],
    [
      'a value that is not a number',
      table(['imitation', 'abc']),
      'inputs.csv row 2, column B (value): imitation must be a number, got "abc"',
    ],
    [
      'a value outside its rule',
      table(['imitation', 7]),
      'inputs.csv row 2, column B (value): imitation must be between 0 and 5, got 7',
    ],
    [
      'a fractional whole-number value',
      table(['organizations', 1.5]),
      'inputs.csv row 2, column B (value): organizations must be a whole number from 1 to 1000000000, got 1.5',
    ],
    [
      'no value and no distribution',
      table(['imitation', null]),
      'inputs.csv row 2, column B (value): imitation has no value: give a value, or a distribution to sample it from',
    ],
    [
      'no value cell at all (a short row) and no distribution',
      table(['imitation']),
      'inputs.csv row 2, column A (name): imitation has no value: give a value, or a distribution to sample it from',
    ],
    [
      'unknown distribution',
      table(['imitation', 0.45, 'pret', 0.2, 0.45, 0.8]),
      'inputs.csv row 2, column C (distribution): imitation ~ unknown distribution "pret"; did you mean "pert"?',
    ],
    [
      'a mode outside min and max',
      table(['imitation', 0.45, 'pert', 0.2, 0.9, 0.6]),
      'inputs.csv row 2, column E (p2): imitation ~ pert: mode (p2) must be between min (p1) and max (p3), got 0.9',
    ],
    [
      'p3 for a two-parameter distribution',
      table(['imitation', 0.45, 'normal', 0.38, 0.05, 1]),
      'inputs.csv row 2, column F (p3): imitation ~ normal: p3 must be empty (normal takes mean (p1) and sd (p2)), got 1',
    ],
    [
      'a missing parameter',
      table(['imitation', 0.45, 'triangular', 0.2, 0.45, null]),
      'inputs.csv row 2, column F (p3): imitation ~ triangular: max (p3) is required',
    ],
    [
      'a missing parameter in a row too short to have its cell: the distribution cell is named',
      table(['imitation', 0.45, 'triangular', 0.2, 0.45]),
      'inputs.csv row 2, column C (distribution): imitation ~ triangular: max (p3) is required',
    ],
    [
      'min = max',
      table(['imitation', 0.45, 'uniform', 0.45, 0.45]),
      'inputs.csv row 2, column E (p2): imitation ~ uniform: min (p1) and max (p2) are both 0.45; use a fixed value instead',
    ],
    [
      'parameters without a distribution',
      table(['imitation', 0.45, null, 0.2]),
      'inputs.csv row 2, column D (p1): imitation has p1 = 0.2 but no distribution: give a distribution, or clear p1 ' +
        'to fix imitation at its value',
    ],
    [
      'months with a distribution',
      table(['months', 60, 'uniform', 24, 60]),
      "inputs.csv row 2, column C (distribution): months cannot have a distribution: it is the run's horizon; give it " +
        'a fixed value',
    ],
    [
      // 0.38 + 0.3·(−6.33795775455379) = −1.521387…
      'a normal whose support crosses the range',
      table(['imitation', 0.38, 'normal', 0.38, 0.3]),
      'inputs.csv row 2, column C (distribution): imitation ~ normal(0.38, 0.3) can sample -1.521 (at u = 1.2e-10), ' +
        'outside its valid range (between 0 and 5); narrow it, or use pert, triangular, uniform or metalog, which ' +
        'stay within the range',
    ],
    [
      // 0.5 + 0.7·(1 − 2⁻³³) = 1.19999999992 → 1.2 in four digits, still outside.
      'a uniform past the top of the range',
      table(['memberChurn', 0.15, 'uniform', 0.5, 1.2]),
      'inputs.csv row 2, column C (distribution): memberChurn ~ uniform(0.5, 1.2) can sample 1.2 (at u = 1 − 1.2e-10), ' +
        'outside its valid range (between 0 and 1); keep its min and max within the range',
    ],
    [
      // 0.4 + 9.6·2⁻³³ rounds to 0 organisations.
      'a whole-number input that rounds below its range',
      table(['organizations', 5, 'uniform', 0.4, 10]),
      'inputs.csv row 2, column C (distribution): organizations ~ uniform(0.4, 10) can sample 0 (at u = 1.2e-10), ' +
        'outside its valid range (a whole number from 1 to 1000000000); keep its min and max within the range',
    ],
    [
      'a lognormal above a bounded range',
      table(['customerChurn', 0.1, 'lognormal', 0.1, 0.05]),
      // exp(μ + σ·6.33795775455379), σ² = ln 1.25, μ = ln 0.1 − σ²/2: 0.0894427·e^(0.4723807·6.3379578) = 1.7856
      'inputs.csv row 2, column C (distribution): customerChurn ~ lognormal(0.1, 0.05) can sample 1.786 ' +
        '(at u = 1 − 1.2e-10), outside its valid range (between 0 and 1); narrow it, or use pert, triangular, ' +
        'uniform or metalog, which stay within the range',
    ],
    [
      'a metalog P10 on the bound',
      table(['memberChurn', 0.1, 'metalog', 0, 0.1, 0.3]),
      'inputs.csv row 2, column D (p1): memberChurn ~ metalog: P10 (p1) must be > 0 (the lower bound), got 0',
    ],
    [
      'initialMembers may exceed marketSize (both sampled)',
      table(['initialMembers', null, 'uniform', 1000, 9000], ['marketSize', null, 'uniform', 8000, 20000]),
      'inputs.csv row 2, column C (distribution): initialMembers can be as large as 9000 while marketSize can be as ' +
        'small as 8000 (inputs.csv row 3, column C (distribution)); initialMembers must be ≤ marketSize in every trial',
    ],
    [
      'initialMembers (its default) exceeds a fixed marketSize',
      table(['marketSize', 1500]),
      'inputs.csv row 2, column B (value): initialMembers can be as large as 2000 (its default) while marketSize can ' +
        'be as small as 1500; initialMembers must be ≤ marketSize in every trial',
    ],
    [
      'initialMembers exceeds marketSize, both fixed',
      table(['initialMembers', 6000], ['marketSize', 5000]),
      'inputs.csv row 2, column B (value): initialMembers can be as large as 6000 while marketSize can be as small as ' +
        '5000 (inputs.csv row 3, column B (value)); initialMembers must be ≤ marketSize in every trial',
    ],
    [
      'initialCustomers may exceed organizations (model.md v3)',
      table(['initialCustomers', 150, 'uniform', 100, 1200], ['initialArr', 4e6], ['organizations', 1000]),
      'inputs.csv row 2, column C (distribution): initialCustomers can be as large as 1200 while organizations can ' +
        'be as small as 1000 (inputs.csv row 4, column B (value)); initialCustomers must be ≤ organizations in every trial',
    ],
    [
      'initialCustomers without initialArr (its default 0)',
      table(['initialCustomers', 150]),
      'inputs.csv row 2, column B (value): initialArr can be as small as 0 (its default) while initialCustomers can ' +
        'be as large as 150; initialArr must be > 0 in every trial with initialCustomers above 0',
    ],
    [
      'initialArr 0 while a sampled initialCustomers can be above 0',
      table(['initialCustomers', 0, 'uniform', 0, 300], ['initialArr', 0]),
      'inputs.csv row 2, column C (distribution): initialArr can be as small as 0 (inputs.csv row 3, column B ' +
        '(value)) while initialCustomers can be as large as 300; initialArr must be > 0 in every trial with ' +
        'initialCustomers above 0',
    ],
  ];
  test.each(cases)('%s', (_, t, message) => {
    expect(refuses(t)).toBe(message);
  });

  test('a sampled value that rounds into the range is shown in full', () => {
    // uniform(0.5, 1.0000001) reaches 0.5 + 0.5000001·(1 − 2⁻³³), which is "1" in four digits.
    const top = 0.5 + (1.0000001 - 0.5) * U_MAX;
    expect(top).toBeGreaterThan(1);
    expect(refuses(table(['memberChurn', 0.15, 'uniform', 0.5, 1.0000001]))).toContain(`can sample ${top} (at u`);
  });
});

describe('defaultSimulationTable', () => {
  const t = defaultSimulationTable();
  const inputs = readSimulationTable(t);

  test('is valid: header, one row per assumption in schema order, defaults as base values', () => {
    expect(t.header.map((c) => c.value)).toEqual(HEADER);
    expect(t.rows.map((r) => [r[0].value, r[1].value, r[6].value, r[7].value])).toEqual(
      // startDate's default, none, is an empty value cell (read back as the default, 0).
      ASSUMPTIONS.map((a) => [a.name, a.name === 'startDate' ? null : a.value, a.unit, a.description]),
    );
    expect(t.rows[6][3].where).toBe('the default assumptions, row 8, column D (p1)');
    expect(inputs.base).toEqual(DEFAULT_ASSUMPTIONS);
  });
  test('the uncertain inputs are those of DEFAULT_UNCERTAINTY, variable = schema position', () => {
    const names = ASSUMPTION_NAMES.filter((n) => DEFAULT_UNCERTAINTY[n]);
    expect(names.length).toBe(13);
    expect(inputs.uncertain.map((u) => [u.name, u.variable])).toEqual(
      names.map((n) => [n, ASSUMPTION_NAMES.indexOf(n) + 1]),
    );
    for (const u of inputs.uncertain) {
      const d = DEFAULT_UNCERTAINTY[u.name]!;
      expect([u.distribution.name, u.distribution.params]).toEqual([d.distribution, d.params]);
      expect(d.why.length).toBeGreaterThan(20);
    }
    expect(inputs.uncertain.find((u) => u.name === 'organizations')!.whole).toBe(true);
  });

  // The mode of a pert or triangular is where the density 1/Q′(u) peaks: found here through the
  // quantile function alone (u = F(x) by bisection, Q′ by a central difference).
  const density = (q: (u: number) => number, x: number) => {
    let [lo, hi] = [0, 1];
    for (let i = 0; i < 60; i++) [lo, hi] = q((lo + hi) / 2) < x ? [(lo + hi) / 2, hi] : [lo, (lo + hi) / 2];
    const u = (lo + hi) / 2;
    return 2e-6 / (q(u + 1e-6) - q(u - 1e-6));
  };
  test.each(inputs.uncertain.map((u) => [u.name, u.distribution.label, u] as const))(
    '%s ~ %s keeps the default as its mode or median',
    (name, _, u) => {
      const value = DEFAULT_ASSUMPTIONS[name];
      const d = u.distribution;
      if (d.name === 'metalog') {
        expect(abs(d.quantile(0.5) - value)).toBeLessThanOrEqual(1e-12 * value);
        return;
      }
      const [min, max] = [d.params[0], d.params[2]];
      const step = 0.02 * (max - min);
      const peak = density(d.quantile, value);
      expect(peak).toBeGreaterThan(density(d.quantile, value - step));
      expect(peak).toBeGreaterThan(density(d.quantile, value + step));
    },
  );

  test('docs/model.md lists each default uncertainty with its distribution', () => {
    const doc = readFileSync(join(__dirname, '../../docs/model.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Default uncertainty'));
    for (const u of inputs.uncertain) {
      const label = `${u.distribution.name}(${u.distribution.params.join(', ')})`;
      expect(section).toContain(`| ${u.name} |`);
      expect(section).toContain(label);
    }
  });
});

const { abs } = Math;

describe('tableProblems: every problem at once, for the task pane to list', () => {
  test('the first problem of each bad row, each with its place, and no problem for a good table', () => {
    const t = table(
      ['imitation', 7], // outside 0..5
      ['months', 36],
      ['imitaton', 0.3], // misspelt
      ['innovation', 0.02, 'pert', 0.01, 0.02, 2], // its pert can sample outside (0, 1]
    );
    const problems = tableProblems(t);
    expect(problems.map((p) => p.where)).toEqual([
      'inputs.csv row 2, column B (value)',
      'inputs.csv row 4, column A (name)',
      'inputs.csv row 5, column C (distribution)',
    ]);
    expect(problems[0].message).toBe('imitation must be between 0 and 5, got 7');
    expect(problems[1].message).toMatch(/unknown assumption "imitaton"; did you mean "imitation"\?/);
    // Each problem is the one readSimulationTable names when it is the table's only problem.
    expect(refuses(table(['imitation', 7]))).toBe(`${problems[0].where}: ${problems[0].message}`);
    expect(tableProblems(table(['months', 36], ['imitation', 0.4, 'pert', 0.2, 0.45, 0.8]))).toEqual([]);
    expect(tableProblems(defaultSimulationTable())).toEqual([]);
  });

  test('problems across rows come once the rows are sound; a bad header is the one problem', () => {
    expect(tableProblems(table(['imitation', 0.3], ['Imitation', 0.4]))).toEqual([
      {
        where: 'inputs.csv row 3, column A (name)',
        message: 'assumption "imitation" is given twice (also inputs.csv row 2, column A (name))',
      },
    ]);
    const noValue = csv([
      ['name', 'val'],
      ['imitation', 0.3],
    ]);
    const [problem, ...others] = tableProblems(noValue);
    expect(others).toEqual([]);
    expect(`${problem.where}: ${problem.message}`).toBe(refuses(noValue));
  });
});

describe('long names in a table', () => {
  test('100 rows of 32,767-character names: each problem quotes 40 characters and its length', () => {
    const names = Array.from({ length: 100 }, (_, i) => String(i).padEnd(32_767, 'x'));
    const problems = tableProblems(table(...names.map((n) => [n, 1])));
    expect(problems).toHaveLength(100);
    expect(problems[7]).toEqual({
      where: 'inputs.csv row 9, column A (name)',
      message: `unknown assumption "7${'x'.repeat(39)}… (32,767 characters)"`,
    });
    expect(Math.max(...problems.map((p) => p.message.length))).toBeLessThan(100);
  });

  test('a header of long names is listed by their first 40 characters', () => {
    const message = refuses(csv([['y'.repeat(1e6), 'value']]));
    expect(message).toBe(
      `inputs.csv: the header row has no "name" column (it has "${'y'.repeat(40)}… (1,000,000 characters)", value)`,
    );
  });
});

describe('numbers typed as text', () => {
  test('a value and p1–p3 in text read as the numbers they spell: 15%, $25,000, 1e4, (1,000)', () => {
    const inputs = readSimulationTable(
      table(
        ['expansion', '15%', 'pert', '5%', '15 %', '0.3'],
        ['annualContractValue', '$25,000', 'triangular', '$10,000', '25,000', '4.5e4'],
        ['initialCash', '(1,000)'],
        ['organizations', '1e4'],
      ),
    );
    expect([inputs.base.expansion, inputs.base.annualContractValue, inputs.base.initialCash]).toEqual([
      0.15, 25_000, -1000,
    ]);
    expect(inputs.base.organizations).toBe(10_000);
    expect(inputs.uncertain.map((u) => u.distribution.label)).toEqual([
      'pert(0.05, 0.15, 0.3)',
      'triangular(10000, 25000, 45000)',
    ]);
    expect(inputs.warnings).toEqual([]);
  });

  test('text that spells no number keeps its message, naming the cell', () => {
    expect(refuses(table(['expansion', '15 percent']))).toBe(
      'inputs.csv row 2, column B (value): expansion must be a number, got "15 percent"',
    );
    expect(refuses(table(['expansion', 0.15, 'pert', '1,5', 0.15, 0.3]))).toBe(
      'inputs.csv row 2, column D (p1): expansion ~ pert: min (p1) must be a number, got "1,5"',
    );
  });
});

describe('plausible ranges: percentages typed as whole numbers', () => {
  test('a rate typed as a whole number stops the run, saying what it means and how to write it', () => {
    expect(refuses(table(['expansion', 15]))).toBe(
      "inputs.csv row 2, column B (value): expansion 15 is +1,500 % a year, far above what is plausible (at most +100 %: a staying customer's ARR doubling every year); for 15 % write 0.15; to run it anyway, put TRUE in the row's allowImplausible column",
    );
    for (const [name, value] of [
      ['annualPriceGrowth', 3],
      ['discountRate', 20],
      ['otherCostShare', 15],
    ] as const)
      expect(refuses(table([name, value]))).toMatch(
        new RegExp(
          `^inputs.csv row 2, column B \\(value\\): ${name} ${value} is .*; for ${value} % write ${value / 100};`,
        ),
      );
  });

  test('other assumptions say how far out the value is; a distribution by its typical range', () => {
    expect(refuses(table(['annualContractValue', 2.5e7]))).toMatch(
      /annualContractValue 25000000 is far above what is plausible \(at most 10,000,000 per new customer per year: /,
    );
    expect(refuses(table(['engineerCost', 150]))).toMatch(
      /engineerCost 150 is far below what is plausible \(at least 1,000 /,
    );
    expect(refuses(table(['expansion', 0.15, 'pert', 5, 15, 30]))).toMatch(
      /^inputs.csv row 2, column C \(distribution\): expansion ~ pert\(5, 15, 30\) reaches 5: expansion 5 is \+500 % a year, .*for 5 % write 0.05;/,
    );
    expect(refuses(table(['discountRate', 0.2, 'metalog', 1, 2, 5]))).toMatch(
      /discountRate ~ metalog\(1, 2, 5\) bounded below by -1 reaches .*: discountRate .* is .* a year, far above/,
    );
  });

  test('the user can insist: an allowImplausible cell, or the option for the whole table', () => {
    const insisted = csv([
      ['name', 'value', 'allowImplausible'],
      ['expansion', 15, 'TRUE'],
      ['discountRate', 0.2, false],
    ]);
    expect(readSimulationTable(insisted).base.expansion).toBe(15);
    expect(readSimulationTable(table(['expansion', 15]), { allowImplausible: true }).base.expansion).toBe(15);
    expect(
      refuses(
        csv([
          ['name', 'value', 'allowImplausible'],
          ['expansion', 15, 'maybe'],
        ]),
      ),
    ).toBe('inputs.csv row 2, column C (allowImplausible): allowImplausible must be TRUE or empty, got "maybe"');
    // The valid range still holds.
    expect(refuses(table(['expansion', -2]))).toBe(
      'inputs.csv row 2, column B (value): expansion must be > -1, got -2',
    );
  });

  test('the defaults and the default uncertainty lie inside every plausible range', () => {
    for (const a of ASSUMPTIONS) {
      const p = a.plausible;
      if (!p) continue;
      const values = [a.value, ...(DEFAULT_UNCERTAINTY[a.name]?.params ?? [])];
      for (const v of values) {
        expect([a.name, v >= (p.low ?? -Infinity) && v <= (p.high ?? Infinity)]).toEqual([a.name, true]);
      }
    }
    expect(tableProblems(defaultSimulationTable())).toEqual([]);
  });
});

describe('warnings: rows without a name, tables without uncertainty', () => {
  test('a row with no name but a value or distribution is named in a warning, and skipped', () => {
    const inputs = readSimulationTable(
      table(['imitation', 0.3], [null, 0.2, 'pert', 1, 2, 3], [null, null, null, null, null, null, 'a note']),
    );
    expect(inputs.warnings).toEqual([
      {
        where: 'inputs.csv row 3, column A (name)',
        message:
          'this row has no name, so its value 0.2, distribution "pert", p1 1, p2 2, p3 3 are ignored: give the assumption\'s name, or clear the row',
      },
    ]);
    expect(inputs.base.imitation).toBe(0.3);
  });

  test('a table that gives no distribution: a warning that every trial is the same, and why', () => {
    const fixed = readSimulationTable(table(['imitation', 0.3]));
    expect(noUncertaintyWarning(fixed, 'inputs.csv', 'with no --assumptions file')).toEqual({
      where: 'inputs.csv',
      message:
        'no assumption has a distribution, so every trial is the same run: assumptions the table leaves out are fixed at their defaults (the default uncertainty applies only with no --assumptions file); give a distribution and p1–p3 to the inputs that are uncertain',
    });
    expect(noUncertaintyWarning(readSimulationTable(defaultSimulationTable()), 'x', 'y')).toBeUndefined();
  });
});

describe('the calendar in the table (model.md v3: startDate, fiscalYearStart)', () => {
  test('startDate as text YYYY-MM, an ISO date, a Date (an .xlsx date cell) or a serial; empty is none', () => {
    for (const value of ['2027-01', '2027-01-20', new Date(Date.UTC(2027, 0, 1)), 46388]) {
      expect(readSimulationTable(table(['startDate', value], ['fiscalYearStart', 7])).base).toMatchObject({
        startDate: 46388,
        fiscalYearStart: 7,
      });
    }
    expect(readSimulationTable(table(['startDate', null], ['fiscalYearStart', ''])).base).toMatchObject({
      startDate: 0,
      fiscalYearStart: 1,
    });
  });
  test('a text that is no month, and a distribution, are refused at their cells', () => {
    expect(refuses(table(['startDate', 'January']))).toBe(
      'inputs.csv row 2, column B (value): startDate must be a month from 1900-03 to 9999-12 (an Excel date or YYYY-MM), or empty for none, got "January"',
    );
    expect(refuses(table(['startDate', '2027-13']))).toBe(
      'inputs.csv row 2, column B (value): startDate must be a month from 1900-03 to 9999-12 (an Excel date or YYYY-MM), or empty for none, got "2027-13"',
    );
    expect(refuses(table(['fiscalYearStart', 1, 'uniform', 1, 12]))).toBe(
      'inputs.csv row 2, column C (distribution): fiscalYearStart cannot have a distribution: it dates the months and changes no number; give it a fixed value',
    );
  });
});
