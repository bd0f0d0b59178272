import { AssumptionName, Assumptions, resolveAssumptions } from './assumptions';
import { Kpis, kpis } from './kpis';
import { MonthlySeries, Scenario, projectMonthly } from './projection';

/** A projection: the assumptions as run, every monthly output and the KPIs. */
export interface Projection {
  readonly scenario: Scenario;
  readonly assumptions: Assumptions;
  readonly monthly: MonthlySeries;
  readonly kpis: Kpis;
}

/**
 * Validates the assumptions (defaults for names not given) and projects them.
 *
 * @example project({ reinvestShare: 0.5 }, 'beekeeper').kpis.arr
 */
export function project(
  overrides: Readonly<Partial<Record<AssumptionName, number>>> = {},
  scenario: Scenario = 'beekeeper',
): Projection {
  const assumptions = resolveAssumptions(overrides);
  const monthly = projectMonthly(assumptions, scenario);
  return { scenario, assumptions, monthly, kpis: kpis(assumptions, monthly) };
}
