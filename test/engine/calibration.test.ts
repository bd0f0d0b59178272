/**
 * The calibration of model.md v2, kept as a test: the defaults (deterministic run) and the
 * default uncertainty (10,000 trials, Latin Hypercube, seed 1) land in every range of the
 * spec's calibration table. The figures measured are printed, and quoted in docs/model.md.
 */
import {
  CALIBRATION_TRIALS,
  DETERMINISTIC_TARGETS,
  SIMULATION_TARGETS,
  calibrationFigures,
} from '../../src/engine/calibration';

describe('calibration of the defaults and the default uncertainty (model.md v2)', () => {
  const figures = calibrationFigures(CALIBRATION_TRIALS);

  test('every range of the spec is measured', () => {
    expect(figures.map((f) => f.figure)).toEqual(
      [...DETERMINISTIC_TARGETS, ...SIMULATION_TARGETS].map((t) => t.figure),
    );
    expect(figures.every((f) => Number.isFinite(f.measured))).toBe(true);
    console.log(figures.map((f) => `${f.run} ${f.figure}: ${f.measured} in [${f.low}, ${f.high}]`).join('\n'));
  });

  test.each(DETERMINISTIC_TARGETS.map((t) => [t.figure]))('deterministic default run: %s in its range', (figure) => {
    const f = figures.find((x) => x.run === 'deterministic' && x.figure === figure)!;
    expect(f.measured).toBeGreaterThanOrEqual(f.low);
    expect(f.measured).toBeLessThanOrEqual(f.high);
  });

  test.each(SIMULATION_TARGETS.map((t) => [t.figure]))(
    '10,000 trials of the default uncertainty: %s in its range',
    (figure) => {
      const f = figures.find((x) => x.run === 'simulation' && x.figure === figure)!;
      expect(f.measured).toBeGreaterThanOrEqual(f.low);
      expect(f.measured).toBeLessThanOrEqual(f.high);
    },
  );
});
