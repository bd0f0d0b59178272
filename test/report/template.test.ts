import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { checkReport } from '../../src/report/check';
import {
  CORRELATION_TEMPLATE_COLUMNS,
  HISTORY_TEMPLATE_COLUMNS,
  PLAN_TEMPLATE_COLUMNS,
  TEMPLATE_COLUMNS,
  buildTemplate,
} from '../../src/report/template';

describe('buildTemplate', () => {
  const report = buildTemplate(defaultSimulationTable(), '1.2.3');

  it('holds the assumptions table, then the sheets Beekeeper Plan, Beekeeper Correlations and Beekeeper History, all marked as the assumptions workbook', () => {
    expect(() => checkReport(report)).not.toThrow();
    expect(report.sheets.map((s) => [s.name, s.kind, s.tables.map((t) => t.name)])).toEqual([
      ['Beekeeper Assumptions', 'assumptions', ['BeekeeperAssumptions']],
      ['Beekeeper Plan', 'assumptions', ['BeekeeperPlan']],
      ['Beekeeper Correlations', 'assumptions', ['BeekeeperCorrelations']],
      ['Beekeeper History', 'assumptions', ['BeekeeperHistory']],
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

  it('ships the correlations empty, their notes above the table, its header frozen', () => {
    const sheet = report.sheets[2];
    const table = sheet.tables[0];
    expect(table.columns.map((c) => c.header)).toEqual([...CORRELATION_TEMPLATE_COLUMNS]);
    expect(table.columns.map((c) => c.header)).toEqual(['name1', 'name2', 'correlation', 'note']);
    expect(table.rows).toEqual([]);
    for (const cell of sheet.cells)
      expect([cell.value, cell.row < table.row, cell.style]).toEqual([cell.value, true, 'note']);
    expect(sheet.freeze).toEqual({ rows: table.row + 1, columns: 0 });
    expect(report.sheets[0].cells.map((c) => c.value)).toContain(
      'Rank correlations between uncertain inputs are on the sheet Beekeeper Correlations; left empty, inputs are independent.',
    );
  });

  it('ships the history empty, its notes above the table (which the reader reads month | metric | value | error)', () => {
    const sheet = report.sheets[3];
    const table = sheet.tables[0];
    expect(table.columns.map((c) => c.header)).toEqual([...HISTORY_TEMPLATE_COLUMNS]);
    expect(table.columns.map((c) => c.header)).toEqual(['month', 'metric', 'value', 'error', 'note']);
    expect(table.columns.map((c) => c.format)).toEqual(['General', '@', 'General', 'General', '@']);
    expect(table.rows).toEqual([]);
    for (const cell of sheet.cells)
      expect([cell.value, cell.row < table.row, cell.style]).toEqual([cell.value, true, 'note']);
    expect(sheet.freeze).toEqual({ rows: table.row + 1, columns: 0 });
    const text = sheet.cells.map((c) => c.value).join(' ');
    for (const metric of ['members', 'customers', 'arr', 'revenue', 'cash', 'engineers', '0.1'])
      expect(text).toContain(metric);
    expect(report.sheets[0].cells.map((c) => c.value)).toContain(
      'What already happened (members, customers, ARR… by month) is on the sheet Beekeeper History; filled, simulate conditions its trials on it.',
    );
  });
});
