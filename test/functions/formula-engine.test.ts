/**
 * Real worksheet formulas over the OSS.* functions, evaluated by a real formula engine:
 * HyperFormula 3.5 (GPL-3.0, a test-only dev dependency; licenseKey "gpl-v3") with every
 * function of the generated metadata registered under its Excel name by
 * test/support/hyperformula-oss.ts. This checks what unit tests of the adapters cannot: that the
 * metadata matches the adapters (names, argument order, which arguments take ranges, which are
 * optional), that results spill in the shape the spec gives, and that they compose with
 * Excel's own functions (SUM, NPV, INDEX) and with ranges on the sheet.
 */
import { DetailedCellError, HyperFormula } from 'hyperformula';
import type { CellValue, RawCellContent } from 'hyperformula';
import * as oss from '../../src/functions/functions';
import { registerOssFunctions, synchronousFunctions } from '../support/hyperformula-oss';
import { FunctionsMetadata, excelName, loadFunctionsMetadata } from '../support/oss-functions';
import reference from '../reference/reference.json';
import founderReference from '../reference/founder.json';
import yearsReference from '../reference/years.json';

let metadata: FunctionsMetadata;
let registration: { names: string[]; unregister: () => void };

beforeAll(async () => {
  metadata = await loadFunctionsMetadata();
  registration = registerOssFunctions(metadata);
});

afterAll(() => registration?.unregister());

const engines: HyperFormula[] = [];
afterEach(() => engines.splice(0).forEach((hf) => hf.destroy()));

/**
 * An engine on one sheet holding `cells` (values only: formulas are added afterwards with `put`).
 * smartRounding off: HyperFormula would otherwise round exported numbers to 10 significant
 * digits, and these tests compare the engine's values with the adapters' exactly.
 */
function sheet(cells: RawCellContent[][] = [[]]): HyperFormula {
  const hf = HyperFormula.buildFromArray(cells, { licenseKey: 'gpl-v3', smartRounding: false });
  engines.push(hf);
  return hf;
}

/** Enters `formula` at (row, col) of sheet 0, 0-based as HyperFormula counts. */
function put(hf: HyperFormula, row: number, col: number, formula: string): void {
  hf.setCellContents({ sheet: 0, row, col }, [[formula]]);
}

const at = (hf: HyperFormula, row: number, col: number): CellValue => hf.getCellValue({ sheet: 0, row, col });

/** The values of a block of sheet 0: `rows` × `cols` from (row, col). */
function block(hf: HyperFormula, row: number, col: number, rows: number, cols: number): CellValue[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => at(hf, row + r, col + c)));
}

/** Evaluates one formula in an empty cell of a fresh sheet and returns the anchor value. */
function evaluate(formula: string): CellValue {
  const hf = sheet();
  put(hf, 0, 0, formula);
  return at(hf, 0, 0);
}

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('registration from the generated metadata', () => {
  test('every metadata function is registered under OSS.<NAME>, with a dot in the name', () => {
    const expected = synchronousFunctions(metadata).map(excelName).sort();
    expect(expected.length).toBeGreaterThanOrEqual(11);
    expect(metadata.functions.map(excelName).filter((n) => !expected.includes(n))).toEqual(['OSS.SIMULATE']);
    expect(registration.names.slice().sort()).toEqual(expected);
    const registered = HyperFormula.getRegisteredFunctionNames('enGB');
    for (const name of expected) expect(registered).toContain(name);
  });
});

describe('the metadata keeps the public contract of spec/functions.md', () => {
  // Names, argument order and optional arguments ([name] in the spec's table), written out from
  // /work/shared/spec/functions.md: workbooks depend on them, so they never change.
  const SPEC: Record<string, string[]> = {
    'OSS.BASS': ['marketSize', 'innovation', 'imitation', 'years'],
    'OSS.MEMBERS': ['marketSize', 'innovation', 'imitation', 'months', '[annualChurn]', '[initialMembers]'],
    'OSS.EMPLOYERS': ['members', 'organizations', '[sizeSkew]', '[employedShare]'],
    'OSS.CONVERSION': ['advocates', 'persuasion'],
    'OSS.CUSTOMERS': ['members', 'organizations', 'persuasion', '[annualChurn]', '[sizeSkew]', '[employedShare]'],
    'OSS.REVENUE': ['customers', 'annualContractValue', '[annualPriceGrowth]', '[servicesAttach]'],
    'OSS.ASSUMPTIONS': ['[scenario]'],
    // v3 (a running company): the plan, appended as the last optional argument.
    'OSS.PROJECTION': ['[assumptions]', '[scenario]', '[metrics]', '[plan]'],
    // v3 (a board report, issue 16): the year of a yearly KPI, appended after the plan.
    'OSS.KPI': ['kpi', '[assumptions]', '[scenario]', '[plan]', '[year]'],
    'OSS.ECOSYSTEM': [
      '[projects]',
      '[months]',
      '[drift]',
      '[volatility]',
      '[teamThreshold]',
      '[teamBonus]',
      '[seed]',
      '[initialInterest]',
    ],
    'OSS.HDR': ['trial', '[variable]', '[entity]', '[seed3]', '[seed4]'],
    'OSS.SIMULATE': ['metric', '[assumptions]', '[trials]', '[seed]', '[scenario]', '[plan]'],
  };
  // Arguments that accept a range (the spec: "years may be a range", "a column of members", ...).
  const RANGES = [
    'OSS.BASS years',
    'OSS.EMPLOYERS members',
    'OSS.CONVERSION advocates',
    'OSS.CUSTOMERS members',
    'OSS.REVENUE customers',
    'OSS.PROJECTION assumptions',
    'OSS.PROJECTION plan',
    'OSS.KPI assumptions',
    'OSS.KPI plan',
    'OSS.HDR trial',
    'OSS.SIMULATE assumptions',
    'OSS.SIMULATE plan',
  ];

  test("error cells reach the assumptions and plan ranges (allowErrorForDataTypeAny) and OSS.KPI's year (a number or a label): the only 'any' parameters", () => {
    expect(metadata.allowErrorForDataTypeAny).toBe(true);
    const any = metadata.functions.flatMap((f) =>
      f.parameters.filter((p) => p.type === 'any').map((p) => `${excelName(f)} ${p.name}`),
    );
    expect(any).toEqual([
      'OSS.PROJECTION assumptions',
      'OSS.PROJECTION plan',
      'OSS.KPI assumptions',
      'OSS.KPI plan',
      'OSS.KPI year',
      'OSS.SIMULATE assumptions',
      'OSS.SIMULATE plan',
    ]);
  });

  test('names, argument order and optional arguments', () => {
    for (const [name, parameters] of Object.entries(SPEC)) {
      const f = metadata.functions.find((g) => excelName(g) === name);
      expect(f && f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name))).toEqual(parameters);
    }
  });

  test('ranges where the spec accepts them; one value (OSS.KPI) or a spilled range (the others); none volatile', () => {
    for (const f of metadata.functions) {
      for (const p of f.parameters) {
        expect(`${excelName(f)} ${p.name} ${p.dimensionality === 'matrix'}`).toBe(
          `${excelName(f)} ${p.name} ${RANGES.includes(`${excelName(f)} ${p.name}`)}`,
        );
      }
      expect(`${excelName(f)} ${f.result.dimensionality ?? 'scalar'}`).toBe(
        `${excelName(f)} ${excelName(f) === 'OSS.KPI' ? 'scalar' : 'matrix'}`,
      );
      expect(f.options?.volatile).not.toBe(true);
    }
  });

  test('every function has a description, a help line for each argument and a help URL', () => {
    for (const f of metadata.functions) {
      expect(f.description?.trim()).toBeTruthy();
      expect(f.helpUrl).toMatch(/^https:\/\//);
      for (const p of f.parameters)
        expect(`${excelName(f)} ${p.name}: ${p.description?.trim() ? 'described' : 'missing'}`).toBe(
          `${excelName(f)} ${p.name}: described`,
        );
    }
  });
});

describe('every function through the engine equals its adapter', () => {
  // One formula per function, with every argument given (array constants for ranges), against
  // the adapter called directly as Excel would call it.
  const SAMPLES: Record<string, [string, () => unknown]> = {
    'OSS.BASS': ['=OSS.BASS(1000, 0.03, 0.38, {1;2.5})', () => oss.bass(1000, 0.03, 0.38, [[1], [2.5]])],
    'OSS.MEMBERS': ['=OSS.MEMBERS(1000, 0.03, 0.38, 6, 0.1, 10)', () => oss.members(1000, 0.03, 0.38, 6, 0.1, 10)],
    'OSS.EMPLOYERS': ['=OSS.EMPLOYERS({100,1000}, 5000, 0.5, 0.7)', () => oss.employers([[100, 1000]], 5000, 0.5, 0.7)],
    'OSS.CONVERSION': ['=OSS.CONVERSION({0;1;10}, 0.05)', () => oss.conversion([[0], [1], [10]], 0.05)],
    'OSS.CUSTOMERS': [
      '=OSS.CUSTOMERS({100;200;400}, 1000, 0.01, 0.2, 0.5, 0.9)',
      () => oss.customers([[100], [200], [400]], 1000, 0.01, 0.2, 0.5, 0.9),
    ],
    'OSS.REVENUE': ['=OSS.REVENUE({1;2;3}, 1200, 0.1, 0.5)', () => oss.revenue([[1], [2], [3]], 1200, 0.1, 0.5)],
    'OSS.ASSUMPTIONS': ['=OSS.ASSUMPTIONS("proprietary")', () => oss.assumptions('proprietary')],
    'OSS.PROJECTION': [
      '=OSS.PROJECTION({"months",12;"imitation",0.3}, "proprietary", "customers, cash", {"month","name","value";3,"funding",1000000})',
      () =>
        oss.projection(
          [
            ['months', 12],
            ['imitation', 0.3],
          ],
          'proprietary',
          'customers, cash',
          [
            ['month', 'name', 'value'],
            [3, 'funding', 1000000],
          ],
        ),
    ],
    'OSS.KPI': [
      '=OSS.KPI("yearClosingArr", {"months",24}, "proprietary", {2,"annualContractValue",30000}, 2)',
      () => oss.kpi('yearClosingArr', [['months', 24]], 'proprietary', [[2, 'annualContractValue', 30000]], 2),
    ],
    'OSS.ECOSYSTEM': [
      '=OSS.ECOSYSTEM(200, 24, 0.01, 0.4, 20, 0.05, 3, 2)',
      () => oss.ecosystem(200, 24, 0.01, 0.4, 20, 0.05, 3, 2),
    ],
    'OSS.HDR': [
      '=OSS.HDR({1,2;3,4}, 1, 2, 3, 4)',
      () =>
        oss.hdr(
          [
            [1, 2],
            [3, 4],
          ],
          1,
          2,
          3,
          4,
        ),
    ],
  };

  test('a sample formula exists for every synchronous metadata function', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(synchronousFunctions(metadata).map(excelName).sort());
  });

  test.each(Object.entries(SAMPLES))('%s', (_name, [formula, direct]) => {
    const expected = direct();
    const hf = sheet();
    put(hf, 0, 0, formula);
    if (!Array.isArray(expected)) {
      expect(at(hf, 0, 0)).toBe(expected);
      return;
    }
    const rows = expected.length;
    const cols = expected[0].length;
    expect(rows * cols).toBeGreaterThan(1);
    // The spill: exactly the result's cells, and nothing right of or below it.
    expect(block(hf, 0, 0, rows + 1, cols + 1)).toEqual([
      ...expected.map((row) => [...row, null]),
      new Array(cols + 1).fill(null),
    ]);
  });
});

describe('real formulas', () => {
  test('=OSS.BASS(1000000, 0.03, 0.38, 5): one value', () => {
    // Reference: test/reference/reference.json bass.curves, "Sultan-Farley-Lehmann (1990) mean,
    // m = 1e6" at t = 5 (closed form in 40-digit decimal, make_reference.py).
    const curve = reference.bass.curves.find((c) => c.m === 1000000 && c.p === 0.03 && c.q === 0.38)!;
    const point = curve.points.find((p) => p.t === 5)!;
    const value = evaluate('=OSS.BASS(1000000, 0.03, 0.38, 5)');
    expect(typeof value).toBe('number');
    expect(relative(value as number, point.adopters)).toBeLessThan(1e-12);
  });

  test("=OSS.BASS(1, 0.03, 0.38, {1;5;10}) spills down 3 rows: the spec's reference values", () => {
    // Source: /work/shared/spec/functions.md, "Reference values anyone can check".
    const hf = sheet();
    put(hf, 0, 0, '=OSS.BASS(1, 0.03, 0.38, {1;5;10})');
    const values = block(hf, 0, 0, 4, 2);
    expect((values[0][0] as number).toFixed(6)).toBe('0.035758');
    expect((values[1][0] as number).toFixed(6)).toBe('0.331199');
    expect((values[2][0] as number).toFixed(6)).toBe('0.812803');
    expect(values[3][0]).toBeNull(); // exactly 3 rows
    expect(values.map((row) => row[1])).toEqual([null, null, null, null]); // one column
  });

  test('=OSS.MEMBERS(2000000, 0.01, 0.45, 12) spills 12 rows equal to the closed-form Bass series', () => {
    // Reference: reference.json bass.default_community_monthly (members(t) = m·F(t/12), decimal).
    const hf = sheet();
    put(hf, 0, 0, '=OSS.MEMBERS(2000000, 0.01, 0.45, 12)');
    const column = block(hf, 0, 0, 13, 1).map((row) => row[0]);
    expect(column[12]).toBeNull();
    reference.bass.default_community_monthly.series.slice(0, 12).forEach((row, i) => {
      expect(relative(column[i] as number, row.members)).toBeLessThan(1e-9);
    });
  });

  test('=SUM(OSS.MEMBERS(2000000, 0.01, 0.45, 12)) equals the sum of the reference series', () => {
    // Reference: reference.json bass.default_community_monthly, months 1 to 12, summed here.
    const expected = reference.bass.default_community_monthly.series
      .slice(0, 12)
      .reduce((sum, row) => sum + row.members, 0);
    const value = evaluate('=SUM(OSS.MEMBERS(2000000, 0.01, 0.45, 12))');
    expect(relative(value as number, expected)).toBeLessThan(1e-9);
  });

  test('=NPV(0.01, OSS.REVENUE(OSS.CUSTOMERS(OSS.MEMBERS(...), 200000, 0.0005), 30000)) equals an independent computation', () => {
    // Independent computation in this test, from the model's equations (spec/functions.md and
    // make_reference.py's customers recursion), with no code from src/:
    // members: reference.json's closed-form Bass series (m = 2e6, p = 0.01, q = 0.45), months 1-12;
    // customers: each of the 200,000 organisations tracked on its own (no size buckets), Zipf
    // weights w_i = i^-1 / H, U = members (employedShare 1), hazard h_i = 1 - (1 - r·w_i)^U,
    // C_i <- C_i·k + (1 - C_i·k)·h_i with k = (1 - 0.1)^(1/12) (default annualChurn 0.1);
    // revenue: customers × 30000 / 12 (no price growth, no services);
    // NPV as Excel defines it: Σ_t v_t / 1.01^t, t = 1..12.
    const organizations = 200000;
    const persuasion = 0.0005;
    const members = reference.bass.default_community_monthly.series.slice(0, 12).map((row) => row.members);
    const weights = Float64Array.from({ length: organizations }, (_, i) => 1 / (i + 1));
    const harmonic = weights.reduceRight((sum, w) => sum + w, 0);
    const logMiss = weights.map((w) => Math.log1p((-persuasion * w) / harmonic));
    const keep = Math.pow(0.9, 1 / 12);
    const share = new Float64Array(organizations);
    let npv = 0;
    members.forEach((u, t) => {
      let customers = 0;
      for (let i = 0; i < organizations; i++) {
        const hazard = -Math.expm1(u * logMiss[i]);
        const kept = share[i] * keep;
        share[i] = kept + (1 - kept) * hazard;
        customers += share[i];
      }
      npv += (customers * 30000) / 12 / Math.pow(1.01, t + 1);
    });

    const value = evaluate(
      '=NPV(0.01, OSS.REVENUE(OSS.CUSTOMERS(OSS.MEMBERS(2000000,0.01,0.45,12), 200000, 0.0005), 30000))',
    );
    expect(typeof value).toBe('number');
    // The adapter sums over size buckets of organisations (src/model/employers.ts): 1e-4 relative.
    expect(relative(value as number, npv)).toBeLessThan(1e-4);
  });

  test('=INDEX(OSS.PROJECTION(), 61, 9) (customers at month 60) equals OSS.KPI("customers")', () => {
    const hf = sheet();
    put(hf, 0, 0, '=INDEX(OSS.PROJECTION(), 61, 9)');
    put(hf, 0, 1, '=OSS.KPI("customers")');
    put(hf, 0, 2, '=INDEX(OSS.PROJECTION(), 1, 9)');
    expect(at(hf, 0, 2)).toBe('customers'); // column 9 is customers (header row)
    expect(typeof at(hf, 0, 0)).toBe('number');
    expect(at(hf, 0, 0)).toBe(at(hf, 0, 1));
    expect(at(hf, 0, 1)).toBe(oss.kpi('customers'));
  });

  test('=OSS.PROJECTION() spills its header row and 60 months × 25 columns', () => {
    const hf = sheet();
    put(hf, 0, 0, '=OSS.PROJECTION()');
    const values = block(hf, 0, 0, 62, 26);
    expect(values).toEqual([
      ...(oss.projection() as CellValue[][]).map((row) => [...row, null]),
      new Array(26).fill(null),
    ]);
  });

  test('a range reference: =OSS.EMPLOYERS(A1:A3, 100000, 1) spills 3 rows', () => {
    // Reference: reference.json employers.spec_check (U = 1000, O = 100000, s = 1 → 621.6 to 0.1);
    // the other two rows against the adapter called directly with the same values.
    const hf = sheet([[1000], [5000], [20000]]);
    put(hf, 0, 2, '=OSS.EMPLOYERS(A1:A3, 100000, 1)');
    const values = block(hf, 0, 2, 4, 1).map((row) => row[0]);
    expect(values[3]).toBeNull();
    expect(values[0] as number).toBeCloseTo(621.6, 1);
    expect(relative(values[0] as number, reference.employers.spec_check[0].reached)).toBeLessThan(1e-4);
    expect(values.slice(0, 3)).toEqual(oss.employers([[1000], [5000], [20000]], 100000, 1).map((row) => row[0]));
    expect((values[0] as number) < (values[1] as number) && (values[1] as number) < (values[2] as number)).toBe(true);
  });

  test('an empty cell in a range reaches the function as null, and the message names the cell', () => {
    const hf = sheet([[1000], [null], [20000]]);
    put(hf, 0, 2, '=OSS.EMPLOYERS(A1:A3, 100000, 1)');
    const value = at(hf, 0, 2);
    expect(value).toBeInstanceOf(DetailedCellError);
    expect((value as DetailedCellError).value).toBe('#VALUE!');
    expect((value as DetailedCellError).message).toBe('members row 2, column 1 must be a number, got an empty cell');
  });

  test('an omitted optional argument and an empty one (,,) take the defaults', () => {
    const hf = sheet();
    put(hf, 0, 0, '=OSS.MEMBERS(2000000, 0.01, 0.45, 12, , 5000)');
    put(hf, 0, 1, '=OSS.MEMBERS(2000000, 0.01, 0.45, 12, 0, 5000)');
    put(hf, 0, 2, '=OSS.KPI("npv", , )');
    put(hf, 0, 3, '=OSS.KPI("npv")');
    expect(block(hf, 0, 0, 12, 1)).toEqual(block(hf, 0, 1, 12, 1));
    expect(at(hf, 0, 2)).toBe(at(hf, 0, 3));
    expect(at(hf, 0, 3)).toBe(oss.kpi('npv'));
  });

  test('an assumptions table on the sheet, one value edited, feeds OSS.KPI; editing it again recalculates', () => {
    // The table is written from OSS.ASSUMPTIONS's values (header row + one row per assumption).
    const table = oss.assumptions() as (string | number)[][];
    const row = table.findIndex((r) => r[0] === 'persuasion');
    expect(row).toBeGreaterThan(0);
    const edited = table.map((r, i) => (i === row ? [r[0], 0.001, r[2], r[3]] : r));
    const hf = sheet(edited);
    expect(block(hf, 0, 0, table.length, 4)).toEqual(edited); // the table round-trips as plain values
    const range = `A1:D${table.length}`;
    put(hf, 0, 5, `=OSS.KPI("customers", ${range})`);
    put(hf, 1, 5, `=OSS.KPI("npv", A1:B${table.length})`);

    const expected = oss.kpi('customers', [['persuasion', 0.001]]);
    expect(typeof expected).toBe('number');
    expect(expected).not.toBe(oss.kpi('customers'));
    expect(at(hf, 0, 5)).toBe(expected);
    expect(at(hf, 1, 5)).toBe(oss.kpi('npv', [['persuasion', 0.001]]));

    // Back to the default: the KPI follows its input cell (dependency tracking, no volatility).
    hf.setCellContents({ sheet: 0, row, col: 1 }, [[0.0005]]);
    expect(at(hf, 0, 5)).toBe(oss.kpi('customers'));
    expect(at(hf, 1, 5)).toBe(oss.kpi('npv'));
  });

  test('an error cell in the assumptions range reaches OSS.KPI, whose message names its row (allowErrorForDataTypeAny)', () => {
    const hf = sheet([
      ['persuasion', 0.001],
      ['imitation', '=1/0'],
    ]);
    put(hf, 0, 3, '=OSS.KPI("customers", A1:B2)');
    put(hf, 1, 3, '=OSS.BASS(1, 0.03, 0.38, B2)'); // a number parameter: Excel passes the error on
    const value = at(hf, 0, 3) as DetailedCellError;
    expect({ value: value.value, message: value.message }).toEqual({
      value: '#VALUE!',
      message: 'assumptions row 2, column 2: the value is an error (#DIV/0!)',
    });
    expect((at(hf, 1, 3) as DetailedCellError).value).toBe('#DIV/0!');
  });

  test("the spilled =OSS.ASSUMPTIONS() table works as is as OSS.KPI's assumptions", () => {
    const hf = sheet();
    put(hf, 0, 0, '=OSS.ASSUMPTIONS()');
    const table = oss.assumptions() as (string | number)[][];
    expect(block(hf, 0, 0, table.length, 4)).toEqual(table);
    put(hf, 0, 5, `=OSS.KPI("npv", A1:D${table.length})`);
    expect(at(hf, 0, 5)).toBe(oss.kpi('npv'));
  });

  test("an invalid argument gives #VALUE! with the adapter's message visible through the error value", () => {
    const value = evaluate('=OSS.BASS(1, 0.03, -0.2, 1)');
    expect(value).toBeInstanceOf(DetailedCellError);
    const error = value as DetailedCellError;
    expect(error.type).toBe('VALUE');
    expect(error.value).toBe('#VALUE!');
    expect(error.message).toBe('imitation must be between 0 and 5, got -0.2');
  });

  test('an error inside a nested call propagates with its message', () => {
    const value = evaluate('=SUM(OSS.MEMBERS(2000000, 0.01, 0.45, 0))');
    expect(value).toBeInstanceOf(DetailedCellError);
    expect((value as DetailedCellError).value).toBe('#VALUE!');
    expect((value as DetailedCellError).message).toBe('months must be a whole number from 1 to 600, got 0');
  });

  test('OSS.KPI("breakEvenMonth") without a break-even is #N/A with a message', () => {
    const value = evaluate('=OSS.KPI("breakEvenMonth", {"persuasion", 0})');
    expect(value).toBeInstanceOf(DetailedCellError);
    expect((value as DetailedCellError).value).toBe('#N/A');
    expect((value as DetailedCellError).message).toMatch(/^no break-even/);
  });

  test('overflow is #VALUE! with a message (Excel has none for #NUM!), never Infinity in a cell', () => {
    // HyperFormula's number literals take a lower-case exponent only ("1E+308" is a parse error).
    const value = evaluate('=OSS.REVENUE(1e308, 1e308)');
    expect(value).toBeInstanceOf(DetailedCellError);
    expect((value as DetailedCellError).value).toBe('#VALUE!');
    expect((value as DetailedCellError).message).toMatch(/too large for a number/);
  });

  test('a missing required argument and too many arguments are errors, not exceptions', () => {
    const missing = evaluate('=OSS.BASS(1, 0.03, 0.38)');
    expect(missing).toBeInstanceOf(DetailedCellError);
    const tooMany = evaluate('=OSS.CONVERSION(1, 0.5, 3)');
    expect(tooMany).toBeInstanceOf(DetailedCellError);
    const empty = evaluate('=OSS.BASS(, 0.03, 0.38, 1)');
    expect((empty as DetailedCellError).message).toBe('marketSize is required');
  });
});

describe('the plan over a range (functions.md v3: the last optional argument)', () => {
  // The founder's case of issue 15 (test/reference/founder.json case founder, written by the
  // independent make_founder_reference.py): the assumptions in A1:B6, the plan in D1:F5.
  const founder = founderReference.founder as unknown as {
    monthly: Record<string, number[]>;
    kpis: Record<string, number | null>;
  };
  const FOUNDER_SHEET: RawCellContent[][] = [
    ['name', 'value', null, 'month', 'name', 'value'],
    ['initialMembers', 40000, null, 9, 'funding', 20000000],
    ['initialCustomers', 150, null, 13, 'annualContractValue', 36000],
    ['initialArr', 4000000, null, 7, 'marketingCosts', 2000000],
    ['foundingEngineers', 25, null, 4, 'engineers', 40],
    ['initialCash', 12000000],
  ];

  test('=OSS.PROJECTION(A1:B6,,"customers,arr,cash,newArr",D1:F5) spills 61 × 5 within 1 % of founder.json', () => {
    const hf = sheet(FOUNDER_SHEET);
    put(hf, 0, 7, '=OSS.PROJECTION(A1:B6,,"customers,arr,cash,newArr",D1:F5)');
    const values = block(hf, 0, 7, 62, 6);
    expect(values[0]).toEqual(['month', 'customers', 'arr', 'cash', 'newArr', null]);
    expect(values[61]).toEqual(new Array(6).fill(null));
    ['customers', 'arr', 'cash', 'newArr'].forEach((output, k) => {
      founder.monthly[output].forEach((want, i) => {
        const got = values[i + 1][k + 1] as number;
        expect(`${output} month ${i + 1} ${Math.abs(got - want) / Math.max(Math.abs(want), 1) < 0.01}`).toBe(
          `${output} month ${i + 1} true`,
        );
      });
    });
    expect(values.slice(1, 61).map((row) => row[0])).toEqual(founder.monthly.month);
  });

  test('=OSS.KPI("fundingNeed", A1:B6, , D1:F5) is 0 with the round; without the plan, about $23.4 M', () => {
    const hf = sheet(FOUNDER_SHEET);
    put(hf, 7, 0, '=OSS.KPI("fundingNeed", A1:B6, , D1:F5)');
    put(hf, 8, 0, '=OSS.KPI("fundingNeed", A1:B6)');
    put(hf, 9, 0, '=OSS.KPI("minCash", A1:B6, , D1:F5)');
    expect(at(hf, 7, 0)).toBe(0);
    expect(founder.kpis.fundingNeed).toBe(0);
    const need = founderReference.founder_no_plan.kpis.fundingNeed;
    expect(relative(at(hf, 8, 0) as number, need)).toBeLessThan(0.01);
    expect(relative(at(hf, 9, 0) as number, founder.kpis.minCash!)).toBeLessThan(0.01);
  });

  test('with startDate (a date cell: a serial number) the plan may name months by date, and a date column follows month', () => {
    // B7: 2027-01-01 as Excel stores a date cell (46388); D2: 2027-09-15 (46645), month 9; D3: text 2028-01, month 13.
    const dated = FOUNDER_SHEET.map((row, r) => (r === 1 ? [...row.slice(0, 3), 46645, ...row.slice(4)] : row));
    dated[2] = [...dated[2].slice(0, 3), '2028-01', ...dated[2].slice(4)];
    dated.push(['startDate', 46388]);
    const hf = sheet(dated);
    put(hf, 0, 7, '=OSS.PROJECTION(A1:B7,,"cash,newArr",D1:F5)');
    const withDates = block(hf, 0, 7, 61, 4);
    const plain = sheet(FOUNDER_SHEET);
    put(plain, 0, 7, '=OSS.PROJECTION(A1:B6,,"cash,newArr",D1:F5)');
    const numbered = block(plain, 0, 7, 61, 3);
    expect(withDates[0]).toEqual(['month', 'date', 'cash', 'newArr']);
    expect(withDates.map((row) => [row[0], row[2], row[3]])).toEqual(numbered);
    // The first of each month as an Excel date (format the column as mmm yyyy): 2027-01-01, 2027-02-01, 2031-12-01.
    expect([withDates[1][1], withDates[2][1], withDates[60][1]]).toEqual([46388, 46419, 48183]);
  });

  test('a bad plan is #VALUE! with the message naming the cell of the plan range', () => {
    const hf = sheet(FOUNDER_SHEET);
    hf.setCellContents({ sheet: 0, row: 2, col: 4 }, [['imitation']]);
    hf.setCellContents({ sheet: 0, row: 6, col: 3 }, [[3, 'funding', '=1/0']]);
    hf.setCellContents({ sheet: 0, row: 10, col: 3 }, [['2027-09', 'funding', 1]]);
    put(hf, 7, 0, '=OSS.KPI("arr", A1:B6, , D1:F5)');
    put(hf, 8, 0, '=OSS.KPI("arr", A1:B6, , D1:F7)');
    put(hf, 9, 0, '=OSS.PROJECTION(A1:B6, , , D11:F11)');
    const shown = (row: number) => {
      const error = at(hf, row, 0) as DetailedCellError;
      return `${error.value} ${error.message}`;
    };
    expect(shown(7)).toMatch(/^#VALUE! plan row 3, column 2: "imitation" cannot be planned: a plan may set /);
    expect(shown(8)).toBe('#VALUE! plan row 7, column 3: the value is an error (#DIV/0!)');
    // One row without a header: its cells are row 1.
    expect(shown(9)).toBe(
      '#VALUE! plan row 1, column 1: month 2027-09 is a calendar month, but startDate is not set: set startDate ' +
        '(the calendar month of month 1) in the assumptions, or give the month as a number',
    );
  });

  test('the spilled =OSS.ASSUMPTIONS() table (startDate empty) and a plan feed OSS.KPI', () => {
    const hf = sheet([[null, null, null, null, null, 'month', 'name', 'value', 4, 'engineers', 40]]);
    put(hf, 1, 0, '=OSS.ASSUMPTIONS()');
    const table = oss.assumptions() as (string | number)[][];
    const startDate = table.findIndex((row) => row[0] === 'startDate');
    expect(at(hf, 1 + startDate, 1)).toBe('');
    put(hf, 0, 12, `=OSS.KPI("npv", A2:D${table.length + 1}, , I1:K1)`);
    expect(at(hf, 0, 12)).toBe(oss.kpi('npv', null as never, null as never, [[4, 'engineers', 40]]));
    expect(at(hf, 0, 12)).not.toBe(oss.kpi('npv'));
  });
});

describe("OSS.KPI's yearly KPIs (issue 16: year, appended after the plan)", () => {
  test('=OSS.KPI("yearNdr", A1:B2, , , 2) is (1 − churn)(1 + expansion) of year 2, as the adapter gives it', () => {
    const hf = sheet([
      ['expansion', 0.2],
      ['customerChurn', 0.05],
    ]);
    put(hf, 0, 3, '=OSS.KPI("yearNdr", A1:B2, , , 2)');
    const ndr = at(hf, 0, 3) as number;
    expect(ndr).toBe(
      oss.kpi(
        'yearNdr',
        [
          ['expansion', 0.2],
          ['customerChurn', 0.05],
        ],
        null as never,
        null as never,
        2,
      ),
    );
    expect(ndr).toBeCloseTo(0.95 * 1.2, 9);
    // The horizon KPIs still take four arguments; a year there names the argument.
    put(hf, 1, 3, '=OSS.KPI("npv", A1:B2, , , 2)');
    expect((at(hf, 1, 3) as DetailedCellError).message).toMatch(/^year must be empty for npv/);
  });

  test("the founder's fiscal years (startDate a date cell, fiscalYearStart 7): the year as a label, from a cell, and the reasons", () => {
    const fy7 = yearsReference.cases.founder_fy7.years as unknown as Record<string, number | string | null>[];
    const hf = sheet([
      ['name', 'value', null, 'month', 'name', 'value', null, 2028],
      ['initialMembers', 40000, null, 9, 'funding', 20000000],
      ['initialCustomers', 150, null, 13, 'annualContractValue', 36000],
      ['initialArr', 4000000, null, 7, 'marketingCosts', 2000000],
      ['foundingEngineers', 25, null, 4, 'engineers', 40],
      ['initialCash', 12000000],
      ['startDate', 46388],
      ['fiscalYearStart', 7],
    ]);
    put(hf, 10, 0, '=OSS.KPI("yearNdr", A1:B8, , D1:F5, "FY2027")');
    put(hf, 11, 0, '=OSS.KPI("yearBurnMultiple", A1:B8, , D1:F5, H1)');
    put(hf, 12, 0, '=OSS.KPI("yearRuleOf40", A1:B8, , D1:F5, 3)');
    put(hf, 13, 0, '=OSS.KPI("yearRuleOf40", A1:B8, , D1:F5, H1)');
    put(hf, 14, 0, '=OSS.KPI("yearNdr", A1:B8, , D1:F5, 2040)');
    put(hf, 15, 0, '=OSS.KPI("yearNdr", A1:B8, , D1:F5)');
    expect(relative(at(hf, 10, 0) as number, fy7[0].netDollarRetention as number)).toBeLessThan(0.01);
    expect(relative(at(hf, 11, 0) as number, fy7[1].burnMultiple as number)).toBeLessThan(0.01);
    expect(relative(at(hf, 12, 0) as number, fy7[2].ruleOf40 as number)).toBeLessThan(0.01);
    const error = (row: number) => {
      const e = at(hf, row, 0) as DetailedCellError;
      return `${e.value} ${e.message}`;
    };
    expect(error(13)).toBe(
      '#N/A yearRuleOf40 of FY2028 is not available: the rule of 40 compares a full year with the full year before, and FY2027 holds 6 months',
    );
    const rule = 'a whole number from 1 to 6, a fiscal year from 2027 to 2032 or its label FY2027 to FY2032';
    expect(error(14)).toBe(`#VALUE! year must be ${rule}, got 2040`);
    expect(error(15)).toBe(`#VALUE! year is required for the yearly KPI yearNdr: ${rule}`);
  });
});
