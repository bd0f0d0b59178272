import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as ExcelJS from 'exceljs';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { readSimulationTable } from '../../src/engine/simulation-inputs';
import { buildReport } from '../../src/report/build';
import { address, columnLetters, markerKind, sheetPrefix } from '../../src/report/markers';
import { FORMATS, Report, SERIES_LINE_POINTS, SERIES_MARKER_SIZES, cellFormat } from '../../src/report/types';
import { FIT_SERIES } from '../../src/report/sheets/fit';
import { historyReport } from '../support/history-run';
import { XmlElement, at, child, childrenNamed, descendants } from '../cli/xml-tree';
import { writeReportXlsx } from '../../src/cli/xlsx-writer';
import {
  REQUEST_BUDGET,
  ReportWriteError,
  columnWidthPoints,
  findEarlierReports,
  writeReport,
} from '../../src/excel/report-writer';
import { FakeArea, FakeExcel, FakeValue, REQUEST_LIMIT, parseAddress } from '../support/fake-excel';
import { readCharts } from '../cli/chart-parts';
import { partsOf } from '../cli/zip-parts';
import { RecordingExcel } from '../support/office-js';

const reportOf = (trials: number, trialsSheet: boolean, seed = 1): Report => {
  const run = simulate(readSimulationTable(defaultSimulationTable()), {
    scenario: 'beekeeper',
    trials,
    seed,
    sampling: 'lhs',
  })!;
  return buildReport(run, analyze(run), {
    version: 'test',
    startedAt: new Date('2025-03-30T00:30:00Z'),
    utcOffsetMinutes: 60,
    seconds: 1.5,
    trialsSheet,
    source: 'defaults',
  });
};

let small: Report; // 600 trials, no per-trial sheet
let large: Report; // 4,000 trials with the per-trial sheet: more than one block of values
beforeAll(() => {
  small = reportOf(600, false);
  large = reportOf(4000, true);
});

/** A workbook as a user has it: their own sheet, and a sheet of theirs that happens to be named like ours. */
async function usersWorkbook(): Promise<FakeExcel> {
  const excel = new FakeExcel(['Sheet1', 'Beekeeper Summary']);
  const sheets = excel.context.workbook.worksheets;
  sheets.getItem('Sheet1').getRange('A1:B2').values = [
    ['budget', 100],
    ['note', "'keep me"],
  ];
  sheets.getItem('Beekeeper Summary').getRange('C3').values = [['my own summary']];
  await excel.context.sync();
  excel.requests.length = 0; // count only the writer's requests
  return excel;
}

const serial = (d: Date) => d.getTime() / 86_400_000 + 25_569;
const expected = (value: unknown): FakeValue | undefined =>
  value === null || value === '' ? undefined : value instanceof Date ? serial(value) : (value as FakeValue);

describe('writeReport', () => {
  test("the tables go on the report's sheets, not on the sheet the user is on", async () => {
    const excel = await usersWorkbook();
    excel.context.workbook.worksheets.getItem('Beekeeper Summary').activate(); // the user's own sheet of that name
    await excel.context.sync();
    const written = await writeReport(excel.context, small);
    expect(excel.sheet('Sheet1').tables).toEqual([]);
    expect(excel.sheet('Beekeeper Summary').tables).toEqual([]);
    const tables = small.sheets.flatMap((sheet, s) => sheet.tables.map((t) => [t.name, written.sheets[s]]));
    expect(excel.tables.map((t) => [t.name, t.area.sheet.name])).toEqual(tables);
    expect(excel.activeSheet).toBe('Beekeeper Summary');
  });

  test('writes every sheet, value, table, format, freeze, chart and marker, beside the user sheets', async () => {
    const excel = await usersWorkbook();
    const before = JSON.stringify(excel.snapshot());
    const progress: [number, number][] = [];
    const written = await writeReport(excel.context, small, {
      onProgress: (done, total) => progress.push([done, total]),
    });

    // The user's sheets are untouched and their names are not reused.
    expect(excel.liveSheets.map((s) => s.name)).toEqual([
      'Sheet1',
      'Beekeeper Summary',
      'Beekeeper Summary (2)',
      'Beekeeper Monthly',
      'Beekeeper Years',
      'Beekeeper Inputs',
      'Beekeeper Sensitivity',
    ]);
    expect(written.sheets).toEqual(excel.liveSheets.slice(2).map((s) => s.name));
    const userPart = (snapshot: unknown) => JSON.stringify((snapshot as { name: string }[]).slice(0, 2));
    expect(userPart(excel.snapshot())).toBe(userPart(JSON.parse(before)));
    expect(excel.cell('Sheet1', 1, 1).value).toBe('keep me');

    // The Inputs sheet's table wraps its long texts (this test checks each cell below).
    expect(small.sheets.find((x) => x.kind === 'inputs')!.tables[0].columns.some((c) => c.wrap)).toBe(true);
    small.sheets.forEach((sheet, s) => {
      const name = written.sheets[s];
      const fake = excel.sheet(name);
      // Marker: a workbook-scoped name at A1, with the sheet's kind.
      const markers = excel.names.filter((n) => n.sheet === fake);
      expect(markers.map((m) => [markerKind(m.name), m.row, m.column])).toEqual([[sheet.kind, 0, 0]]);
      for (const cell of sheet.cells) {
        const got = excel.cell(name, cell.row, cell.column);
        expect(got.value).toEqual(expected(cell.value));
        if (cell.format && cell.format !== FORMATS.general) expect(got.numberFormat).toBe(cell.format);
        if (cell.style === 'title') expect([got.bold, got.size]).toEqual([true, 14]);
        if (cell.style === 'label') expect(got.bold).toBe(true);
        if (cell.style === 'note') expect(got.italic).toBe(true);
      }
      expect(fake.tables.map((t) => t.name)).toEqual(sheet.tables.map((t) => t.name));
      for (const table of sheet.tables) {
        const fakeTable = fake.tables.find((t) => t.name === table.name)!;
        expect(fakeTable.headers).toEqual(table.columns.map((c) => c.header));
        expect(fakeTable.area).toMatchObject({
          row: table.row,
          column: table.column,
          rows: 1 + Math.max(1, table.rows.length),
        });
        table.rows.forEach((row, r) =>
          row.forEach((value, c) => {
            const got = excel.cell(name, table.row + 1 + r, table.column + c);
            expect(got.value).toEqual(expected(value));
            const format = cellFormat(table, r, c);
            expect(got.numberFormat ?? FORMATS.general).toBe(format);
            // A wrapped column's cells wrap; every cell of its table is top-aligned, its rows fitted.
            const wraps = table.columns.some((x) => x.wrap !== undefined);
            expect([table.name, c, got.wrapText ?? false]).toEqual([
              table.name,
              c,
              table.columns[c].wrap !== undefined,
            ]);
            expect([table.name, got.verticalAlignment]).toEqual([table.name, wraps ? 'Top' : undefined]);
            if (wraps) expect(fake.autofitRows.has(table.row + 1 + r)).toBe(true);
          }),
        );
      }
      expect(fake.freeze ?? { rows: 0, columns: 0 }).toEqual(sheet.freeze);
      sheet.columnWidths.forEach((w, c) => expect(fake.columnWidths.get(c)).toBe(columnWidthPoints(w)));
      if (sheet.print)
        expect(fake.orientation).toBe(sheet.print.orientation === 'landscape' ? 'Landscape' : 'Portrait');
      expect(fake.pageBreaks).toEqual((sheet.pageBreaks ?? []).filter((r) => r > 0));
      // Native charts over their cell area, one series per value column, categories from the category column.
      expect(fake.charts).toHaveLength(sheet.charts.length);
      sheet.charts.forEach((chart, k) => {
        const got = fake.charts[k];
        expect(got.title).toBe(chart.title);
        expect(got.type).toBe({ line: 'Line', column: 'ColumnClustered', bar: 'BarClustered' }[chart.kind]);
        expect(got.position).toEqual({
          start: address(chart.row, chart.column),
          end: address(chart.row + chart.height - 1, chart.column + chart.width - 1),
        });
        const table = small.sheets.flatMap((x) => x.tables).find((t) => t.name === chart.table)!;
        expect(got.series.map((x) => x.name)).toEqual(chart.seriesColumns);
        for (const series of got.series) {
          const column = table.column + table.columns.findIndex((c) => c.header === series.name);
          expect(series.values).toMatchObject({ row: table.row + 1, column, rows: table.rows.length, columns: 1 });
          expect(series.xValues).toMatchObject({
            row: table.row + 1,
            column: table.column + table.columns.findIndex((c) => c.header === chart.categoryColumn),
            rows: table.rows.length,
          });
        }
      });
    });
    // Never a formula, and text stays text (a leading apostrophe is not part of the value).
    for (const sheet of excel.liveSheets)
      for (const cell of sheet.cells.values()) expect(typeof cell.value === 'object').toBe(false);
    // Two reads, then one sync per block.
    expect(excel.requests).toHaveLength(2 + written.blocks);
    expect(progress).toEqual(Array.from({ length: written.blocks }, (_, i) => [i + 1, written.blocks]));
  });

  test('writes in blocks under the request budget, one sync each, values before formats', async () => {
    const excel = new FakeExcel();
    const progress: number[] = [];
    const written = await writeReport(excel.context, large, { onProgress: (done) => progress.push(done) });
    const sizes = excel.requests.map((r) => r.bytes);
    const largest = Math.max(...sizes);
    console.log(`4,000 trials with the Trials sheet: ${excel.requests.length} requests, largest ${largest} bytes`);
    expect(largest).toBeLessThan(REQUEST_LIMIT);
    // Each write request stays near the budget (the writer's estimate of a payload is close).
    for (const bytes of sizes.slice(2)) expect(bytes).toBeLessThan(REQUEST_BUDGET * 1.1);
    expect(excel.requests).toHaveLength(2 + written.blocks);
    expect(progress).toHaveLength(written.blocks);
    // The Trials sheet's values need more than one request.
    const trials = written.sheets[large.sheets.findIndex((s) => s.kind === 'trials')];
    const valueRequests = excel.requests.filter((r) =>
      r.operations.some((o) => o.op === 'values' && (o.args as { value: unknown[][] }).value.length > 500),
    );
    expect(valueRequests.length).toBeGreaterThan(1);
    // Every operation on a cell's format comes after the one writing its value (values first).
    const order = excel.requests.flatMap((r) => r.operations);
    const firstFormat = order.findIndex(
      (o) => o.op === 'numberFormat' && (o.args as { value: unknown[][] }).value.length > 500,
    );
    const lastValues = order
      .map((o) => o.op === 'values' && (o.args as { value: unknown[][] }).value.length > 500)
      .lastIndexOf(true);
    expect(firstFormat).toBeGreaterThan(lastValues);
    expect(excel.sheet(trials).tables[0].area.rows).toBe(4001);
    // Ranges are let go once used.
    expect(order.filter((o) => o.op === 'untrack').length).toBeGreaterThan(100);
  });

  test('holds the same values as the .xlsx the command line writes', async () => {
    const excel = new FakeExcel(['Blank']);
    const written = await writeReport(excel.context, large);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-excel-writer-'));
    try {
      const file = path.join(dir, 'report.xlsx');
      await writeReportXlsx(large, file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(written.sheets);
      let compared = 0;
      const mismatches: { sheet: string; cell: string; excel: unknown; xlsx: unknown }[] = [];
      large.sheets.forEach((_, s) => {
        const xlsx = workbook.worksheets[s];
        const fake = excel.sheet(written.sheets[s]);
        const fromXlsx = new Map<string, unknown>();
        xlsx.eachRow({ includeEmpty: false }, (row) =>
          row.eachCell({ includeEmpty: false }, (cell) => {
            const k = `${Number(cell.row) - 1},${Number(cell.col) - 1}`;
            fromXlsx.set(k, cell.value instanceof Date ? { date: serial(cell.value) } : cell.value);
          }),
        );
        const fromExcel = new Map(
          [...fake.cells.entries()].filter(([, c]) => c.value !== undefined).map(([k, c]) => [k, c.value]),
        );
        expect(new Set(fromExcel.keys())).toEqual(new Set(fromXlsx.keys()));
        // One expect over the differences, not one per cell: 100,000 expects cost seconds.
        for (const [k, value] of fromXlsx) {
          const got = fromExcel.get(k);
          // ExcelJS reads a date back as a Date, rounded to the millisecond.
          const same =
            value && typeof value === 'object' && 'date' in value
              ? typeof got === 'number' && Math.abs(got - (value as { date: number }).date) < 5e-9
              : isDeepStrictEqual(got, value);
          if (!same) mismatches.push({ sheet: written.sheets[s], cell: k, excel: got, xlsx: value });
          compared++;
        }
      });
      expect(mismatches).toEqual([]);
      expect(compared).toBeGreaterThan(100_000); // the Trials sheet alone has 4,000 rows of 27
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('draws the same charts as the .xlsx the command line writes: type, titles, series, cells, place', async () => {
    const excel = new FakeExcel(['Blank']);
    const written = await writeReport(excel.context, small);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-excel-writer-'));
    try {
      const file = path.join(dir, 'report.xlsx');
      await writeReportXlsx(small, file);
      const fromXlsx = readCharts(await partsOf(fs.readFileSync(file)));
      const reference = (area: FakeArea) =>
        `${sheetPrefix(area.sheet.name)}$${columnLetters(area.column)}$${area.row + 1}` +
        `:$${columnLetters(area.column + area.columns - 1)}$${area.row + area.rows}`;
      const fromPane = written.sheets.flatMap((name) =>
        excel.sheet(name).charts.map((chart) => {
          const start = parseAddress(chart.position!.start);
          const end = parseAddress(chart.position!.end);
          return {
            sheet: name,
            plot: { Line: 'line', ColumnClustered: 'col', BarClustered: 'bar' }[chart.type],
            title: chart.title,
            categoryTitle: chart.categoryTitle,
            valueTitle: chart.valueTitle,
            from: { row: start.row, column: start.column },
            to: { row: end.row + 1, column: end.column + 1 }, // the pane's end cell is inside the area
            series: chart.series.map((s) => ({
              name: s.name,
              categories: reference(s.xValues!),
              values: reference(s.values!),
            })),
          };
        }),
      );
      expect(fromPane).toHaveLength(small.sheets.flatMap((sheet) => sheet.charts).length);
      expect(
        fromXlsx.map((c) => ({
          ...c,
          series: c.series.map(({ name, categories, values }) => ({ name, categories, values })),
        })),
      ).toMatchObject(fromPane);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('finds an earlier run by its markers, also renamed, and replaces it only when listed', async () => {
    const excel = await usersWorkbook();
    expect(await findEarlierReports(excel.context)).toEqual([]);
    const first = await writeReport(excel.context, small);
    // The user renames a report sheet: it is still the report's.
    excel.sheet(first.sheets[1]).name = 'My monthly';
    const earlier = await findEarlierReports(excel.context);
    expect(earlier).toHaveLength(1);
    expect(earlier[0].sheets.map((s) => s.sheet)).toEqual([
      'Beekeeper Summary (2)',
      'My monthly',
      'Beekeeper Years',
      'Beekeeper Inputs',
      'Beekeeper Sensitivity',
    ]);
    expect(earlier[0].sheets.map((s) => s.kind)).toEqual(['summary', 'monthly', 'years', 'inputs', 'sensitivity']);

    // Not listed: the earlier report stays whole; the new one takes free sheet and table names.
    const firstState = JSON.stringify(excel.snapshot().slice(0, 7));
    const second = await writeReport(excel.context, small);
    expect(JSON.stringify(excel.snapshot().slice(0, 7))).toBe(firstState);
    expect(second.sheets).toEqual([
      'Beekeeper Summary (3)',
      'Beekeeper Monthly',
      'Beekeeper Years (2)',
      'Beekeeper Inputs (2)',
      'Beekeeper Sensitivity (2)',
    ]);
    expect(excel.sheet('Beekeeper Summary (3)').tables.map((t) => t.name)).toContain('BeekeeperKpis_2');
    expect(await findEarlierReports(excel.context)).toHaveLength(2);

    // Listed: the first report goes once the third is written, and the third takes the names it frees.
    const third = await writeReport(excel.context, small, { replace: earlier[0].sheets });
    expect(third.replaced).toEqual(earlier[0].sheets.map((s) => s.sheet));
    // "Beekeeper Summary" is the user's and "Beekeeper Monthly" the second report's: neither is free.
    expect(third.sheets).toEqual([
      'Beekeeper Summary (2)',
      'Beekeeper Monthly (2)',
      'Beekeeper Years',
      'Beekeeper Inputs',
      'Beekeeper Sensitivity',
    ]);
    expect(excel.liveSheets.map((s) => s.name)).toEqual([
      'Sheet1',
      'Beekeeper Summary',
      ...second.sheets,
      ...third.sheets,
    ]);
    expect(excel.cell('Beekeeper Summary', 2, 2).value).toBe('my own summary'); // the user's, never replaced
    // The freed table names are the report's again; the second report keeps its own.
    expect(excel.sheet(third.sheets[0]).tables.map((t) => t.name)).toContain('BeekeeperKpis');
    // No marker points at a deleted sheet; each report sheet has one.
    expect(excel.names.every((n) => !n.sheet.deleted)).toBe(true);
    expect(excel.names).toHaveLength(second.sheets.length + third.sheets.length);
    const reports = await findEarlierReports(excel.context);
    expect(reports.map((r) => r.sheets.map((s) => s.sheet))).toEqual([second.sheets, third.sheets]);
  });

  test.each(['first', 'middle', 'last'] as const)(
    'a failure in the %s block leaves the workbook exactly as it was (Excel keeps half of that request)',
    async (which) => {
      const excel = await usersWorkbook();
      await writeReport(excel.context, small); // an earlier report, to be replaced
      const earlier = await findEarlierReports(excel.context);
      const before = JSON.stringify(excel.snapshot());
      // Three reads (names, markers, the earlier sheets' tables), then the blocks.
      if (which === 'first') excel.failAtSync(excel.requests.length + 4);
      const error = await writeReport(excel.context, large, {
        replace: earlier[0].sheets,
        onProgress: (done, total) => {
          // total - 1 write blocks, then the replacement.
          const at = which === 'middle' ? Math.floor((total - 1) / 2) : total - 2;
          if (which !== 'first' && done === at) excel.failAtSync(excel.requests.length + 1);
        },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReportWriteError);
      expect((error as ReportWriteError).removed).toBe(true);
      expect((error as Error).message).toMatch(/failed at block \d+ of \d+ \(injected failure/);
      expect(excel.requests.some((r) => r.failed === 'injected')).toBe(true);
      expect(JSON.stringify(excel.snapshot())).toBe(before);
    },
  );

  describe('the user starts typing in a cell after the first block', () => {
    const BLOCKS_OF_SMALL = 20_000; // bytes a request: the small report in a few blocks
    /** Starts cell-edit mode after block 1; the user leaves the cell 30 ms later. Returns the requests made meanwhile. */
    const editAfterFirstBlock = (excel: FakeExcel) => {
      const during = { from: -1, to: -1 };
      const onProgress = (done: number) => {
        if (done !== 1) return;
        excel.startCellEdit();
        during.from = excel.requests.length;
        setTimeout(() => {
          during.to = excel.requests.length;
          excel.endCellEdit();
        }, 30);
      };
      return { during, onProgress };
    };

    test('run with delayForCellEdit (as the add-in runs), the write waits and completes', async () => {
      const excel = await usersWorkbook();
      const { during, onProgress } = editAfterFirstBlock(excel);
      const written = await writeReport(excel.context, small, { onProgress, requestBudget: BLOCKS_OF_SMALL });
      expect(written.blocks).toBeGreaterThan(2);
      expect(during.to).toBe(during.from); // nothing reached the workbook while the user typed
      expect(excel.requests.filter((r) => r.failed)).toEqual([]);
      expect(excel.liveSheets.map((s) => s.name)).toEqual(['Sheet1', 'Beekeeper Summary', ...written.sheets]);
    });

    test('without it, the next block fails, and so does the clean-up: sheets are left behind (what Excel does)', async () => {
      const excel = await usersWorkbook();
      const { onProgress } = editAfterFirstBlock(excel);
      const error = await writeReport(excel.createContext(), small, {
        onProgress,
        requestBudget: BLOCKS_OF_SMALL,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReportWriteError);
      expect((error as ReportWriteError).removed).toBe(false);
      expect((error as Error).message).toMatch(/cell-editing mode.*removing the sheets it had written failed too/);
      expect(excel.requests.filter((r) => r.failed).map((r) => r.failed)).toEqual(['cell edit mode', 'cell edit mode']);
      expect(excel.liveSheets.length).toBeGreaterThan(2);
      excel.endCellEdit();
    });
  });

  test('an abort between blocks removes what was written and rejects with the reason', async () => {
    const excel = await usersWorkbook();
    const before = JSON.stringify(excel.snapshot());
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const promise = writeReport(excel.context, large, {
      signal: controller.signal,
      onProgress: (done) => done === 2 && controller.abort(reason),
    });
    await expect(promise).rejects.toBe(reason);
    expect(JSON.stringify(excel.snapshot())).toBe(before);
  });

  test('a failure in the replacement keeps the complete new report and says so', async () => {
    const excel = await usersWorkbook();
    await writeReport(excel.context, small);
    const earlier = await findEarlierReports(excel.context);
    const error = await writeReport(excel.context, small, {
      replace: earlier[0].sheets,
      // After the last write block: the replacement request fails, nothing of it applied.
      onProgress: (done, total) => done === total - 1 && excel.failAtSync(excel.requests.length + 1, 0),
    }).catch((e: unknown) => e);
    expect((error as ReportWriteError).removed).toBe(false);
    expect((error as Error).message).toMatch(/The report is written \(Beekeeper Summary \(3\)/);
    expect(await findEarlierReports(excel.context)).toHaveLength(2);
  });

  test('an invalid report writes nothing', async () => {
    const excel = await usersWorkbook();
    await expect(writeReport(excel.context, { sheets: [] })).rejects.toThrow(/no sheets/);
    expect(excel.requests).toHaveLength(0);
  });
});

describe('writeReport: printing (workbook.md v3, "Printing and sharing")', () => {
  /** The default report, with a sheet that repeats its header row and first two columns on every page. */
  const withTitles = (): Report => ({
    ...small,
    sheets: small.sheets.map((sheet) =>
      sheet.kind === 'monthly'
        ? { ...sheet, print: { orientation: 'landscape', fitToWidth: true, titleRows: [0, 0], titleColumns: [0, 1] } }
        : sheet,
    ),
  });

  test('each sheet prints as the report says: orientation, scale or fit to pages, print titles and area', async () => {
    const excel = new FakeExcel(['Sheet1']);
    const report = withTitles();
    const written = await writeReport(excel.context, report);
    report.sheets.forEach((sheet, s) => {
      const fake = excel.sheet(written.sheets[s]);
      const print = sheet.print!;
      expect(fake.orientation).toBe(print.orientation === 'landscape' ? 'Landscape' : 'Portrait');
      expect(fake.zoom).toEqual(
        print.scale !== undefined
          ? { scale: print.scale }
          : { horizontalFitToPages: 1, verticalFitToPages: print.fitToHeight ?? 0 },
      );
    });
    const sheetOf = (kind: string) => excel.sheet(written.sheets[report.sheets.findIndex((x) => x.kind === kind)]);
    const [summary, monthly, sensitivity] = ['summary', 'monthly', 'sensitivity'].map(sheetOf);
    // The Summary: two pages at a fixed scale, so that its manual page break holds.
    const { scale, area } = report.sheets[0].print!;
    expect(summary.zoom).toEqual({ scale });
    expect(summary.printArea).toBe(`A1:${address(area!.rows[1], area!.columns[1])}`);
    expect(summary.pageBreaks).toEqual(report.sheets[0].pageBreaks);
    expect(monthly.printTitleRows).toBe('$1:$1');
    expect(monthly.printTitleColumns).toBe('$A:$B');
    expect(sensitivity).toMatchObject({
      printTitleRows: '$1:$1',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 2 },
    });
    expect(sensitivity.printTitleColumns).toBeUndefined();
  });

  test("every page's footer names the sheet, its page of all and the run's date; nothing without page setup", async () => {
    const excel = new FakeExcel(['Sheet1']);
    const written = await writeReport(excel.context, small);
    expect(small.footer).toBe('Beekeeper run of 2025-03-30 01:30'); // 00:30 UTC, shown at UTC+01:00
    for (const name of written.sheets)
      expect(excel.sheet(name).footer).toEqual({ left: '&A', center: 'Page &P of &N', right: small.footer });
    const bare = new FakeExcel(['Sheet1']);
    const plain = await writeReport(bare.context, small, { pageSetup: false }); // before ExcelApi 1.9
    for (const name of plain.sheets) {
      const { footer, zoom, printArea, printTitleRows } = bare.sheet(name);
      expect([footer, zoom, printArea, printTitleRows]).toEqual([undefined, undefined, undefined, undefined]);
    }
  });

  test('Office.js itself takes the calls: print titles, area, zoom and footer go into the request', async () => {
    const excel = new RecordingExcel(['Sheet1']);
    await excel.run((context) => writeReport(context, withTitles()));
    expect(excel.requests.filter((r) => r.failed)).toEqual([]);
    const bodies = excel.requests.map((r) => r.body).join('');
    for (const call of [
      'SetPrintTitleRows',
      'SetPrintTitleColumns',
      'SetPrintArea',
      'HeadersFooters',
      'DefaultForAllPages',
    ])
      expect(bodies).toContain(`"${call}"`);
    for (const value of ['"$1:$1"', '"$A:$B"', '"&A"', '"Page &P of &N"', JSON.stringify(small.footer)])
      expect(bodies).toContain(value);
  });
});

describe('the fake behaves like Office.js where it matters', () => {
  /* eslint-disable office-addins/call-sync-before-read, office-addins/load-object-before-read, office-addins/call-sync-after-load -- the point of the test */
  test('a property read before load and sync throws', async () => {
    const excel = new FakeExcel(['Sheet1']);
    const sheet = excel.context.workbook.worksheets.getItem('Sheet1');
    expect(() => sheet.name).toThrow(/not available/);
    sheet.load('name');
    expect(() => sheet.name).toThrow(/not available/);
    await excel.context.sync();
    expect(sheet.name).toBe('Sheet1');
  });
  /* eslint-enable office-addins/call-sync-before-read, office-addins/load-object-before-read, office-addins/call-sync-after-load */

  test('operations apply at sync; a taken sheet name fails, whatever its case, after the operations before it', async () => {
    const excel = new FakeExcel(['Sheet1']);
    excel.context.workbook.worksheets.add('Data');
    excel.context.workbook.worksheets.add('sheet1');
    expect(excel.liveSheets).toHaveLength(1);
    await expect(excel.context.sync()).rejects.toThrow(/exists/);
    expect(excel.liveSheets.map((s) => s.name)).toEqual(['Sheet1', 'Data']);
  });

  test('a request over 5 MB fails whole', async () => {
    const excel = new FakeExcel(['Sheet1']);
    const rows = Array.from({ length: 60_000 }, () => ['x'.repeat(90)]);
    excel.context.workbook.worksheets.getItem('Sheet1').getRange(`A1:A${rows.length}`).values = rows;
    await expect(excel.context.sync()).rejects.toThrow(/over 5 MB/);
    expect(excel.sheet('Sheet1').cells.size).toBe(0);
  });

  test('typed input becomes numbers, booleans and formulas; an apostrophe keeps text', async () => {
    const excel = new FakeExcel(['Sheet1']);
    excel.context.workbook.worksheets.getItem('Sheet1').getRange('A1:E1').values = [
      ['1,234', 'TRUE', '=A1', "'12", 'text'],
    ];
    await excel.context.sync();
    expect([0, 1, 2, 3, 4].map((c) => excel.cell('Sheet1', 0, c).value)).toEqual([
      1234,
      true,
      { formula: '=A1' },
      '12',
      'text',
    ]);
    expect(parseAddress("'A b'!$B$3:C4")).toEqual({ row: 2, column: 1, rows: 2, columns: 2 });
  });
});

describe('writeReport: the Fit sheet of a run with a history, its charts styled', () => {
  let history: Report;
  beforeAll(() => {
    history = historyReport();
  });

  test("draws each Fit chart's series over its column of the chart's table, as lines or markers in their colours", async () => {
    const excel = new FakeExcel(['Blank']);
    const written = await writeReport(excel.context, history);
    const s = history.sheets.findIndex((sheet) => sheet.kind === 'fit');
    const fit = history.sheets[s];
    expect(written.sheets[s]).toBe('Beekeeper Fit');
    const charts = excel.sheet('Beekeeper Fit').charts;
    expect(charts.map((c) => [c.type, c.title])).toEqual(fit.charts.map((c) => ['Line', c.title]));
    fit.charts.forEach((spec, k) => {
      const table = fit.tables.find((t) => t.name === spec.table)!;
      const columnOf = (header: string) => table.column + table.columns.findIndex((c) => c.header === header);
      const got = charts[k];
      expect(got.series.map((x) => x.name)).toEqual([...FIT_SERIES]);
      got.series.forEach((series, i) => {
        const rect = { row: table.row + 1, rows: table.rows.length, columns: 1 };
        // Each series over its column's data cells (the first's header names it: charts.add).
        expect(series.values).toMatchObject({ ...rect, column: columnOf(FIT_SERIES[i]) });
        expect(series.values!.sheet.name).toBe('Beekeeper Fit');
        expect(series.xValues).toMatchObject({ ...rect, column: columnOf('Month') });
        const style = spec.seriesStyles![i];
        if (style.draw === 'line') {
          expect(series.line).toEqual({ lineStyle: 'Continuous', color: style.color, weight: SERIES_LINE_POINTS });
          expect(series.marker).toEqual({ style: 'None' });
        } else {
          expect(series.line).toEqual({ lineStyle: 'None' });
          expect(series.marker).toEqual({
            style: style.marker === 'dash' ? 'Dash' : 'Circle',
            size: SERIES_MARKER_SIZES[style.marker!],
            background: style.color,
            foreground: style.color,
          });
        }
      });
    });
    // Powers of ten on the Fit charts' value axes.
    expect(charts.map((c) => c.valueLogBase)).toEqual(fit.charts.map(() => 10));
    // The other sheets' charts keep the host's plain lines on a linear scale: nothing styled.
    for (const name of written.sheets.filter((n) => n !== 'Beekeeper Fit'))
      for (const chart of excel.sheet(name).charts) {
        expect(chart.valueLogBase).toBeUndefined();
        for (const series of chart.series) expect([series.line, series.marker]).toEqual([undefined, undefined]);
      }
  });

  test('draws the same series styles as the .xlsx: its symbols and colours', async () => {
    const excel = new FakeExcel(['Blank']);
    await writeReport(excel.context, history);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-excel-fit-'));
    try {
      const file = path.join(dir, 'report.xlsx');
      await writeReportXlsx(history, file);
      const fromXlsx = readCharts(await partsOf(fs.readFileSync(file))).filter((c) => c.sheet === 'Beekeeper Fit');
      const symbol = (ser: XmlElement) => child(child(ser, 'c:marker'), 'c:symbol').attributes.val;
      const colour = (ser: XmlElement) => {
        const line = at(ser, 'c:spPr', 'a:ln');
        const fill = childrenNamed(line, 'a:noFill').length
          ? at(child(ser, 'c:marker'), 'c:spPr', 'a:solidFill', 'a:srgbClr')
          : at(line, 'a:solidFill', 'a:srgbClr');
        return `#${fill.attributes.val}`;
      };
      const xlsx = fromXlsx.map((c) =>
        descendants(c.root)
          .filter((e) => e.name === 'c:ser')
          .map((ser) => [symbol(ser), colour(ser)]),
      );
      const pane = excel
        .sheet('Beekeeper Fit')
        .charts.map((c) =>
          c.series.map((x) => [x.marker!.style!.toLowerCase(), (x.line!.color ?? x.marker!.background)!.toUpperCase()]),
        );
      expect(pane).toEqual(xlsx);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Office.js itself takes the series styles: line style, colour and weight, marker style, size and colours', async () => {
    const excel = new RecordingExcel(['Sheet1']);
    await excel.run((context) => writeReport(context, history));
    expect(excel.requests.filter((r) => r.failed)).toEqual([]);
    const bodies = excel.requests.map((r) => r.body).join('');
    for (const property of [
      'LogBase',
      'LineStyle',
      'Weight',
      'Color',
      'MarkerStyle',
      'MarkerSize',
      'MarkerBackgroundColor',
      'MarkerForegroundColor',
    ])
      expect(bodies).toContain(`"${property}"`);
    for (const value of ['"Dash"', '"Circle"', '"None"', '"Continuous"']) expect(bodies).toContain(value);
  });

  test('a colour that is not #RRGGBB is refused before anything is written; the fake refuses what Excel would', async () => {
    const excel = new FakeExcel(['Blank']);
    excel.requests.length = 0;
    const bad: Report = {
      ...history,
      sheets: history.sheets.map((sheet) =>
        sheet.kind !== 'fit'
          ? sheet
          : {
              ...sheet,
              charts: sheet.charts.map((c) => ({
                ...c,
                seriesStyles: c.seriesStyles!.map((st) => ({ ...st, color: 'blue' })),
              })),
            },
      ),
    };
    await expect(writeReport(excel.context, bad)).rejects.toThrow('"blue" is not a colour #RRGGBB');
    expect(excel.requests).toHaveLength(0);
    // The fake, as Office.js: a marker size outside 2 to 72, or a colour by name, fails the request.
    const sheet = excel.context.workbook.worksheets.getItem('Blank');
    sheet.getRange('A1:B3').values = [
      ['Month', 'Observed'],
      [1, 5],
      [2, 7],
    ];
    await excel.context.sync();
    for (const set of [
      (series: Excel.ChartSeries) => (series.markerSize = 80),
      (series: Excel.ChartSeries) => (series.markerBackgroundColor = 'blue'),
      (series: Excel.ChartSeries) => (series.format.line.lineStyle = 'Wavy' as Excel.ChartLineStyle),
    ]) {
      const chart = sheet.charts.add('Line' as Excel.ChartType, sheet.getRange('B1:B3'), 'Columns');
      set(chart.series.getItemAt(0));
      await expect(excel.context.sync()).rejects.toThrow(/InvalidArgument|marker size|colour|line style/);
    }
  });
});
