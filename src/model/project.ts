import { AssumptionName, Assumptions, resolveAssumptions } from './assumptions';
import { Kpis, kpis } from './kpis';
import { Plan, PlanRow, checkPlan } from './plan';
import { MonthlySeries, Scenario, projectMonthly } from './projection';

/** A projection: the assumptions and the plan as run, every monthly output and the KPIs. */
export interface Projection {
  readonly scenario: Scenario;
  readonly assumptions: Assumptions;
  readonly plan: Plan;
  readonly monthly: MonthlySeries;
  readonly kpis: Kpis;
}

/**
 * Validates the assumptions (defaults for names not given) and the plan (against them), and
 * projects them. As `resolveAssumptions`, it checks valid ranges, not plausible ones.
 *
 * @example project({ reinvestShare: 0.5 }, 'beekeeper').kpis.arr
 * @example project({ initialCash: 12e6 }, 'beekeeper', [{ month: 9, name: 'funding', value: 20e6 }]).monthly.cash[8]
 */
export function project(
  overrides: Readonly<Partial<Record<AssumptionName, number>>> = {},
  scenario: Scenario = 'beekeeper',
  planRows: readonly PlanRow[] = [],
): Projection {
  const assumptions = resolveAssumptions(overrides);
  const plan = planRows.length > 0 ? checkPlan(planRows, assumptions, 'plan', { allowImplausible: true }) : [];
  const monthly = projectMonthly(assumptions, scenario, plan);
  return { scenario, assumptions, plan, monthly, kpis: kpis(assumptions, monthly) };
}
