/**
 * Independent oracles for the model tests: written from /work/shared/spec/model.md, not from
 * src/model. Sums run over every organisation one by one (no buckets); weights are normalised
 * by a direct, compensated summation of i^(−s).
 */
import type { Assumptions } from '../../src/model/assumptions';
import type { Scenario } from '../../src/model/projection';

// Jest runs tests in a vm context, where every lookup of the global `Math` goes through the
// context's interceptors and costs ~20× a local lookup; hot loops below use these aliases.
const { abs, exp, expm1, log1p, min, max } = Math;
const NEGATIVE_INFINITY = -Infinity;

/** Neumaier-compensated sum (the same role as Python's math.fsum in make_reference.py). */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const t = sum + x;
    carry += abs(sum) >= abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + carry;
}

/** Σ_{i=a}^{b} i^(−s), term by term from the smallest term up, compensated. */
export function directZipfSum(a: number, b: number, s: number): number {
  let sum = 0;
  let carry = 0;
  for (let i = b; i >= a; i--) {
    const x = i ** -s;
    const t = sum + x;
    carry += abs(sum) >= abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + carry;
}

/** The exact Zipf weights w_i = i^(−s) / Σ_j j^(−s), i = 1..O (index i − 1). */
export function zipfWeights(organizations: number, s: number): Float64Array {
  const h = directZipfSum(1, organizations, s);
  const w = new Float64Array(organizations);
  for (let i = 1; i <= organizations; i++) w[i - 1] = i ** -s / h;
  return w;
}

/** ln(1 − x·w_i) for each weight: the per-organisation "miss" logarithms. */
export function logMisses(weights: Float64Array, x = 1): Float64Array {
  const out = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = log1p(-x * weights[i]);
  return out;
}

/** reached(U) = Σ_i [1 − (1 − w_i)^U], one organisation at a time, compensated. */
export function reachedExact(logMiss: Float64Array, employed: number): number {
  if (employed === 0) return 0;
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < logMiss.length; i++) {
    const x = logMiss[i] === NEGATIVE_INFINITY ? 1 : -expm1(employed * logMiss[i]);
    const t = sum + x;
    carry += abs(sum) >= abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + carry;
}

/** Expected customers, new and churned customers per month, organisation by organisation. */
export interface ConversionSeries {
  customers: number[];
  newCustomers: number[];
  churnedCustomers: number[];
}

/**
 * The conversion recursion of model.md for each organisation i:
 * h_i = 1 − (1 − r·w_i)^U·(1 − certificationPull), C_i ← C_i(1 − c) + (1 − C_i(1 − c))·h_i,
 * with new = Σ (1 − C_i(1 − c))·h_i and churned = Σ C_i·c; `employed` gives U per month.
 */
export function conversionByOrganisation(
  weights: Float64Array,
  persuasion: number,
  certificationPull: number,
  monthlyChurn: number,
  employed: ArrayLike<number>,
): ConversionSeries {
  const miss = logMisses(weights, persuasion);
  const C = new Float64Array(weights.length);
  const keep = 1 - monthlyChurn;
  const out: ConversionSeries = { customers: [], newCustomers: [], churnedCustomers: [] };
  for (let t = 0; t < employed.length; t++) {
    const U = employed[t];
    let customers = 0;
    let gained = 0;
    let lost = 0;
    for (let i = 0; i < C.length; i++) {
      const kept = C[i] * keep;
      const h = 1 - (U === 0 ? 1 : exp(U * miss[i])) * (1 - certificationPull);
      lost += C[i] - kept;
      gained += (1 - kept) * h;
      C[i] = kept + (1 - kept) * h;
      customers += C[i];
    }
    out.customers.push(customers);
    out.newCustomers.push(gained);
    out.churnedCustomers.push(lost);
  }
  return out;
}

/**
 * Today's customers of model.md v3 ("Today's state: month 0"), organisation by organisation:
 * ρ_i = 1 − (1 − w_i)^U₀ (ρ_i = w_i when U₀ = 0), C_i,0 = min(1, κ·ρ_i) with κ ≥ 0 such that
 * Σ_i C_i,0 = initialCustomers, κ found by bisection (Σ_i min(1, κ·ρ_i) rises with κ and reaches
 * O at κ = 1/min ρ).
 */
export function initialCustomersByOrganisation(
  weights: Float64Array,
  initialCustomers: number,
  employed: number,
): Float64Array {
  const O = weights.length;
  const rho = weights.map((w) => (employed === 0 ? w : -expm1(employed * log1p(-w))));
  const C = new Float64Array(O);
  if (initialCustomers === 0) return C;
  const total = (kappa: number) => {
    for (let i = 0; i < O; i++) C[i] = min(1, kappa * rho[i]);
    return compensatedSum(C);
  };
  let low = 0;
  let high = 0;
  for (let i = 0; i < O; i++) high = max(high, 1 / rho[i]);
  for (let k = 0; k < 200 && low < high; k++) {
    const mid = (low + high) / 2;
    if (mid === low || mid === high) break;
    if (total(mid) < initialCustomers) low = mid;
    else high = mid;
  }
  total(initialCustomers >= O ? high : (low + high) / 2);
  return C;
}

/** Relative difference |got − want| / |want| (absolute when want is 0). */
export function relativeError(got: number, want: number): number {
  return want === 0 ? abs(got) : abs(got - want) / abs(want);
}

/** Monthly fraction of an annual one, written the plain way: 1 − (1 − x)^(1/12). */
export const plainMonthly = (annual: number): number => 1 - (1 - annual) ** (1 / 12);

/** The monthly outputs the book-keeping oracle reproduces. */
export interface OracleSeries {
  members: number[];
  newMembers: number[];
  contributors: number[];
  goodwill: number[];
  attractiveness: number[];
  engineers: number[];
  employersReached: number[];
  customers: number[];
  newCustomers: number[];
  churnedCustomers: number[];
  subscriptionRevenue: number[];
  servicesRevenue: number[];
  revenue: number[];
  arr: number[];
  costOfRevenue: number[];
  engineeringCost: number[];
  salesMarketingCost: number[];
  otherCost: number[];
  cashFlow: number[];
  cash: number[];
}

/**
 * The equations of model.md v2 ("Equations, month t"), with v3's state at month 0 (today's
 * customers and ARR), written out literally, with every sum over
 * organisations taken one organisation at a time. Slow (O·months), so only for O up to ~10^5.
 * The Bass month uses the spec's own form (c_t, then F₁), not the code's cancellation-free one.
 */
export function projectByTheBook(a: Assumptions, scenario: Scenario): OracleSeries {
  const proprietary = scenario === 'proprietary';
  const out: OracleSeries = {
    members: [],
    newMembers: [],
    contributors: [],
    goodwill: [],
    attractiveness: [],
    engineers: [],
    employersReached: [],
    customers: [],
    newCustomers: [],
    churnedCustomers: [],
    subscriptionRevenue: [],
    servicesRevenue: [],
    revenue: [],
    arr: [],
    costOfRevenue: [],
    engineeringCost: [],
    salesMarketingCost: [],
    otherCost: [],
    cashFlow: [],
    cash: [],
  };
  const w = zipfWeights(a.organizations, a.employerSizeSkew);
  const missReach = logMisses(w);
  // v3: today's customers and ARR (none: v2's start).
  const C = initialCustomersByOrganisation(w, a.initialCustomers, a.employedShare * a.initialMembers);
  const churn = plainMonthly(a.customerChurn);
  const gStar = min(1, max(0, 1 - a.pitchPenalty * a.communityPitch - (proprietary ? a.sequestrationResentment : 0)));
  const pull = 1 - 2 ** (-1 / a.goodwillHalfLife);
  const M = a.marketSize;
  const p = a.innovation;
  const delta = 1 / 12;

  let N = a.initialMembers;
  let G = 1;
  let eng = a.foundingEngineers;
  let S = a.initialEffort;
  let ARR = a.initialArr;
  let R = ((1 + a.servicesAttach) * ARR) / 12;
  let cash = a.initialCash;
  const x = (1 + a.expansion) ** (1 / 12) - 1;
  for (let t = 1; t <= a.months; t++) {
    const K = a.contributorShare * N * G; // N_{t−1}, G_{t−1}
    G = G + (gStar - G) * pull;
    const engStar = max(a.foundingEngineers, (a.reinvestShare * 12 * R) / a.engineerCost);
    eng = eng + (engStar - eng) / max(1, a.hiringLag);
    S = S * (1 - a.obsolescence) ** (1 / 12) + delta * (eng + a.volunteerFte * K);
    const A = min(a.maxAttractiveness, (S / a.initialEffort) ** a.qualityElasticity);

    const qq = a.imitation * A;
    const F0 = N / M;
    const ct = (1 - F0) / (1 + (qq / p) * F0);
    const E = exp(-(p + qq) * delta);
    const F1 = (1 - ct * E) / (1 + (qq / p) * ct * E);
    const adopt = M * (F1 - F0);
    const leave = N * plainMonthly(a.memberChurn);
    N = N + adopt - leave;

    const U = a.employedShare * N;
    const r = min(1, a.persuasion * G * A * (1 + a.educationUplift * a.memberEducation));
    let customers = 0;
    let fresh = 0;
    let churned = 0;
    for (let i = 0; i < C.length; i++) {
      const h = 1 - exp(U * log1p(-r * w[i])) * (1 - a.certificationPull);
      const kept = C[i] * (1 - churn);
      fresh += (1 - kept) * h;
      churned += C[i] * churn;
      C[i] = kept + (1 - kept) * h;
      customers += C[i];
    }
    const price =
      a.annualContractValue *
      (1 + a.annualPriceGrowth) ** ((t - 1) / 12) *
      (proprietary ? a.proprietaryPriceMultiplier : 1);
    ARR = ARR * (1 - churn) * (1 + x) + fresh * price;
    const sub = ARR / 12;
    const svc = a.servicesAttach * sub;
    R = sub + svc;
    const cor = (1 - a.subscriptionMargin) * sub + (1 - a.servicesMargin) * svc;
    const engCost = (eng * a.engineerCost) / 12;
    const salesMkt = a.acquisitionCost * fresh + (a.marketingCosts + a.educationCost * a.memberEducation) / 12;
    const other = a.otherCostShare * R + a.fixedCosts / 12;
    const cf = R - cor - engCost - salesMkt - other;
    cash += cf;

    out.members.push(N);
    out.newMembers.push(adopt);
    out.contributors.push(K);
    out.goodwill.push(G);
    out.attractiveness.push(A);
    out.engineers.push(eng);
    out.employersReached.push(reachedExact(missReach, U));
    out.customers.push(customers);
    out.newCustomers.push(fresh);
    out.churnedCustomers.push(churned);
    out.subscriptionRevenue.push(sub);
    out.servicesRevenue.push(svc);
    out.revenue.push(R);
    out.arr.push(ARR);
    out.costOfRevenue.push(cor);
    out.engineeringCost.push(engCost);
    out.salesMarketingCost.push(salesMkt);
    out.otherCost.push(other);
    out.cashFlow.push(cf);
    out.cash.push(cash);
  }
  return out;
}
