/**
 * Office.js itself, in Node, with a recording request executor: what a `context.sync()` would
 * send to Excel, byte for byte, measured by Office.js's own serializer rather than estimated.
 *
 * The harness:
 * - Loads `@microsoft/office-js/dist/excel-web-16.00.js`, the Excel library office.js loads on
 *   Excel on the web (the host with the 5 MB request limit). It holds `OfficeExtension`
 *   (`ClientRequestContext`, its request builder and executors) and `Excel` (`RequestContext`,
 *   `run`, every proxy class). The file is compiled once per test file and run in a fresh
 *   `vm` context per {@link RecordingExcel}, so no state crosses between workbooks.
 * - Stubs only the browser globals the file touches while loading: `window` (the context's
 *   global itself), `document` (no elements: `getElementById` returns null),
 *   `navigator.userAgent`, and `setTimeout`/`clearTimeout` (Excel.run's retry of a failed
 *   cleanup). No Office host is initialised: `Office.onReady` never fires, nothing is posted.
 * - Plugs the executor in where Office.js lets a session plug one: the default request
 *   info of `ClientRequestContext` becomes a resolver (`_resolveRequestUrlAndHeaderInfo`,
 *   `_createRequestExecutorOrNull`), so a plain `Excel.run(batch)`, as the pane calls it,
 *   builds its `Excel.RequestContext` with our executor instead of `OfficeJsRequestExecutor`.
 *   The executor's interface is Office.js's: `executeAsync(customData, requestFlags,
 *   requestMessage)` resolving to a response message `{ ErrorCode, HttpStatusCode, Body }`.
 * - With no Office host there is no requirement matrix, and Office.js takes every requirement
 *   set as supported, so it takes Excel's own code paths: a grid of over 1,500 cells, for one,
 *   goes in chunks of rows (setRangePropertiesInBulk, ExcelApi 1.3), as Excel on the web does.
 *
 * Why the bytes are faithful: Office.js builds the request body (`Actions` and `ObjectPaths`)
 * before it reaches any executor, and `OfficeJsRequestExecutor`, the one Excel on the web uses,
 * sends exactly `JSON.stringify(requestMessage.Body)` (RichApiMessageUtility
 * .buildMessageArrayForIRequestExecutor). {@link RecordedRequest.bytes} is that string's UTF-8
 * length. On the web, the string then travels inside a postMessage envelope (a JSON string
 * again, so each `"` and `\` gains a backslash): {@link RecordedRequest.envelopeBytes}.
 *
 * What the executor answers, and why that is enough: writes need no result (Office.js applies
 * results only to actions that registered a handler, i.e. loads), so a write request gets an
 * empty successful response, as Excel sends for it. Loads get the workbook's state in Excel's
 * wire form (PascalCase properties, collections as `_Items`, null for a null object): the
 * worksheets' names, no tables, no defined names at first, and whether `getItemOrNullObject`
 * finds a sheet, a name or a table, as the requests applied so far left them (`add`, `delete`,
 * a rename). That answer also goes to the instantiation of a `getItemOrNullObject` object, as
 * Excel sends it: Office.js sets `isNullObject` from it, so that the object can be tested after a
 * sync without a load. A load the harness cannot answer fails the sync with an error naming it,
 * so a read is never silently left unloaded; a table looked up after one was added is such a load
 * (the harness keeps no tables' names). A request over
 * {@link PAYLOAD_LIMIT} fails whole with Office.js's `RequestPayloadSizeLimitExceeded`, as
 * Excel on the web answers it.
 */
import { readFileSync } from 'fs';
import { Script, createContext } from 'vm';

/**
 * Excel on the web's limit on a request's payload, 5 MB ("Excel add-ins: payload size limit
 * for requests and responses of 5MB", https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins).
 */
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;

/** The Office.js file loaded (see the file's header). */
export const OFFICE_JS_FILE = require.resolve('@microsoft/office-js/dist/excel-web-16.00.js');

let script: Script | undefined;

/** One `context.sync()` as Office.js sent it. */
export interface RecordedRequest {
  /** The request body, as Office.js serialized it. */
  readonly body: string;
  /** UTF-8 length of {@link body}: what the request weighs against {@link PAYLOAD_LIMIT}. */
  readonly bytes: number;
  /** UTF-8 length of {@link body} as a JSON string (the postMessage envelope on the web). */
  readonly envelopeBytes: number;
  /** How many actions (instantiations, sets, method calls, loads) it carries. */
  readonly actions: number;
  /** Why it failed, when the executor refused it. */
  readonly failed?: string;
}

interface Action {
  readonly Id: number;
  readonly ActionType: number;
  readonly Name: string;
  readonly ObjectPathId: number;
  readonly ArgumentInfo?: { readonly Arguments?: readonly unknown[] };
}

interface ObjectPath {
  readonly ObjectPathType: number;
  readonly Name: string;
  readonly ParentObjectPathId?: number;
  readonly ArgumentInfo?: { readonly Arguments?: readonly unknown[] };
}

interface RequestMessage {
  readonly Body: { readonly Actions: readonly Action[]; readonly ObjectPaths: Record<string, ObjectPath> };
}

/** Office.js's action types (`ActionType`) and object path types (`ObjectPathType`) the harness reads. */
const INSTANTIATE = 1;
const QUERY = 2;
const METHOD = 3;
const SET = 4;
const METHOD_PATH = 3;
const INDEXER_PATH = 5;
const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * A workbook behind the real Office.js: `run` is `Excel.run`, each sync is recorded in
 * `requests` (see the file's header for what it answers).
 *
 * @example
 * const excel = new RecordingExcel(['Sheet1']);
 * await excel.run(async (context) => {
 *   context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[1]];
 *   await context.sync();
 * });
 * excel.requests[0].bytes; // the body Office.js would have sent, in UTF-8 bytes
 */
export class RecordingExcel {
  readonly requests: RecordedRequest[] = [];
  /** The library's `Excel` namespace, in its own context. */
  readonly Excel: typeof Excel;

  /** The workbook's sheets and defined names, as the requests applied so far left them. */
  private readonly sheets: string[];
  private readonly names: string[] = [];
  /** Tables added by the requests: the harness answers a table's lookup only while there is none. */
  private tablesAdded = 0;

  constructor(sheets: readonly string[]) {
    this.sheets = [...sheets];
    script ??= new Script(readFileSync(OFFICE_JS_FILE, 'utf8'), { filename: OFFICE_JS_FILE });
    const global: Record<string, unknown> = {
      document: { getElementById: () => null, getElementsByTagName: () => [], createElement: () => ({}) },
      navigator: { userAgent: 'node' },
      setTimeout,
      clearTimeout,
    };
    global.window = global;
    const context = createContext(global);
    script.runInContext(context);
    const office = global as unknown as { Excel: typeof Excel; OfficeExtension: typeof OfficeExtension };
    this.Excel = office.Excel;
    const executor = { executeAsync: (_: unknown, __: number, message: RequestMessage) => this.execute(message) };
    (
      office.OfficeExtension.ClientRequestContext as unknown as { defaultRequestUrlAndHeaders: unknown }
    ).defaultRequestUrlAndHeaders = {
      _resolveRequestUrlAndHeaderInfo: () => Promise.resolve({ url: 'http://document.localhost/', headers: {} }),
      _createRequestExecutorOrNull: () => executor,
    };
  }

  /** `Excel.run`, as the pane calls it. */
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    return this.Excel.run(batch);
  }

  private async execute(message: RequestMessage) {
    const body = JSON.stringify(message.Body);
    const recorded = {
      body,
      bytes: utf8Length(body),
      envelopeBytes: utf8Length(JSON.stringify(body)),
      actions: message.Body.Actions.length,
    };
    const fail = (failed: string, response: object) => {
      this.requests.push({ ...recorded, failed });
      return { HttpStatusCode: 400, ErrorCode: '', ErrorMessage: '', Headers: {}, Body: null, ...response };
    };
    if (recorded.bytes > PAYLOAD_LIMIT)
      return fail('too large', {
        ErrorCode: 'RequestPayloadSizeLimitExceeded',
        ErrorMessage: `the request's payload is ${recorded.bytes} bytes, over 5 MB`,
      });
    const cannotAnswer = (target: string) => {
      const Message = `the recording executor cannot answer a load of ${target}`;
      return fail(Message, {
        Body: { Error: { Code: 'GeneralException', Message, HttpStatusCode: 500, ActionIndex: -1 } },
      });
    };
    const Results = [];
    const created = new Set<number>();
    // In order, as Excel applies them: a load sees the sheets and names added before it.
    for (const action of message.Body.Actions) {
      const path = message.Body.ObjectPaths[action.ObjectPathId];
      const { target, argument } = this.describe(message, action.ObjectPathId);
      if (action.ActionType === INSTANTIATE && path.ObjectPathType === METHOD_PATH && path.Name === 'Add') {
        // The path is the collection's "Add": `Worksheets.Add` adds to `Worksheets`.
        const to = target.slice(0, -'.Add'.length);
        if (!created.has(action.ObjectPathId)) this.collection(to)?.push(String(argument));
        if (!created.has(action.ObjectPathId) && to.endsWith('Tables')) this.tablesAdded++;
        created.add(action.ObjectPathId);
      }
      const lookup = action.ActionType === INSTANTIATE && path.ObjectPathType === METHOD_PATH;
      if (lookup && path.Name === 'GetItemOrNullObject') {
        const Value = this.answer(target, argument);
        if (Value === undefined) return cannotAnswer(target);
        Results.push({ ActionId: action.Id, Value });
      }
      const item = path.ObjectPathType === INDEXER_PATH ? this.collection(target) : undefined;
      const at = item?.findIndex((n) => n.toLowerCase() === String(argument).toLowerCase()) ?? -1;
      if (action.ActionType === METHOD && action.Name === 'Delete' && at >= 0) item?.splice(at, 1);
      if (action.ActionType === SET && action.Name === 'Name' && at >= 0)
        item?.splice(at, 1, String(action.ArgumentInfo?.Arguments?.[0]));
      if (action.ActionType !== QUERY) continue;
      const Value = this.answer(target, argument);
      if (Value === undefined) return cannotAnswer(target);
      Results.push({ ActionId: action.Id, Value });
    }
    this.requests.push(recorded);
    return { HttpStatusCode: 200, ErrorCode: '', ErrorMessage: '', Headers: {}, Body: { Results } };
  }

  /**
   * An object path as the chain of its names from the workbook ("Worksheets",
   * "Worksheets.GetItemOrNullObject"; an indexer, `getItem`, has none) and its first argument.
   */
  private describe(message: RequestMessage, id: number): { target: string; argument: unknown } {
    const names: string[] = [];
    const path = message.Body.ObjectPaths[id];
    for (let p = path; p; p = message.Body.ObjectPaths[p.ParentObjectPathId ?? -1]) if (p.Name) names.unshift(p.Name);
    return { target: names.join('.'), argument: path?.ArgumentInfo?.Arguments?.[0] };
  }

  private collection(target: string): string[] | undefined {
    return target === 'Worksheets' ? this.sheets : target === 'Names' ? this.names : undefined;
  }

  /** A load's result in Excel's wire form; undefined for one the harness does not know. */
  private answer(target: string, argument: unknown): unknown {
    if (target === 'Worksheets') return { _Items: this.sheets.map((Name) => ({ Name })) };
    if ((target === 'Tables' || target === 'Tables.GetItemOrNullObject') && this.tablesAdded > 0) return undefined;
    if (target === 'Tables' || (target === 'Names' && this.names.length === 0)) return { _Items: [] };
    if (target === 'Tables.GetItemOrNullObject') return null; // no table is found
    const [collection, method] = target.split('.');
    const items = this.collection(collection);
    if (items && method === 'GetItemOrNullObject') {
      const exists = items.some((n) => n.toLowerCase() === String(argument).toLowerCase());
      return exists ? {} : null; // Office.js reads a null result as a null object
    }
    return undefined;
  }
}
