/**
 * The assumptions schema and its validation (src/model/assumptions.ts, rules.ts,
 * assumption-table.ts).
 *
 * Source of the expected table: /work/shared/spec/model.md, section "Assumptions (name, default,
 * unit, valid range)", copied row by row (the range column as model.md writes it; the accepted and
 * rejected values below are derived from it, not from src/model/rules.ts).
 */
import {
  ASSUMPTIONS,
  ASSUMPTION_NAMES,
  AssumptionName,
  DEFAULT_ASSUMPTIONS,
  assumptionSpec,
  EditWork,
  editDistance,
  findAssumption,
  nearest,
  resolveAssumptions,
} from '../../src/model/assumptions';
import { overridesFromRows } from '../../src/model/assumption-table';
import { ModelError } from '../../src/model/errors';

// [name, default, unit, range] — model.md v2, in model.md's order.
const MODEL_MD: Array<[string, number, string, string]> = [
  ['months', 60, 'months', '1..600, integer'],
  ['marketSize', 500000, 'people', '> 0'],
  ['initialMembers', 2000, 'people', '0..marketSize'],
  ['innovation', 0.01, 'per year', '> 0, ≤ 1'],
  ['imitation', 0.45, 'per year', '≥ 0, ≤ 5'],
  ['memberChurn', 0.15, 'per year', '0..1'],
  ['contributorShare', 0.03, 'share of members', '0..1'],
  ['volunteerFte', 0.02, 'FTE per contributor', '0..1'],
  ['employedShare', 0.7, 'share of members', '0..1'],
  ['organizations', 50000, 'organisations that could buy', '≥ 1, integer'],
  ['employerSizeSkew', 1.0, 'Zipf exponent', '0..3'],
  ['persuasion', 0.0005, 'per advocate per month', '0..1'],
  ['memberEducation', 0, 'intensity', '0..1'],
  ['educationUplift', 1.0, 'multiplier', '≥ 0'],
  ['educationCost', 400000, 'per year at full intensity', '≥ 0'],
  ['communityPitch', 0, 'intensity', '0..1'],
  ['pitchPenalty', 0.3, 'goodwill lost at full pitch', '0..1'],
  ['certificationPull', 0, 'monthly conversion hazard', '0..1'],
  ['annualContractValue', 25000, 'per new customer per year', '≥ 0'],
  ['expansion', 0.15, "per year, on a staying customer's ARR", '> −1'],
  ['annualPriceGrowth', 0.03, 'per year', '> −1'],
  ['servicesAttach', 0.15, 'share of subscription', '≥ 0'],
  ['customerChurn', 0.1, 'per year', '0..1'],
  ['proprietaryPriceMultiplier', 1.6, 'multiplier', '> 0'],
  ['sequestrationResentment', 0.5, 'goodwill lost', '0..1'],
  ['goodwillHalfLife', 6, 'months', '> 0'],
  ['foundingEngineers', 12, 'people', '≥ 0'],
  ['engineerCost', 150000, 'per engineer per year', '> 0'],
  ['reinvestShare', 0.3, 'share of revenue', '0..1'],
  ['hiringLag', 6, 'months', '≥ 0'],
  ['subscriptionMargin', 0.85, 'gross margin of subscriptions', '0..1'],
  ['servicesMargin', 0.25, 'gross margin of services', '≤ 1'],
  ['acquisitionCost', 30000, 'sales and marketing per new customer', '≥ 0'],
  ['marketingCosts', 1000000, 'per year', '≥ 0'],
  ['otherCostShare', 0.15, 'G&A, share of revenue', '≥ 0'],
  ['fixedCosts', 1500000, 'G&A per year', '≥ 0'],
  ['initialCash', 15000000, 'currency', 'any'],
  ['initialEffort', 20, 'engineer-years', '> 0'],
  ['obsolescence', 0.15, 'per year', '0..1'],
  ['qualityElasticity', 0.3, 'elasticity', '≥ 0'],
  ['maxAttractiveness', 3, 'multiple of the first release', '≥ 1'],
  ['discountRate', 0.2, 'per year', '> −1'],
  ['exitArrMultiple', 5, 'company value ÷ ARR at the horizon', '≥ 0'],
  // model.md v3, "Today's state: month 0" (appended: a row's place is its HDR variable key).
  ['initialCustomers', 0, 'organisations that are customers at month 0', '0..organizations'],
  ['initialArr', 0, 'ARR of those customers at month 0', '≥ 0'],
  // model.md v3: "the calendar month of month 1 (an Excel date, or text YYYY-MM)"; 0 is none.
  ['startDate', 0, 'calendar month of month 1', 'a month or none'],
  ['fiscalYearStart', 1, 'calendar month (1 = January)', '1..12, integer'],
];

/** Values model.md's range accepts and rejects (initialMembers: with the default marketSize). */
function valuesFor(range: string): { ok: number[]; bad: number[] } {
  const num = (x: string) => Number(x.replace('−', '-'));
  let m: RegExpExecArray | null;
  if ((m = /^(\S+)\.\.(\S+), integer$/.exec(range))) {
    const [lo, hi] = [num(m[1]), num(m[2])];
    return { ok: [lo, hi, Math.round((lo + hi) / 2)], bad: [lo - 1, hi + 1, lo + 0.5, -Infinity] };
  }
  if ((m = /^≥ (\S+), integer$/.exec(range))) {
    const lo = num(m[1]);
    return { ok: [lo, lo + 1, 1e7], bad: [lo - 1, lo + 0.5, Infinity] };
  }
  // Excel serials: 61 is 1900-03-01, 46388 is 2027-01-01, 2958465 is 9999-12-31.
  if (range === 'a month or none') return { ok: [0, 61, 46388, 46402.5, 2958465], bad: [1, 60, -1, 2958466, Infinity] };
  if (range === '0..marketSize') return { ok: [0, 1, 5e5], bad: [-1, -1e-9] };
  if (range === '0..organizations') return { ok: [0, 1, 5e4], bad: [-1, -1e-9] };
  if ((m = /^(\S+)\.\.(\S+)$/.exec(range))) {
    const [lo, hi] = [num(m[1]), num(m[2])];
    return { ok: [lo, hi, (lo + hi) / 2], bad: [lo - 1e-9, hi + 1e-9, -Infinity, Infinity] };
  }
  if ((m = /^> (\S+), ≤ (\S+)$/.exec(range))) {
    const [lo, hi] = [num(m[1]), num(m[2])];
    return { ok: [lo + 1e-9, hi], bad: [lo, hi + 1e-9, Infinity] };
  }
  if ((m = /^≥ (\S+), ≤ (\S+)$/.exec(range))) {
    const [lo, hi] = [num(m[1]), num(m[2])];
    return { ok: [lo, hi], bad: [lo - 1e-9, hi + 1e-9, Infinity] };
  }
  if ((m = /^> (\S+)$/.exec(range))) {
    const lo = num(m[1]);
    return { ok: [lo + 1e-9, lo + 1e6], bad: [lo, lo - 1, Infinity] };
  }
  if ((m = /^≥ (\S+)$/.exec(range))) {
    const lo = num(m[1]);
    return { ok: [lo, lo + 1e9], bad: [lo - 1e-9, Infinity] };
  }
  if ((m = /^≤ (\S+)$/.exec(range))) {
    const hi = num(m[1]);
    return { ok: [hi, hi - 1e9, -5], bad: [hi + 1e-9, Infinity, -Infinity] };
  }
  if (range === 'any') return { ok: [-1e12, 0, 1e12], bad: [Infinity, -Infinity] };
  throw new Error(`unknown range ${range}`);
}

/** Messages of model.md's form: "<name> must be <rule>, got <value>". */
const expectInvalid = (run: () => unknown, message: string) => {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ModelError);
  expect((error as ModelError).kind).toBe('invalid');
  expect((error as ModelError).message).toBe(message);
};

describe('the schema', () => {
  test("47 assumptions, in model.md's order, with model.md's defaults and units", () => {
    expect(ASSUMPTIONS).toHaveLength(47);
    expect(ASSUMPTION_NAMES).toHaveLength(47);
    expect(ASSUMPTIONS.map((a) => [a.name, a.value, a.unit])).toEqual(
      MODEL_MD.map(([name, value, unit]) => [name, value, unit]),
    );
    expect([...ASSUMPTION_NAMES]).toEqual(MODEL_MD.map(([name]) => name));
    expect({ ...DEFAULT_ASSUMPTIONS }).toEqual(Object.fromEntries(MODEL_MD.map(([name, value]) => [name, value])));
  });

  test('every assumption has a description, a rule text, and its default keeps its rule', () => {
    for (const a of ASSUMPTIONS) {
      expect(a.description.length).toBeGreaterThan(10);
      expect(a.rule.text.length).toBeGreaterThan(0);
      expect(a.rule.test(a.value)).toBe(true);
      expect(assumptionSpec(a.name)).toBe(a);
    }
  });

  test('only the proprietary-scenario assumptions are marked proprietaryOnly', () => {
    expect(ASSUMPTIONS.filter((a) => a.proprietaryOnly).map((a) => a.name)).toEqual([
      'proprietaryPriceMultiplier',
      'sequestrationResentment',
    ]);
  });

  test('the defaults are frozen', () => {
    expect(Object.isFrozen(DEFAULT_ASSUMPTIONS)).toBe(true);
    expect(Object.isFrozen(resolveAssumptions())).toBe(true);
  });
});

describe('resolveAssumptions', () => {
  test('no overrides: the defaults', () => {
    expect(resolveAssumptions()).toEqual(DEFAULT_ASSUMPTIONS);
    expect(resolveAssumptions({})).toEqual(DEFAULT_ASSUMPTIONS);
  });

  test('an override replaces one default and leaves the others; undefined values are ignored', () => {
    const a = resolveAssumptions({ imitation: 0.3, months: 12, persuasion: undefined });
    expect(a).toEqual({ ...DEFAULT_ASSUMPTIONS, imitation: 0.3, months: 12 });
  });

  test('names that differ only in case are one assumption given twice, not "last one wins"', () => {
    expect(() => resolveAssumptions({ imitation: 0.3, Imitation: 0.4 } as never)).toThrow(
      'assumption "imitation" is given twice (as "imitation" and "Imitation")',
    );
  });

  describe.each(MODEL_MD)('%s (default %d, %s, range %s)', (name, _value, _unit, range) => {
    const spec = assumptionSpec(name as AssumptionName);
    const { ok, bad } = valuesFor(range);
    test.each(ok)('accepts %d', (v) => {
      // (A small marketSize needs initialMembers within it; customers need an ARR.)
      const extra =
        name === 'marketSize' ? { initialMembers: 0 } : name === 'initialCustomers' ? { initialArr: 1e6 } : {};
      expect(resolveAssumptions({ [name]: v, ...extra })[name as AssumptionName]).toBe(v);
    });
    test.each(bad)('rejects %d with "<name> must be <rule>, got <value>"', (v) => {
      expectInvalid(() => resolveAssumptions({ [name]: v }), `${name} must be ${spec.rule.text}, got ${String(v)}`);
    });
    test('rejects NaN and non-numbers', () => {
      expectInvalid(() => resolveAssumptions({ [name]: NaN }), `${name} must be a number, got NaN`);
      expectInvalid(
        () => resolveAssumptions({ [name]: 'abc' as unknown as number }),
        `${name} must be a number, got "abc"`,
      );
      expectInvalid(
        () => resolveAssumptions({ [name]: null as unknown as number }),
        `${name} must be a number, got an empty cell`,
      );
    });
  });

  test('examples of the rule texts in messages', () => {
    expectInvalid(() => resolveAssumptions({ imitation: -0.2 }), 'imitation must be between 0 and 5, got -0.2');
    expectInvalid(() => resolveAssumptions({ months: 601 }), 'months must be a whole number from 1 to 600, got 601');
    expectInvalid(
      () => resolveAssumptions({ organizations: 2.5 }),
      'organizations must be a whole number from 1 to 1000000000, got 2.5',
    );
    expectInvalid(() => resolveAssumptions({ innovation: 0 }), 'innovation must be > 0 and ≤ 1, got 0');
    expectInvalid(() => resolveAssumptions({ discountRate: -1 }), 'discountRate must be > -1, got -1');
    expectInvalid(
      () => resolveAssumptions({ initialCash: Infinity }),
      'initialCash must be a finite number, got Infinity',
    );
  });

  test('initialMembers must not exceed marketSize (model.md: 0..marketSize)', () => {
    expectInvalid(
      () => resolveAssumptions({ initialMembers: 500001 }),
      'initialMembers must be ≤ marketSize (500000), got 500001',
    );
    expectInvalid(
      () => resolveAssumptions({ marketSize: 1000 }),
      'initialMembers must be ≤ marketSize (1000), got 2000',
    );
    expect(resolveAssumptions({ marketSize: 1000, initialMembers: 1000 }).initialMembers).toBe(1000);
  });

  test('initialCustomers must not exceed organizations (model.md v3: 0..organizations), naming both', () => {
    expectInvalid(
      () => resolveAssumptions({ initialCustomers: 50001, initialArr: 1e6 }),
      'initialCustomers must be ≤ organizations (50000), got 50001',
    );
    expectInvalid(
      () => resolveAssumptions({ organizations: 100, initialCustomers: 150, initialArr: 4e6 }),
      'initialCustomers must be ≤ organizations (100), got 150',
    );
    expect(resolveAssumptions({ organizations: 150, initialCustomers: 150, initialArr: 4e6 }).initialCustomers).toBe(
      150,
    );
  });

  test('initialArr must be > 0 when initialCustomers > 0 (model.md v3), naming both', () => {
    expectInvalid(
      () => resolveAssumptions({ initialCustomers: 150 }),
      'initialArr must be > 0 when initialCustomers is above 0 (initialCustomers 150), got 0',
    );
    expectInvalid(
      () => resolveAssumptions({ initialCustomers: 0.5, initialArr: 0 }),
      'initialArr must be > 0 when initialCustomers is above 0 (initialCustomers 0.5), got 0',
    );
    // ARR without customers is not a rule of model.md: it is accepted (and projected as given).
    expect(resolveAssumptions({ initialArr: 1e6 }).initialArr).toBe(1e6);
    expect(resolveAssumptions({ initialCustomers: 150, initialArr: 4e6 })).toMatchObject({
      initialCustomers: 150,
      initialArr: 4e6,
    });
  });

  test('names are case-insensitive (and trimmed)', () => {
    const overrides = { IMITATION: 0.3, MarketSize: 1e6, ' hiringLag ': 2 } as unknown as Record<
      AssumptionName,
      number
    >;
    expect(resolveAssumptions(overrides)).toEqual({
      ...DEFAULT_ASSUMPTIONS,
      imitation: 0.3,
      marketSize: 1e6,
      hiringLag: 2,
    });
    expect(findAssumption('Imitation').name).toBe('imitation');
  });

  test('an unknown name is an error that suggests the nearest known name', () => {
    const bad = (name: string) => () => resolveAssumptions({ [name]: 1 } as unknown as Record<AssumptionName, number>);
    expectInvalid(bad('imitaton'), 'unknown assumption "imitaton"; did you mean "imitation"?');
    expectInvalid(bad('marketsise'), 'unknown assumption "marketsise"; did you mean "marketSize"?');
    expectInvalid(bad('organisations'), 'unknown assumption "organisations"; did you mean "organizations"?');
    expectInvalid(bad('zzzzzz'), 'unknown assumption "zzzzzz"');
    // Every name with one letter dropped is recognised as a typo of that name.
    for (const name of ASSUMPTION_NAMES) {
      const typo = name.slice(0, 2) + name.slice(3);
      expectInvalid(bad(typo), `unknown assumption "${typo}"; did you mean "${name}"?`);
    }
  });
});

describe('nearest', () => {
  test('finds the closest known name by case-insensitive edit distance', () => {
    expect(nearest('custmers', ['customers', 'members'])).toBe('customers');
    expect(nearest('MEMBRS', ['customers', 'members'])).toBe('members');
    expect(nearest('  memebrs ', ['customers', 'members'])).toBe('members');
    expect(nearest('marketsize', ASSUMPTION_NAMES)).toBe('marketSize');
  });

  test('only when close enough: distance ≤ max(2, ⌊length/3⌋)', () => {
    expect(nearest('xy', ['xyz'])).toBe('xyz'); // distance 1
    expect(nearest('abc', ['xyz'])).toBeUndefined(); // distance 3 > 2
    expect(nearest('abcdefghi', ['abcxyzghi'])).toBe('abcxyzghi'); // distance 3 ≤ ⌊9/3⌋
    expect(nearest('abcdefghi', ['abwxyzghi'])).toBeUndefined(); // distance 4 > 3
    expect(nearest('zzzzzzzzz', ASSUMPTION_NAMES)).toBeUndefined();
  });

  test('ties go to the first known name; nothing known, nothing suggested', () => {
    expect(nearest('ab', ['ac', 'ad'])).toBe('ac');
    expect(nearest('ab', [])).toBeUndefined();
  });
});

describe('long names: messages stay short, suggestions cost little', () => {
  const longest = Math.max(...ASSUMPTION_NAMES.map((n) => n.length));

  test('an unknown name of 1,000,000 characters is quoted by its first 40, with its length', () => {
    const name = 'x'.repeat(1_000_000);
    expectInvalid(() => findAssumption(name), `unknown assumption "${'x'.repeat(40)}… (1,000,000 characters)"`);
    expectInvalid(
      () => overridesFromRows([[name, 1]]),
      `assumptions row 1: unknown assumption "${'x'.repeat(40)}… (1,000,000 characters)"`,
    );
  });

  test('a name far longer than any known one computes no edit-distance cell', () => {
    const work: EditWork = { cells: 0 };
    expect(nearest('imitation'.repeat(3641), ASSUMPTION_NAMES, work)).toBeUndefined(); // 32,769 characters
    expect(work.cells).toBe(0);
  });

  test('the distance is computed only within its limit of the diagonal', () => {
    const work: EditWork = { cells: 0 };
    // 'x' + a name: one edit from it, but a band of 2·2 + 1 cells per row at most.
    expect(nearest(`x${'customerChurn'}`, ASSUMPTION_NAMES, work)).toBe('customerChurn');
    expect(work.cells).toBeLessThanOrEqual(ASSUMPTION_NAMES.length * (longest + 3) * (2 * 4 + 1));
    expect(editDistance('abcdefghi', 'abwxyzghi', 3)).toBe(4); // beyond the limit: limit + 1
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('imitaton', 'imitation', 2)).toBe(1);
  });

  test('within the limit it is the Levenshtein distance', () => {
    const full = (a: string, b: string) => editDistance(a, b, Math.max(a.length, b.length));
    expect([full('kitten', 'sitting'), full('sitting', 'kitten'), full('', 'abc'), full('flaw', 'lawn')]).toEqual([
      3, 3, 3, 2,
    ]);
    expect(full('intention', 'execution')).toBe(5);
  });
});

describe('overridesFromRows', () => {
  test('the assumptions table as OSS.ASSUMPTIONS lays it out (header row, extra columns) reads back as the defaults', () => {
    const table = [
      ['name', 'value', 'unit', 'description'],
      ...ASSUMPTIONS.map((a) => [a.name, a.value, a.unit, a.description]),
    ];
    expect(overridesFromRows(table)).toEqual({ ...DEFAULT_ASSUMPTIONS });
  });

  test('header row skipped (any case), blank rows skipped, extra columns ignored', () => {
    expect(
      overridesFromRows([
        ['Name', 'Value'],
        ['imitation', 0.3],
      ]),
    ).toEqual({ imitation: 0.3 });
    expect(
      overridesFromRows([
        ['imitation', 0.3, 'per year', 'ignored'],
        [null, null],
        ['', 12],
        [undefined],
        [],
        ['Months', 24],
      ]),
    ).toEqual({ imitation: 0.3, months: 24 });
    expect(overridesFromRows([])).toEqual({});
  });

  test('"name" is a header only in the first row', () => {
    expectInvalid(
      () =>
        overridesFromRows([
          ['imitation', 0.3],
          ['name', 1],
        ]),
      'assumptions row 2: unknown assumption "name"',
    );
  });

  test('messages name the row (1-based, counting the header and blank rows) and where', () => {
    expectInvalid(
      () =>
        overridesFromRows([
          ['name', 'value'],
          [null, null],
          ['imitation', 7],
        ]),
      'assumptions row 3: imitation must be between 0 and 5, got 7',
    );
    expectInvalid(
      () => overridesFromRows([['months', 0]], 'Sheet1!A1:B1'),
      'Sheet1!A1:B1 row 1: months must be a whole number from 1 to 600, got 0',
    );
    expectInvalid(
      () =>
        overridesFromRows([
          ['name', 'value'],
          ['imitaton', 0.3],
        ]),
      'assumptions row 2: unknown assumption "imitaton"; did you mean "imitation"?',
    );
  });

  test('duplicates (also differing in case) are an error naming both rows', () => {
    expectInvalid(
      () =>
        overridesFromRows([
          ['name', 'value'],
          ['imitation', 0.3],
          ['months', 12],
          ['Imitation', 0.4],
        ]),
      'assumption "imitation" is given twice (assumptions rows 2 and 4)',
    );
  });

  test('non-numeric values', () => {
    expectInvalid(
      () => overridesFromRows([['imitation', 'abc']]),
      'assumptions row 1: imitation must be a number, got "abc"',
    );
    expectInvalid(
      () => overridesFromRows([['imitation', null]]),
      'assumptions row 1: imitation must be a number, got an empty cell',
    );
    expectInvalid(
      () => overridesFromRows([['imitation', '']]),
      'assumptions row 1: imitation must be a number, got an empty cell',
    );
    expectInvalid(
      () => overridesFromRows([['imitation', true]]),
      'assumptions row 1: imitation must be a number, got TRUE',
    );
    expectInvalid(
      () => overridesFromRows([['imitation', '0.3 a year']]),
      'assumptions row 1: imitation must be a number, got "0.3 a year"',
    );
  });

  test('text that spells a number, as finance users type it, is that number', () => {
    expect(
      overridesFromRows([
        ['imitation', '0.3'],
        ['expansion', '15%'],
        ['initialCash', '$15,000,000'],
        ['fixedCosts', '1,000'],
        ['marketingCosts', '1e6'],
      ]),
    ).toEqual({ imitation: 0.3, expansion: 0.15, initialCash: 15e6, fixedCosts: 1000, marketingCosts: 1e6 });
    expectInvalid(
      () => overridesFromRows([['fixedCosts', '(1,000)']]),
      'assumptions row 1: fixedCosts must be ≥ 0, got -1000',
    );
  });

  test('non-text names', () => {
    expectInvalid(() => overridesFromRows([[5, 1]]), 'assumptions row 1: the name must be text, got 5');
    expectInvalid(
      () =>
        overridesFromRows([
          ['name', 'value'],
          [false, 1],
        ]),
      'assumptions row 2: the name must be text, got FALSE',
    );
  });

  test('the cross-rule initialMembers ≤ marketSize is left to resolveAssumptions', () => {
    const overrides = overridesFromRows([['marketSize', 1000]]);
    expect(overrides).toEqual({ marketSize: 1000 });
    expectInvalid(() => resolveAssumptions(overrides), 'initialMembers must be ≤ marketSize (1000), got 2000');
  });
});
