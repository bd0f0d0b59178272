import { DEFAULT_FORM, MAX_PANE_TRIALS, parseRunForm } from '../../src/taskpane/run-options';
import { compactMoney, durationText, progressText } from '../../src/taskpane/pane-text';

describe('parseRunForm', () => {
  it('takes the defaults as the command line does', () => {
    expect(parseRunForm(DEFAULT_FORM)).toEqual({
      ok: true,
      run: {
        options: { scenario: 'beekeeper', trials: 10_000, seed: 1, sampling: 'lhs' },
        trialsSheet: false,
        historyError: 0.1,
        nearestCorrelations: false,
      },
    });
  });

  it('reads whole numbers typed with thousands separators', () => {
    const parsed = parseRunForm({ ...DEFAULT_FORM, trials: ' 25,000 ', seed: '1 000' });
    expect(parsed.ok && parsed.run.options).toMatchObject({ trials: 25_000, seed: 1000 });
  });

  it.each([
    ['trials', '0', /^Trials must be a whole number from 1 to 100000, got 0$/],
    ['trials', String(MAX_PANE_TRIALS + 1), /^Trials must be .*got 100001/],
    ['trials', '2.5', /^Trials must be a whole number/],
    ['trials', 'ten', /^Trials .*"ten"/],
    ['trials', '', /^Trials/],
    ['seed', '-1', /^Seed must be .*got -1/],
    ['seed', '100000001', /^Seed must be/],
    ['scenario', 'both', /^Scenario must be one of beekeeper, proprietary, compare, got "both"/],
    ['sampling', 'sobol', /^Sampling must be one of lhs, mc, got "sobol"/],
    ['historyError', '0', /^History error must be .*got 0$/],
    ['historyError', '11', /^History error must be .*got 11$/],
    ['historyError', 'rough', /^History error .*"rough"/],
  ] as const)('names the field: %s = %j', (field, text, message) => {
    const parsed = parseRunForm({ ...DEFAULT_FORM, [field]: text });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems[field]).toMatch(message);
    expect(!parsed.ok && Object.keys(parsed.problems)).toEqual([field]);
  });

  it("reads the history's error as the command line's --history-error does", () => {
    const parsed = parseRunForm({ ...DEFAULT_FORM, historyError: ' 0.25 ' });
    expect(parsed.ok && parsed.run.historyError).toBe(0.25);
  });

  it('lists every bad field at once', () => {
    const parsed = parseRunForm({ ...DEFAULT_FORM, trials: 'x', seed: 'y', sampling: '' });
    expect(!parsed.ok && Object.keys(parsed.problems).sort()).toEqual(['sampling', 'seed', 'trials']);
  });
});

describe('the pane texts', () => {
  it('money in three significant digits', () => {
    expect(compactMoney(19_123_456)).toBe('$19.1M');
    expect(compactMoney(-1_512_247)).toBe('-$1.51M');
    expect(compactMoney(950)).toBe('$950');
  });

  it('progress with rate and time left', () => {
    expect(progressText({ phase: 'simulating', done: 2500, total: 10_000, rate: 4123, secondsLeft: 1.8 })).toBe(
      '2,500 of 10,000 trials · 4,120 trials/s · 2 s left',
    );
    expect(progressText({ phase: 'simulating', done: 0, total: 10_000, rate: 0 })).toBe('0 of 10,000 trials');
    expect(progressText({ phase: 'writing', done: 1, total: 3 })).toBe('Writing the report: block 1 of 3');
    expect(durationText(185)).toBe('3 min 05 s');
  });
});
