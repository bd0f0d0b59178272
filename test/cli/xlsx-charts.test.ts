import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { CHART_CONTENT_TYPE, DRAWING_CONTENT_TYPE, insertDrawing } from '../../src/cli/xlsx-charts';
import { writeReportXlsx } from '../../src/cli/xlsx-writer';
import { streamedTables } from '../../src/cli/xlsx-stream';
import { buildReport } from '../../src/report/build';
import { simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { readSimulationTable } from '../../src/engine/simulation-inputs';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { FORMATS, Report, ReportChart, ReportSheet, ReportTable, SERIES_MARKER_SIZES } from '../../src/report/types';
import { historyReport } from '../support/history-run';
import { ReadChart, readCharts, relationships, sheetParts } from './chart-parts';
import { XmlElement, at, child, childrenNamed, descendants, parseXml } from './xml-tree';
import { partsOf } from './zip-parts';

// ---------------------------------------------------------------------------------------------
// The schema's sequences (ECMA-376 Part 1: §21.2.2 DrawingML charts, dml-chart.xsd; §20.5
// SpreadsheetML drawing, dml-spreadsheetDrawing.xsd; §18.3.1.99 CT_Worksheet, sml.xsd), written
// out here from the standard, independently of the writer. An entry that is a list is a choice:
// its elements may come in any order among themselves.
// ---------------------------------------------------------------------------------------------

interface Sequence {
  readonly order: readonly (string | readonly string[])[];
  readonly required?: readonly string[];
  /** Elements that may occur more than once (else at most once). */
  readonly repeated?: readonly string[];
  /** Elements that must occur exactly this many times. */
  readonly exactly?: Readonly<Record<string, number>>;
}

const c = (...names: string[]) => names.map((n) => `c:${n}`);
const AXIS_SHARED = c('axId', 'scaling', 'delete', 'axPos', 'majorGridlines', 'minorGridlines', 'title', 'numFmt')
  .concat(c('majorTickMark', 'minorTickMark', 'tickLblPos', 'spPr', 'txPr', 'crossAx'))
  .concat([c('crosses', 'crossesAt')] as unknown as string[]);
const SER_SHARED = c('idx', 'order', 'tx', 'spPr');
const CHART_TYPES = c('areaChart', 'area3DChart', 'lineChart', 'line3DChart', 'stockChart', 'radarChart')
  .concat(c('scatterChart', 'pieChart', 'pie3DChart', 'doughnutChart', 'barChart', 'bar3DChart', 'ofPieChart'))
  .concat(c('surfaceChart', 'surface3DChart', 'bubbleChart'));

const SEQUENCES: Record<string, Sequence> = {
  'c:chartSpace': {
    order: c('date1904', 'lang', 'roundedCorners', 'style', 'clrMapOvr', 'pivotSource', 'protection', 'chart').concat(
      c('spPr', 'txPr', 'externalData', 'printSettings', 'userShapes', 'extLst'),
    ),
    required: ['c:chart'],
  },
  // CT_Chart; the c:chart of a drawing's graphic frame is a reference (CT_RelId), without children.
  'c:chartSpace>c:chart': {
    order: c('title', 'autoTitleDeleted', 'pivotFmts', 'view3D', 'floor', 'sideWall', 'backWall', 'plotArea').concat(
      c('legend', 'plotVisOnly', 'dispBlanksAs', 'showDLblsOverMax', 'extLst'),
    ),
    required: ['c:plotArea'],
  },
  'c:plotArea': {
    order: ['c:layout', CHART_TYPES, c('valAx', 'catAx', 'dateAx', 'serAx'), 'c:dTable', 'c:spPr', 'c:extLst'],
    repeated: [...CHART_TYPES, ...c('valAx', 'catAx', 'dateAx', 'serAx')],
  },
  'c:lineChart': {
    order: c('grouping', 'varyColors', 'ser', 'dLbls', 'dropLines', 'hiLowLines', 'upDownBars', 'marker').concat(
      c('smooth', 'axId', 'extLst'),
    ),
    required: ['c:grouping'],
    repeated: c('ser'),
    exactly: { 'c:axId': 2 },
  },
  'c:barChart': {
    order: c('barDir', 'grouping', 'varyColors', 'ser', 'dLbls', 'gapWidth', 'overlap', 'serLines', 'axId', 'extLst'),
    required: ['c:barDir'],
    repeated: c('ser', 'serLines'),
    exactly: { 'c:axId': 2 },
  },
  // CT_LineSer and CT_BarSer: told apart by their parent below.
  'c:lineChart>c:ser': {
    order: SER_SHARED.concat(c('marker', 'dPt', 'dLbls', 'trendline', 'errBars', 'cat', 'val', 'smooth', 'extLst')),
    required: c('idx', 'order'),
    repeated: c('dPt', 'trendline'),
  },
  'c:barChart>c:ser': {
    order: SER_SHARED.concat(c('invertIfNegative', 'pictureOptions', 'dPt', 'dLbls', 'trendline', 'errBars')).concat(
      c('cat', 'val', 'shape', 'extLst'),
    ),
    required: c('idx', 'order'),
    repeated: c('dPt', 'trendline', 'errBars'),
  },
  'c:catAx': {
    order: AXIS_SHARED.concat(
      c('auto', 'lblAlgn', 'lblOffset', 'tickLblSkip', 'tickMarkSkip', 'noMultiLvlLbl', 'extLst'),
    ),
    required: c('axId', 'scaling', 'axPos', 'crossAx'),
  },
  'c:valAx': {
    order: AXIS_SHARED.concat(c('crossBetween', 'majorUnit', 'minorUnit', 'dispUnits', 'extLst')),
    required: c('axId', 'scaling', 'axPos', 'crossAx'),
  },
  'c:scaling': { order: c('logBase', 'orientation', 'max', 'min', 'extLst') },
  'c:title': { order: c('tx', 'layout', 'overlay', 'spPr', 'txPr', 'extLst') },
  'c:title>c:tx': { order: [c('strRef', 'rich')] },
  'c:ser>c:tx': { order: [c('strRef', 'v')] },
  'c:legend': {
    order: c('legendPos', 'legendEntry', 'layout', 'overlay', 'spPr', 'txPr', 'extLst'),
    repeated: c('legendEntry'),
  },
  'c:cat': { order: [c('multiLvlStrRef', 'numRef', 'numLit', 'strRef', 'strLit')] },
  'c:val': { order: [c('numRef', 'numLit')] },
  'c:strRef': { order: c('f', 'strCache', 'extLst'), required: c('f') },
  'c:numRef': { order: c('f', 'numCache', 'extLst'), required: c('f') },
  'c:strCache': { order: c('ptCount', 'pt', 'extLst'), repeated: c('pt') },
  'c:numCache': { order: c('formatCode', 'ptCount', 'pt', 'extLst'), repeated: c('pt') },
  'c:pt': { order: c('v'), required: c('v') },
  'c:ser>c:marker': { order: c('symbol', 'size', 'spPr', 'extLst') },
  // CT_ShapeProperties (a series' and a marker's c:spPr), CT_LineProperties, CT_SolidColorFillProperties.
  'c:spPr': {
    order: [
      'a:xfrm',
      ['a:custGeom', 'a:prstGeom'],
      ['a:noFill', 'a:solidFill', 'a:gradFill', 'a:blipFill', 'a:pattFill', 'a:grpFill'],
      'a:ln',
      ['a:effectLst', 'a:effectDag'],
      'a:scene3d',
      'a:sp3d',
      'a:extLst',
    ],
  },
  'a:ln': {
    order: [
      ['a:noFill', 'a:solidFill', 'a:gradFill', 'a:pattFill'],
      ['a:prstDash', 'a:custDash'],
      ['a:round', 'a:bevel', 'a:miter'],
      'a:headEnd',
      'a:tailEnd',
      'a:extLst',
    ],
  },
  'a:solidFill': { order: [['a:scrgbClr', 'a:srgbClr', 'a:hslClr', 'a:sysClr', 'a:schemeClr', 'a:prstClr']] },
  'c:rich': { order: ['a:bodyPr', 'a:lstStyle', 'a:p'], required: ['a:bodyPr', 'a:p'], repeated: ['a:p'] },
  'a:p': { order: ['a:pPr', ['a:r', 'a:br', 'a:fld'], 'a:endParaRPr'], repeated: ['a:r', 'a:br', 'a:fld'] },
  'a:r': { order: ['a:rPr', 'a:t'], required: ['a:t'] },
  'xdr:wsDr': {
    order: [['xdr:twoCellAnchor', 'xdr:oneCellAnchor', 'xdr:absoluteAnchor']],
    repeated: ['xdr:twoCellAnchor', 'xdr:oneCellAnchor', 'xdr:absoluteAnchor'],
  },
  'xdr:twoCellAnchor': {
    order: [
      'xdr:from',
      'xdr:to',
      ['xdr:sp', 'xdr:grpSp', 'xdr:graphicFrame', 'xdr:cxnSp', 'xdr:pic', 'xdr:contentPart'],
      'xdr:clientData',
    ],
    required: ['xdr:from', 'xdr:to', 'xdr:clientData'],
  },
  'xdr:from': {
    order: ['xdr:col', 'xdr:colOff', 'xdr:row', 'xdr:rowOff'],
    required: ['xdr:col', 'xdr:colOff', 'xdr:row', 'xdr:rowOff'],
  },
  'xdr:to': {
    order: ['xdr:col', 'xdr:colOff', 'xdr:row', 'xdr:rowOff'],
    required: ['xdr:col', 'xdr:colOff', 'xdr:row', 'xdr:rowOff'],
  },
  'xdr:graphicFrame': {
    order: ['xdr:nvGraphicFramePr', 'xdr:xfrm', 'a:graphic'],
    required: ['xdr:nvGraphicFramePr', 'xdr:xfrm', 'a:graphic'],
  },
  'xdr:nvGraphicFramePr': {
    order: ['xdr:cNvPr', 'xdr:cNvGraphicFramePr'],
    required: ['xdr:cNvPr', 'xdr:cNvGraphicFramePr'],
  },
  'xdr:xfrm': { order: ['a:off', 'a:ext'] },
  'a:graphic': { order: ['a:graphicData'], required: ['a:graphicData'] },
  worksheet: {
    order: [
      'sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection',
      'protectedRanges', 'scenarios', 'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews', 'mergeCells',
      'phoneticPr', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins',
      'pageSetup', 'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches', 'ignoredErrors',
      'smartTags', 'drawing', 'legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls',
      'webPublishItems', 'tableParts', 'extLst',
    ], // prettier-ignore
    required: ['sheetData'],
    repeated: ['cols', 'conditionalFormatting'],
  },
};

/** Elements whose type depends on their parent: looked up as "parent>name" only. */
const CONTEXTUAL = new Set(['c:chart', 'c:ser', 'c:tx', 'c:marker']);
const sequenceOf = (element: XmlElement, parent?: XmlElement): Sequence | undefined =>
  (parent && SEQUENCES[`${parent.name}>${element.name}`]) ||
  (CONTEXTUAL.has(element.name) ? undefined : SEQUENCES[element.name]);

/** Every way `root` breaks the sequences above: an element out of order, unknown, missing or repeated. */
function orderProblems(root: XmlElement): string[] {
  const problems: string[] = [];
  const visit = (element: XmlElement, parent?: XmlElement) => {
    const sequence = sequenceOf(element, parent);
    if (sequence) {
      const where = `<${parent ? `${parent.name}>` : ''}${element.name}>`;
      const position = (name: string) =>
        sequence.order.findIndex((e) => (Array.isArray(e) ? e.includes(name) : e === name));
      let last = -1;
      const counts = new Map<string, number>();
      for (const { name } of element.children) {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        const p = position(name);
        if (p < 0) problems.push(`${where}: <${name}> is not in its sequence`);
        else if (p < last) problems.push(`${where}: <${name}> comes after an element the schema puts after it`);
        else last = p;
      }
      for (const name of sequence.required ?? [])
        if (!counts.has(name)) problems.push(`${where}: the required <${name}> is missing`);
      for (const [name, n] of Object.entries(sequence.exactly ?? {}))
        if ((counts.get(name) ?? 0) !== n)
          problems.push(`${where}: <${name}> must occur ${n} times, not ${counts.get(name) ?? 0}`);
      for (const [name, n] of counts) {
        const group = sequence.order.find((e): e is readonly string[] => Array.isArray(e) && e.includes(name));
        const allowed = sequence.repeated?.includes(name) || name in (sequence.exactly ?? {});
        if (n > 1 && !allowed) problems.push(`${where}: <${name}> occurs ${n} times`);
        if (group && !allowed && element.children.filter((ch) => group.includes(ch.name)).length > 1)
          problems.push(`${where}: more than one of ${group.join(' | ')}`);
      }
    }
    for (const ch of element.children) visit(ch, element);
  };
  visit(root);
  return [...new Set(problems)];
}

/** Checks that `xml` is well-formed with xmllint (CI installs it: .ci/run). */
function xmllintWellFormed(files: string[]): void {
  const run = spawnSync('xmllint', ['--noout', ...files], { encoding: 'utf8' });
  if (run.error)
    throw new Error('xmllint is missing: install it: apt-get install -y libxml2-utils (brew install libxml2 on macOS)');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

// ---------------------------------------------------------------------------------------------
// A report with every kind of chart, a chart over a table on another sheet, and a sheet name
// that needs quoting.
// ---------------------------------------------------------------------------------------------

const money = FORMATS.currency;
const fan: ReportTable = {
  name: 'BeekeeperFan',
  row: 2,
  column: 0,
  columns: [
    { header: 'Month', format: FORMATS.month },
    { header: 'Cash P10', format: money },
    { header: 'Cash P50', format: money },
  ],
  rows: [
    [1, -100, 50],
    [2, -250.5, null],
    [3, -400, 75],
  ],
};
const tornado: ReportTable = {
  name: 'BeekeeperTornado',
  row: 20,
  column: 0,
  columns: [
    { header: 'Input', format: FORMATS.general },
    { header: 'NPV, input low', format: money },
    { header: 'NPV, input high', format: money },
  ],
  rows: [
    ['imitation & <friends>', 10, 99],
    ["persuasion's", 5, 87],
  ],
};
const histogram: ReportTable = {
  name: 'BeekeeperHistogram',
  row: 1,
  column: 1,
  columns: [
    { header: 'ARR range', format: FORMATS.general },
    { header: 'Trials', format: FORMATS.whole },
  ],
  rows: [
    ['$1 M to $2 M', 3],
    ['$2 M to $4 M', 7],
    ['$4 M to $8 M', 2],
  ],
};
const lineChart: ReportChart = {
  kind: 'line',
  title: 'Cash at the end of each month',
  table: 'BeekeeperFan',
  categoryColumn: 'Month',
  seriesColumns: ['Cash P10', 'Cash P50'],
  row: 2,
  column: 4,
  width: 6,
  height: 16,
  xTitle: 'month',
  yTitle: 'cash ($)',
};
const barChart: ReportChart = {
  kind: 'bar',
  title: 'What moves NPV most',
  table: 'BeekeeperTornado',
  categoryColumn: 'Input',
  seriesColumns: ['NPV, input high', 'NPV, input low'], // not in the table's order
  row: 20,
  column: 4,
  width: 5,
  height: 12,
  xTitle: 'NPV',
  yTitle: 'input',
};
const columnChart: ReportChart = {
  kind: 'column',
  title: 'ARR at month 60: trials per range',
  table: 'BeekeeperHistogram',
  categoryColumn: 'ARR range',
  seriesColumns: ['Trials'],
  row: 40,
  column: 0,
  width: 7,
  height: 10,
}; // no axis titles

const summary: ReportSheet = {
  name: 'Beekeeper Summary',
  kind: 'summary',
  cells: [{ row: 0, column: 0, value: 'Summary', style: 'title' }],
  tables: [fan, tornado],
  charts: [lineChart, barChart, columnChart],
  freeze: { rows: 0, columns: 0 },
  columnWidths: [12, 14, 14],
  print: { orientation: 'landscape', fitToWidth: true },
  pageBreaks: [20, 40],
};
const other: ReportSheet = {
  name: "It's data",
  kind: 'monthly',
  cells: [],
  tables: [histogram],
  charts: [],
  freeze: { rows: 1, columns: 0 },
  columnWidths: [],
};
const trials: ReportSheet = {
  name: 'Beekeeper Trials',
  kind: 'trials',
  cells: [],
  tables: [
    {
      name: 'BeekeeperTrials',
      row: 0,
      column: 0,
      columns: [
        { header: 'trial', format: FORMATS.whole },
        { header: 'npv', format: money },
      ],
      rows: Array.from({ length: 40 }, (_, i) => [i + 1, i * 1000 - 7]),
    },
  ],
  charts: [],
  freeze: { rows: 1, columns: 0 },
  columnWidths: [],
};
const report: Report = { sheets: [summary, other, trials] };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-xlsx-charts-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The parts of the .xlsx the command line writes for `r`. */
async function written(r: Report, name: string, options: { streamFromRows?: number } = {}) {
  const file = path.join(dir, `${name}.xlsx`);
  await writeReportXlsx(r, file, options);
  return { file, parts: await partsOf(fs.readFileSync(file)) };
}

const text = (parts: Map<string, Buffer>, name: string) => parts.get(name)!.toString('utf8');

describe('the chart parts of the .xlsx', () => {
  let parts: Map<string, Buffer>;
  let charts: ReadChart[];
  beforeAll(async () => {
    ({ parts } = await written(report, 'report', { streamFromRows: 10 }));
    charts = readCharts(parts);
  });

  it('adds a chart part per chart and one drawing for the sheet that has charts, and nothing to the others', () => {
    const names = [...parts.keys()];
    expect(names.filter((n) => n.startsWith('xl/charts/')).sort()).toEqual([
      'xl/charts/chart1.xml',
      'xl/charts/chart2.xml',
      'xl/charts/chart3.xml',
    ]);
    expect(names.filter((n) => n.startsWith('xl/drawings/')).sort()).toEqual([
      'xl/drawings/_rels/drawing1.xml.rels',
      'xl/drawings/drawing1.xml',
    ]);
    const sheets = sheetParts(parts);
    expect(sheets.map((s) => s.name)).toEqual(['Beekeeper Summary', "It's data", 'Beekeeper Trials']);
    for (const { part } of sheets.slice(1)) {
      expect(childrenNamed(parseXml(text(parts, part)), 'drawing')).toEqual([]);
      expect([...relationships(parts, part).values()].map((r) => r.type)).not.toContain(
        'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
      );
    }
    expect(charts.map((ch) => [ch.sheet, ch.title])).toEqual(
      summary.charts.map((ch) => ['Beekeeper Summary', ch.title]),
    );
  });

  it('is well-formed: every part it adds or changes, read by xmllint and by the tests own reader', () => {
    const changed = [...parts.keys()].filter(
      (n) => /^xl\/(charts|drawings)\//.test(n) || /^xl\/worksheets\//.test(n) || n === '[Content_Types].xml',
    );
    expect(changed.length).toBeGreaterThanOrEqual(3 + 2 + 3 + 1);
    const files = changed.map((n, i) => {
      const file = path.join(dir, `part-${i}.xml`);
      fs.writeFileSync(file, parts.get(n)!);
      parseXml(text(parts, n)); // throws if not well-formed
      return file;
    });
    xmllintWellFormed(files);
  });

  it("follows the schema's element order and required elements in the charts, the drawing and the sheet", () => {
    for (const ch of charts) expect([ch.part, orderProblems(ch.root)]).toEqual([ch.part, []]);
    const drawing = parseXml(text(parts, 'xl/drawings/drawing1.xml'));
    expect(orderProblems(drawing)).toEqual([]);
    for (const { part } of sheetParts(parts))
      expect([part, orderProblems(parseXml(text(parts, part)))]).toEqual([part, []]);
    // The sheet with charts: its drawing after the page breaks and before the tables, as CT_Worksheet says.
    const sheet = parseXml(text(parts, 'xl/worksheets/sheet1.xml')).children.map((e) => e.name);
    expect(sheet.indexOf('rowBreaks')).toBeGreaterThan(0);
    expect(sheet.indexOf('drawing')).toBe(sheet.indexOf('rowBreaks') + 1);
    expect(sheet.indexOf('tableParts')).toBe(sheet.indexOf('drawing') + 1);
  });

  it('the order check itself fails on an element out of order, a missing one and an unknown one', () => {
    const chart = (inner: string) => parseXml(`<c:chartSpace xmlns:c="x">${inner}</c:chartSpace>`);
    expect(orderProblems(chart('<c:chart><c:plotArea/></c:chart><c:roundedCorners val="0"/>'))).toEqual([
      '<c:chartSpace>: <c:roundedCorners> comes after an element the schema puts after it',
    ]);
    expect(orderProblems(chart('<c:chart><c:legend/></c:chart>'))).toEqual([
      '<c:chartSpace>c:chart>: the required <c:plotArea> is missing',
    ]);
    expect(
      orderProblems(
        chart(
          '<c:chart><c:plotArea><c:lineChart><c:grouping val="standard"/><c:axId val="1"/></c:lineChart></c:plotArea></c:chart>',
        ),
      ),
    ).toEqual(['<c:plotArea>c:lineChart>: <c:axId> must occur 2 times, not 1']);
    expect(orderProblems(chart('<c:chart><c:plotArea/><c:colour/></c:chart>'))).toEqual([
      '<c:chartSpace>c:chart>: <c:colour> is not in its sequence',
    ]);
  });

  it("refers to the table's cells: the header cell names a series, the data cells give categories and values", () => {
    /** The cells of a column as an absolute reference, worked out here from the table's position. */
    const cells = (sheet: string, table: ReportTable, header: string, rows: 'header' | 'data') => {
      const letter = 'ABCDEFGHIJ'[table.column + table.columns.findIndex((col) => col.header === header)];
      const quoted = `'${sheet.replace(/'/g, "''")}'!`;
      return rows === 'header'
        ? `${quoted}$${letter}$${table.row + 1}`
        : `${quoted}$${letter}$${table.row + 2}:$${letter}$${table.row + 1 + table.rows.length}`;
    };
    const sources = [
      { sheet: 'Beekeeper Summary', table: fan },
      { sheet: 'Beekeeper Summary', table: tornado },
      { sheet: "It's data", table: histogram },
    ];
    summary.charts.forEach((spec, k) => {
      const { sheet, table } = sources[k];
      expect(charts[k].series.map((s) => [s.name, s.nameReference, s.categories, s.values])).toEqual(
        spec.seriesColumns.map((header) => [
          header,
          cells(sheet, table, header, 'header'),
          cells(sheet, table, spec.categoryColumn, 'data'),
          cells(sheet, table, header, 'data'),
        ]),
      );
    });
    // As a spreadsheet program reads them: the quoted sheet names of the report's sheets.
    expect(charts[0].series[0].values).toBe("'Beekeeper Summary'!$B$4:$B$6");
    expect(charts[2].series[0].categories).toBe("'It''s data'!$B$3:$B$5");
  });

  it("caches the table's values, leaving blanks out, with the column's number format", () => {
    expect(charts[0].series.map((s) => s.cachedValues)).toEqual([
      [-100, -250.5, -400],
      [50, undefined, 75],
    ]);
    expect(charts[0].series[0].cachedCategories).toEqual(['1', '2', '3']);
    expect(charts[1].series[0].cachedCategories).toEqual(['imitation & <friends>', "persuasion's"]);
    const numCache = descendants(charts[0].root).find((e) => e.name === 'c:numCache')!;
    expect(child(numCache, 'c:formatCode').text).toBe(FORMATS.month); // the categories: months
    const valueAxis = descendants(charts[0].root).find((e) => e.name === 'c:valAx')!;
    expect(child(valueAxis, 'c:numFmt').attributes).toEqual({ formatCode: money, sourceLinked: '1' });
  });

  it("draws each kind as the task pane does: lines, clustered columns, clustered bars with the axes' titles swapped", () => {
    expect(charts.map((ch) => [ch.plot, ch.grouping, ch.categoryTitle, ch.valueTitle, ch.legend])).toEqual([
      ['line', 'standard', 'month', 'cash ($)', true],
      ['bar', 'clustered', 'input', 'NPV', true], // a bar chart's categories run up the side: yTitle
      ['col', 'clustered', undefined, undefined, false], // one series: the title says what it is
    ]);
    expect(charts.map((ch) => ch.description)).toEqual(summary.charts.map((ch) => ch.title));
    // A line chart of lines alone, as Excel's plain "Line" type: no markers.
    for (const ser of descendants(charts[0].root).filter((e) => e.name === 'c:ser'))
      expect(child(child(ser, 'c:marker'), 'c:symbol').attributes.val).toBe('none');
  });

  it("anchors each chart over its cell area, the 'to' cell just beyond it", () => {
    expect(charts.map((ch) => [ch.from, ch.to])).toEqual(
      summary.charts.map((ch) => [
        { row: ch.row, column: ch.column },
        { row: ch.row + ch.height, column: ch.column + ch.width },
      ]),
    );
    const ids = descendants(parseXml(text(parts, 'xl/drawings/drawing1.xml')))
      .filter((e) => e.name === 'xdr:cNvPr')
      .map((e) => e.attributes.id);
    expect(new Set(ids).size).toBe(charts.length);
  });

  it('gives every new part its content type, and every relationship of the package a part that exists', () => {
    const types = parseXml(text(parts, '[Content_Types].xml')).children.filter((e) => e.name === 'Override');
    const typeOf = new Map(types.map((e) => [e.attributes.PartName, e.attributes.ContentType]));
    expect(types.length).toBe(typeOf.size); // no part named twice
    for (const ch of charts) expect(typeOf.get(`/${ch.part}`)).toBe(CHART_CONTENT_TYPE);
    expect(typeOf.get('/xl/drawings/drawing1.xml')).toBe(DRAWING_CONTENT_TYPE);
    for (const name of parts.keys()) {
      if (!name.endsWith('.rels')) continue;
      const source = name === '_rels/.rels' ? '' : name.replace(/_rels\/([^/]+)\.rels$/, '$1'); // the part they describe
      const rels = relationships(parts, source);
      const ids = parseXml(text(parts, name)).children.map((e) => e.attributes.Id);
      expect([name, new Set(ids).size]).toEqual([name, ids.length]);
      for (const { target } of rels.values()) expect([name, target, parts.has(target)]).toEqual([name, target, true]);
    }
  });

  it("leaves ExcelJS's reading of the file as it was: a later run can replace it", async () => {
    const { file } = await written(report, 'replaced');
    await writeReportXlsx(report, file, { replace: true });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Beekeeper Summary', "It's data", 'Beekeeper Trials']);
    expect(workbook.getWorksheet('Beekeeper Summary')!.getCell('B4').value).toBe(-100);
  });

  it("writes the same charts whether a table is streamed or not, and the streamed table's rows all there", async () => {
    expect([...streamedTables(report, 10).values()].flat().map((t) => t.name)).toEqual(['BeekeeperTrials']);
    const { parts: document } = await written(report, 'document', { streamFromRows: Infinity });
    for (const name of [...document.keys()].filter((n) => /^xl\/(charts|drawings)\/|sheet1\.xml/.test(n)))
      expect([name, text(parts, name)]).toEqual([name, text(document, name)]);
    const rows = parseXml(text(parts, 'xl/worksheets/sheet3.xml'));
    expect(child(rows, 'sheetData').children).toHaveLength(41);
  });
});

describe('insertDrawing', () => {
  const sheet = (tail: string) =>
    `<worksheet xmlns="m" xmlns:r="r"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>${tail}</worksheet>`;

  it('puts the drawing before the first element CT_Worksheet puts after it, else at the end', () => {
    expect(insertDrawing(sheet('<pageMargins left="1"/><tableParts count="0"/>'), 'rId9')).toBe(
      sheet('<pageMargins left="1"/><drawing r:id="rId9"/><tableParts count="0"/>'),
    );
    expect(insertDrawing(sheet('<rowBreaks count="1"><brk id="3"/></rowBreaks>'), 'rId1')).toBe(
      sheet('<rowBreaks count="1"><brk id="3"/></rowBreaks><drawing r:id="rId1"/>'),
    );
    expect(insertDrawing(sheet('<legacyDrawing r:id="rId1"/><extLst><ext uri="u"/></extLst>'), 'rId2')).toBe(
      sheet('<drawing r:id="rId2"/><legacyDrawing r:id="rId1"/><extLst><ext uri="u"/></extLst>'),
    );
    const empty = '<worksheet xmlns="m"><sheetData/><pageMargins left="1"/></worksheet>';
    expect(insertDrawing(empty, 'rId1')).toBe(
      '<worksheet xmlns="m"><sheetData/><pageMargins left="1"/><drawing r:id="rId1"/></worksheet>',
    );
  });

  it("looks only at top-level elements: an extLst inside another element is not the sheet's", () => {
    const tail =
      '<conditionalFormatting sqref="A1"><cfRule type="x" priority="1"><extLst><ext uri="u"/></extLst></cfRule></conditionalFormatting><pageSetup orientation="landscape"/>';
    expect(insertDrawing(sheet(tail), 'rId3')).toBe(sheet(`${tail}<drawing r:id="rId3"/>`));
  });

  it('refuses a sheet that has a drawing already, or no sheetData', () => {
    expect(() => insertDrawing(sheet('<drawing r:id="rId1"/>'), 'rId2')).toThrow('the worksheet has a drawing already');
    expect(() => insertDrawing('<worksheet/>', 'rId2')).toThrow('a worksheet without sheetData');
  });
});

describe('the default report', () => {
  it('has a native chart for every chart of the report, each in schema order, none in the other sheets', async () => {
    const run = simulate(readSimulationTable(defaultSimulationTable()), {
      scenario: 'compare',
      trials: 200,
      seed: 5,
      sampling: 'lhs',
    })!;
    const built = buildReport(run, analyze(run), {
      version: 'test',
      startedAt: new Date('2026-01-02T03:04:05Z'),
      seconds: 1,
      trialsSheet: false,
      source: 'defaults',
    });
    const specs = built.sheets.flatMap((s) => s.charts.map((ch) => [s.name, ch.title]));
    expect(specs.length).toBeGreaterThanOrEqual(4);
    const { parts } = await written(built, 'default');
    const charts = readCharts(parts);
    expect(charts.map((ch) => [ch.sheet, ch.title])).toEqual(specs);
    for (const ch of charts) {
      expect(orderProblems(ch.root)).toEqual([]);
      // A compare run: a series per scenario and percentile, each named by its column's header.
      const spec = built.sheets.flatMap((s) => s.charts).find((s) => s.title === ch.title)!;
      expect(ch.series.map((s) => s.name)).toEqual(spec.seriesColumns);
    }
  });
});

describe('a line chart with styled series (the Fit sheet: the history as points over its bands)', () => {
  const data: ReportTable = {
    name: 'BeekeeperFitCustomers',
    row: 0,
    column: 0,
    columns: [
      { header: 'Month', format: FORMATS.month },
      { header: 'Posterior P10', format: FORMATS.whole },
      { header: 'Prior P90', format: FORMATS.whole },
      { header: 'Observed', format: FORMATS.whole },
    ],
    rows: [
      [1, 10, null, null],
      [2, 12, 40, 21],
      [3, 15, null, null],
    ],
  };
  const styled: ReportChart = {
    kind: 'line',
    title: 'Customers',
    table: data.name,
    categoryColumn: 'Month',
    seriesColumns: ['Posterior P10', 'Prior P90', 'Observed'],
    seriesStyles: [
      { draw: 'line', color: '#2F5597' },
      { draw: 'markers', color: '#9dc3e6', marker: 'dash' },
      { draw: 'markers', color: '#262626', marker: 'circle' },
    ],
    row: 0,
    column: 5,
    width: 6,
    height: 16,
  };
  const fitSheet: ReportSheet = {
    name: 'Beekeeper Fit',
    kind: 'fit',
    cells: [],
    tables: [data],
    charts: [styled],
    freeze: { rows: 0, columns: 0 },
    columnWidths: [],
  };
  let chart: ReadChart;
  beforeAll(async () => {
    const { parts } = await written({ sheets: [fitSheet] }, 'styled');
    [chart] = readCharts(parts);
  });

  it("keeps the schema's order in the series' shape and marker properties", () => {
    expect(orderProblems(chart.root)).toEqual([]);
    // The check knows these elements: one out of order fails it.
    const misordered = parseXml(
      '<c:spPr xmlns:c="x" xmlns:a="y"><a:ln w="1"><a:round/><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></c:spPr>',
    );
    expect(orderProblems(misordered)).toEqual([
      '<c:spPr>a:ln>: <a:solidFill> comes after an element the schema puts after it',
    ]);
  });

  it('draws a line series as a line in its colour without markers, a markers series as markers in its colour without a line', () => {
    const series = descendants(chart.root).filter((e) => e.name === 'c:ser');
    const look = series.map((ser) => {
      const line = at(ser, 'c:spPr', 'a:ln');
      const marker = child(ser, 'c:marker');
      const markerFill = childrenNamed(marker, 'c:spPr').map((sp) => at(sp, 'a:solidFill', 'a:srgbClr').attributes.val);
      return {
        line: childrenNamed(line, 'a:noFill').length ? 'none' : at(line, 'a:solidFill', 'a:srgbClr').attributes.val,
        symbol: child(marker, 'c:symbol').attributes.val,
        size: childrenNamed(marker, 'c:size').map((e) => Number(e.attributes.val))[0],
        markerFill: markerFill[0],
      };
    });
    expect(look).toEqual([
      { line: '2F5597', symbol: 'none', size: undefined, markerFill: undefined },
      { line: 'none', symbol: 'dash', size: SERIES_MARKER_SIZES.dash, markerFill: '9DC3E6' },
      { line: 'none', symbol: 'circle', size: SERIES_MARKER_SIZES.circle, markerFill: '262626' },
    ]);
    // A blank cell is a gap (no point is drawn there), and the series still refer to every row.
    expect(chart.series[2].cachedValues).toEqual([undefined, 21, undefined]);
    expect(chart.series[2].values).toBe("'Beekeeper Fit'!$D$2:$D$4");
    expect(child(child(chart.root, 'c:chart'), 'c:dispBlanksAs').attributes.val).toBe('gap');
  });

  it('the report of a run with a history: its Fit charts in schema order, styled as the builder says', async () => {
    const built = historyReport();
    const { parts } = await written(built, 'history');
    const fit = built.sheets.find((sheet) => sheet.kind === 'fit')!;
    const all = readCharts(parts);
    const charts = all.filter((ch) => ch.sheet === 'Beekeeper Fit');
    // The other charts keep a linear scale.
    for (const ch of all.filter((c) => c.sheet !== 'Beekeeper Fit'))
      expect(descendants(ch.root).filter((e) => e.name === 'c:logBase')).toEqual([]);
    expect(charts.map((ch) => ch.title)).toEqual(fit.charts.map((ch) => ch.title));
    for (const [k, ch] of charts.entries()) {
      expect(orderProblems(ch.root)).toEqual([]);
      const symbols = descendants(ch.root)
        .filter((e) => e.name === 'c:ser')
        .map((ser) => child(child(ser, 'c:marker'), 'c:symbol').attributes.val);
      expect(symbols).toEqual(fit.charts[k].seriesStyles!.map((st) => (st.draw === 'line' ? 'none' : st.marker)));
      // The value axis in powers of ten, the category axis not.
      const scaling = (axis: string) => at(child(ch.root, 'c:chart'), 'c:plotArea', axis, 'c:scaling');
      expect(childrenNamed(scaling('c:valAx'), 'c:logBase').map((e) => e.attributes.val)).toEqual(['10']);
      expect(childrenNamed(scaling('c:catAx'), 'c:logBase')).toEqual([]);
    }
  });
});
