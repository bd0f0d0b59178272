import { ASSUMPTIONS, AssumptionName } from './assumptions';
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
    params: [1_000_000, 2_000_000, 4_000_000],
    why: 'An illustrative round number: half to twice it says how little is known before the market is measured.',
  },
  innovation: {
    distribution: 'pert',
    params: [0.002, 0.01, 0.03],
    why:
      'Sultan, Farley & Lehmann (1990) found a mean p of 0.03 across diffusion studies: the top of the range, ' +
      'since few people join a developer community unprompted.',
  },
  imitation: {
    distribution: 'pert',
    params: [0.2, 0.45, 0.8],
    why: 'Around the mean q of 0.38 in the same meta-analysis: slow to fast word of mouth.',
  },
  memberChurn: {
    distribution: 'pert',
    params: [0.05, 0.15, 0.35],
    why: 'Illustrative: from a loyal community to one that loses a third of its members a year.',
  },
  contributorShare: {
    distribution: 'pert',
    params: [0.01, 0.03, 0.1],
    why: 'The 90-9-1 rule (Nielsen, 2006): 1 % contribute most, up to 10 % counting those who contribute a little.',
  },
  organizations: {
    distribution: 'pert',
    params: [100_000, 200_000, 400_000],
    why: 'The order of magnitude of U.S. employers with fifty or more staff, halved or doubled for who could buy.',
  },
  persuasion: {
    distribution: 'metalog',
    params: [0.0002, 0.0005, 0.0012],
    why:
      'The least known input: P10 and P90 a factor of about 2.5 either side of the default; the metalog, ' +
      'bounded by the valid range 0 to 1, keeps a long right tail.',
  },
  annualContractValue: {
    distribution: 'metalog',
    params: [20_000, 30_000, 50_000],
    why: 'Support prices vary widely between vendors: skewed to the right, bounded below by 0.',
  },
  servicesAttach: {
    distribution: 'pert',
    params: [0.05, 0.15, 0.3],
    why: 'Illustrative: from little services revenue to nearly a third of subscriptions.',
  },
  customerChurn: {
    distribution: 'pert',
    params: [0.05, 0.1, 0.2],
    why: 'Gross revenue retention of 80 – 95 % around the typical 90 % of business subscriptions.',
  },
  obsolescence: {
    distribution: 'pert',
    params: [0.05, 0.15, 0.3],
    why: "Illustrative: the software's value lasts from about three to twenty years.",
  },
  qualityElasticity: {
    distribution: 'triangular',
    params: [0.1, 0.3, 0.6],
    why: 'No published estimate: a plain triangular range around the illustrative default.',
  },
});

const COLUMNS = ['name', 'value', 'distribution', 'p1', 'p2', 'p3', 'unit', 'description'];

/** Where a cell of the default table is: sheet rows are 1-based with the header in row 1. */
const where = (row: number, column: number) =>
  `the default assumptions, row ${row}, column ${String.fromCharCode(65 + column)} (${COLUMNS[column]})`;

/**
 * The default assumptions table of a simulation run: the header, then one row per assumption in
 * schema order with its default value, its default uncertainty (if any), unit and description.
 *
 * @example readSimulationTable(defaultSimulationTable()).uncertain.length // 12
 */
export function defaultSimulationTable(): InputTable {
  const cells = (row: number, values: readonly unknown[]): InputCell[] =>
    values.map((value, column) => ({ value, where: where(row, column) }));
  return {
    source: 'the default assumptions',
    header: cells(1, COLUMNS),
    rows: ASSUMPTIONS.map((a, i) => {
      const u = DEFAULT_UNCERTAINTY[a.name];
      const p = u?.params ?? [];
      return cells(i + 2, [
        a.name,
        a.value,
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
