/**
 * Native charts in the command line's .xlsx. ExcelJS 4.4 writes no charts (exceljs/exceljs#141),
 * so this module adds the DrawingML chart parts to the package ExcelJS produced, one chart per
 * {@link ReportChart}, drawn as the task pane's writer draws it through Office.js
 * (src/excel/report-writer.ts, `addChart`): a line, clustered column or clustered bar chart; one
 * series per value column, named by the column's header cell; categories from the category
 * column's data cells; the chart's title; the category axis titled `xTitle` and the value axis
 * `yTitle` (a bar chart's categories run up the side, so there `yTitle` titles the categories);
 * placed over the chart's cell area. The series refer to the table's cells and carry a cache of
 * their values, so a program shows the chart before it recalculates anything. A line chart's
 * series styles ({@link ReportChart.seriesStyles}) give each series its colour, and draw it as a
 * line without markers or as markers without a line (the Fit sheet's history over its bands);
 * `logScale` puts the value axis in powers of ten (c:scaling's logBase 10).
 *
 * ## Part layout (ECMA-376 Part 1, 5th edition; Part 2 for the package)
 *
 * For each worksheet K (`xl/worksheets/sheetK.xml`) holding charts, with D and N the next free
 * part numbers in the package:
 *
 * | part | content type / relationship |
 * |---|---|
 * | `xl/worksheets/sheetK.xml` gains `<drawing r:id="rIdD"/>` (§18.3.1.36) | |
 * | `xl/worksheets/_rels/sheetK.xml.rels` gains (or is created with) `rIdD` → `../drawings/drawingD.xml` | `…/officeDocument/2006/relationships/drawing` |
 * | `xl/drawings/drawingD.xml`: `xdr:wsDr` (§20.5.2.35), one `xdr:twoCellAnchor` (§20.5.2.33) per chart | `application/vnd.openxmlformats-officedocument.drawing+xml` |
 * | `xl/drawings/_rels/drawingD.xml.rels`: `rId1`… → `../charts/chartN.xml`, in the sheet's chart order | `…/officeDocument/2006/relationships/chart` |
 * | `xl/charts/chartN.xml`: `c:chartSpace` (§21.2.2.29), one per chart | `application/vnd.openxmlformats-officedocument.drawingml.chart+xml` |
 * | `[Content_Types].xml` gains an `Override` for each new drawing and chart part | |
 *
 * ## Element order (the schema's sequences; an element out of order is what makes Excel offer
 * to repair a file). `?` optional, `*` repeated; only what is written here is named after "…".
 *
 * - worksheet (§18.3.1.99, CT_Worksheet): sheetPr?, dimension?, sheetViews?, sheetFormatPr?,
 *   cols*, sheetData, …, mergeCells?, …, pageMargins?, pageSetup?, headerFooter?, rowBreaks?,
 *   colBreaks?, customProperties?, cellWatches?, ignoredErrors?, smartTags?, **drawing?**,
 *   legacyDrawing?, legacyDrawingHF?, drawingHF?, picture?, oleObjects?, controls?,
 *   webPublishItems?, tableParts?, extLst?. So `drawing` goes before the first top-level
 *   element of the second list that ExcelJS wrote (`tableParts`), or before `</worksheet>`.
 * - xdr:twoCellAnchor (§20.5.2.33, CT_TwoCellAnchor): from, to, (graphicFrame | …), clientData.
 *   from/to (CT_Marker): col, colOff, row, rowOff, 0-based; `to` is the cell just beyond the
 *   area at offset 0, so the chart covers exactly `width` × `height` cells.
 *   xdr:graphicFrame (CT_GraphicalObjectFrame): nvGraphicFramePr (cNvPr, cNvGraphicFramePr),
 *   xfrm (required), a:graphic/a:graphicData[@uri=…/chart]/c:chart[@r:id] (§21.2.2.26).
 * - c:chartSpace (§21.2.2.29): date1904?, lang?, roundedCorners?, style?, clrMapOvr?,
 *   pivotSource?, protection?, chart, spPr?, txPr?, externalData?, printSettings?, userShapes?,
 *   extLst?.
 * - c:chart (§21.2.2.27): title?, autoTitleDeleted?, pivotFmts?, view3D?, floor?, sideWall?,
 *   backWall?, plotArea, legend?, plotVisOnly?, dispBlanksAs?, showDLblsOverMax?, extLst?.
 * - c:plotArea (§21.2.2.145): layout?, (lineChart | barChart | …)+, (valAx | catAx | dateAx |
 *   serAx)*, dTable?, spPr?, extLst?.
 * - c:lineChart (§21.2.2.97): grouping, varyColors?, ser*, dLbls?, dropLines?, hiLowLines?,
 *   upDownBars?, marker?, smooth?, axId{2}, extLst?.
 * - c:barChart (§21.2.2.16): barDir, grouping?, varyColors?, ser*, dLbls?, gapWidth?, overlap?,
 *   serLines*, axId{2}, extLst?.
 * - c:ser of a line chart (§21.2.2.171, CT_LineSer): idx, order, tx?, spPr?, marker?, dPt*,
 *   dLbls?, trendline*, errBars?, cat?, val?, smooth?, extLst?.
 * - c:spPr of a series (§21.2.2.197, CT_ShapeProperties): xfrm?, (custGeom | prstGeom)?,
 *   (noFill | solidFill | gradFill | blipFill | pattFill | grpFill)?, ln?, effectLst?, …; its
 *   a:ln (§20.1.2.2.24, CT_LineProperties, attributes w and cap): (noFill | solidFill | gradFill |
 *   pattFill)?, (prstDash | custDash)?, (round | bevel | miter)?, headEnd?, tailEnd?, extLst?.
 * - c:marker of a series (§21.2.2.106, CT_Marker): symbol?, size?, spPr?, extLst?.
 * - c:ser of a bar chart (§21.2.2.170, CT_BarSer): idx, order, tx?, spPr?, invertIfNegative?,
 *   pictureOptions?, dPt*, dLbls?, trendline*, errBars?, cat?, val?, shape?, extLst?.
 * - c:tx of a series (§21.2.2.215): strRef | v. c:strRef (§21.2.2.201): f, strCache?;
 *   c:numRef (§21.2.2.123): f, numCache?; a cache: formatCode? (numbers only), ptCount?, pt*;
 *   c:cat (§21.2.2.24): strRef | numRef | …; c:val (§21.2.2.224): numRef | numLit.
 * - c:catAx (§21.2.2.25) and c:valAx (§21.2.2.226) share: axId, scaling (logBase?, orientation?, …), delete?, axPos,
 *   majorGridlines?, minorGridlines?, title?, numFmt?, majorTickMark?, minorTickMark?,
 *   tickLblPos?, spPr?, txPr?, crossAx, (crosses | crossesAt)?; then catAx: auto?, lblAlgn?,
 *   lblOffset?, tickLblSkip?, tickMarkSkip?, noMultiLvlLbl?, extLst?; valAx: crossBetween?,
 *   majorUnit?, minorUnit?, dispUnits?, extLst?.
 * - c:title (§21.2.2.210): tx?, layout?, overlay?, spPr?, txPr?, extLst?; its c:tx (§21.2.2.214)
 *   holds c:rich (§21.2.2.156), a text body: a:bodyPr, a:lstStyle?, a:p+.
 * - c:legend (§21.2.2.93): legendPos?, legendEntry*, layout?, overlay?, spPr?, txPr?, extLst?.
 *
 * Written explicitly although optional, because programs disagree on their defaults:
 * roundedCorners 0 (the schema's default is true), autoTitleDeleted 0, delete 0 on each axis.
 * Category labels sit at the low end of the value axis (tickLblPos low), so a cash fan that goes
 * below 0 keeps its month labels under the plot, not across it.
 */
import JSZip from 'jszip';
import * as path from 'path';
import {
  CellValue,
  Report,
  ReportChart,
  ReportTable,
  SERIES_LINE_POINTS,
  SERIES_MARKER_SIZES,
  SeriesStyle,
} from '../report/types';
import { columnLetters, sheetPrefix } from '../report/markers';

export const CHART_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
export const DRAWING_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const DRAWING_RELATIONSHIP = `${RELATIONSHIPS}/drawing`;
export const CHART_RELATIONSHIP = `${RELATIONSHIPS}/chart`;
const NS = {
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: RELATIONSHIPS,
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  package: 'http://schemas.openxmlformats.org/package/2006/relationships',
} as const;
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Text and attribute values as XML writes them. */
const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(x?)([0-9a-fA-F]+);/g, (_, hex: string, n: string) => String.fromCodePoint(parseInt(n, hex ? 16 : 10)))
    .replace(/&amp;/g, '&');

/** The value of attribute `name` in an element's start tag, unescaped. */
const attribute = (tag: string, name: string): string | undefined => {
  const match = new RegExp(`\\s${name.replace(/:/g, '\\:')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return match ? unescapeXml(match[2] ?? match[3]) : undefined;
};

// ---------------------------------------------------------------------------------------------
// Where a chart's data is
// ---------------------------------------------------------------------------------------------

/** A chart's table, where it stands and on which sheet (its name in the workbook). */
export interface ChartSource {
  readonly table: ReportTable;
  readonly sheet: string;
}

/** An absolute reference to one column's cells: `'Beekeeper Summary'!$B$3:$B$62`. */
function columnReference(source: ChartSource, header: string, withHeader: 'header' | 'data'): string {
  const { table } = source;
  const c = table.columns.findIndex((column) => column.header === header);
  if (c < 0) throw new Error(`xlsx charts: table ${table.name} has no column "${header}"`);
  const letters = columnLetters(table.column + c);
  if (withHeader === 'header') return `${sheetPrefix(source.sheet)}$${letters}$${table.row + 1}`;
  const first = table.row + 2; // 1-based: the row after the header
  const last = table.row + 1 + Math.max(1, table.rows.length); // Excel's tables have a data row at least
  return `${sheetPrefix(source.sheet)}$${letters}$${first}:$${letters}$${last}`;
}

/** A Date as Excel's serial number of its UTC fields, as ExcelJS writes it into the cell. */
const serial = (date: Date) => date.getTime() / 86_400_000 + 25_569;

const numeric = (value: CellValue): number | undefined =>
  typeof value === 'number' ? value : value instanceof Date ? serial(value) : undefined;

const text = (value: CellValue): string | undefined =>
  value === null
    ? undefined
    : typeof value === 'boolean'
      ? value
        ? 'TRUE'
        : 'FALSE'
      : typeof value === 'string'
        ? value
        : String(numeric(value));

/** The values of one column, and whether they are numbers (or dates) throughout. */
function columnData(table: ReportTable, header: string) {
  const c = table.columns.findIndex((column) => column.header === header);
  const values = table.rows.map((row) => row[c]);
  const present = values.filter((v) => v !== null);
  return {
    values,
    count: Math.max(1, table.rows.length),
    format: table.columns[c].format,
    numbers: present.length > 0 && present.every((v) => numeric(v) !== undefined),
  };
}

// ---------------------------------------------------------------------------------------------
// The chart part
// ---------------------------------------------------------------------------------------------

const val = (element: string, value: string | number) => `<c:${element} val="${escapeXml(String(value))}"/>`;

/** A c:numRef with its cache; cells without a number are left out of the cache (blanks). */
function numRef(reference: string, data: ReturnType<typeof columnData>): string {
  const points = data.values
    .map((v, i) => {
      const n = numeric(v);
      return n === undefined ? '' : `<c:pt idx="${i}"><c:v>${n}</c:v></c:pt>`;
    })
    .join('');
  return (
    `<c:numRef><c:f>${escapeXml(reference)}</c:f><c:numCache>` +
    `<c:formatCode>${escapeXml(data.format)}</c:formatCode><c:ptCount val="${data.count}"/>${points}` +
    '</c:numCache></c:numRef>'
  );
}

function strRef(reference: string, values: readonly CellValue[], count = values.length): string {
  const points = values
    .map((v, i) => {
      const t = text(v);
      return t === undefined ? '' : `<c:pt idx="${i}"><c:v>${escapeXml(t)}</c:v></c:pt>`;
    })
    .join('');
  return `<c:strRef><c:f>${escapeXml(reference)}</c:f><c:strCache><c:ptCount val="${count}"/>${points}</c:strCache></c:strRef>`;
}

/**
 * A title's text: a:bodyPr, a:lstStyle, one paragraph. `rotated`: read bottom to top, as a
 * vertical axis's title is.
 */
function richText(content: string, size: number, options: { bold?: boolean; rotated?: boolean } = {}): string {
  const body = options.rotated ? '<a:bodyPr rot="-5400000" vert="horz"/>' : '<a:bodyPr/>';
  const properties = `sz="${size}" b="${options.bold ? 1 : 0}"`;
  return (
    `<c:tx><c:rich>${body}<a:lstStyle/><a:p><a:pPr><a:defRPr ${properties}/></a:pPr>` +
    `<a:r><a:rPr lang="en-US" ${properties}/><a:t>${escapeXml(content)}</a:t></a:r></a:p></c:rich></c:tx>`
  );
}

const titleXml = (content: string, size: number, options: { bold?: boolean; rotated?: boolean } = {}) =>
  `<c:title>${richText(content, size, options)}<c:overlay val="0"/></c:title>`;

/** Line widths in EMU (12,700 a point): a styled series' line, a marker's outline (0.75 pt). */
const LINE_EMU = Math.round(SERIES_LINE_POINTS * 12_700);
const OUTLINE_EMU = 9_525;

const solidFill = (color: string) => `<a:solidFill><a:srgbClr val="${color.slice(1).toUpperCase()}"/></a:solidFill>`;

/**
 * A styled line series' `c:spPr` and `c:marker` (CT_LineSer keeps them in that order). A line:
 * its colour, no markers. Markers: no line (a:ln with a:noFill), the marker filled and outlined
 * in the colour.
 *
 * @example seriesStyleXml({ draw: 'markers', color: '#262626', marker: 'circle' })
 * // '<c:spPr><a:ln w="28575"><a:noFill/></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="7"/>…'
 */
export function seriesStyleXml(style: SeriesStyle): string {
  if (style.draw === 'line')
    return (
      `<c:spPr><a:ln w="${LINE_EMU}" cap="rnd">${solidFill(style.color)}<a:round/></a:ln></c:spPr>` +
      '<c:marker><c:symbol val="none"/></c:marker>'
    );
  const symbol = style.marker ?? 'circle';
  return (
    `<c:spPr><a:ln w="${LINE_EMU}"><a:noFill/></a:ln></c:spPr>` +
    `<c:marker>${val('symbol', symbol)}${val('size', SERIES_MARKER_SIZES[symbol])}` +
    `<c:spPr>${solidFill(style.color)}<a:ln w="${OUTLINE_EMU}">${solidFill(style.color)}</a:ln></c:spPr></c:marker>`
  );
}

/** Axis ids: any unsigned integers, unique within the chart. */
const CATEGORY_AXIS = 500_000_001;
const VALUE_AXIS = 500_000_002;

/**
 * The `c:chartSpace` part of one chart, reading its data from `source` (the chart's table and
 * the name of the sheet it is on, which the references quote).
 *
 * @example
 * chartXml(
 *   { kind: 'line', title: 'Revenue', table: 'T', categoryColumn: 'Month', seriesColumns: ['P50'], row: 0, column: 3, width: 6, height: 16 },
 *   { table: { name: 'T', row: 0, column: 0, columns: [...], rows: [[1, 10], [2, 12]] }, sheet: 'Beekeeper Summary' },
 * ); // '<?xml …?>\n<c:chartSpace …><c:date1904 val="0"/>…<c:f>\'Beekeeper Summary\'!$B$2:$B$3</c:f>…'
 */
export function chartXml(chart: ReportChart, source: ChartSource): string {
  const { table } = source;
  const bar = chart.kind !== 'line';
  const categories = columnData(table, chart.categoryColumn);
  const categoryReference = columnReference(source, chart.categoryColumn, 'data');
  const cat = categories.numbers
    ? numRef(categoryReference, categories)
    : strRef(categoryReference, categories.values, categories.count);

  const series = chart.seriesColumns
    .map((header, i) => {
      const data = columnData(table, header);
      const tx = `<c:tx>${strRef(columnReference(source, header, 'header'), [header])}</c:tx>`;
      const values = `<c:val>${numRef(columnReference(source, header, 'data'), data)}</c:val>`;
      // Excel's plain line chart: lines without markers; a styled series as its style says.
      const style = chart.seriesStyles?.[i];
      const own = bar
        ? val('invertIfNegative', 0)
        : style
          ? seriesStyleXml(style)
          : '<c:marker><c:symbol val="none"/></c:marker>';
      return `<c:ser>${val('idx', i)}${val('order', i)}${tx}${own}<c:cat>${cat}</c:cat>${values}${bar ? '' : val('smooth', 0)}</c:ser>`;
    })
    .join('');
  const axisIds = val('axId', CATEGORY_AXIS) + val('axId', VALUE_AXIS);
  const plot = bar
    ? `<c:barChart>${val('barDir', chart.kind === 'bar' ? 'bar' : 'col')}${val('grouping', 'clustered')}` +
      `${val('varyColors', 0)}${series}${val('gapWidth', 150)}${axisIds}</c:barChart>`
    : `<c:lineChart>${val('grouping', 'standard')}${val('varyColors', 0)}${series}${val('marker', 1)}${axisIds}</c:lineChart>`;

  // A bar chart's categories run up the left side and its values along the bottom.
  const [categoryTitle, valueTitle] =
    chart.kind === 'bar' ? [chart.yTitle, chart.xTitle] : [chart.xTitle, chart.yTitle];
  const [categoryPosition, valuePosition] = chart.kind === 'bar' ? ['l', 'b'] : ['b', 'l'];
  const axisTitle = (content: string | undefined, position: string) =>
    content ? titleXml(content, 1000, { rotated: position === 'l' }) : '';
  const valueFormat = columnData(table, chart.seriesColumns[0]).format;
  const categoryAxis =
    `<c:catAx>${val('axId', CATEGORY_AXIS)}<c:scaling>${val('orientation', 'minMax')}</c:scaling>${val('delete', 0)}` +
    `${val('axPos', categoryPosition)}${axisTitle(categoryTitle, categoryPosition)}` +
    (categories.numbers ? `<c:numFmt formatCode="${escapeXml(categories.format)}" sourceLinked="1"/>` : '') +
    `${val('majorTickMark', 'out')}${val('minorTickMark', 'none')}${val('tickLblPos', 'low')}` +
    `${val('crossAx', VALUE_AXIS)}${val('crosses', 'autoZero')}${val('auto', 1)}${val('lblAlgn', 'ctr')}` +
    `${val('lblOffset', 100)}${val('noMultiLvlLbl', 0)}</c:catAx>`;
  const valueAxis =
    `<c:valAx>${val('axId', VALUE_AXIS)}<c:scaling>${chart.logScale ? val('logBase', 10) : ''}` +
    `${val('orientation', 'minMax')}</c:scaling>${val('delete', 0)}` +
    `${val('axPos', valuePosition)}<c:majorGridlines/>${axisTitle(valueTitle, valuePosition)}` +
    `<c:numFmt formatCode="${escapeXml(valueFormat)}" sourceLinked="1"/>` +
    `${val('majorTickMark', 'out')}${val('minorTickMark', 'none')}${val('tickLblPos', 'nextTo')}` +
    `${val('crossAx', CATEGORY_AXIS)}${val('crosses', 'autoZero')}${val('crossBetween', 'between')}</c:valAx>`;
  // One series needs no legend: the title says what it is (as Excel leaves it).
  const legend =
    chart.seriesColumns.length > 1 ? `<c:legend>${val('legendPos', 'b')}${val('overlay', 0)}</c:legend>` : '';

  return (
    DECLARATION +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    `${val('date1904', 0)}${val('lang', 'en-US')}${val('roundedCorners', 0)}` +
    `<c:chart>${titleXml(chart.title, 1200, { bold: true })}${val('autoTitleDeleted', 0)}` +
    `<c:plotArea><c:layout/>${plot}${categoryAxis}${valueAxis}</c:plotArea>` +
    `${legend}${val('plotVisOnly', 1)}${val('dispBlanksAs', 'gap')}</c:chart>` +
    '</c:chartSpace>'
  );
}

// ---------------------------------------------------------------------------------------------
// The drawing part
// ---------------------------------------------------------------------------------------------

const marker = (tag: 'from' | 'to', row: number, column: number) =>
  `<xdr:${tag}><xdr:col>${column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;

/**
 * The `xdr:wsDr` part of one sheet: a two-cell anchor per chart over its cell area, the k-th
 * chart referring to relationship `rId<k+1>` of the drawing's relationships part.
 *
 * @example drawingXml([{ ...chart, row: 0, column: 5, width: 6, height: 16 }])
 * // '…<xdr:from><xdr:col>5</xdr:col>…<xdr:row>0</xdr:row>…</xdr:from><xdr:to><xdr:col>11</xdr:col>…<xdr:row>16</xdr:row>…'
 */
export function drawingXml(charts: readonly ReportChart[]): string {
  const anchors = charts
    .map(
      (chart, k) =>
        '<xdr:twoCellAnchor>' +
        marker('from', chart.row, chart.column) +
        marker('to', chart.row + chart.height, chart.column + chart.width) +
        '<xdr:graphicFrame macro="">' +
        `<xdr:nvGraphicFramePr><xdr:cNvPr id="${k + 2}" name="Chart ${k + 1}" descr="${escapeXml(chart.title)}"/>` +
        '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>' +
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
        `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" r:id="rId${k + 1}"/></a:graphicData></a:graphic>` +
        '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>',
    )
    .join('');
  return DECLARATION + `<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">${anchors}</xdr:wsDr>`;
}

/** A relationships part's XML. */
const relationshipsXml = (relationships: readonly { id: string; type: string; target: string }[]) =>
  DECLARATION +
  `<Relationships xmlns="${NS.package}">` +
  relationships.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${escapeXml(r.target)}"/>`).join('') +
  '</Relationships>';

// ---------------------------------------------------------------------------------------------
// The worksheet
// ---------------------------------------------------------------------------------------------

/** CT_Worksheet's elements after `drawing` (ECMA-376 Part 1, §18.3.1.99). */
const AFTER_DRAWING = new Set([
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
]);

/**
 * The worksheet's XML with `<drawing r:id="…"/>` where CT_Worksheet puts it: before the first
 * top-level element that follows `drawing` in the schema, else before `</worksheet>`. Only what
 * follows `sheetData` is scanned (the rows are most of the part, and none of them matters here).
 *
 * @example insertDrawing('<worksheet …><sheetData/><pageMargins …/><tableParts count="1">…</tableParts></worksheet>', 'rId2')
 * // '<worksheet …><sheetData/><pageMargins …/><drawing r:id="rId2"/><tableParts count="1">…</tableParts></worksheet>'
 */
export function insertDrawing(sheetXml: string, relationshipId: string): string {
  const empty = sheetXml.indexOf('<sheetData/>');
  const close = sheetXml.lastIndexOf('</sheetData>');
  const start = close >= 0 ? close + '</sheetData>'.length : empty >= 0 ? empty + '<sheetData/>'.length : -1;
  const end = sheetXml.lastIndexOf('</worksheet>');
  if (start < 0 || end < 0) throw new Error('xlsx charts: a worksheet without sheetData');
  let depth = 0;
  let at = end;
  for (const match of sheetXml
    .slice(start, end)
    .matchAll(/<(\/?)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g)) {
    const [, closing, , name, selfClosing] = match;
    if (closing) {
      depth--;
      continue;
    }
    if (depth === 0) {
      if (name === 'drawing') throw new Error('xlsx charts: the worksheet has a drawing already');
      if (AFTER_DRAWING.has(name)) {
        at = start + (match.index ?? 0);
        break;
      }
    }
    if (!selfClosing) depth++;
  }
  return `${sheetXml.slice(0, at)}<drawing r:id="${relationshipId}"/>${sheetXml.slice(at)}`;
}

// ---------------------------------------------------------------------------------------------
// The package
// ---------------------------------------------------------------------------------------------

/** The relationships part of a part: xl/worksheets/sheet1.xml → xl/worksheets/_rels/sheet1.xml.rels. */
const relsOf = (part: string) =>
  path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`);

/** The worksheets of the workbook in sheet order: their names and part names. */
async function worksheets(zip: JSZip): Promise<{ name: string; part: string }[]> {
  const workbook = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (workbook === undefined || rels === undefined) throw new Error('xlsx charts: the package has no workbook');
  const targets = new Map<string, string>();
  for (const [tag] of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id !== undefined && target !== undefined)
      targets.set(id, target.startsWith('/') ? target.slice(1) : path.posix.join('xl', target));
  }
  return [...workbook.matchAll(/<sheet\b[^>]*>/g)].map(([tag]) => {
    const part = targets.get(attribute(tag, 'r:id') ?? '');
    const name = attribute(tag, 'name');
    if (part === undefined || name === undefined) throw new Error(`xlsx charts: a sheet without its part: ${tag}`);
    return { name, part };
  });
}

/** The next free number N of parts named `<prefix>N.xml`. */
function nextNumber(zip: JSZip, prefix: string): number {
  let last = 0;
  const pattern = new RegExp(`^${prefix.replace(/[/.]/g, '\\$&')}(\\d+)\\.xml$`);
  zip.forEach((name) => {
    const match = pattern.exec(name);
    if (match) last = Math.max(last, Number(match[1]));
  });
  return last + 1;
}

/** What {@link addCharts} added: the part names, in the order written. */
export interface AddedCharts {
  readonly charts: readonly string[];
  readonly drawings: readonly string[];
}

/**
 * Adds every chart of `report` to the .xlsx package in `zip`, which ExcelJS wrote from that
 * report (its sheets in the report's order, its tables where the report puts them): the parts
 * and relationships of this module's header. A sheet without charts is left as it is.
 *
 * @example
 * const zip = await JSZip.loadAsync(await buildWorkbook(report).xlsx.writeBuffer());
 * await addCharts(zip, report); // { charts: ['xl/charts/chart1.xml', …], drawings: ['xl/drawings/drawing1.xml'] }
 * const xlsx = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
 */
export async function addCharts(zip: JSZip, report: Report): Promise<AddedCharts> {
  const added = { charts: [] as string[], drawings: [] as string[] };
  if (report.sheets.every((sheet) => sheet.charts.length === 0)) return added;
  const sheets = await worksheets(zip);
  if (sheets.length !== report.sheets.length)
    throw new Error(`xlsx charts: the package has ${sheets.length} sheets, the report ${report.sheets.length}`);
  const sources = new Map<string, ChartSource>();
  report.sheets.forEach((sheet, s) =>
    sheet.tables.forEach((table) => sources.set(table.name.toLowerCase(), { table, sheet: sheets[s].name })),
  );
  let chartNumber = nextNumber(zip, 'xl/charts/chart');
  let drawingNumber = nextNumber(zip, 'xl/drawings/drawing');
  const overrides: string[] = [];

  for (const [s, sheet] of report.sheets.entries()) {
    if (sheet.charts.length === 0) continue;
    const drawing = `xl/drawings/drawing${drawingNumber++}.xml`;
    const chartParts = sheet.charts.map((chart) => {
      const source = sources.get(chart.table.toLowerCase());
      if (!source)
        throw new Error(
          `xlsx charts: chart "${chart.title}" uses table ${chart.table}, which the report does not have`,
        );
      const part = `xl/charts/chart${chartNumber++}.xml`;
      zip.file(part, chartXml(chart, source));
      overrides.push(`<Override PartName="/${part}" ContentType="${CHART_CONTENT_TYPE}"/>`);
      return part;
    });
    zip.file(drawing, drawingXml(sheet.charts));
    zip.file(
      relsOf(drawing),
      relationshipsXml(
        chartParts.map((part, k) => ({
          id: `rId${k + 1}`,
          type: CHART_RELATIONSHIP,
          target: path.posix.relative(path.posix.dirname(drawing), part),
        })),
      ),
    );
    overrides.push(`<Override PartName="/${drawing}" ContentType="${DRAWING_CONTENT_TYPE}"/>`);

    // The sheet's relationship to its drawing, under an id its relationships do not use.
    const { part: sheetPart } = sheets[s];
    const relsName = relsOf(sheetPart);
    const rels = (await zip.file(relsName)?.async('string')) ?? relationshipsXml([]);
    const used = new Set([...rels.matchAll(/<Relationship\b[^>]*>/g)].map(([tag]) => attribute(tag, 'Id')));
    let n = used.size + 1;
    while (used.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    const target = path.posix.relative(path.posix.dirname(sheetPart), drawing);
    zip.file(
      relsName,
      rels.replace(
        /<\/Relationships>\s*$/,
        `<Relationship Id="${id}" Type="${DRAWING_RELATIONSHIP}" Target="${target}"/></Relationships>`,
      ),
    );
    const sheetXml = await zip.file(sheetPart)?.async('string');
    if (sheetXml === undefined) throw new Error(`xlsx charts: the package has no part ${sheetPart}`);
    zip.file(sheetPart, insertDrawing(sheetXml, id));
    added.charts.push(...chartParts);
    added.drawings.push(drawing);
  }

  const types = await zip.file('[Content_Types].xml')?.async('string');
  if (types === undefined) throw new Error('xlsx charts: the package has no [Content_Types].xml');
  zip.file('[Content_Types].xml', types.replace(/<\/Types>\s*$/, `${overrides.join('')}</Types>`));
  return added;
}
