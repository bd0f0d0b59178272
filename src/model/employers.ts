/**
 * Employers: `organizations` organisations whose sizes follow Zipf's law with exponent s.
 * A member works at organisation i with probability w_i = i^(−s) / Σ_j j^(−s).
 *
 * Sums over organisations run over size buckets: the largest organisations one by one, the
 * rest in runs of consecutive ranks whose weights differ by at most {@link BUCKET_WEIGHT_RATIO}.
 * A run is represented by two nodes, the two-point Gauss rule of the run's weights: they keep
 * its number of organisations and the first three moments of their weights (mean, variance,
 * skewness), so every sum that is a cubic polynomial in w is exact and the error comes only
 * from higher moments (tested against the exact per-organisation sum up to 10^7 organisations
 * and 10^7 members; `npm run bench` reports the largest error).
 */

/** Ranks 1..EXACT_RANKS are tracked one by one: the largest employers dominate the sums. */
export const EXACT_RANKS = 16;
/**
 * Largest ratio of the biggest to the smallest weight within one run. With the two-point Gauss
 * rule, 1.75 gives 50 nodes for 200,000 organisations, fewer and more accurate than the 62 of
 * the symmetric rule w̄ ± σ at 1.5; at 2 one reference case (test/reference) misses 10⁻⁴, and at
 * 2.5 the hardest tested cases (persuasion 0.1 to 1, 100 to 1,000 organisations) miss 0.5 %.
 */
export const BUCKET_WEIGHT_RATIO = 1.75;
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

/** Power sums Σ i^(−s), Σ i^(−2s), Σ i^(−3s) over each run of ranks. */
interface RunSums {
  readonly starts: number[];
  readonly s1: number[];
  readonly s2: number[];
  readonly s3: number[];
}

/**
 * The runs of one skew, with the power sums of every complete run, grown as larger numbers of
 * organisations ask for them. A Monte Carlo run that samples `organizations` then computes only
 * the last, partial run of each trial (three sums instead of three per run).
 */
const runsBySkew = new Map<number, RunSums>();
const MAX_CACHED_SKEWS = 16;

function runsFor(skew: number): RunSums {
  let runs = runsBySkew.get(skew);
  if (!runs) {
    if (runsBySkew.size >= MAX_CACHED_SKEWS) runsBySkew.clear();
    runs = { starts: [], s1: [], s2: [], s3: [] };
    for (let i = 1; i <= EXACT_RANKS; i++) runs.starts.push(i);
    runsBySkew.set(skew, runs);
  }
  return runs;
}

/** Ranks a..b's three power sums. */
const powerSums = (a: number, b: number, s: number): [number, number, number] =>
  s === 0
    ? [b - a + 1, b - a + 1, b - a + 1]
    : [zipfPartialSum(a, b, s), zipfPartialSum(a, b, 2 * s), zipfPartialSum(a, b, 3 * s)];

/**
 * The runs of ranks 1..O: starts, ends and power sums. Ranks 1..EXACT_RANKS are runs of one;
 * after them a run [a, b] keeps (b/a)^s ≤ BUCKET_WEIGHT_RATIO (for s = 0, one run).
 */
function runsUpTo(
  organizations: number,
  skew: number,
): { starts: number[]; ends: number[]; sums: [number, number, number][] } {
  const runs = runsFor(skew);
  const rankRatio = skew === 0 ? Infinity : BUCKET_WEIGHT_RATIO ** (1 / skew);
  const nextStart = (a: number) => (a <= EXACT_RANKS ? a + 1 : Math.max(a + 1, Math.floor(a * rankRatio) + 1));
  // Grow the list of run starts until it passes `organizations`.
  while (runs.starts[runs.starts.length - 1] <= organizations) {
    const a = runs.starts[runs.starts.length - 1];
    const next = nextStart(a);
    if (!Number.isFinite(next)) break; // s = 0: the run after the exact ranks never ends
    runs.starts.push(next);
  }
  const starts: number[] = [];
  const ends: number[] = [];
  const sums: [number, number, number][] = [];
  for (let k = 0; k < runs.starts.length && runs.starts[k] <= organizations; k++) {
    const a = runs.starts[k];
    const completeEnd = k + 1 < runs.starts.length ? runs.starts[k + 1] - 1 : Infinity;
    const b = Math.min(organizations, completeEnd);
    starts.push(a);
    ends.push(b);
    if (b === completeEnd) {
      if (runs.s1[k] === undefined) [runs.s1[k], runs.s2[k], runs.s3[k]] = powerSums(a, b, skew);
      sums.push([runs.s1[k], runs.s2[k], runs.s3[k]]);
    } else sums.push(powerSums(a, b, skew));
  }
  return { starts, ends, sums };
}

/**
 * Groups `organizations` Zipf-sized employers into buckets (memoised for the last arguments,
 * since a projection and a Monte Carlo run ask for the same ones again and again).
 * With `exact`, every organisation is its own bucket: the test oracle. `organizations` must be a
 * whole number well below 2^53 (the assumption allows up to 10^9), or the ranks stop being exact.
 *
 * @example employerBuckets(200000, 1).count.length // 50 nodes instead of 200,000 organisations
 */
export function employerBuckets(organizations: number, skew: number, exact = false): EmployerBuckets {
  if (!exact && cached && cached.organizations === organizations && cached.skew === skew) return cached;
  const { starts, ends, sums } = exact
    ? {
        starts: Array.from({ length: organizations }, (_, i) => i + 1),
        ends: Array.from({ length: organizations }, (_, i) => i + 1),
        sums: Array.from({ length: organizations }, (_, i): [number, number, number] => {
          const w = (i + 1) ** -skew;
          return [w, w * w, w * w * w];
        }),
      }
    : runsUpTo(organizations, skew);
  const count: number[] = [];
  const weight: number[] = [];
  const firstRank: number[] = [];
  let total = 0;
  for (const [s1] of sums) total += s1;
  for (let k = 0; k < starts.length; k++) {
    const [a, b] = [starts[k], ends[k]];
    for (const [n, w] of runNodes(a, b, skew, sums[k], total)) {
      count.push(n);
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

/**
 * The nodes [organisations, weight] that stand for ranks a..b, whose power sums Σ i^(−s),
 * Σ i^(−2s), Σ i^(−3s) are given (the weights are i^(−s) / `total`). One or two organisations are their own nodes. Longer runs get the two-point
 * Gauss rule of their weights: a two-point distribution with the run's mean μ, variance σ² and
 * skewness γ puts probability p = 1/2 + γ / (2√(4 + γ²)) on μ − σ√((1 − p)/p) and the rest on
 * μ + σ√(p/(1 − p)). Its nodes lie inside the run's range of weights; where rounding would put
 * them outside (nearly equal weights), the run falls back to the symmetric rule μ ± σ.
 */
function runNodes(
  a: number,
  b: number,
  s: number,
  [mass, squares, cubes]: readonly [number, number, number],
  total: number,
): [number, number][] {
  const weightOf = (rank: number) => rank ** -s / total;
  if (b === a) return [[1, mass / total]];
  if (b === a + 1)
    return [
      [1, weightOf(a)],
      [1, weightOf(b)],
    ];
  const n = b - a + 1;
  const mean = mass / total / n;
  if (s === 0) return [[n, mean]];
  const meanSquare = squares / (total * total) / n;
  const sd = Math.sqrt(Math.max(0, meanSquare - mean * mean));
  if (sd <= 1e-12 * mean) return [[n, mean]];
  const meanCube = cubes / (total * total * total) / n;
  const skewness = (meanCube - 3 * mean * meanSquare + 2 * mean ** 3) / sd ** 3;
  const p = 0.5 + skewness / (2 * Math.sqrt(4 + skewness * skewness));
  const low = mean - sd * Math.sqrt((1 - p) / p);
  const high = mean + sd * Math.sqrt(p / (1 - p));
  if (p > 0 && p < 1 && low >= weightOf(b) && high <= weightOf(a)) {
    return [
      [n * p, low],
      [n * (1 - p), high],
    ];
  }
  return [
    [n / 2, mean - sd],
    [n / 2, mean + sd],
  ];
}

/*
 * The conversion step evaluates ln(1 − r·w) and (1 − r·w)^U for every node every month: the
 * hot loop of a Monte Carlo run, where Math.log1p and Math.exp cost about 20 ns each. Most
 * nodes are small organisations whose arguments are tiny, where a short series is exact to
 * the last bit or two and several times cheaper.
 */

/** ln(1 − x) for 0 ≤ x ≤ 1; below 0.01 by its series to x⁸ (remainder < x·10⁻¹⁷). */
function logOneMinus(x: number): number {
  if (x < 0.01) {
    return -x * (1 + x * (1 / 2 + x * (1 / 3 + x * (1 / 4 + x * (1 / 5 + x * (1 / 6 + x * (1 / 7 + x / 8)))))));
  }
  return Math.log1p(-x);
}

/** e^x for |x| ≤ 0.05 by its Taylor series to x⁸ (remainder < 6·10⁻¹⁸). */
const expSmall = (x: number): number =>
  1 + x * (1 + x * (1 / 2 + x * (1 / 6 + x * (1 / 24 + x * (1 / 120 + x * (1 / 720 + x * (1 / 5040 + x / 40320)))))));

/**
 * e^x for x ≤ 0: the series above −0.05; down to −3.2 as (e^(x/64))^64, six squarings that
 * cost a relative error of at most 64 ulp (1.4·10⁻¹⁴); below that Math.exp.
 */
function expNonPositive(x: number): number {
  if (x > -0.05) return expSmall(x);
  if (x > -3.2) {
    let e = expSmall(x / 64);
    e *= e;
    e *= e;
    e *= e;
    e *= e;
    e *= e;
    return e * e;
  }
  return Math.exp(x);
}

/** (1 − x)^u from ln(1 − x), with 0^0 = 1 (no employed members: nobody is reached). */
const powerOfMiss = (logMiss: number, u: number): number => (u === 0 ? 1 : expNonPositive(u * logMiss));

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
    const { share, keep, missCertification } = this;
    let customers = 0;
    for (let k = 0; k < share.length; k++) {
      const kept = share[k] * keep;
      const hazard = 1 - powerOfMiss(logOneMinus(persuasion * weight[k]), employed) * missCertification;
      const next = kept + (1 - kept) * hazard;
      customers += count[k] * next;
      share[k] = next;
    }
    // Σ count·share·c were lost, so Σ count·share·(1 − c) were kept and the rest are new.
    const before = this.customers;
    this.churnedCustomers = before * (1 - keep);
    this.newCustomers = Math.max(0, customers - before * keep); // (rounding could make it −1e-12)
    this.customers = customers;
    return customers;
  }

  /** Customers per bucket (expected), for the concentration of customers by employer size. */
  customersByBucket(): Float64Array {
    return this.share.map((s, k) => s * this.buckets.count[k]);
  }
}
