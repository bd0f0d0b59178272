/**
 * Employers: `organizations` organisations whose sizes follow Zipf's law with exponent s.
 * A member works at organisation i with probability w_i = i^(−s) / Σ_j j^(−s).
 *
 * Sums over organisations run over size buckets: the largest organisations one by one, the
 * rest in runs of consecutive ranks whose weights differ by at most {@link BUCKET_WEIGHT_RATIO}.
 * A run is represented by two nodes that keep its number of organisations and the mean and
 * variance of their weights, so every sum that is linear or quadratic in w is exact and the
 * error comes only from higher moments (tested against the exact per-organisation sum up to
 * 10^7 organisations and 10^7 members).
 */

/** Ranks 1..EXACT_RANKS are tracked one by one: the largest employers dominate the sums. */
export const EXACT_RANKS = 16;
/** Largest ratio of the biggest to the smallest weight within one bucket. */
export const BUCKET_WEIGHT_RATIO = 1.5;
/** Runs shorter than this, and ranks below it, are summed term by term; the rest by Euler–Maclaurin. */
const DIRECT_SUM_TERMS = 64;

/** Organisations grouped into buckets of similar weight. */
export interface EmployerBuckets {
  readonly organizations: number;
  readonly skew: number;
  /** Number of organisations in each bucket. */
  readonly count: Float64Array;
  /** Mean weight w of the organisations in each bucket. */
  readonly weight: Float64Array;
  /** ln(1 − w) of each bucket's weight (−Infinity where w = 1). */
  readonly logMiss: Float64Array;
  /** The first rank of each node's run of organisations (1-based). */
  readonly firstRank: Float64Array;
}

/**
 * Σ_{i=a}^{b} i^(−s): term by term for short runs and below rank {@link DIRECT_SUM_TERMS}, beyond
 * it by Euler–Maclaurin with three correction terms, whose remainder is then at most about
 * s(s+1)…(s+4)/30240 · a^(−s−5): below 1e-10 of the sum for s ≤ 6 and every b.
 *
 * @example zipfPartialSum(1, 1000, 1) // H_1000 = 7.485470860550345
 */
export function zipfPartialSum(a: number, b: number, s: number): number {
  // Short runs, and the ranks below DIRECT_SUM_TERMS of long ones, term by term.
  const directEnd = b - a < DIRECT_SUM_TERMS ? b : Math.max(a, DIRECT_SUM_TERMS) - 1;
  let direct = 0;
  for (let i = directEnd; i >= a; i--) direct += i ** -s;
  if (directEnd === b) return direct;
  a = directEnd + 1;
  const logRatio = Math.log(b / a);
  // ∫_a^b x^(−s) dx, written with expm1 so that s near 1 does not cancel.
  const integral = s === 1 ? logRatio : (a ** (1 - s) * Math.expm1((1 - s) * logRatio)) / (1 - s);
  const f = (x: number) => x ** -s;
  const f1 = (x: number) => -s * x ** (-s - 1);
  const f3 = (x: number) => -s * (s + 1) * (s + 2) * x ** (-s - 3);
  return direct + integral + (f(a) + f(b)) / 2 + (f1(b) - f1(a)) / 12 - (f3(b) - f3(a)) / 720;
}

let cached: EmployerBuckets | undefined;

/**
 * Groups `organizations` Zipf-sized employers into buckets (memoised for the last arguments,
 * since a projection and a Monte Carlo run ask for the same ones again and again).
 * With `exact`, every organisation is its own bucket: the test oracle. `organizations` must be a
 * whole number well below 2^53 (the assumption allows up to 10^9), or the ranks stop being exact.
 *
 * @example employerBuckets(200000, 1).count.length // 62 nodes instead of 200,000 organisations
 */
export function employerBuckets(organizations: number, skew: number, exact = false): EmployerBuckets {
  if (!exact && cached && cached.organizations === organizations && cached.skew === skew) return cached;
  // Bucket k holds ranks firstRank[k]..firstRank[k+1]−1.
  const starts: number[] = [];
  const exactUpTo = exact ? organizations : Math.min(organizations, EXACT_RANKS);
  for (let i = 1; i <= exactUpTo; i++) starts.push(i);
  // For s = 0 all weights are equal: one bucket. Otherwise a run [a, b] keeps (b/a)^s ≤ ratio.
  const rankRatio = skew === 0 ? Infinity : BUCKET_WEIGHT_RATIO ** (1 / skew);
  for (
    let a = exactUpTo + 1;
    a <= organizations;
    a = Math.min(organizations, Math.max(a, Math.floor(a * rankRatio))) + 1
  ) {
    starts.push(a);
  }
  // Each run of ranks becomes two nodes at w̄ ± σ holding half its organisations each: the
  // two-point rule that matches the run's count, mean and variance of weights exactly.
  const count: number[] = [];
  const weight: number[] = [];
  const firstRank: number[] = [];
  const ends = starts.map((_, k) => (k + 1 < starts.length ? starts[k + 1] - 1 : organizations));
  const masses = starts.map((a, k) => zipfPartialSum(a, ends[k], skew));
  const total = masses.reduce((sum, m) => sum + m, 0);
  for (let k = 0; k < starts.length; k++) {
    const [a, b] = [starts[k], ends[k]];
    const n = b - a + 1;
    const mean = masses[k] / total / n;
    const meanSquare = n === 1 || skew === 0 ? mean * mean : zipfPartialSum(a, b, 2 * skew) / (total * total) / n;
    const spread = Math.sqrt(Math.max(0, meanSquare - mean * mean));
    const nodes = spread === 0 ? [mean] : [mean - spread, mean + spread];
    for (const w of nodes) {
      count.push(n / nodes.length);
      weight.push(w);
      firstRank.push(a);
    }
  }
  const logMiss = weight.map((w) => Math.log1p(-w));
  const buckets = {
    organizations,
    skew,
    count: Float64Array.from(count),
    weight: Float64Array.from(weight),
    logMiss: Float64Array.from(logMiss),
    firstRank: Float64Array.from(firstRank),
  };
  if (!exact) cached = buckets;
  return buckets;
}

/** (1 − x)^u from ln(1 − x), with 0^0 = 1 (no employed members: nobody is reached). */
const powerOfMiss = (logMiss: number, u: number): number => (u === 0 ? 1 : Math.exp(u * logMiss));

/**
 * Expected organisations with at least one of `employed` members: Σ_i [1 − (1 − w_i)^U].
 *
 * @example employersReached(employerBuckets(1000, 0), 1000) // ≈ 632.30
 */
export function employersReached(buckets: EmployerBuckets, employed: number): number {
  if (employed === 0) return 0;
  let reached = 0;
  for (let k = 0; k < buckets.count.length; k++) {
    reached -= buckets.count[k] * Math.expm1(employed * buckets.logMiss[k]);
  }
  return reached;
}

/**
 * The probability that an employer with `advocates` advocates converts in a month, when each
 * persuades it with probability `persuasion`: 1 − (1 − persuasion)^advocates.
 *
 * @example conversionProbability(10, 0.05) // ≈ 0.401263
 */
export function conversionProbability(advocates: number, persuasion: number): number {
  if (advocates === 0) return 0;
  return -Math.expm1(advocates * Math.log1p(-persuasion));
}

/**
 * The customer state of every bucket, stepped month by month:
 * h_i = 1 − (1 − r·w_i)^U · (1 − certificationPull),
 * C_i ← C_i(1 − c) + (1 − C_i(1 − c))·h_i, customers = Σ_i C_i.
 */
export class EmployerConversion {
  /** Probability that an organisation of each bucket is a customer. */
  private readonly share: Float64Array;
  private readonly keep: number;
  private readonly missCertification: number;
  customers = 0;
  newCustomers = 0;
  churnedCustomers = 0;

  /**
   * @param monthlyChurn - c, the monthly share of customers lost
   * @param certificationPull - monthly conversion hazard without an advocate
   */
  constructor(
    private readonly buckets: EmployerBuckets,
    monthlyChurn: number,
    certificationPull: number,
  ) {
    this.share = new Float64Array(buckets.count.length);
    this.keep = 1 - monthlyChurn;
    this.missCertification = 1 - certificationPull;
  }

  /**
   * Advances one month with `employed` members each persuading with probability `persuasion`;
   * returns the expected customers at the end of the month.
   */
  step(employed: number, persuasion: number): number {
    const { count, weight } = this.buckets;
    const share = this.share;
    let customers = 0;
    let gained = 0;
    let lost = 0;
    for (let k = 0; k < share.length; k++) {
      const kept = share[k] * this.keep;
      const hazard = 1 - powerOfMiss(Math.log1p(-persuasion * weight[k]), employed) * this.missCertification;
      const next = kept + (1 - kept) * hazard;
      lost += count[k] * (share[k] - kept);
      gained += count[k] * (1 - kept) * hazard;
      customers += count[k] * next;
      share[k] = next;
    }
    this.customers = customers;
    this.newCustomers = gained;
    this.churnedCustomers = lost;
    return customers;
  }

  /** Customers per bucket (expected), for the concentration of customers by employer size. */
  customersByBucket(): Float64Array {
    return this.share.map((s, k) => s * this.buckets.count[k]);
  }
}
