/**
 * Property-based fuzzing (fast-check) of every function in the generated metadata: each one is
 * called, as Excel would call it, with random and hostile arguments chosen per parameter from
 * its metadata (type, dimensionality, optional), and must keep the spec's promise
 * (spec/functions.md, "Conventions"): no bad input throws out of a function, no function
 * returns NaN or Infinity, and an error is a value (CustomFunctions.Error, or a 1×1 range
 * holding one for an array function) with an Excel error code and a message; an invalid-input
 * message names the argument.
 *
 * The functions are taken from the metadata, not from a hand-written list, so a new function
 * is fuzzed as soon as it is declared. A failure prints fast-check's seed and counterexample.
 */
import fc from 'fast-check';
import * as oss from '../../src/functions/functions';
import { ASSUMPTIONS, KPI_NAMES, MONTHLY_OUTPUTS, PLAN_NAMES, SCENARIOS } from '../../src/model';
import { MONTHLY_STATISTICS } from '../../src/engine/simulation';
import { YEAR_KPI_NAMES } from '../../src/functions/year-kpi';
import {
  EXCEL_ERROR_CODES,
  MetadataFunction,
  MetadataParameter,
  adapterFor,
  errorOf,
  excelName,
  loadFunctionsMetadataSync,
  show,
} from '../support/oss-functions';

const metadata = loadFunctionsMetadataSync();

const RUNS_PER_FUNCTION = 200;
/** OSS.SIMULATE's calls run whole simulations: fewer of them. */
const RUNS_PER_ASYNC_FUNCTION = 60;

// ---------------------------------------------------------------------------------------------
// Argument generators. Work is biased small (a few cells, short horizons) and kept large only
// rarely: OSS.ECOSYSTEM with 100,000 projects × 600 surviving months takes seconds.

/** Numbers a user might type: mostly small, in the ranges the functions accept. */
const plausibleNumber = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 60 }) },
  { weight: 4, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 2, arbitrary: fc.double({ min: -2, max: 6, noNaN: true }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000_000 }) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1e7, noNaN: true }) },
);

/** Boundaries and hostile numbers: limits of the rules, non-integers, overflow, NaN, ±Infinity. */
const specialNumber = fc.constantFrom(
  0,
  -0,
  1,
  -1,
  0.5,
  -0.2,
  1.5,
  2,
  3,
  5,
  5.0001,
  12,
  60,
  600,
  601,
  100_000,
  100_001,
  1e8,
  1e8 + 1,
  2 ** 53 - 1,
  2 ** 53,
  1e16,
  1e300,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e-300,
  -1e-300,
  1 - 2 ** -53,
  -1 + 2 ** -52,
  NaN,
  Infinity,
  -Infinity,
);

const anyNumber = fc.oneof(
  { weight: 6, arbitrary: plausibleNumber },
  { weight: 3, arbitrary: specialNumber },
  { weight: 1, arbitrary: fc.double() }, // any double, NaN and ±Infinity included
);

/** OSS.KPI's names: at the horizon, and of a year (issue 16). */
const ALL_KPIS = [...KPI_NAMES, ...YEAR_KPI_NAMES];

const NAMES = [...ALL_KPIS, ...MONTHLY_OUTPUTS, ...ASSUMPTIONS.map((a) => a.name), ...SCENARIOS];
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', 'abc', '1', '0.5', 'TRUE', '#N/A', '=1+1', 'name', 'value', 'x'.repeat(100), ...NAMES),
);

/** Anything that is not a number: text, booleans, empty. */
const nonNumber = fc.oneof(text, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(''));

const cell = fc.oneof({ weight: 8, arbitrary: anyNumber }, { weight: 1, arbitrary: nonNumber });

/** A rows × cols range of `cells`. */
const rangeOf = (cells: fc.Arbitrary<unknown>, maxRows: number, maxCols: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxCols }))
    .chain(([rows, cols]) =>
      fc.array(fc.array(cells, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
    );

const columnOf = (cells: fc.Arbitrary<unknown>, maxLength: number) =>
  fc.array(
    cells.map((x) => [x]),
    { minLength: 1, maxLength },
  );

const range2000x1 = Array.from({ length: 2000 }, (_, i) => [i % 97]);
const range300x300 = Array.from({ length: 300 }, (_, r) => Array.from({ length: 300 }, (_, c) => (r * 300 + c) % 101));
const column600 = Array.from({ length: 600 }, (_, i) => [i * 10]);
const row601 = [Array.from({ length: 601 }, (_, i) => i)];

/** Malformed and huge ranges. */
const hostileRange = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.constantFrom<unknown>(
      [],
      [[]],
      [[], []],
      [[1], [1, 2]],
      [[1, 2], [3]],
      [1, 2, 3],
      [[[1]]],
      [[NaN]],
      [[Infinity, 1]],
      [['a', null]],
      [[null]],
      [[undefined]],
      [[true]],
      [['']],
      [
        [1, '2'],
        [3, 4],
      ],
      column600,
      row601,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(range2000x1, range300x300) },
);

/** What a matrix parameter receives: ranges of every kind, and single values. */
const rangeArgument = fc.oneof(
  { weight: 4, arbitrary: rangeOf(plausibleNumber, 4, 4) },
  { weight: 3, arbitrary: columnOf(plausibleNumber, 60) },
  { weight: 3, arbitrary: rangeOf(cell, 4, 4) },
  { weight: 2, arbitrary: hostileRange },
  { weight: 2, arbitrary: anyNumber },
  { weight: 1, arbitrary: nonNumber },
);

/** What a scalar number parameter receives: numbers mostly, and anything else. */
const numberArgument = fc.oneof(
  { weight: 12, arbitrary: anyNumber },
  { weight: 2, arbitrary: nonNumber },
  { weight: 1, arbitrary: rangeOf(cell, 2, 2) },
);

const textArgument = (choices: readonly string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...choices) },
    { weight: 2, arbitrary: fc.constantFrom(...choices).map((c) => ` ${c.toUpperCase()} `) },
    { weight: 2, arbitrary: text },
    { weight: 1, arbitrary: anyNumber },
    { weight: 1, arbitrary: nonNumber },
    { weight: 1, arbitrary: rangeOf(cell, 2, 2) },
  );

/** One row of an assumptions table: a known name (sometimes misspelt) with a value near its default, or junk. */
const assumptionRow = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .constantFrom(...ASSUMPTIONS)
      .chain((a) =>
        fc.tuple(
          fc.oneof(
            { weight: 6, arbitrary: fc.constant<unknown>(a.name) },
            { weight: 1, arbitrary: fc.constant<unknown>(a.name.toUpperCase()) },
            { weight: 1, arbitrary: fc.constant<unknown>(a.name.slice(1)) },
          ),
          fc.oneof(
            { weight: 2, arbitrary: fc.constant<unknown>(a.value) },
            { weight: 4, arbitrary: fc.double({ min: 0, max: 2, noNaN: true }).map((k) => a.value * k) },
            { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((k) => Math.round(a.value * k)) },
            { weight: 3, arbitrary: anyNumber },
            { weight: 1, arbitrary: nonNumber },
          ),
        ),
      ),
  },
  { weight: 1, arbitrary: fc.tuple(cell, cell) },
);

/** An assumptions table: optional header, name/value rows (sometimes unit and description too). */
const assumptionsTable = fc
  .tuple(fc.boolean(), fc.boolean(), fc.array(assumptionRow, { maxLength: 6 }))
  .map(([header, wide, rows]) => {
    const table = header ? [['name', 'value'], ...rows] : rows;
    return wide ? table.map((row) => [...row, 'unit', 'description']) : table;
  });

const assumptionsArgument = fc.oneof(
  { weight: 6, arbitrary: assumptionsTable },
  { weight: 1, arbitrary: hostileRange },
  { weight: 1, arbitrary: rangeOf(cell, 3, 3) },
  { weight: 1, arbitrary: nonNumber },
  { weight: 1, arbitrary: anyNumber },
);

const metricsArgument = fc.oneof(
  { weight: 4, arbitrary: fc.subarray([...MONTHLY_OUTPUTS]).map((m) => m.join(', ')) },
  {
    weight: 2,
    arbitrary: fc.array(fc.oneof(fc.constantFrom(...MONTHLY_OUTPUTS), text), { maxLength: 4 }).map((m) => m.join(',')),
  },
  { weight: 1, arbitrary: textArgument(MONTHLY_OUTPUTS) },
);

/**
 * Valid-looking values for the parameters the functions have today, by parameter name, so that
 * most calls get past validation and exercise the model (a parameter not listed here gets
 * only the generic generators). Sizes are biased small; large work is drawn rarely.
 */
const smallInt = (max: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: Math.min(60, max) }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max }) },
  );
/** Uniform-ish in [min, max] (fc.double favours tiny magnitudes, subnormals included: those come from the hostile generators). */
const between = (min: number, max: number) =>
  fc.integer({ min: 0, max: 1_000_000 }).map((i) => min + ((max - min) * i) / 1_000_000);
const cellsOf = (values: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 3, arbitrary: columnOf(values, 60) },
    { weight: 2, arbitrary: rangeOf(values, 3, 3) },
    { weight: 1, arbitrary: values },
  );
/**
 * A plan range (functions.md v3): an optional header, rows of month, name, value (sometimes a
 * note column), months as numbers, Excel dates or text, names plannable or not, values of every
 * kind: many run, the rest must come back as a message naming the plan's cell.
 */
const planRow = fc.tuple(
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: 46000, max: 49000 }) }, // Excel dates, 2025 to 2034
    { weight: 1, arbitrary: fc.constantFrom<unknown>('2027-01', '2027-13', '2027-02-30', '2026-12-01') },
    { weight: 2, arbitrary: cell },
  ),
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<unknown>(...PLAN_NAMES) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(...ASSUMPTIONS.map((a) => a.name)) },
    { weight: 1, arbitrary: cell },
  ),
  fc.oneof(
    { weight: 4, arbitrary: between(0, 1) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 10_000_000 }) },
    { weight: 2, arbitrary: anyNumber },
    { weight: 1, arbitrary: nonNumber },
  ),
);
const planTable = fc
  .tuple(fc.boolean(), fc.boolean(), fc.array(planRow, { maxLength: 6 }))
  .map(([header, note, rows]) => {
    const table: unknown[][] = header ? [['month', 'name', 'value'], ...rows] : rows;
    return note ? table.map((row, r) => [...row, r === 0 && header ? 'note' : 'a note']) : table;
  });

const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
  plan: planTable,
  marketSize: fc.oneof(between(1, 1e8), fc.integer({ min: 1, max: 1e7 })),
  innovation: between(1e-4, 1),
  imitation: between(0, 5),
  years: cellsOf(between(0, 50)),
  months: smallInt(600),
  annualChurn: between(0, 1),
  initialMembers: between(0, 1000),
  members: cellsOf(fc.oneof(between(0, 1e7), fc.integer({ min: 0, max: 10000 }))),
  organizations: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 1_000_000 }) },
    { weight: 1, arbitrary: fc.constantFrom(1, 2, 17, 1e12) },
  ),
  sizeSkew: fc.oneof(between(0, 3), fc.constantFrom(0, 1, 3)),
  employedShare: between(0, 1),
  advocates: cellsOf(fc.oneof(between(0, 1e6), fc.integer({ min: 0, max: 100 }))),
  persuasion: fc.oneof(between(0, 1), between(0, 0.01)),
  customers: cellsOf(between(0, 1e5)),
  annualContractValue: between(0, 1e6),
  annualPriceGrowth: between(-0.99, 1),
  servicesAttach: between(0, 2),
  scenario: fc.constantFrom(...SCENARIOS),
  kpi: fc.constantFrom(...ALL_KPIS),
  // OSS.KPI's year: an index, a fiscal year (with startDate from the assumptions, which the
  // generated tables rarely set: most of these are a message), its label, or a Year k label.
  year: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 7 }) },
    { weight: 2, arbitrary: fc.integer({ min: 2024, max: 2034 }) },
    { weight: 2, arbitrary: fc.integer({ min: 2024, max: 2034 }).map((y) => `FY${y}`) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 7 }).map((k) => `Year ${k}`) },
  ),
  projects: fc.oneof(
    { weight: 30, arbitrary: fc.integer({ min: 1, max: 50 }) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 1000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 100_000 }) },
  ),
  drift: fc.oneof(between(-0.2, 0.2), between(-5, 5)),
  volatility: between(0, 2),
  teamThreshold: fc.oneof(between(0, 1000), fc.constant(0)),
  teamBonus: between(-0.1, 0.1),
  seed: fc.integer({ min: 0, max: 1e8 }),
  trial: cellsOf(fc.integer({ min: 0, max: 1e8 })),
  variable: fc.integer({ min: 0, max: 1e8 }),
  entity: fc.integer({ min: 0, max: 1e8 }),
  seed3: fc.integer({ min: 0, max: 1e8 }),
  seed4: fc.integer({ min: 0, max: 1e8 }),
  metric: fc.constantFrom(...MONTHLY_STATISTICS),
  trials: fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 1, max: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 2000 }) },
  ),
};

/**
 * Optional parameters whose default is heavy work, omitted this many times more rarely
 * (OSS.ECOSYSTEM's default is 10,000 projects: still drawn a few times per run).
 */
const RARELY_OMITTED: Record<string, number> = { projects: 20, trials: 20 };

/** The generator for one parameter, from its metadata (and its name, for text with fixed choices). */
function parameterArgument(p: MetadataParameter): fc.Arbitrary<unknown> {
  let hostile: fc.Arbitrary<unknown>;
  if (p.name === 'assumptions') hostile = assumptionsArgument;
  else if (p.name === 'kpi') hostile = textArgument(ALL_KPIS);
  else if (p.name === 'scenario') hostile = textArgument(SCENARIOS);
  else if (p.name === 'metrics') hostile = metricsArgument;
  else if (p.name === 'metric') hostile = textArgument(MONTHLY_STATISTICS);
  else if (p.dimensionality === 'matrix') hostile = rangeArgument;
  else if (p.type === 'string') hostile = textArgument(NAMES);
  else hostile = numberArgument;
  const plausible = PLAUSIBLE[p.name];
  const value = plausible ? fc.oneof({ weight: 8, arbitrary: plausible }, { weight: 2, arbitrary: hostile }) : hostile;
  if (!p.optional) return value;
  const rarity = RARELY_OMITTED[p.name] ?? 1;
  return fc.oneof({ weight: 5 * rarity, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom(null, undefined) });
}

/** Deep-freezes generated arguments: a function that writes into its input then throws. */
function frozen<T>(value: T): T {
  if (Array.isArray(value)) {
    value.forEach(frozen);
    Object.freeze(value);
  }
  return value;
}

/** All of a function's arguments; sometimes trailing ones left off (a shorter call). */
function argumentsFor(f: MetadataFunction): fc.Arbitrary<unknown[]> {
  return fc
    .tuple(fc.tuple(...f.parameters.map(parameterArgument)), fc.integer({ min: 0, max: 9 }))
    .map(([args, cut]) => frozen(cut === 0 ? args.slice(0, Math.floor(args.length / 2)) : args));
}

// ---------------------------------------------------------------------------------------------
// The contract of a result.

/**
 * The work of a call that walks projects × months (OSS.ECOSYSTEM: parameters named projects and
 * months, defaults 10,000 and 120), so that the run can skip the rare huge draws. In jest's VM
 * context one project-month costs about 2 µs (about 20 times more than in plain Node), so the
 * largest valid call, 100,000 × 600, would take minutes here; calls above MAX_WORK are skipped
 * (fc.pre). Large projects counts and long horizons are still drawn, just not both at once.
 */
const MAX_WORK = 500_000;
function estimatedWork(f: MetadataFunction, args: unknown[]): number {
  const valueOf = (name: string, fallback: number): number | undefined => {
    const i = f.parameters.findIndex((p) => p.name === name);
    if (i < 0) return undefined;
    const v = args[i];
    if (v === null || v === undefined) return fallback;
    return typeof v === 'number' && Number.isFinite(v) ? Math.abs(v) : 0;
  };
  const projects = valueOf('projects', 10_000);
  const months = valueOf('months', 120);
  // OSS.SIMULATE: trials × the months of its assumptions (60 by default; a table may set more).
  const trials = valueOf('trials', 1000);
  if (trials !== undefined) return trials * SIMULATED_TRIAL_WORK;
  return projects === undefined || months === undefined ? 0 : projects * months;
}
/** One simulated trial of up to 600 months costs about as much here as 250 project-months. */
const SIMULATED_TRIAL_WORK = 250;

/**
 * The arguments Excel passes: those of the formula, and for a cancelable function a last one,
 * its invocation (which the function may give an onCanceled handler).
 */
const withInvocation = (f: MetadataFunction, args: unknown[]): unknown[] =>
  f.options?.cancelable ? [...args, ...new Array(Math.max(0, f.parameters.length - args.length)).fill(null), {}] : args;

/** Words an invalid-input message may use to name a parameter of `f`. */
function argumentWords(f: MetadataFunction): string[] {
  const words = f.parameters.map((p) => p.name.toLowerCase().replace(/s$/, ''));
  if (f.parameters.some((p) => p.name === 'assumptions')) words.push(...ASSUMPTIONS.map((a) => a.name.toLowerCase()));
  return words;
}

/** Why `result` breaks the contract, or undefined if it keeps it. */
function contractViolation(f: MetadataFunction, result: unknown): string | undefined {
  const error = errorOf(result);
  if (error) {
    if (!EXCEL_ERROR_CODES.includes(error.code)) return `unknown error code ${JSON.stringify(error.code)}`;
    if (typeof error.message !== 'string' || error.message.trim() === '') return 'an error without a message';
    if (/failed unexpectedly/.test(error.message))
      return `an unexplained error (an exception caught by the adapter): ${error.message}`;
    // An overflow is #VALUE! too (Excel shows no message with #NUM!): its message says so instead.
    const overflow = / is too large for a number/.test(error.message);
    if (
      error.code === '#VALUE!' &&
      !overflow &&
      !argumentWords(f).some((w) => error.message.toLowerCase().includes(w))
    ) {
      return `a #VALUE! message that names no argument: ${error.message}`;
    }
    return undefined;
  }
  if (f.result.dimensionality !== 'matrix') {
    if (typeof result === 'string') return undefined;
    return typeof result === 'number' && Number.isFinite(result)
      ? undefined
      : `not a finite number or text: ${show(result)}`;
  }
  if (!Array.isArray(result) || result.length === 0) return `not a non-empty 2-D array: ${show(result).slice(0, 200)}`;
  const width = Array.isArray(result[0]) ? result[0].length : -1;
  if (width < 1) return 'a first row that is not a non-empty array';
  for (const [r, row] of result.entries()) {
    if (!Array.isArray(row) || row.length !== width) return `row ${r + 1} is not an array of ${width} cells`;
    for (const [c, value] of row.entries()) {
      const ok = typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
      if (!ok) return `cell (${r + 1}, ${c + 1}) is ${show(value)}`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
describe('fuzz: every function in the metadata, random and hostile arguments', () => {
  test('the metadata lists the functions of the spec', () => {
    const names = metadata.functions.map(excelName);
    for (const name of [
      'OSS.BASS',
      'OSS.MEMBERS',
      'OSS.EMPLOYERS',
      'OSS.CONVERSION',
      'OSS.CUSTOMERS',
      'OSS.REVENUE',
      'OSS.ASSUMPTIONS',
      'OSS.PROJECTION',
      'OSS.KPI',
      'OSS.ECOSYSTEM',
      'OSS.HDR',
      'OSS.SIMULATE',
    ]) {
      expect(names).toContain(name);
    }
  });

  test('the contract check itself rejects what it should (control)', () => {
    const bass = metadata.functions.find((f) => f.name === 'BASS')!;
    const kpi = metadata.functions.find((f) => f.name === 'KPI')!;
    const error = (code: string, message?: string) =>
      new CustomFunctions.Error(code as CustomFunctions.ErrorCode, message);
    expect(contractViolation(bass, [[1], [2]])).toBeUndefined();
    expect(
      contractViolation(bass, [[error('#VALUE!', 'imitation must be between 0 and 5, got -0.2')]]),
    ).toBeUndefined();
    expect(contractViolation(kpi, 3)).toBeUndefined();
    for (const bad of [
      [[NaN]],
      [[Infinity]],
      [[1], [2, 3]],
      [],
      [[]],
      [[null]],
      [[true]],
      5,
      [[error('#VALUE!', 'x'), 1]],
    ]) {
      expect(contractViolation(bass, bad)).toBeDefined();
    }
    for (const bad of [NaN, -Infinity, [[1]], null, undefined]) expect(contractViolation(kpi, bad)).toBeDefined();
    expect(contractViolation(kpi, error('#BOGUS!'))).toMatch(/unknown error code/);
    expect(contractViolation(kpi, error('#VALUE!'))).toMatch(/without a message/);
    expect(contractViolation(kpi, error('#VALUE!', 'OSS.KPI failed unexpectedly: boom'))).toMatch(/unexplained/);
    expect(contractViolation(bass, [[error('#VALUE!', 'must be a number, got 3')]])).toMatch(/names no argument/);
  });

  test.each(metadata.functions.map((f) => [excelName(f), f] as const))(
    '%s never throws and returns finite values, text, or an explained Excel error',
    (_name, f) => {
      const adapter = adapterFor(f);
      // An asynchronous function (OSS.SIMULATE) is awaited: its promise must resolve, never reject.
      return fc.assert(
        fc.asyncProperty(argumentsFor(f), async (args) => {
          fc.pre(estimatedWork(f, args) <= MAX_WORK);
          const started = Date.now();
          const result = await adapter(...withInvocation(f, args)); // throwing fails the property
          const violation = contractViolation(f, result);
          if (violation) throw new Error(`${excelName(f)}(${show(args).slice(1, -1).slice(0, 300)}): ${violation}`);
          // Pure and deterministic: the same arguments again give the same result (cheap calls only).
          if (Date.now() - started < 20) {
            const again = await adapter(...withInvocation(f, args));
            if (show(again) !== show(result))
              throw new Error(`${excelName(f)}: a second call with the same arguments differs`);
          }
        }),
        { numRuns: f.options?.cancelable ? RUNS_PER_ASYNC_FUNCTION : RUNS_PER_FUNCTION },
      );
    },
  );
});

// ---------------------------------------------------------------------------------------------
describe('fuzz: huge ranges in every matrix parameter', () => {
  const withMatrix = metadata.functions.filter((f) => f.parameters.some((p) => p.dimensionality === 'matrix'));

  test.each(withMatrix.map((f) => [excelName(f), f] as const))('%s with 2000×1 and 300×300 ranges', (_name, f) => {
    const adapter = adapterFor(f);
    const huge = fc.constantFrom<unknown>(range2000x1, range300x300, column600, row601);
    const args = fc.tuple(...f.parameters.map((p) => (p.dimensionality === 'matrix' ? huge : parameterArgument(p))));
    return fc.assert(
      fc.asyncProperty(args, async (values) => {
        fc.pre(estimatedWork(f, values) <= MAX_WORK);
        const violation = contractViolation(f, await adapter(...withInvocation(f, values)));
        if (violation) throw new Error(`${excelName(f)}: ${violation}`);
      }),
      { numRuns: 8 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties of valid results (the model's own bounds), on valid random arguments.
describe('fuzz: bounds of valid results', () => {
  const share = fc.double({ min: 0, max: 1, noNaN: true });
  const count = fc.double({ min: 1, max: 1e9, noNaN: true });
  const options = { numRuns: 100 };

  test('OSS.BASS: 0 ≤ m·F(t) ≤ m, non-decreasing in t', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (m, p, q, times) => {
          const sorted = [...times].sort((a, b) => a - b);
          const values = (
            oss.bass(
              m,
              p,
              q,
              sorted.map((t) => [t]),
            ) as number[][]
          ).map((r) => r[0]);
          values.forEach((v, i) => {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(m * (1 + 1e-12));
            if (i > 0) expect(v).toBeGreaterThanOrEqual(values[i - 1] * (1 - 1e-12));
          });
        },
      ),
      options,
    );
  });

  test('OSS.EMPLOYERS: for members ≥ 1, 0 ≤ reached ≤ min(employed members, organizations), non-decreasing', () => {
    fc.assert(
      fc.property(
        fc.array(count, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (members, organizations, skew, employed) => {
          const sorted = [...members].sort((a, b) => a - b);
          const values = (
            oss.employers(
              sorted.map((n) => [n]),
              organizations,
              skew,
              employed,
            ) as number[][]
          ).map((r) => r[0]);
          values.forEach((v, i) => {
            expect(v).toBeGreaterThanOrEqual(0);
            if (employed * sorted[i] >= 1)
              expect(v).toBeLessThanOrEqual(Math.min(employed * sorted[i], organizations) * (1 + 1e-9));
            if (i > 0) expect(v).toBeGreaterThanOrEqual(values[i - 1] * (1 - 1e-9));
          });
        },
      ),
      options,
    );
  });

  test('OSS.CONVERSION and OSS.HDR stay in [0, 1] and (0, 1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        share,
        fc.integer({ min: 0, max: 1e8 }),
        fc.integer({ min: 0, max: 1e8 }),
        (k, p, trial, seed) => {
          const c = oss.conversion([[k]], p)[0][0] as number;
          expect(c >= 0 && c <= 1).toBe(true);
          const u = oss.hdr([[trial]], 0, 0, seed)[0][0] as number;
          expect(u > 0 && u < 1).toBe(true);
        },
      ),
      options,
    );
  });

  test('OSS.MEMBERS ≤ marketSize and OSS.CUSTOMERS ≤ organizations, both ≥ 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 120 }),
        share,
        fc.integer({ min: 1, max: 1_000_000 }),
        share,
        (m, p, q, months, churn, organizations, persuasion) => {
          const n = oss.members(m, p, q, months, churn) as number[][];
          for (const [v] of n) expect(v >= 0 && v <= m * (1 + 1e-12)).toBe(true);
          const c = oss.customers(n, organizations, persuasion, churn) as number[][];
          expect(c).toHaveLength(months);
          for (const [v] of c) expect(v >= 0 && v <= organizations * (1 + 1e-12)).toBe(true);
        },
      ),
      options,
    );
  });
});
