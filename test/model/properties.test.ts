/**
 * Properties of the projection over random VALID assumptions (fast-check).
 *
 * The arbitrary is built from the schema ASSUMPTIONS (src/model/assumptions.ts): each
 * assumption's range is read from its rule's text ("between 0 and 1", "> 0 and ≤ 1", "≥ 0",
 * "> -1", "a whole number from 1 to 600", "a whole number ≥ 1", "a finite number"), every draw is
 * checked against the rule's own test, and open-ended ranges are capped for speed and sane
 * magnitudes (CAPS below: months ≤ 120, organisations ≤ 10^6, money ≤ 10^12).
 * initialMembers is drawn as a share of marketSize, initialCustomers of organizations (the
 * cross-rules of model.md).
 */
import fc from 'fast-check';
import {
  ASSUMPTIONS,
  AssumptionName,
  AssumptionSpec,
  Assumptions,
  resolveAssumptions,
} from '../../src/model/assumptions';
import { ModelError } from '../../src/model/errors';
import { kpis } from '../../src/model/kpis';
import { MONTHLY_OUTPUTS, SCENARIOS, projectMonthly } from '../../src/model/projection';

interface Range {
  min: number;
  max: number;
  minOpen: boolean;
  integer: boolean;
}

/** The range a rule's text states (the texts of src/model/rules.ts). */
function rangeOf(spec: AssumptionSpec): Range {
  const text = spec.rule.text;
  let m: RegExpExecArray | null;
  if ((m = /^a whole number from (-?[\d.]+) to (-?[\d.]+)$/.exec(text)))
    return { min: +m[1], max: +m[2], minOpen: false, integer: true };
  if ((m = /^a whole number ≥ (-?[\d.]+)$/.exec(text)))
    return { min: +m[1], max: Infinity, minOpen: false, integer: true };
  if ((m = /^between (-?[\d.]+) and (-?[\d.]+)$/.exec(text)))
    return { min: +m[1], max: +m[2], minOpen: false, integer: false };
  if ((m = /^> (-?[\d.]+) and ≤ (-?[\d.]+)$/.exec(text)))
    return { min: +m[1], max: +m[2], minOpen: true, integer: false };
  if ((m = /^≥ (-?[\d.]+)$/.exec(text))) return { min: +m[1], max: Infinity, minOpen: false, integer: false };
  if ((m = /^> (-?[\d.]+)$/.exec(text))) return { min: +m[1], max: Infinity, minOpen: true, integer: false };
  if ((m = /^≤ (-?[\d.]+)$/.exec(text))) return { min: -Infinity, max: +m[1], minOpen: false, integer: false };
  if (text === 'a finite number') return { min: -Infinity, max: Infinity, minOpen: false, integer: false };
  throw new Error(`no range known for rule "${text}" of ${spec.name}`);
}

/**
 * Caps for speed and sane magnitudes (money ≤ 1e12), and lower bounds that keep open ranges away
 * from 0 by less than a double's reach. [min, max]; either may tighten the rule's own range.
 */
const CAPS: Partial<Record<AssumptionName, [number, number]>> = {
  months: [1, 120],
  marketSize: [1e-3, 1e10],
  organizations: [1, 1e6],
  innovation: [1e-7, 1],
  educationUplift: [0, 100],
  educationCost: [0, 1e12],
  annualContractValue: [0, 1e12],
  annualPriceGrowth: [-0.999, 10],
  servicesAttach: [0, 100],
  proprietaryPriceMultiplier: [1e-3, 100],
  goodwillHalfLife: [1e-3, 1e3],
  foundingEngineers: [0, 1e4],
  engineerCost: [1, 1e12],
  hiringLag: [0, 120],
  otherCostShare: [0, 10],
  expansion: [-0.999, 10],
  servicesMargin: [-100, 1],
  acquisitionCost: [0, 1e9],
  marketingCosts: [0, 1e12],
  maxAttractiveness: [1, 1e6],
  exitArrMultiple: [0, 1000],
  fixedCosts: [0, 1e12],
  initialCash: [-1e12, 1e12],
  initialEffort: [1e-3, 1e6],
  qualityElasticity: [0, 3],
  discountRate: [-0.99, 10],
  initialArr: [0, 1e12],
};

/** Values within [lo, hi]: the end points, uniform and (for wide positive ranges) log-uniform draws. */
function numberIn(range: Range, cap: [number, number] | undefined): fc.Arbitrary<number> {
  const lo = Math.max(range.min, cap ? cap[0] : -Infinity);
  const hi = Math.min(range.max, cap ? cap[1] : Infinity);
  if (range.integer) {
    const ints = [fc.integer({ min: lo, max: hi })];
    if (hi / Math.max(lo, 1) > 1000)
      ints.push(
        fc
          .double({ min: Math.log(Math.max(lo, 1)), max: Math.log(hi), noNaN: true })
          .map((x) => Math.round(Math.exp(x))),
      );
    return fc.oneof(fc.constantFrom(lo, hi), ...ints);
  }
  const options: fc.Arbitrary<number>[] = [fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true })];
  const ends = [hi];
  if (!(range.minOpen && lo === range.min)) ends.push(lo);
  options.push(fc.constantFrom(...ends));
  if (lo > 0 && hi / lo > 1000)
    options.push(fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map(Math.exp));
  if (lo <= 0 && hi > 1000)
    options.push(fc.double({ min: 0, max: Math.log(hi), noNaN: true }).map((x) => Math.expm1(x)));
  return fc.oneof(...options).filter((x) => x >= lo && x <= hi && !(range.minOpen && x === range.min));
}

/** Assumptions drawn as a share of the one that bounds them (the cross-rules of model.md). */
const SHARES: readonly AssumptionName[] = ['initialMembers', 'initialCustomers'];
const shareArbitrary = fc.oneof(
  fc.constantFrom(0, 1),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: -12, max: 0, noNaN: true }).map((x) => 10 ** x),
);

const assumptionArbitrary: fc.Arbitrary<Assumptions> = fc
  .record({
    ...Object.fromEntries(
      ASSUMPTIONS.filter((a) => !SHARES.includes(a.name) && !a.calendar).map((a) => [a.name, numberIn(rangeOf(a), CAPS[a.name])]),
    ),
    initialMembersShare: shareArbitrary,
    initialCustomersShare: shareArbitrary,
  })
  .map(({ initialMembersShare, initialCustomersShare, ...rest }) => {
    const values = rest as unknown as Record<AssumptionName, number>;
    // The calendar dates the months and changes no number: the defaults.
    values.startDate = 0;
    values.fiscalYearStart = 1;
    values.initialMembers = Math.min(values.marketSize, initialMembersShare * values.marketSize);
    values.initialCustomers = Math.min(values.organizations, initialCustomersShare * values.organizations);
    // Customers pay (model.md v3: initialArr > 0 when initialCustomers > 0).
    if (values.initialCustomers > 0 && values.initialArr === 0) values.initialArr = 1;
    for (const a of ASSUMPTIONS)
      if (!a.rule.test(values[a.name])) throw new Error(`drew an invalid ${a.name}: ${values[a.name]}`);
    return resolveAssumptions(values);
  });

const slack = (x: number) => x * (1 + 1e-9) + 1e-300;
/** A plain check (600,000 `expect` calls would dominate the run time); fast-check reports the counterexample. */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

describe('properties of the projection over random valid assumptions', () => {
  test('the schema rules are all understood by this arbitrary', () => {
    // The calendar (startDate, fiscalYearStart) changes no number, so the arbitrary leaves it at its defaults.
    for (const a of ASSUMPTIONS.filter((s) => !s.calendar)) expect(() => rangeOf(a)).not.toThrow();
  });

  test('every monthly output is finite and within its bounds (both scenarios, 300 runs)', () => {
    let overflows = 0;
    fc.assert(
      fc.property(assumptionArbitrary, fc.constantFrom(...SCENARIOS), (a, scenario) => {
        let s;
        try {
          s = projectMonthly(a, scenario);
        } catch (e) {
          // Allowed, but not expected for these magnitudes: counted and bounded below.
          if (e instanceof ModelError && e.kind === 'overflow') {
            overflows++;
            return;
          }
          throw e;
        }
        for (const output of MONTHLY_OUTPUTS) {
          check(s[output].length === a.months, `${output} has ${s[output].length} months`);
          for (const x of s[output]) check(Number.isFinite(x), `${output} = ${x}`);
        }
        for (let i = 0; i < a.months; i++) {
          const at = `at month ${i + 1}`;
          const employed = a.employedShare * s.members[i];
          check(s.members[i] >= 0 && s.members[i] <= slack(a.marketSize), `members ${s.members[i]} ${at}`);
          check(s.newMembers[i] >= 0, `newMembers ${s.newMembers[i]} ${at}`);
          check(s.customers[i] >= 0 && s.customers[i] <= slack(a.organizations), `customers ${s.customers[i]} ${at}`);
          check(s.goodwill[i] >= 0 && s.goodwill[i] <= 1, `goodwill ${s.goodwill[i]} ${at}`);
          // Σ_i [1 − (1 − w_i)^U] ≤ min(O, U) holds for U ≥ 1 (Bernoulli); for a fractional U < 1
          // the expectation can exceed U (but not 1), hence max(1, U).
          check(
            s.employersReached[i] >= 0 &&
              s.employersReached[i] <= slack(Math.min(a.organizations, Math.max(1, employed))),
            `employersReached ${s.employersReached[i]} with ${employed} employed ${at}`,
          );
          check(s.newCustomers[i] >= 0, `newCustomers ${s.newCustomers[i]} ${at}`);
          check(s.churnedCustomers[i] >= 0, `churnedCustomers ${s.churnedCustomers[i]} ${at}`);
          // Eng_{t−1} + (Eng* − Eng_{t−1})/lag rounds at the scale of Eng_{t−1}: a team that
          // shrinks from a large size to its floor may land an ulp of that size below it.
          const before = i > 0 ? s.engineers[i - 1] : a.foundingEngineers;
          check(
            s.engineers[i] >= 0 && s.engineers[i] >= a.foundingEngineers * (1 - 1e-12) - 1e-15 * before,
            `engineers ${s.engineers[i]} ${at}`,
          );
          // Claim 8, as a property: attractiveness stays within [0, maxAttractiveness].
          check(
            s.attractiveness[i] >= 0 && s.attractiveness[i] <= a.maxAttractiveness,
            `attractiveness ${s.attractiveness[i]} (max ${a.maxAttractiveness}) ${at}`,
          );
          check(s.contributors[i] >= 0, `contributors ${s.contributors[i]} ${at}`);
        }
        // KPIs: finite or undefined. burnMultiple (cash burnt ÷ ARR_T) may overflow instead, and says
        // so: these draws reach ARRs as small as 1e-320 (a contract value of 1e-323, or an
        // expansion of −99 % a year over ten years), and 1e11 ÷ 1e-320 is beyond any double.
        let k;
        try {
          k = kpis(a, s);
        } catch (e) {
          const burnt = Array.from(s.cashFlow).reduce((sum, cf) => sum + Math.max(0, -cf), 0);
          if (e instanceof ModelError && /^the KPI burnMultiple /.test(e.message)) {
            check(!Number.isFinite(burnt / s.arr[a.months - 1]), `burnMultiple ${burnt}/${s.arr[a.months - 1]} fits`);
            return;
          }
          // The rule of 40 divides the last year's cash flow by its revenue, which such draws
          // bring as low as 1e-300 (an annual price growth of −99.9 %): the same overflow.
          if (e instanceof ModelError && /^the KPI ruleOf40 /.test(e.message)) {
            const last = (xs: Float64Array) => Array.from(xs.subarray(a.months - 12)).reduce((x, y) => x + y, 0);
            check(!Number.isFinite(last(s.cashFlow) / last(s.revenue)), `ruleOf40's margin fits`);
            return;
          }
          throw e;
        }
        for (const [name, value] of Object.entries(k))
          check(value === undefined || Number.isFinite(value), `KPI ${name} = ${value}`);
      }),
      { numRuns: 300 },
    );
    expect(overflows).toBeLessThanOrEqual(3);
  });

  test('employersReached ≤ employed members once at least one member is employed', () => {
    fc.assert(
      fc.property(assumptionArbitrary, (a) => {
        const s = projectMonthly(a, 'beekeeper');
        for (let i = 0; i < a.months; i++) {
          const employed = a.employedShare * s.members[i];
          if (employed >= 1)
            check(s.employersReached[i] <= slack(employed), `reached ${s.employersReached[i]} > employed ${employed}`);
        }
      }),
      { numRuns: 100 },
    );
  });

  test('the scenarios share every equation: with no resentment and a multiplier of 1 they coincide', () => {
    fc.assert(
      fc.property(assumptionArbitrary, (drawn) => {
        const a = resolveAssumptions({ ...drawn, sequestrationResentment: 0, proprietaryPriceMultiplier: 1 });
        const bee = projectMonthly(a, 'beekeeper');
        const pro = projectMonthly(a, 'proprietary');
        for (const output of MONTHLY_OUTPUTS)
          check(
            pro[output].every((x, i) => Object.is(x, bee[output][i])),
            `${output} differs`,
          );
      }),
      { numRuns: 50 },
    );
  });

  test('the fractional-U case: with fewer than one employed member, reached can exceed the employed count', () => {
    // A documented consequence of the expectation in model.md, not a bug: O = 1, m = 10, N₀ = 0.
    const a = resolveAssumptions({ marketSize: 10, initialMembers: 0, organizations: 1, months: 1 });
    const s = projectMonthly(a, 'beekeeper');
    const employed = a.employedShare * s.members[0];
    expect(employed).toBeLessThan(1);
    expect(s.employersReached[0]).toBe(1);
  });
});
