/**
 * The Bass diffusion block (src/model/bass.ts, blocks.ts membersSeries) and Claim 7 of model.md.
 *
 * Reference values: test/reference/reference.json, group `bass`, computed by
 * test/reference/make_reference.py with Python `decimal` at 40 significant digits from the
 * closed form F(t) = (1 − e^(−(p+q)t)) / (1 + (q/p)·e^(−(p+q)t)). Published parameters:
 * Sultan, Farley & Lehmann (1990), "A Meta-Analysis of Applications of Diffusion Models",
 * Journal of Marketing Research 27(1):70–77, mean coefficients p = 0.03, q = 0.38; the other
 * curves are labelled test points (see each curve's `label`).
 */
import reference from '../reference/reference.json';
import { bassAdopters, bassShare, monthly } from '../../src/model/bass';
import { membersSeries } from '../../src/model/blocks';
import { project } from '../../src/model/project';
import { relativeError } from '../support/oracles';

const bass = reference.bass;

describe('bassShare: the closed-form Bass curve', () => {
  // Source: model.md's own check values, F(1), F(5), F(10) for p = 0.03, q = 0.38 (Sultan,
  // Farley & Lehmann 1990 means), to 6 decimals; verified by make_reference.py.
  test.each(bass.spec_check.map((c) => [c.t, c.spec_expected_6dp, c.F]))(
    'model.md check: F(%d) rounds to %d (decimal reference %d)',
    (t, sixDecimals, exact) => {
      const F = bassShare(0.03, 0.38, t);
      expect(Math.round(F * 1e6) / 1e6).toBe(sixDecimals);
      expect(relativeError(F, exact)).toBeLessThanOrEqual(1e-12);
    },
  );

  // Source: reference.json bass.curves (decimal 40 digits); relative 1e-12.
  for (const curve of bass.curves) {
    test(`${curve.label} (m=${curve.m}, p=${curve.p}, q=${curve.q}) at t = 0.5..20 years, relative 1e-12`, () => {
      for (const point of curve.points) {
        expect(relativeError(bassShare(curve.p, curve.q, point.t), point.F)).toBeLessThanOrEqual(1e-12);
        expect(relativeError(curve.m * bassShare(curve.p, curve.q, point.t), point.adopters)).toBeLessThanOrEqual(
          1e-12,
        );
      }
    });
  }

  // Source: reference.json bass.default_community_monthly: m·F(t/12) for the model's default
  // community (m = 2e6, p = 0.01, q = 0.45), t = 1..60 months.
  test('default community m·F(t/12), t = 1..60 months, relative 1e-12', () => {
    const { m, p, q, series } = bass.default_community_monthly;
    for (const row of series) {
      expect(relativeError(m * bassShare(p, q, row.t / 12), row.members)).toBeLessThanOrEqual(1e-12);
    }
  });

  test('F(0) = 0, F is increasing and tends to 1; tiny p does not overflow q/p', () => {
    expect(bassShare(0.03, 0.38, 0)).toBe(0);
    let previous = 0;
    for (let t = 0.25; t <= 40; t += 0.25) {
      const F = bassShare(0.03, 0.38, t);
      expect(F).toBeGreaterThan(previous);
      previous = F;
    }
    expect(bassShare(0.03, 0.38, 200)).toBeCloseTo(1, 14);
    // p = 1e-300: q/p would overflow; F(t) ≈ p(e^(qt) − 1)/q while e^(qt)·p ≪ 1.
    const tiny = bassShare(1e-300, 0.5, 1);
    expect(Number.isFinite(tiny)).toBe(true);
    expect(relativeError(tiny, (1e-300 * Math.expm1(0.5)) / 0.5)).toBeLessThan(1e-12);
    // q = 0: pure innovation, F = 1 − e^(−pt).
    expect(relativeError(bassShare(0.2, 0, 3), -Math.expm1(-0.6))).toBeLessThan(1e-15);
  });
});

describe('bassAdopters: one exact step of the Bass equation', () => {
  test('from zero, one step of length t equals m·F(t) (reference curves, relative 1e-12)', () => {
    for (const curve of bass.curves) {
      for (const point of curve.points) {
        expect(relativeError(bassAdopters(curve.m, 0, curve.p, curve.q, point.t), point.adopters)).toBeLessThanOrEqual(
          1e-12,
        );
      }
    }
  });

  test('from n = m·F(t0), one step of dt equals the closed-form difference m·(F(t0+dt) − F(t0))', () => {
    // Source: consecutive points of the reference curves (decimal), so dt = 0.5, 1, 1, 2, 5, 10 years.
    for (const curve of bass.curves) {
      const pts = curve.points;
      for (let k = 0; k + 1 < pts.length; k++) {
        const dt = pts[k + 1].t - pts[k].t;
        const got = bassAdopters(curve.m, curve.m * pts[k].F, curve.p, curve.q, dt);
        const want = curve.m * (pts[k + 1].F - pts[k].F);
        expect(relativeError(got, want)).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * curve.m);
      }
    }
  });

  test('one month from every month of the default community equals the closed-form difference', () => {
    const { m, p, q } = bass.default_community_monthly;
    for (let t = 0; t < 120; t++) {
      const f0 = bassShare(p, q, t / 12);
      const got = bassAdopters(m, m * f0, p, q, 1 / 12);
      expect(Math.abs(got - m * (bassShare(p, q, (t + 1) / 12) - f0))).toBeLessThanOrEqual(1e-10 * m);
    }
  });

  test('twelve monthly steps equal one yearly step (the solution is a semigroup)', () => {
    for (const [m, p, q] of [
      [1, 0.03, 0.38],
      [2e6, 0.01, 0.45],
      [5e4, 1e-6, 5],
    ]) {
      let n = 0;
      for (let k = 0; k < 12; k++) n += bassAdopters(m, n, p, q, 1 / 12);
      expect(Math.abs(n - bassAdopters(m, 0, p, q, 1))).toBeLessThanOrEqual(1e-12 * m);
    }
  });

  test('no adopters once the market is full; a negative state counts as empty', () => {
    expect(bassAdopters(1000, 1000, 0.03, 0.38, 1 / 12)).toBe(0);
    expect(bassAdopters(1000, 2000, 0.03, 0.38, 1 / 12)).toBe(0);
    expect(bassAdopters(1000, -5, 0.03, 0.38, 1)).toBe(bassAdopters(1000, 0, 0.03, 0.38, 1));
  });
});

describe('monthly(): an annual fraction as a monthly one, 1 − (1 − x)^(1/12)', () => {
  test('end points and definition', () => {
    expect(monthly(0)).toBe(0);
    expect(monthly(1)).toBe(1);
    // Source: 1 − (1 − x)^(1/12) in Python decimal at 40 digits (computed for this test:
    // python3 -c "from decimal import *; getcontext().prec=40; print(1-(1-Decimal('0.15'))**(Decimal(1)/12))").
    const decimal: Array<[number, number]> = [
      [0.01, 0.0008371773591205595],
      [0.1, 0.008741610954696706],
      [0.15, 0.013451947011868888],
      [0.5, 0.05612568731830651],
      [0.9, 0.17459581473198157],
      [0.999, 0.4376586748096509],
    ];
    for (const [x, want] of decimal) {
      expect(relativeError(monthly(x), want)).toBeLessThan(1e-15);
      // Twelve months of the monthly fraction compound to the annual one.
      expect(Math.abs((1 - monthly(x)) ** 12 - (1 - x))).toBeLessThan(1e-15);
    }
  });

  test('small fractions keep full precision: monthly(x) ≈ x/12 + 11x²/288', () => {
    for (const x of [1e-6, 1e-9, 1e-12, 1e-15]) {
      expect(relativeError(monthly(x), x / 12 + (11 * x * x) / 288)).toBeLessThan(1e-12);
    }
  });
});

describe('Claim 7: with A ≡ 1 (qualityElasticity = 0), no churn and no initial members, `members` equals the closed-form Bass curve m·F(t/12) to within 1e-9 of m', () => {
  // (m, p, q, months): the defaults, Sultan–Farley–Lehmann means, tiny p = 1e-6, q at its
  // maximum of 5, pure innovation (q = 0), and a long horizon.
  const cases: Array<[number, number, number, number]> = [
    [2e6, 0.01, 0.45, 60],
    [1e6, 0.03, 0.38, 240],
    [1e9, 1e-6, 0.45, 600],
    [5e4, 1e-6, 5, 120],
    [1000, 1, 5, 60],
    [1e7, 0.2, 0.05, 600],
    [300, 0.5, 0, 120],
  ];
  test.each(cases)('m = %d, p = %d, q = %d over %d months, every month', (m, p, q, months) => {
    const run = project({
      marketSize: m,
      innovation: p,
      imitation: q,
      months,
      qualityElasticity: 0,
      memberChurn: 0,
      initialMembers: 0,
    });
    let worst = 0;
    for (let t = 1; t <= months; t++) {
      expect(run.monthly.attractiveness[t - 1]).toBe(1);
      worst = Math.max(worst, Math.abs(run.monthly.members[t - 1] - m * bassShare(p, q, t / 12)));
    }
    // Measured: at most ~6e-16·m over these cases.
    expect(worst).toBeLessThanOrEqual(1e-9 * m);
  });

  test('the default community against the decimal reference (bass.default_community_monthly)', () => {
    const { m, p, q, series } = bass.default_community_monthly;
    const run = project({
      marketSize: m,
      innovation: p,
      imitation: q,
      months: 60,
      qualityElasticity: 0,
      memberChurn: 0,
      initialMembers: 0,
    });
    for (const row of series)
      expect(Math.abs(run.monthly.members[row.t - 1] - row.members)).toBeLessThanOrEqual(1e-9 * m);
  });
});

describe('membersSeries (OSS.MEMBERS) against the churn_series reference', () => {
  // Source: reference.json bass.churn_series: the exact monthly Bass step then churn
  // N·(1 − (1 − a)^(1/12)), stepped in Python decimal (40 digits) by make_reference.py.
  for (const c of bass.churn_series) {
    test(`M=${c.M}, p=${c.p}, q=${c.q}, churn ${c.churnAnnual}/year, N0=${c.N0}, ${c.months} months (relative 1e-10)`, () => {
      const got = membersSeries(c.M, c.p, c.q, c.months, c.churnAnnual, c.N0);
      expect(got).toHaveLength(c.months);
      for (const row of c.series) expect(relativeError(got[row.t - 1], row.members)).toBeLessThanOrEqual(1e-10);
    });

    test(`the full projection with A ≡ 1 reproduces the same series (newMembers = adopt), M=${c.M}`, () => {
      const run = project({
        marketSize: c.M,
        innovation: c.p,
        imitation: c.q,
        memberChurn: c.churnAnnual,
        initialMembers: c.N0,
        months: c.months,
        qualityElasticity: 0,
      });
      for (const row of c.series) {
        expect(relativeError(run.monthly.members[row.t - 1], row.members)).toBeLessThanOrEqual(1e-10);
        expect(relativeError(run.monthly.newMembers[row.t - 1], row.adopt)).toBeLessThanOrEqual(1e-10);
      }
    });
  }

  test('with churn 0 and N0 0 it is the closed form (default community reference)', () => {
    const { m, p, q, series } = bass.default_community_monthly;
    const got = membersSeries(m, p, q, 60, 0, 0);
    for (const row of series) expect(Math.abs(got[row.t - 1] - row.members)).toBeLessThanOrEqual(1e-9 * m);
  });
});
