/* global document, window */
/**
 * The Office host of the browser tests: the documented in-memory Excel. The harness
 * (test/browser/harness.ts) serves this bundle in place of
 * `https://appsforoffice.microsoft.com/lib/1/hosted/office.js`, so the production
 * taskpane.html and its bundles run unchanged, over a workbook in memory
 * (test/support/fake-excel.ts) that the test reads and changes through `window.__beekeeper`.
 *
 * What is faked, and nothing more:
 * - `Office.onReady(callback?)`: resolves (and calls `callback`) with
 *   `{ host: 'Excel', platform: 'OfficeOnline' }` once the DOM is parsed (after
 *   DOMContentLoaded, as Office.js answers only after the page's deferred scripts ran);
 *   `Office.initialize`, if the page set it, is called then too.
 * - `Office.HostType`, `Office.PlatformType` (their string values, as in Office.js).
 * - `Office.context`: `requirements.isSetSupported(name, version?)` (true for ExcelApi up to
 *   1.9, false for every other set; a test may give other sets before the page loads),
 *   `diagnostics` `{ host, platform, version }`, `host`, `platform`, `displayLanguage` 'en-US'.
 * - `Office.actions.associate(id, fn)` (recorded in `__beekeeper.actions`).
 * - `Excel.run(options, batch)`: a new FakeExcel context per run, the batch, then a sync of what
 *   it left queued, as Office.js does; a failed sync rejects with the fake's error (`code`,
 *   `message`), which is also `OfficeExtension.Error`. A run without
 *   `{ delayForCellEdit: true }` is refused, as the fake refuses it (its header says why); the
 *   test can put the workbook in cell-edit mode (`excel.startCellEdit()`).
 * - `CustomFunctions.associate`, `.Error`, `.ErrorCode` (src/cli/excel-runtime.ts, as the CLI has
 *   them): the functions bundle registers its functions there (`__beekeeper.functions`).
 * - The workbook's API: what test/support/fake-excel.ts lists in its header.
 *
 * Not faked: `Office.addin`, `Office.context.document`, dialogs, events, `Excel.RequestContext`
 * as a constructor, Excel's enums (`Excel.ChartType`…), `OfficeRuntime` storage. A page that
 * calls them fails with a page error, which every browser test asserts against.
 *
 * Why not Microsoft's office.js (node_modules/@microsoft/office-js/dist/office.js) with this
 * on top: outside an Office client it never reports Excel. Tried in this Chromium: with no host
 * information it resolves onReady with `{ host: null, platform: null }` (the pane then hides its
 * buttons), fetches o15apptofilemappingtable.js and opens an iframe at
 * telemetryservice.firstpartyapps.oaspapps.com; told it is Excel on the web (`_host_Info` in the
 * URL) it loads excel-web-16.00.js and en-us/office_strings.js, then throws
 * "Value cannot be null. Parameter name: conversationId" and onReady never resolves, since it
 * waits for the handshake of the Excel frame around it; told it is Excel on Windows it waits for
 * the desktop bridge, forever. Everything it would contribute (onReady, context, Excel.run) is
 * replaced here anyway, so this bundle stands alone and the page makes no request but to the
 * test server.
 */
import { FakeExcel, FakeExcelError, rectAddress } from '../support/fake-excel';
import { associated } from '../../src/cli/excel-runtime';

/** What a test may set on `window.__beekeeperOptions` before the page loads (the harness's openPane does). */
export interface OfficeHostOptions {
  /** The workbook's sheets (default `['Sheet1']`). */
  readonly sheets?: readonly string[];
  /** Requirement sets and the highest version the host supports (default `{ ExcelApi: '1.9' }`). */
  readonly requirements?: Readonly<Record<string, string>>;
}

/** `window.__beekeeper`: the fake host, for a test to read through `page.evaluate`. */
export interface OfficeTestHost {
  /** The workbook: `excel.setCell(...)`, `excel.selection`, `excel.tables`, `excel.requests`… */
  readonly excel: FakeExcel;
  /** Set once Office.onReady has resolved. */
  officeReady: boolean;
  /** Calls of Office.onReady by the page. */
  onReadyCalls: number;
  /** Custom functions the page associated, by id (BASS, PROJECTION…). */
  readonly functions: ReadonlyMap<string, (...args: unknown[]) => unknown>;
  /** Ribbon actions the page associated. */
  readonly actions: Map<string, (event: unknown) => unknown>;
  /** A plain summary of the workbook (what page.evaluate can return). */
  state(): WorkbookState;
}

/** The workbook as plain data: every sheet's cells by A1 address, tables, charts, names, requests. */
export interface WorkbookState {
  readonly activeSheet: string;
  readonly selection: string;
  readonly sheets: readonly {
    name: string;
    cells: Record<string, unknown>;
    freeze?: { rows: number; columns: number };
    charts: readonly { type: string; title?: string; series: string[] }[];
  }[];
  readonly tables: readonly { name: string; sheet: string; address: string; headers: string[] }[];
  readonly names: readonly { name: string; sheet: string; deleted: boolean }[];
  readonly requests: readonly { operations: string[]; bytes: number; failed?: string }[];
}

const options: OfficeHostOptions =
  (window as unknown as { __beekeeperOptions?: OfficeHostOptions }).__beekeeperOptions ?? {};
const excel = new FakeExcel(options.sheets ?? ['Sheet1']);
const requirements: Record<string, string> = { ExcelApi: '1.9', ...options.requirements };

const HostType = {
  Word: 'Word',
  Excel: 'Excel',
  PowerPoint: 'PowerPoint',
  Outlook: 'Outlook',
  OneNote: 'OneNote',
  Project: 'Project',
  Access: 'Access',
} as const;
const PlatformType = {
  PC: 'PC',
  OfficeOnline: 'OfficeOnline',
  Mac: 'Mac',
  iOS: 'iOS',
  Android: 'Android',
  Universal: 'Universal',
} as const;
const info = { host: HostType.Excel, platform: PlatformType.OfficeOnline };

/** "1.10" > "1.9": versions compare part by part, as numbers. */
function atMost(version: string, highest: string): boolean {
  const a = version.split('.').map(Number);
  const b = highest.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return true;
}

const host: OfficeTestHost = {
  excel,
  officeReady: false,
  onReadyCalls: 0,
  functions: associated,
  actions: new Map(),
  state: () => workbookState(excel),
};

const ready = new Promise<typeof info>((resolve) => {
  const go = () => {
    host.officeReady = true;
    const office = (window as unknown as { Office: { initialize?: (reason: string) => void } }).Office;
    office.initialize?.('inserted');
    resolve(info);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go, { once: true });
  else setTimeout(go, 0);
});

const Office = {
  HostType,
  PlatformType,
  onReady(callback?: (value: typeof info) => void): Promise<typeof info> {
    host.onReadyCalls++;
    return ready.then((value) => {
      callback?.(value);
      return value;
    });
  },
  context: {
    host: info.host,
    platform: info.platform,
    displayLanguage: 'en-US',
    diagnostics: { host: info.host, platform: info.platform, version: '16.0.0.0' },
    requirements: {
      isSetSupported(name: string, version = '1.1'): boolean {
        const highest = requirements[name];
        return highest !== undefined && atMost(String(version), highest);
      },
    },
  },
  actions: {
    associate(id: string, action: (event: unknown) => unknown): void {
      host.actions.set(id, action);
    },
  },
};

type Batch<T> = (context: Excel.RequestContext) => Promise<T>;

const Excel = {
  run<T>(first: Excel.RunOptions | Batch<T>, second?: Batch<T>): Promise<T> {
    if (typeof first === 'function') return excel.run(first);
    if (typeof second !== 'function') return Promise.reject(new TypeError('Excel.run needs a batch function'));
    return excel.run(first, second);
  },
};

Object.assign(window, { Office, Excel, OfficeExtension: { Error: FakeExcelError }, __beekeeper: host });

function workbookState(workbook: FakeExcel): WorkbookState {
  return {
    activeSheet: workbook.activeSheet,
    selection: workbook.selection,
    sheets: workbook.liveSheets.map((sheet) => ({
      name: sheet.name,
      cells: Object.fromEntries(
        [...sheet.cells.entries()]
          .filter(([, cell]) => cell.value !== undefined)
          .map(([key, cell]) => {
            const [row, column] = key.split(',').map(Number);
            return [rectAddress({ row, column, rows: 1, columns: 1 }), cell.value];
          }),
      ),
      freeze: sheet.freeze,
      charts: sheet.charts.map((chart) => ({
        type: chart.type,
        title: chart.title,
        series: chart.series.map((s) => s.name),
      })),
    })),
    tables: workbook.tables.map((t) => ({
      name: t.name,
      sheet: t.area.sheet.name,
      address: rectAddress(t.area),
      headers: [...t.headers],
    })),
    names: workbook.names.map((n) => ({ name: n.name, sheet: n.sheet.name, deleted: n.sheet.deleted === true })),
    requests: workbook.requests.map((r) => ({
      operations: r.operations.map((o) => o.op),
      bytes: r.bytes,
      ...(r.failed ? { failed: r.failed } : {}),
    })),
  };
}
