import { MONTHLY_OUTPUTS, KPI_NAMES, project } from '../../src/model';
import { PRIORITY, parseSets } from '../../src/cli/project';
import { KPI_LABELS, formatMeasure, kpiLabel } from '../../src/report/labels';
import { cli } from './run-cli';

const OUTPUTS = MONTHLY_OUTPUTS.filter((o) => o !== 'month');

describe('beekeeper project', () => {
  it('prints a table of 60 months and the KPIs', async () => {
    const r = await cli(['project']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const [tableText, kpiText] = r.stdout.split('\n\n');
    const lines = tableText.split('\n');
    expect(lines[0]).toBe('Beekeeper model, beekeeper scenario, 60 months; default assumptions');
    expect(lines[1].trim().split(/\s+/)).toEqual([...MONTHLY_OUTPUTS]);
    expect(lines.slice(2)).toHaveLength(60);
    expect(lines[2].trim().split(/\s+/)[0]).toBe('1');
    expect(lines[61].trim().split(/\s+/)[0]).toBe('60');
    // Aligned: every row as wide as the header.
    expect(new Set(lines.slice(1).map((l) => l.length)).size).toBe(1);

    // The KPIs as `beekeeper simulate` prints them: plain labels, $ and %, two spaces between columns.
    const kpis = kpiText
      .trimEnd()
      .split('\n')
      .map((l) => l.split(/ {2,}/));
    expect(kpis[0]).toEqual(['KPI', 'value']);
    expect(kpis.slice(1).map(([label]) => label)).toEqual(KPI_NAMES.map((k) => kpiLabel(k, 60)));
    const expected = project().kpis;
    const shown = Object.fromEntries(kpis.slice(1));
    for (const k of KPI_NAMES) {
      const value = expected[k];
      expect([k, shown[kpiLabel(k, 60)]]).toEqual([
        k,
        value === undefined ? 'none' : formatMeasure(value, KPI_LABELS[k].measure),
      ]);
    }
    expect(shown['ARR at month 60']).toMatch(/^-?\$\d{1,3}(,\d{3})*$/);
    expect(shown['Gross margin in month 60']).toMatch(/^-?\d+\.\d %$/);
    expect(shown['Gross margin in month 60']).toBe(`${(100 * expected.grossMargin!).toFixed(1)} %`);
  });

  it('formats numbers for reading: thousands separators, whole people and money, 3-decimal goodwill', async () => {
    const r = await cli(['project', '--set', 'months=1']);
    const [header, row] = r.stdout
      .split('\n')
      .slice(1, 3)
      .map((l) => l.trim().split(/\s+/));
    const cell = Object.fromEntries(header.map((h, i) => [h, row[i]]));
    const m = project({ months: 1 }).monthly;
    expect(cell.goodwill).toBe(m.goodwill[0].toFixed(3));
    expect(cell.members).toBe(Math.round(m.members[0]).toLocaleString('en-US'));
    expect(cell.cash).toBe(Math.round(m.cash[0]).toLocaleString('en-US'));
    expect(cell.cashFlow).toMatch(/^-\d{1,3}(,\d{3})*$/);
  });

  it('prints CSV at full precision on stdout and the KPIs on stderr', async () => {
    const r = await cli(['project', '--csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\r\n')).toBe(true);
    const rows = r.stdout
      .slice(0, -2)
      .split('\r\n')
      .map((l) => l.split(','));
    expect(rows[0]).toEqual([...MONTHLY_OUTPUTS]);
    expect(rows).toHaveLength(61);
    const expected = project();
    rows.slice(1).forEach((row, i) => {
      row.forEach((text, j) =>
        expect([i, MONTHLY_OUTPUTS[j], Number(text)]).toEqual([
          i,
          MONTHLY_OUTPUTS[j],
          expected.monthly[MONTHLY_OUTPUTS[j]][i],
        ]),
      );
    });
    const kpis = r.stderr
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(kpis[0]).toEqual(['kpi', 'value']);
    // A KPI that is not available prints "none" (the default run does not break even by month 60).
    expect(Object.fromEntries(kpis.slice(1).map(([k, v]) => [k, v === 'none' ? undefined : Number(v)]))).toEqual(
      expected.kpis,
    );
  });

  it('says "none" for a break-even that does not come', async () => {
    const table = await cli(['project', '--set', 'months=3']);
    expect(table.stdout).toMatch(/^Break-even month\s+none$/m);
    const csv = await cli(['project', '--set', 'months=3', '--csv']);
    expect(csv.stderr).toContain('breakEvenMonth,none\r\n');
  });

  it('says in its help that --csv keeps code names and raw numbers', async () => {
    const r = await cli(['project', '--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      '--csv prints RFC 4180 CSV with the code names (as --metrics and OSS.KPI take them) and raw numbers at full precision',
    );
  });

  it('changes assumptions with repeated --set', async () => {
    const r = await cli(['project', '--set', 'months=24', '--set', 'Imitation=0.3', '--csv']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\r\n');
    expect(rows).toHaveLength(25);
    const members = rows.slice(1).map((l) => Number(l.split(',')[1]));
    expect(members).toEqual(Array.from(project({ months: 24, imitation: 0.3 }).monthly.members));
  });

  it("takes today's customers and ARR (model.md v3) through --set, and names both when the ARR is missing", async () => {
    const args = ['project', '--set', 'months=3', '--set', 'initialCustomers=150', '--set', 'initialArr=4e6', '--csv'];
    const r = await cli(args);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\r\n');
    const header = rows[0].split(',');
    const customers = rows.slice(1, 4).map((l) => Number(l.split(',')[header.indexOf('customers')]));
    expect(customers).toEqual(
      Array.from(project({ months: 3, initialCustomers: 150, initialArr: 4e6 }).monthly.customers),
    );
    expect(customers[0]).toBeGreaterThan(140);
    expect(await cli(['project', '--set', 'initialCustomers=150'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: initialArr must be > 0 when initialCustomers is above 0 (initialCustomers 150), got 0\n',
    });
  });

  it('suggests the nearest assumption for an unknown one', async () => {
    const r = await cli(['project', '--set', 'imitaton=0.3']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: --set imitaton=0.3: unknown assumption "imitaton"; did you mean "imitation"?\n',
    });
  });

  it("gives the model's message for a bad value, prefixed with the flag", async () => {
    expect((await cli(['project', '--set', 'imitation=-1'])).stderr).toBe(
      'error: --set imitation=-1: imitation must be between 0 and 5, got -1\n',
    );
    expect((await cli(['project', '--set', 'imitation=abc'])).stderr).toBe(
      'error: --set imitation=abc: imitation must be a number, got "abc"\n',
    );
    expect((await cli(['project', '--set', 'months=2.5'])).stderr).toBe(
      'error: --set months=2.5: months must be a whole number from 1 to 600, got 2.5\n',
    );
  });

  it('says what form --set expects', async () => {
    for (const bad of ['foo', '=3', 'imitation=']) {
      const r = await cli(['project', '--set', bad]);
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: --set ${bad}: expected name=value, for example --set imitation=0.3\n`,
      });
    }
  });

  it('refuses an assumption set twice', async () => {
    const r = await cli(['project', '--set', 'months=24', '--set', 'MONTHS=12']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: assumption "months" is given twice (--set months=24 and --set MONTHS=12)\n');
  });

  it('checks rules across assumptions through the model', async () => {
    const r = await cli(['project', '--set', 'initialMembers=3000000']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: initialMembers must be ≤ marketSize (500000), got 3000000\n',
    });
  });

  it('projects the proprietary scenario, and suggests the nearest for a bad one', async () => {
    const r = await cli(['project', '--scenario', 'Proprietary', '--csv']);
    expect(r.code).toBe(0);
    expect(Number(r.stdout.split('\r\n')[60].split(',')[8])).toBe(project({}, 'proprietary').monthly.customers[59]);
    const bad = await cli(['project', '--scenario', 'propietary']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'error: --scenario propietary: scenario must be one of beekeeper, proprietary, got "propietary"; did you mean "proprietary"?\n',
    );
  });

  it('chooses columns with --metrics, validated like OSS.PROJECTION', async () => {
    const r = await cli(['project', '--metrics', 'cash, Customers', '--csv']);
    expect(r.stdout.split('\r\n')[0]).toBe('month,cash,customers');
    const table = await cli(['project', '--metrics', 'cash,customers'], 20);
    expect(table.stdout.split('\n')[1].trim().split(/\s+/)).toEqual(['month', 'cash', 'customers']);
    const bad = await cli(['project', '--metrics', 'cash,custmers']);
    expect(bad.stderr).toBe('error: --metrics cash,custmers: unknown metric "custmers"; did you mean "customers"?\n');
  });

  it('keeps the most telling columns when the terminal is narrow, and says so', async () => {
    const r = await cli(['project'], 100);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n\n')[0].split('\n').slice(1);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    const header = lines[0].trim().split(/\s+/);
    expect(header).toEqual(MONTHLY_OUTPUTS.filter((o) => header.includes(o))); // in the model's order
    expect(header).toEqual(expect.arrayContaining(['month', 'members', 'customers', 'revenue', 'cashFlow', 'cash']));
    expect(r.stderr).toMatch(/^note: showing \d+ of 24 outputs to fit 100 columns; --csv prints all of them/);
    // A wide terminal (or none) shows everything.
    expect((await cli(['project'], 1000)).stderr).toBe('');
  });

  it('ranks every output for narrow terminals', () => {
    expect([...PRIORITY].sort()).toEqual([...OUTPUTS].sort());
  });

  it('refuses an implausible --set unless --allow-implausible', () => {
    expect(() => parseSets(['discountRate=20'])).toThrow(
      '--set discountRate=20: discountRate 20 is 2,000 % a year, far above what is plausible (at most 100 %: a discount rate above 100 % a year); for 20 % write 0.2; to run it anyway, add --allow-implausible',
    );
    expect(parseSets(['discountRate=20'], true)).toEqual({ discountRate: 20 });
  });

  it('quotes a long --set by its first 40 characters', () => {
    const raw = `${'y'.repeat(1_000_000)}=1`;
    expect(() => parseSets([raw])).toThrow(
      `--set "${'y'.repeat(40)}… (1,000,002 characters)": unknown assumption "${'y'.repeat(40)}… (1,000,000 characters)"`,
    );
  });

  it('parses --set values as finance users write them: 15%, $25,000, 1e6', () => {
    expect(parseSets(['expansion=15%', 'annualContractValue=$25,000', 'marketingCosts=1e6'])).toEqual({
      expansion: 0.15,
      annualContractValue: 25_000,
      marketingCosts: 1e6,
    });
  });

  it('parses --set values as numbers', () => {
    expect(parseSets(['imitation=0.3', ' months = 24 ', 'initialCash=-1e6'])).toEqual({
      imitation: 0.3,
      months: 24,
      initialCash: -1e6,
    });
  });

  it('leaves unknown options to commander, with exit code 1', async () => {
    const r = await cli(['project', '--bogus']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: unknown option '--bogus'");
  });
});
