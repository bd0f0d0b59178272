import { describeValue, invalid, messages, quoted } from './errors';
import {
  Rule,
  above,
  aboveAtMost,
  atLeast,
  atMost,
  between,
  checkNumber,
  dateOrNone,
  finite,
  wholeBetween,
} from './rules';
import { dateCell } from './calendar';
import { cellNumber } from './number-text';

/**
 * The assumptions schema: the single source of every assumption's name, default, unit, valid
 * range and description. Validation, the custom functions, the CLI and the docs all read it.
 * Defaults and their sources: docs/model.md.
 */
export interface AssumptionSpec {
  readonly name: AssumptionName;
  readonly value: number;
  readonly unit: string;
  readonly rule: Rule;
  readonly description: string;
  /** Set for assumptions that only the proprietary scenario uses. */
  readonly proprietaryOnly?: boolean;
  /**
   * Set for the calendar (startDate, fiscalYearStart): it dates the months and changes no
   * equation, so it cannot be uncertain, and a table may leave its value empty (the default).
   */
  readonly calendar?: true;
  /**
   * Where a value stops being believable, inside the valid range: a run from a table, a file or
   * `--set` refuses a value beyond it unless the user insists (allowImplausible). Absent: the
   * valid range is the plausible one.
   */
  readonly plausible?: Plausible;
}

/** A plausible range: its ends, why, and for rates the words after a percentage ("a year"). */
export interface Plausible {
  readonly low?: number;
  readonly high?: number;
  readonly why: string;
  /** Set for rates and shares, whose whole-number mistakes ("15" for 15 %) the message explains. */
  readonly percent?: { readonly per: string; readonly signed?: boolean };
}

export const ASSUMPTION_NAMES = [
  'months',
  'marketSize',
  'initialMembers',
  'innovation',
  'imitation',
  'memberChurn',
  'contributorShare',
  'volunteerFte',
  'employedShare',
  'organizations',
  'employerSizeSkew',
  'persuasion',
  'memberEducation',
  'educationUplift',
  'educationCost',
  'communityPitch',
  'pitchPenalty',
  'certificationPull',
  'annualContractValue',
  'expansion',
  'annualPriceGrowth',
  'servicesAttach',
  'customerChurn',
  'proprietaryPriceMultiplier',
  'sequestrationResentment',
  'goodwillHalfLife',
  'foundingEngineers',
  'engineerCost',
  'reinvestShare',
  'hiringLag',
  'subscriptionMargin',
  'servicesMargin',
  'acquisitionCost',
  'marketingCosts',
  'otherCostShare',
  'fixedCosts',
  'initialCash',
  'initialEffort',
  'obsolescence',
  'qualityElasticity',
  'maxAttractiveness',
  'discountRate',
  'exitArrMultiple',
  // v3, today's state (appended: a row's place in the table is its HDR variable key).
  'initialCustomers',
  'initialArr',
  'startDate',
  'fiscalYearStart',
] as const;

export type AssumptionName = (typeof ASSUMPTION_NAMES)[number];

/**
 * The assumptions model v2 added. A table that names none of them was written for v1: it still
 * runs (they take their defaults), and its readers say so.
 */
export const ADDED_IN_V2: readonly AssumptionName[] = [
  'expansion',
  'subscriptionMargin',
  'servicesMargin',
  'acquisitionCost',
  'marketingCosts',
  'maxAttractiveness',
  'exitArrMultiple',
];

/** A complete, validated set of assumptions. */
export type Assumptions = Readonly<Record<AssumptionName, number>>;

/** The longest projection: 50 years. */
export const MAX_MONTHS = 600;

/**
 * The most employers a model may have: 10^9, above the few hundred million businesses in the
 * world, and far below 2^53, where whole numbers stop being exact in a double.
 */
export const MAX_ORGANIZATIONS = 1e9;

const spec = (
  name: AssumptionName,
  value: number,
  unit: string,
  rule: Rule,
  description: string,
  proprietaryOnly = false,
): AssumptionSpec => ({ name, value, unit, rule, description, ...(proprietaryOnly ? { proprietaryOnly } : {}) });

/**
 * The plausible ranges, with their reasons (docs/model.md, "Plausible ranges"). Each holds its
 * default and default uncertainty (checked by a test); they are wide on purpose: they catch a
 * percentage typed as a whole number or a slip of three zeros, not a bold scenario.
 */
const PLAUSIBLE: Partial<Record<AssumptionName, Plausible>> = {
  marketSize: { high: 1e10, why: 'more people than live on Earth' },
  initialMembers: { high: 1e10, why: 'more people than live on Earth' },
  educationUplift: { high: 100, why: 'education multiplying persuasion a hundredfold' },
  educationCost: { high: 1e9, why: 'a billion a year on teaching members' },
  annualContractValue: { high: 1e7, why: 'ten million a year from one new customer' },
  expansion: {
    high: 1,
    why: "a staying customer's ARR doubling every year",
    percent: { per: 'a year', signed: true },
  },
  annualPriceGrowth: { high: 0.5, why: 'the list price up 50 % every year', percent: { per: 'a year', signed: true } },
  servicesAttach: {
    high: 5,
    why: 'services five times the subscriptions',
    percent: { per: 'of subscription revenue' },
  },
  proprietaryPriceMultiplier: { high: 10, why: 'licences ten times the open-source price' },
  goodwillHalfLife: { high: 600, why: "longer than the longest projection's 600 months" },
  foundingEngineers: { high: 10_000, why: 'a founding team of ten thousand' },
  engineerCost: { low: 1000, high: 5e6, why: 'an engineer for less than 1,000 or more than 5,000,000 a year' },
  hiringLag: { high: 120, why: 'ten years to hire' },
  servicesMargin: { low: -1, why: 'services costing twice what they sell for', percent: { per: 'gross margin' } },
  acquisitionCost: { high: 1e7, why: 'ten million to win one customer' },
  marketingCosts: { high: 1e9, why: 'a billion a year on marketing' },
  otherCostShare: { high: 1, why: 'G&A larger than the revenue', percent: { per: 'of revenue' } },
  fixedCosts: { high: 1e9, why: 'a billion a year of fixed G&A' },
  initialCash: { low: -1e10, high: 1e11, why: 'more than a hundred billion, or ten billion in debt, at the start' },
  initialEffort: { high: 1e5, why: 'a hundred thousand engineer-years, more than the Linux kernel' },
  qualityElasticity: { high: 5, why: 'imitation growing with the fifth power of quality' },
  maxAttractiveness: { high: 100, why: 'software a hundred times as attractive as its first release' },
  discountRate: { high: 1, why: 'a discount rate above 100 % a year', percent: { per: 'a year' } },
  exitArrMultiple: { high: 100, why: 'a company worth a hundred times its ARR' },
  initialCustomers: { high: 1e7, why: 'ten million paying organisations today' },
  initialArr: { high: 1e10, why: 'ten billion of ARR today, more than any open-source company has had' },
};

/**
 * Every assumption in the order of model.md (v2), with its default: a venture-backed open-source
 * company in its first five years, with a Series A in the bank. The source of each default:
 * docs/model.md, "Defaults and their sources".
 */
export const ASSUMPTIONS: readonly AssumptionSpec[] = [
  spec('months', 60, 'months', wholeBetween(1, MAX_MONTHS), 'Length of the projection in months.'),
  spec(
    'marketSize',
    500_000,
    'people',
    above(0),
    'People who could ever join the community (Bass market potential m).',
  ),
  spec('initialMembers', 2000, 'people', atLeast(0), 'Community members at month 0 (at most marketSize).'),
  spec('innovation', 0.01, 'per year', aboveAtMost(0, 1), "Bass innovation coefficient p: joining on one's own."),
  spec('imitation', 0.45, 'per year', between(0, 5), 'Bass imitation coefficient q: joining because others have.'),
  spec('memberChurn', 0.15, 'per year', between(0, 1), 'Share of members who leave the community in a year.'),
  spec(
    'contributorShare',
    0.03,
    'share of members',
    between(0, 1),
    'Members who contribute (90-9-1 rule), at full goodwill.',
  ),
  spec(
    'volunteerFte',
    0.02,
    'FTE per contributor',
    between(0, 1),
    'Full-time-equivalent work of one volunteer contributor.',
  ),
  spec('employedShare', 0.7, 'share of members', between(0, 1), 'Members employed by an organisation that could buy.'),
  spec(
    'organizations',
    50_000,
    'organisations that could buy',
    wholeBetween(1, MAX_ORGANIZATIONS),
    'Employers that could become customers.',
  ),
  spec('employerSizeSkew', 1, 'Zipf exponent', between(0, 3), 'How unequal employer sizes are (0: all equal).'),
  spec(
    'persuasion',
    0.0005,
    'per advocate per month',
    between(0, 1),
    'Chance that one member persuades their employer in a month.',
  ),
  spec('memberEducation', 0, 'intensity', between(0, 1), 'Effort spent teaching members what the company sells.'),
  spec('educationUplift', 1, 'multiplier', atLeast(0), 'Extra persuasion at full education intensity.'),
  spec(
    'educationCost',
    400_000,
    'per year at full intensity',
    atLeast(0),
    'Yearly cost of member education at full intensity (sales and marketing).',
  ),
  spec('communityPitch', 0, 'intensity', between(0, 1), 'Marketing pitched at community members.'),
  spec(
    'pitchPenalty',
    0.3,
    'goodwill lost at full pitch',
    between(0, 1),
    'Goodwill lost when members are pitched at full intensity.',
  ),
  spec(
    'certificationPull',
    0,
    'monthly conversion hazard',
    between(0, 1),
    'Monthly chance an organisation buys without an advocate.',
  ),
  spec(
    'annualContractValue',
    25_000,
    'per new customer per year',
    atLeast(0),
    'Subscription and support price a new customer signs at, per year.',
  ),
  spec(
    'expansion',
    0.15,
    "per year, on a staying customer's ARR",
    above(-1),
    "Yearly net growth of a staying customer's subscription (seats, nodes, products).",
  ),
  spec('annualPriceGrowth', 0.03, 'per year', above(-1), 'Yearly growth of the list price.'),
  spec(
    'servicesAttach',
    0.15,
    'share of subscription',
    atLeast(0),
    'Services and training revenue per unit of subscription revenue.',
  ),
  spec('customerChurn', 0.1, 'per year', between(0, 1), 'Share of customers (and their ARR) lost in a year.'),
  spec(
    'proprietaryPriceMultiplier',
    1.6,
    'multiplier',
    above(0),
    'Price multiplier of per-seat licences (proprietary scenario).',
    true,
  ),
  spec(
    'sequestrationResentment',
    0.5,
    'goodwill lost',
    between(0, 1),
    'Goodwill lost by sequestering fixes (proprietary scenario).',
    true,
  ),
  spec('goodwillHalfLife', 6, 'months', above(0), 'Months for goodwill to move half-way to its target.'),
  spec('foundingEngineers', 12, 'people', atLeast(0), 'Engineers at month 0, and the floor of the team.'),
  spec('engineerCost', 150_000, 'per engineer per year', above(0), 'Fully loaded yearly cost of one engineer (R&D).'),
  spec('reinvestShare', 0.3, 'share of revenue', between(0, 1), 'Share of revenue spent on open-source engineers.'),
  spec('hiringLag', 6, 'months', atLeast(0), 'Months to close the gap to the target team size.'),
  spec(
    'subscriptionMargin',
    0.85,
    'gross margin of subscriptions',
    between(0, 1),
    'Gross margin of subscription and support revenue (support staff, hosting).',
  ),
  spec(
    'servicesMargin',
    0.25,
    'gross margin of services',
    atMost(1),
    'Gross margin of services and training revenue (below 0: sold at a loss).',
  ),
  spec(
    'acquisitionCost',
    30_000,
    'sales and marketing per new customer',
    atLeast(0),
    'Sales and marketing cost of winning one new customer.',
  ),
  spec('marketingCosts', 1_000_000, 'per year', atLeast(0), 'Fixed yearly marketing costs (events, content, brand).'),
  spec(
    'otherCostShare',
    0.15,
    'G&A, share of revenue',
    atLeast(0),
    'General and administrative costs per unit of revenue (v1: all costs but R&D).',
  ),
  spec('fixedCosts', 1_500_000, 'G&A per year', atLeast(0), 'Fixed yearly general and administrative costs.'),
  spec('initialCash', 15_000_000, 'currency', finite, 'Cash at month 0.'),
  spec('initialEffort', 20, 'engineer-years', above(0), 'Value of the software at month 0, in engineer-years.'),
  spec('obsolescence', 0.15, 'per year', between(0, 1), "Yearly depreciation of the software's value."),
  spec(
    'qualityElasticity',
    0.3,
    'elasticity',
    atLeast(0),
    'How strongly better software raises imitation and persuasion.',
  ),
  spec(
    'maxAttractiveness',
    3,
    'multiple of the first release',
    atLeast(1),
    'The most attractive the software can become, as a multiple of its first release.',
  ),
  spec('discountRate', 0.2, 'per year', above(-1), 'Yearly discount rate of the NPV.'),
  spec(
    'exitArrMultiple',
    5,
    'company value ÷ ARR at the horizon',
    atLeast(0),
    "The company's value at the horizon as a multiple of its ARR, counted in the NPV (0: left out).",
  ),
  spec(
    'initialCustomers',
    0,
    'organisations that are customers at month 0',
    atLeast(0),
    'Organisations that are customers today, at month 0 (at most organizations).',
  ),
  spec(
    'initialArr',
    0,
    'ARR of those customers at month 0',
    atLeast(0),
    "Today's ARR of the initial customers (above 0 when initialCustomers is).",
  ),
  {
    ...spec(
      'startDate',
      0,
      'calendar month of month 1',
      dateOrNone,
      'The calendar month of month 1 (an Excel date or YYYY-MM); empty or 0: months are numbered only.',
    ),
    calendar: true as const,
  },
  {
    ...spec(
      'fiscalYearStart',
      1,
      'calendar month (1 = January)',
      wholeBetween(1, 12),
      'The calendar month a fiscal year begins (1 = January, 7 = July).',
    ),
    calendar: true as const,
  },
].map((a) => (PLAUSIBLE[a.name] ? { ...a, plausible: PLAUSIBLE[a.name] } : a));

const BY_NAME = new Map<string, AssumptionSpec>(ASSUMPTIONS.map((a) => [a.name, a]));
const BY_LOWER_NAME = new Map<string, AssumptionSpec>(ASSUMPTIONS.map((a) => [a.name.toLowerCase(), a]));

/** The default assumptions. */
export const DEFAULT_ASSUMPTIONS: Assumptions = Object.freeze(
  Object.fromEntries(ASSUMPTIONS.map((a) => [a.name, a.value])) as Record<AssumptionName, number>,
);

/** The schema entry of an assumption, by exact name. */
export function assumptionSpec(name: AssumptionName): AssumptionSpec {
  return BY_NAME.get(name)!;
}

/**
 * Finds an assumption by name, ignoring case; an unknown name is an error that suggests the
 * nearest known one.
 *
 * @example findAssumption('Imitation').name // "imitation"
 * @example findAssumption('imitaton') // throws: unknown assumption "imitaton"; did you mean "imitation"?
 */
export function findAssumption(name: string): AssumptionSpec {
  const found = BY_LOWER_NAME.get(name.trim().toLowerCase());
  if (!found) invalid(messages.unknownName('assumption', name, nearest(name, ASSUMPTION_NAMES)));
  return found;
}

/**
 * A cell's value as an assumption reads it: text that spells a number counts as that number
 * (`15%`, `$25,000`), and for startDate a date (a `Date`, `2027-01`, `2027-01-15`) counts as its
 * month's Excel serial. Anything else stays as it is, for the rule's message.
 *
 * @example assumptionValue(assumptionSpec('startDate'), '2027-01') // 46388
 * @example assumptionValue(assumptionSpec('expansion'), '15%') // 0.15
 */
export function assumptionValue(spec: AssumptionSpec, value: unknown): unknown {
  if (spec.rule !== dateOrNone) return cellNumber(value);
  const read = cellNumber(dateCell(value));
  // A text that is neither a month nor a number: say what a date must look like.
  if (typeof read === 'string') invalid(messages.mustBe(spec.name, spec.rule.text, read));
  return read;
}

/**
 * Completes and validates assumptions: names not given take their defaults; each value is
 * checked against its rule, and the rules across assumptions (see {@link checkCrossRules}).
 *
 * @example resolveAssumptions({ imitation: 0.3 }).imitation // 0.3
 */
export function resolveAssumptions(overrides: Readonly<Partial<Record<AssumptionName, number>>> = {}): Assumptions {
  const resolved = { ...DEFAULT_ASSUMPTIONS } as Record<AssumptionName, number>;
  const givenAs = new Map<AssumptionName, string>(); // names differing only in case must not both count
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const a = findAssumption(name);
    const previous = givenAs.get(a.name);
    if (previous !== undefined)
      invalid(messages.duplicate('assumption', a.name, `as ${quoted(previous)} and ${quoted(name)}`));
    givenAs.set(a.name, name);
    resolved[a.name] = checkNumber(a.name, value, a.rule);
  }
  checkCrossRules(resolved);
  return Object.freeze(resolved);
}

/**
 * The rules across assumptions of model.md: initialMembers ≤ marketSize, initialCustomers ≤
 * organizations, and initialArr > 0 when initialCustomers > 0 (customers pay). Each message
 * names both assumptions.
 *
 * @example checkCrossRules({ ...DEFAULT_ASSUMPTIONS, initialCustomers: 150 })
 * // throws: initialArr must be > 0 when initialCustomers is above 0 (initialCustomers 150), got 0
 */
export function checkCrossRules(a: Assumptions): void {
  if (a.initialMembers > a.marketSize) {
    invalid(messages.mustBe('initialMembers', `≤ marketSize (${a.marketSize})`, a.initialMembers));
  }
  if (a.initialCustomers > a.organizations) {
    invalid(messages.mustBe('initialCustomers', `≤ organizations (${a.organizations})`, a.initialCustomers));
  }
  if (a.initialCustomers > 0 && !(a.initialArr > 0)) {
    const customers = describeValue(a.initialCustomers);
    invalid(
      messages.mustBe(
        'initialArr',
        `> 0 when initialCustomers is above 0 (initialCustomers ${customers})`,
        a.initialArr,
      ),
    );
  }
}

/**
 * The known name nearest to `name` (case-insensitive edit distance), if it is close enough
 * to be a plausible typo: within max(2, ⌊length / 3⌋) edits. The distance is computed only as far
 * as that limit, so a name of 32,767 characters costs no more than a short one.
 *
 * @example nearest('custmers', ['customers', 'members']) // "customers"
 */
export function nearest(name: string, known: readonly string[], work?: EditWork): string | undefined {
  const lower = name.trim().toLowerCase();
  const limit = Math.max(2, Math.floor(lower.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase(), limit, work);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Counts the cells an edit distance computes, for tests that bound the work done. */
export interface EditWork {
  cells: number;
}

/**
 * Levenshtein distance of `a` and `b` if it is at most `max`, else `max + 1`: only the band of
 * cells within `max` of the diagonal is computed (Ukkonen), and nothing when the lengths alone
 * differ by more than `max`.
 *
 * @example editDistance('imitaton', 'imitation', 2) // 1
 * @example editDistance('x'.repeat(32767), 'imitation', 10) // 11, computing no cell
 */
export function editDistance(a: string, b: string, max: number, work?: EditWork): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const over = max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => (j <= max ? j : over));
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    const current = new Array<number>(b.length + 1).fill(over);
    current[0] = i <= max ? i : over;
    let rowMin = current[0];
    for (let j = from; j <= to; j++) {
      const d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      current[j] = Math.min(d, over);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (work) work.cells += Math.max(0, to - from + 1);
    if (rowMin > max) return over;
    previous = current;
  }
  return previous[b.length];
}

/** A share as a percentage in words: 15 → "1,500 %", signed → "+1,500 %". */
function percentOf(x: number, signed: boolean): string {
  const text = `${(x * 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;
  return signed && x > 0 ? `+${text}` : text;
}

/**
 * Why `x` is implausible for the assumption, or `undefined` if it lies within its plausible
 * range. A rate or share beyond it reads as a percentage typed as a whole number, and the
 * message says how to write it; other assumptions say how far out the value is.
 *
 * @example implausibility(assumptionSpec('expansion'), 15)
 * // "expansion 15 is +1,500 % a year, far above what is plausible (at most +100 %: a staying customer's ARR doubling every year); for 15 % write 0.15"
 * @example implausibility(assumptionSpec('expansion'), 0.15) // undefined
 */
export function implausibility(spec: AssumptionSpec, x: number): string | undefined {
  const p = spec.plausible;
  if (!p) return undefined;
  const above = p.high !== undefined && x > p.high;
  if (!above && !(p.low !== undefined && x < p.low)) return undefined;
  const end = above ? p.high! : p.low!;
  const side = above ? 'above' : 'below';
  const limit = above ? 'at most' : 'at least';
  if (p.percent) {
    const pct = (v: number) => percentOf(v, p.percent!.signed === true);
    const fraction = Number((x / 100).toPrecision(12));
    return (
      `${spec.name} ${describeValue(x)} is ${pct(x)} ${p.percent.per}, far ${side} what is plausible ` +
      `(${limit} ${pct(end)}: ${p.why}); for ${describeValue(x)} % write ${describeValue(fraction)}`
    );
  }
  return (
    `${spec.name} ${describeValue(x)} is far ${side} what is plausible ` +
    `(${limit} ${end.toLocaleString('en-US')} ${spec.unit}: ${p.why})`
  );
}
