import { OfficeMockObject } from 'office-addin-mock';

// office-addin-mock needs only the OfficeApp enum from office-addin-manifest, whose import chain
// reaches an ES-only package (strip-bom) that Jest cannot require on Node 20. Stub that enum.
jest.mock('office-addin-manifest', () => ({
  OfficeApp: {
    Excel: 'excel',
    OneNote: 'onenote',
    Outlook: 'outlook',
    PowerPoint: 'powerpoint',
    Project: 'project',
    Word: 'word',
  },
}));
import { ASSUMPTIONS_FORMULA, insertAssumptionsFormula } from '../../src/taskpane/insert-assumptions';

// A mocked Excel context whose active cell holds `formula` and shows `value`. The mock throws if
// a property is read without load()+sync(), so the tests also check the Office.js protocol.
function mockContext(formula: unknown, value: unknown) {
  const mock = new OfficeMockObject({
    workbook: {
      cell: { address: 'Sheet1!B2', formulas: [[formula]], values: [[value]] },
      getActiveCell: function () {
        return this.cell;
      },
    },
  });

  const cell = () => (mock as any).workbook.cell as { formulas: unknown[][] };
  return { context: mock as unknown as Excel.RequestContext, cell };
}

describe('insertAssumptionsFormula', () => {
  test('writes =OSS.ASSUMPTIONS() into an empty active cell', async () => {
    const { context, cell } = mockContext('', '');
    const result = await insertAssumptionsFormula(context);
    expect(result.inserted).toBe(true);
    expect(result.address).toBe('Sheet1!B2');
    expect(cell().formulas).toEqual([[ASSUMPTIONS_FORMULA]]);
    expect(ASSUMPTIONS_FORMULA).toBe('=OSS.ASSUMPTIONS()');
  });

  test.each([
    ['a number', 42, 42],
    ['text', 'revenue', 'revenue'],
    ['a formula', '=A1*2', 0],
    ["part of another formula's spill", '', 7],
  ])('refuses and writes nothing when the cell holds %s', async (_what, formula, value) => {
    const { context, cell } = mockContext(formula, value);
    const result = await insertAssumptionsFormula(context);
    expect(result.inserted).toBe(false);
    expect(result.message).toMatch(/Sheet1!B2 is not empty/);
    expect(cell().formulas).toEqual([[formula]]);
  });
});
