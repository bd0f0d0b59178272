import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { checkReport } from '../../src/report/check';
import { PLAN_TEMPLATE_COLUMNS, TEMPLATE_COLUMNS, buildTemplate } from '../../src/report/template';

describe('buildTemplate', () => {
  const report = buildTemplate(defaultSimulationTable(), '1.2.3');

  it('holds the assumptions table, then the sheet Beekeeper Plan, both marked as the assumptions workbook', () => {
    expect(() => checkReport(report)).not.toThrow();
    expect(report.sheets.map((s) => [s.name, s.kind, s.tables.map((t) => t.name)])).toEqual([
      ['Beekeeper Assumptions', 'assumptions', ['BeekeeperAssumptions']],
      ['Beekeeper Plan', 'assumptions', ['BeekeeperPlan']],
    ]);
    expect(report.sheets[0].tables[0].columns.map((c) => c.header)).toEqual([...TEMPLATE_COLUMNS]);
    expect(report.sheets[0].cells.map((c) => c.value)).toContain(
      'The plan (funding rounds, price changes, a hiring plan) is on the sheet Beekeeper Plan; left empty, there is none.',
    );
  });

  it('ships the plan empty, its notes above the table (which grows downwards), its header frozen', () => {
    const sheet = report.sheets[1];
    const table = sheet.tables[0];
    expect(table.columns.map((c) => c.header)).toEqual([...PLAN_TEMPLATE_COLUMNS]);
    expect(table.columns.map((c) => c.header)).toEqual(['month', 'name', 'value', 'note']);
    expect(table.rows).toEqual([]);
    expect(sheet.cells.length).toBeGreaterThan(0);
    for (const cell of sheet.cells)
      expect([cell.value, cell.row < table.row, cell.style]).toEqual([cell.value, true, 'note']);
    expect(sheet.freeze).toEqual({ rows: table.row + 1, columns: 0 });
    // The notes name every plannable assumption and the plan's own names.
    const text = sheet.cells.map((c) => c.value).join(' ');
    for (const name of ['annualContractValue', 'fixedCosts', 'engineers', 'funding', 'startDate'])
      expect(text).toContain(name);
  });
});
