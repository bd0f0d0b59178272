import { bassAdopters, monthly } from './bass';
import { EmployerConversion, employerBuckets } from './employers';
import { pow } from './portable-math';

/**
 * The model's blocks on their own, as the OSS.MEMBERS, OSS.CUSTOMERS and OSS.REVENUE
 * functions expose them (attractiveness and goodwill fixed at 1). Arguments are validated
 * by the caller.
 */

/**
 * Active members per month: the exact monthly Bass step, then churn.
 *
 * @example membersSeries(2e6, 0.01, 0.45, 60, 0, 0)[59] // ≈ m·F(5) of the closed form
 */
export function membersSeries(
  marketSize: number,
  innovation: number,
  imitation: number,
  months: number,
  annualChurn: number,
  initialMembers: number,
): Float64Array {
  const out = new Float64Array(months);
  const leave = monthly(annualChurn);
  let members = initialMembers;
  for (let i = 0; i < months; i++) {
    members += bassAdopters(marketSize, members, innovation, imitation, 1 / 12) - members * leave;
    out[i] = members;
  }
  return out;
}

/**
 * Expected paying customers per month for a column of members per month, converted through
 * their Zipf-sized employers.
 *
 * @example customersSeries(Float64Array.of(1000, 2000), 200000, 0.0005, 0.1, 1, 0.7)
 */
export function customersSeries(
  members: ArrayLike<number>,
  organizations: number,
  persuasion: number,
  annualChurn: number,
  sizeSkew: number,
  employedShare: number,
): Float64Array {
  const conversion = new EmployerConversion(employerBuckets(organizations, sizeSkew), monthly(annualChurn), 0);
  return Float64Array.from(members, (n) => conversion.step(employedShare * n, persuasion));
}

/**
 * Monthly revenue (subscription + services) for a column of customers per month; the price
 * grows from month 1.
 *
 * @example revenueSeries([12], 30000, 0, 0) // Float64Array [30000]
 */
export function revenueSeries(
  customers: ArrayLike<number>,
  annualContractValue: number,
  annualPriceGrowth: number,
  servicesAttach: number,
): Float64Array {
  return Float64Array.from(
    customers,
    (c, i) => ((c * annualContractValue * pow(1 + annualPriceGrowth, i / 12)) / 12) * (1 + servicesAttach),
  );
}
