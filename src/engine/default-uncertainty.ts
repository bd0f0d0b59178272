import { ASSUMPTIONS, AssumptionName } from '../model/assumptions';
import { DistributionName } from './distributions';
import type { InputCell, InputTable } from './simulation-inputs';

/**
 * The default uncertainty of the inputs that are really uncertain: a starting point for a
 * simulation, not a claim about any company. Each distribution keeps the default value as its
 * mode (pert, triangular) or median (metalog), so the base run is the typical trial. The other
 * assumptions are decisions (prices' growth, hiring, cash, costs) or the horizon, and stay fixed.
 * Ranges and reasons: docs/model.md, "Default uncertainty".
 */
export interface DefaultUncertainty {
  readonly distribution: DistributionName;
  readonly params: readonly number[];
  readonly why: string;
}

export const DEFAULT_UNCERTAINTY: Readonly<Partial<Record<AssumptionName, DefaultUncertainty>>> = Object.freeze({
  marketSize: {
    distribution: 'pert',
    params: [150_000, 500_000, 1_000_000],
    why: 'A judgement: the engaged community a niche infrastructure project can reach, from a third of the default to twice it.',
  },
  innovation: {
    distribution: 'triangular',
    params: [0.001, 0.01, 0.02],
    why:
      'Below the mean p of 0.03 of Sultan, Farley & Lehmann (1990), since few people join a developer community ' +
      'unprompted; triangular, so slow starts keep their weight.',
  },
  imitation: {
    distribution: 'triangular',
    params: [0.1, 0.45, 0.7],
    why: 'Around the mean q of 0.38 in the same meta-analysis: from word of mouth that barely spreads to a fast one.',
  },
  memberChurn: {
    distribution: 'pert',
    params: [0.05, 0.15, 0.35],
    why: 'A judgement: from a loyal community to one that loses a third of its members a year.',
  },
  contributorShare: {
    distribution: 'pert',
    params: [0.01, 0.03, 0.1],
    why: 'The 90-9-1 rule (Nielsen, 2006): 1 % contribute most, up to 10 % counting those who contribute a little.',
  },
  organizations: {
    distribution: 'pert',
    params: [25_000, 50_000, 100_000],
    why: 'A judgement: the employers of a niche that could buy support, halved or doubled.',
  },
  persuasion: {
    distribution: 'pert',
    params: [0.00005, 0.0005, 0.0012],
    why:
      'The least known input: from members who almost never win their employer over to 2.4 times the default. ' +
      'Bounded (pert, not a metalog): an unbounded tail let a few trials reach ARRs no company has reported.',
  },
  annualContractValue: {
    distribution: 'pert',
    params: [10_000, 25_000, 45_000],
    why:
      'First-year contracts: MySQL sold at a few thousand a year, Hortonworks and Confluent averaged about $100 K ' +
      'after years of expansion (calibration.md, section 1); expansion grows a contract after signing.',
  },
  servicesAttach: {
    distribution: 'pert',
    params: [0.05, 0.15, 0.3],
    why: 'A judgement: from little services revenue to nearly a third of subscriptions.',
  },
  customerChurn: {
    distribution: 'pert',
    params: [0.05, 0.1, 0.25],
    why: 'Gross retention of 75 – 95 % around the typical 90 % of subscriptions sold to businesses.',
  },
  acquisitionCost: {
    distribution: 'pert',
    params: [10_000, 30_000, 60_000],
    why:
      'Sales and marketing near half of revenue in 81 SaaS IPOs (Blossom Street Ventures; calibration.md, ' +
      'section 1): from a self-serve sale to a field sale of about two years of contract value.',
  },
  obsolescence: {
    distribution: 'pert',
    params: [0.05, 0.15, 0.3],
    why: "A judgement: the software's value lasts from about three to twenty years.",
  },
  qualityElasticity: {
    distribution: 'triangular',
    params: [0.1, 0.3, 0.6],
    why: 'No published estimate (a judgement): a plain triangular range around the default.',
  },
});

/** The columns of an assumptions table, in the order `beekeeper template` and the task pane write them. */
export const TABLE_COLUMNS = ['name', 'value', 'distribution', 'p1', 'p2', 'p3', 'unit', 'description'] as const;

/** Where a cell of the default table is: sheet rows are 1-based with the header in row 1. */
const where = (row: number, column: number) =>
  `the default assumptions, row ${row}, column ${String.fromCharCode(65 + column)} (${TABLE_COLUMNS[column]})`;

/**
 * The default assumptions table of a simulation run: the header, then one row per assumption in
 * schema order with its default value, its default uncertainty (if any), unit and description.
 *
 * @example readSimulationTable(defaultSimulationTable()).uncertain.length // 13
 */
export function defaultSimulationTable(): InputTable {
  const cells = (row: number, values: readonly unknown[]): InputCell[] =>
    values.map((value, column) => ({ value, where: where(row, column) }));
  return {
    source: 'the default assumptions',
    header: cells(1, TABLE_COLUMNS),
    rows: ASSUMPTIONS.map((a, i) => {
      const u = DEFAULT_UNCERTAINTY[a.name];
      const p = u?.params ?? [];
      return cells(i + 2, [
        a.name,
        // No startDate: an empty cell (what a user clears it to), not a 0 that reads as a date.
        a.name === 'startDate' && a.value === 0 ? null : a.value,
        u?.distribution ?? null,
        p[0] ?? null,
        p[1] ?? null,
        p[2] ?? null,
        a.unit,
        a.description,
      ]);
    }),
  };
}
