/**
 * The command line's charts in a real spreadsheet program: LibreOffice Calc opens the report
 * `beekeeper simulate` writes, converts it to .ods and to PDF, and keeps every chart as a chart
 * object over the same cells. One conversion of each kind per run (LibreOffice takes seconds to
 * start), with a profile of its own so that parallel runs do not share one.
 *
 * LibreOffice is required, not optional: without it the test fails saying how to install it
 * (.ci/run installs libreoffice-calc-nogui). BEEKEEPER_SOFFICE names another soffice binary.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import JSZip from 'jszip';
import { ReadChart, readCharts } from './chart-parts';
import { cli } from './run-cli';
import { XmlElement, descendants, parseXml } from './xml-tree';
import { partsOf } from './zip-parts';
import { MONTHLY_PRINT_SCALE } from '../../src/report/sheets/monthly';
import { writeReportXlsx } from '../../src/cli/xlsx-writer';
import { Report } from '../../src/report/types';
import { historyReport } from '../support/history-run';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readPdf } = require('../../scripts/measure-print.js') as {
  readPdf: (
    pdf: string,
    names: string[],
  ) => { pages: number; sheets: Record<string, { pages: number; wordHeight: number }> };
};

const run = promisify(execFile);

/** Where soffice is looked for, unless BEEKEEPER_SOFFICE names another binary. */
const DEFAULT_SOFFICE = '/usr/bin/soffice';
/** A conversion takes 2-5 s once LibreOffice is installed; its first start in a new profile, up to 30 s. */
const CONVERSION_TIMEOUT_MS = 120_000;

function sofficePath(): string {
  const configured = process.env.BEEKEEPER_SOFFICE;
  const file = configured || DEFAULT_SOFFICE;
  if (!fs.existsSync(file))
    throw new Error(
      configured
        ? `BEEKEEPER_SOFFICE is ${configured}, which does not exist`
        : `No LibreOffice at ${DEFAULT_SOFFICE}: install it: apt-get install -y libreoffice-calc-nogui (or set BEEKEEPER_SOFFICE to a soffice binary)`,
    );
  return file;
}

/** Converts `file` to `format` in `outdir` with a private profile; returns the seconds it took. */
async function convert(soffice: string, file: string, format: 'ods' | 'pdf', outdir: string, profile: string) {
  const started = process.hrtime.bigint();
  const { stdout, stderr } = await run(
    soffice,
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--norestore',
      '--convert-to',
      format,
      '--outdir',
      outdir,
      file,
    ],
    { timeout: CONVERSION_TIMEOUT_MS, env: { ...process.env, HOME: profile } },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // soffice exits 0 even when it could not load the file; it then says so and writes nothing.
  expect(stderr).not.toMatch(/error|failed to load|source file could not be loaded/i);
  expect(stdout).toMatch(new RegExp(`-> .*\\.${format} using filter`));
  const out = path.join(outdir, `${path.basename(file, '.xlsx')}.${format}`);
  expect(fs.existsSync(out)).toBe(true);
  return { out, seconds };
}

/** `'Beekeeper Summary'!$B$56:$B$115` as ODF writes a range: `'Beekeeper Summary'.B56:'Beekeeper Summary'.B115`. */
function odfRange(reference: string): string {
  const bang = reference.lastIndexOf('!');
  const sheet = reference.slice(0, bang);
  const [first, last] = reference
    .slice(bang + 1)
    .replace(/\$/g, '')
    .split(':');
  return `${sheet}.${first}:${sheet}.${last ?? first}`;
}

/** A chart object of an .ods as LibreOffice wrote it: kind, title, cells, and how each series is drawn. */
interface OdsChart {
  readonly kind: string;
  readonly horizontal: boolean;
  readonly title: string;
  readonly values: string[];
  readonly categories?: string;
  readonly series: { symbol?: string; stroke?: string; color?: string }[];
}

/** The chart objects of an .ods, in the order of its content. */
async function odsCharts(file: string): Promise<OdsChart[]> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const content = parseXml(await zip.file('content.xml')!.async('string'));
  const objects = descendants(content).filter((e) => e.name === 'draw:object');
  const charts = await Promise.all(
    objects.map(async (o) => {
      const href = o.attributes['xlink:href'].replace(/^\.\//, '');
      return parseXml(await zip.file(`${href}/content.xml`)!.async('string'));
    }),
  );
  return charts.map((chart: XmlElement) => {
    const all = descendants(chart);
    const root = all.find((e) => e.name === 'chart:chart')!;
    const titles = all.filter((e) => e.name === 'chart:title');
    const styles = new Map(
      all.filter((e) => e.name === 'style:style').map((e) => [e.attributes['style:name'], descendants(e)]),
    );
    const series = all.filter((e) => e.name === 'chart:series');
    return {
      kind: root.attributes['chart:class'],
      horizontal: all.some((e) => e.name === 'style:chart-properties' && e.attributes['chart:vertical'] === 'true'),
      title: descendants(titles[0]).find((e) => e.name === 'text:p')!.text,
      values: series.map((e) => e.attributes['chart:values-cell-range-address']),
      categories: all.find((e) => e.name === 'chart:categories')?.attributes['table:cell-range-address'],
      series: series.map((e) => {
        const properties = styles.get(e.attributes['chart:style-name']) ?? [];
        const attribute = (name: string) => properties.map((p) => p.attributes[name]).find((v) => v !== undefined);
        return {
          symbol: attribute('chart:symbol-name') ?? attribute('chart:symbol-type'),
          stroke: attribute('draw:stroke'),
          color: attribute('svg:stroke-color'),
        };
      }),
    };
  });
}

/** A chart object of the .ods without how its series are drawn. */
const withoutSeries = (c: OdsChart) => ({
  kind: c.kind,
  horizontal: c.horizontal,
  title: c.title,
  values: c.values,
  categories: c.categories,
});

/** What the .ods should say of a chart the .xlsx holds. */
const expectedOds = (c: ReadChart) => ({
  kind: c.plot === 'line' ? 'chart:line' : 'chart:bar',
  horizontal: c.plot === 'bar',
  title: c.title,
  values: c.series.map((s) => odfRange(s.values)),
  categories: odfRange(c.series[0].categories),
});

describe('LibreOffice opens the .xlsx the command line writes, and keeps its charts', () => {
  let dir: string;
  let xlsx: string;
  let written: ReadChart[];
  let ods: { out: string; seconds: number };
  let pdf: { out: string; seconds: number };

  beforeAll(async () => {
    const soffice = sofficePath();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-libreoffice-'));
    xlsx = path.join(dir, 'x.xlsx');
    const result = await cli(['simulate', '--trials', '500', '--out', xlsx]);
    if (result.code !== 0) throw new Error(`beekeeper simulate failed: ${result.stderr}`);
    written = readCharts(await partsOf(fs.readFileSync(xlsx)));
    const profile = path.join(dir, 'profile');
    ods = await convert(soffice, xlsx, 'ods', path.join(dir, 'out'), profile);
    pdf = await convert(soffice, xlsx, 'pdf', path.join(dir, 'out'), profile);
    console.log(
      `LibreOffice: .xlsx → .ods ${ods.seconds.toFixed(1)} s, → PDF ${pdf.seconds.toFixed(1)} s ` +
        `(${fs.statSync(ods.out).size.toLocaleString('en-US')} and ${fs.statSync(pdf.out).size.toLocaleString('en-US')} bytes)`,
    );
  }, 3 * CONVERSION_TIMEOUT_MS);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the report has its charts, of every kind', () => {
    // The fans, the histogram, the tornado and the yearly ARR bridge.
    expect(written.map((c) => c.title)).toHaveLength(5);
    expect(new Set(written.map((c) => c.plot))).toEqual(new Set(['line', 'col', 'bar']));
  });

  it('the .ods holds one chart object per chart, of the same kind and title, over the same cells', async () => {
    const charts = await odsCharts(ods.out);
    expect(charts).toHaveLength(written.length);
    expect(charts.map(withoutSeries)).toEqual(written.map(expectedOds));
  });

  it('prints for a board (workbook.md v3): Summary, Years and Sensitivity on at most 6 pages at 70 % or more, every page footed with its sheet', () => {
    const names = [
      'Beekeeper Summary',
      'Beekeeper Monthly',
      'Beekeeper Years',
      'Beekeeper Inputs',
      'Beekeeper Sensitivity',
    ];
    const { pages, sheets } = readPdf(pdf.out, names);
    console.log(
      `printed: ${pages} pages; ` +
        Object.entries(sheets)
          .map(
            ([name, s]) =>
              `${name} ${s.pages} at ${Math.round((MONTHLY_PRINT_SCALE * s.wordHeight) / sheets['Beekeeper Monthly'].wordHeight)} %`,
          )
          .join(', '),
    );
    expect(Object.keys(sheets).sort()).toEqual([...names].sort()); // every page's footer names one of them
    const board = ['Beekeeper Summary', 'Beekeeper Years', 'Beekeeper Sensitivity'];
    expect(board.reduce((n, name) => n + sheets[name].pages, 0)).toBeLessThanOrEqual(6);
    expect(sheets['Beekeeper Summary'].pages).toBeLessThanOrEqual(2);
    // The scale: the text's height against the Monthly sheet's, which prints at a fixed scale.
    const scale = (name: string) =>
      ((MONTHLY_PRINT_SCALE / 100) * sheets[name].wordHeight) / sheets['Beekeeper Monthly'].wordHeight;
    for (const name of board)
      expect({ name, scale: scale(name) >= 0.7 }).toEqual({
        name,
        scale: true,
      });
  });

  it('the PDF is a PDF with pages', () => {
    const bytes = fs.readFileSync(pdf.out);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThan(1);
  });
});

describe('LibreOffice keeps the Fit sheet of a run with a history: its charts, their points and bands, its print', () => {
  let dir: string;
  let report: Report;
  let written: ReadChart[];
  let ods: { out: string; seconds: number };
  let pdf: { out: string; seconds: number };

  beforeAll(async () => {
    const soffice = sofficePath();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-libreoffice-fit-'));
    const xlsx = path.join(dir, 'fit.xlsx');
    // The command line has no --history yet: the report of a history run, written as it writes one.
    report = historyReport();
    await writeReportXlsx(report, xlsx);
    written = readCharts(await partsOf(fs.readFileSync(xlsx)));
    const profile = path.join(dir, 'profile');
    ods = await convert(soffice, xlsx, 'ods', path.join(dir, 'out'), profile);
    pdf = await convert(soffice, xlsx, 'pdf', path.join(dir, 'out'), profile);
  }, 3 * CONVERSION_TIMEOUT_MS);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every chart, the Fit charts among them, over the same cells', async () => {
    const fit = report.sheets.find((s) => s.kind === 'fit')!;
    expect(written.filter((c) => c.sheet === 'Beekeeper Fit').map((c) => c.title)).toEqual(
      fit.charts.map((c) => c.title),
    );
    const charts = await odsCharts(ods.out);
    expect(charts.map(withoutSeries)).toEqual(written.map(expectedOds));
  });

  it("draws the Fit charts' bands as lines and the history and the prior as markers without lines, in their colours", async () => {
    const fit = report.sheets.find((s) => s.kind === 'fit')!;
    const charts = (await odsCharts(ods.out)).filter((c) => fit.charts.some((f) => f.title === c.title));
    expect(charts).toHaveLength(fit.charts.length);
    charts.forEach((chart, k) => {
      expect(chart.series).toEqual(
        fit.charts[k].seriesStyles!.map((style) =>
          style.draw === 'line'
            ? { symbol: 'none', stroke: undefined, color: style.color.toLowerCase() }
            : {
                symbol: style.marker === 'dash' ? 'horizontal-bar' : 'circle',
                stroke: 'none',
                color: style.color.toLowerCase(),
              },
        ),
      );
    });
  });

  it('prints the Fit sheet landscape at 70 % or more: the table on at most 2 pages, then a page per chart, every page footed with its sheet', () => {
    const names = [
      'Beekeeper Summary',
      'Beekeeper Monthly',
      'Beekeeper Years',
      'Beekeeper Inputs',
      'Beekeeper Fit',
      'Beekeeper Sensitivity',
    ];
    const { sheets } = readPdf(pdf.out, names);
    expect(Object.keys(sheets).sort()).toEqual([...names].sort());
    const fit = report.sheets.find((s) => s.kind === 'fit')!;
    const scale =
      ((MONTHLY_PRINT_SCALE / 100) * sheets['Beekeeper Fit'].wordHeight) / sheets['Beekeeper Monthly'].wordHeight;
    console.log(`Beekeeper Fit: ${sheets['Beekeeper Fit'].pages} pages at ${Math.round(100 * scale)} %`);
    expect(scale).toBeGreaterThanOrEqual(0.7);
    // The table and its block (on one or two pages: its wrapped labels' rows are as tall as their
    // lines, which LibreOffice does not refit), then a page per chart.
    expect(sheets['Beekeeper Fit'].pages).toBeGreaterThanOrEqual(1 + fit.charts.length);
    expect(sheets['Beekeeper Fit'].pages).toBeLessThanOrEqual(2 + fit.charts.length);
  });
});
