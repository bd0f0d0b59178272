/**
 * Reads the charts back out of an .xlsx package, following its relationships as a spreadsheet
 * program does (workbook → sheet → drawing → chart), for the tests of src/cli/xlsx-charts.ts and
 * the comparison with the task pane's charts. Independent of the writer: it reads the XML only.
 */
import * as path from 'path';
import { XmlElement, at, child, childrenNamed, parseXml } from './xml-tree';

/** One series as the chart part gives it: its references and cached name. */
export interface ReadSeries {
  readonly name: string;
  readonly nameReference: string;
  readonly categories: string;
  readonly values: string;
  readonly cachedValues: (number | undefined)[];
  readonly cachedCategories: (string | undefined)[];
}

/** One chart: where the drawing anchors it and what its part says. */
export interface ReadChart {
  readonly part: string;
  /** The sheet whose drawing holds it. */
  readonly sheet: string;
  /** 'lineChart', or 'barChart' with its barDir. */
  readonly plot: 'line' | 'col' | 'bar';
  readonly grouping: string;
  readonly title: string;
  readonly categoryTitle?: string;
  readonly valueTitle?: string;
  /** The anchor's cells, 0-based; `to` is the cell beyond the area. */
  readonly from: { readonly row: number; readonly column: number };
  readonly to: { readonly row: number; readonly column: number };
  /** The graphic frame's description (alt text). */
  readonly description?: string;
  readonly legend: boolean;
  readonly series: ReadSeries[];
  readonly root: XmlElement;
}

const relsOf = (part: string) =>
  path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`);

/** The relationships of `part`: id → { type, target part name }. */
export function relationships(parts: Map<string, Buffer>, part: string): Map<string, { type: string; target: string }> {
  const found = new Map<string, { type: string; target: string }>();
  const rels = parts.get(relsOf(part));
  if (!rels) return found;
  for (const r of parseXml(rels.toString('utf8')).children) {
    const target = r.attributes.Target;
    found.set(r.attributes.Id, {
      type: r.attributes.Type,
      target: target.startsWith('/') ? target.slice(1) : path.posix.join(path.posix.dirname(part), target),
    });
  }
  return found;
}

/** The text of a c:title's rich text (its runs, joined). */
const richText = (title: XmlElement) =>
  at(title, 'c:tx', 'c:rich')
    .children.filter((e) => e.name === 'a:p')
    .flatMap((p) => p.children.filter((r) => r.name === 'a:r').map((r) => child(r, 'a:t').text))
    .join('');

const optionalTitle = (axis: XmlElement) => {
  const titles = childrenNamed(axis, 'c:title');
  return titles.length ? richText(titles[0]) : undefined;
};

/** The points of a cache, by index, over its ptCount. */
function cache(cacheElement: XmlElement): string[] {
  const points: string[] = Array.from({ length: Number(child(cacheElement, 'c:ptCount').attributes.val) });
  for (const pt of childrenNamed(cacheElement, 'c:pt')) points[Number(pt.attributes.idx)] = child(pt, 'c:v').text;
  return points;
}

function readSeries(ser: XmlElement): ReadSeries {
  const tx = at(ser, 'c:tx', 'c:strRef');
  const cat = child(ser, 'c:cat').children[0];
  const val = at(ser, 'c:val', 'c:numRef');
  const categoryCache = child(cat, cat.name === 'c:numRef' ? 'c:numCache' : 'c:strCache');
  return {
    name: cache(child(tx, 'c:strCache'))[0],
    nameReference: child(tx, 'c:f').text,
    categories: child(cat, 'c:f').text,
    values: child(val, 'c:f').text,
    cachedValues: cache(child(val, 'c:numCache')).map((v) => (v === undefined ? undefined : Number(v))),
    cachedCategories: cache(categoryCache),
  };
}

/** The worksheets of the package in order: name and part. */
export function sheetParts(parts: Map<string, Buffer>): { name: string; part: string }[] {
  const rels = relationships(parts, 'xl/workbook.xml');
  const workbook = parseXml(parts.get('xl/workbook.xml')!.toString('utf8'));
  return child(workbook, 'sheets').children.map((s) => ({
    name: s.attributes.name,
    part: rels.get(s.attributes['r:id'])!.target,
  }));
}

/** Every chart of the package, sheet by sheet, in drawing order. */
export function readCharts(parts: Map<string, Buffer>): ReadChart[] {
  const charts: ReadChart[] = [];
  for (const { name, part } of sheetParts(parts)) {
    const sheet = parseXml(parts.get(part)!.toString('utf8'));
    const drawings = childrenNamed(sheet, 'drawing');
    if (drawings.length === 0) continue;
    const drawingPart = relationships(parts, part).get(drawings[0].attributes['r:id'])!.target;
    const drawing = parseXml(parts.get(drawingPart)!.toString('utf8'));
    const drawingRels = relationships(parts, drawingPart);
    for (const anchor of drawing.children) {
      const frame = child(anchor, 'xdr:graphicFrame');
      const chartPart = drawingRels.get(at(frame, 'a:graphic', 'a:graphicData', 'c:chart').attributes['r:id'])!.target;
      const root = parseXml(parts.get(chartPart)!.toString('utf8'));
      const chart = child(root, 'c:chart');
      const plotArea = child(chart, 'c:plotArea');
      const plotElement = plotArea.children.find((e) => e.name === 'c:lineChart' || e.name === 'c:barChart')!;
      const plot =
        plotElement.name === 'c:lineChart' ? 'line' : (child(plotElement, 'c:barDir').attributes.val as 'col' | 'bar');
      const marker = (tag: string) => {
        const m = child(anchor, tag);
        return { row: Number(child(m, 'xdr:row').text), column: Number(child(m, 'xdr:col').text) };
      };
      charts.push({
        part: chartPart,
        sheet: name,
        plot,
        grouping: child(plotElement, 'c:grouping').attributes.val,
        title: richText(child(chart, 'c:title')),
        categoryTitle: optionalTitle(child(plotArea, 'c:catAx')),
        valueTitle: optionalTitle(child(plotArea, 'c:valAx')),
        from: marker('xdr:from'),
        to: marker('xdr:to'),
        description: at(frame, 'xdr:nvGraphicFramePr', 'xdr:cNvPr').attributes.descr,
        legend: childrenNamed(chart, 'c:legend').length === 1,
        series: childrenNamed(plotElement, 'c:ser').map(readSeries),
        root,
      });
    }
  }
  return charts;
}
