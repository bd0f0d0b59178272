/**
 * Loads a user's .xlsx into ExcelJS safely, and as other tools write it:
 *
 * - The zip's central directory is read first: a part whose inflated size is over
 *   {@link READ_LIMITS}.partBytes (a zip bomb: 1 MB holding a 400 MB sheet) is refused before
 *   anything is inflated, and each part is inflated by zlib with that bound as its output
 *   limit, so a size the directory understates cannot run the memory out either.
 * - Relationship targets written as absolute part names (`Target="/xl/tables/table1.xml"`,
 *   valid OPC, as openpyxl and so pandas write them) are rewritten relative to their source
 *   part, the only form ExcelJS 4.4 resolves (it fails with "Cannot read properties of
 *   undefined (reading 'name')" otherwise).
 *
 * The parts are then handed to ExcelJS as a new, uncompressed zip.
 */
import * as path from 'path';
import * as zlib from 'zlib';
import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { READ_LIMITS, formatBytes } from './limits';

/** Why a file cannot be loaded: a format problem, or a limit of {@link READ_LIMITS} reached. */
export class XlsxFileError extends Error {
  constructor(
    /** Why, as a clause: "it is not a zip archive", "its part xl/… is 400 MB …". */
    readonly why: string,
    readonly kind: 'format' | 'limit',
  ) {
    super(why);
    this.name = 'XlsxFileError';
  }
}

const format = (why: string): never => {
  throw new XlsxFileError(why, 'format');
};
const limit = (why: string): never => {
  throw new XlsxFileError(why, 'limit');
};

/** One part as the central directory describes it. */
interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly encrypted: boolean;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

const MAX32 = 0xffffffff;

/** The entries of the zip's central directory (ZIP64 included), without inflating anything. */
function zipDirectory(data: Buffer): ZipEntry[] {
  const END = 0x06054b50;
  let end = -1;
  // The end record is 22 bytes plus a comment of up to 65,535 bytes, at the end of the file.
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (data.readUInt32LE(at) === END) {
      end = at;
      break;
    }
  }
  if (end < 0) format('it is not a zip archive, or it is cut short');
  let count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  if ((count === 0xffff || offset === MAX32) && end >= 20 && data.readUInt32LE(end - 20) === 0x07064b50) {
    const record = Number(data.readBigUInt64LE(end - 12));
    if (record + 56 > data.length || data.readUInt32LE(record) !== 0x06064b50) format('its ZIP64 directory is damaged');
    count = Number(data.readBigUInt64LE(record + 32));
    offset = Number(data.readBigUInt64LE(record + 48));
  }
  if (count > READ_LIMITS.zipParts) {
    limit(
      `it holds ${count.toLocaleString('en-US')} parts; Beekeeper reads workbooks of at most ${READ_LIMITS.zipParts.toLocaleString('en-US')}`,
    );
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== 0x02014b50) format('its zip directory is damaged');
    const nameLength = data.readUInt16LE(p + 28);
    const extraLength = data.readUInt16LE(p + 30);
    const name = data.toString('utf8', p + 46, p + 46 + nameLength);
    let size = data.readUInt32LE(p + 24);
    let compressedSize = data.readUInt32LE(p + 20);
    let localOffset = data.readUInt32LE(p + 42);
    // ZIP64: the fields that overflowed are in the extra field 0x0001, in this order.
    for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength;) {
      const [id, length] = [data.readUInt16LE(e), data.readUInt16LE(e + 2)];
      if (id === 0x0001) {
        let f = e + 4;
        const next = () => ((f += 8), Number(data.readBigUInt64LE(f - 8)));
        if (size === MAX32) size = next();
        if (compressedSize === MAX32) compressedSize = next();
        if (localOffset === MAX32) localOffset = next();
      }
      e += 4 + length;
    }
    entries.push({
      name,
      method: data.readUInt16LE(p + 10),
      encrypted: (data.readUInt16LE(p + 8) & 1) === 1,
      compressedSize,
      size,
      localOffset,
    });
    p += 46 + nameLength + extraLength + data.readUInt16LE(p + 32);
  }
  return entries;
}

/**
 * The names of a zip's parts, from its central directory (nothing inflated); undefined when
 * `data` is not a zip archive or its directory is damaged. A directory beyond the parts limit
 * throws {@link XlsxFileError} ('limit').
 *
 * @example zipPartNames(fs.readFileSync('report.xlsx'))?.includes('xl/workbook.xml') // true
 */
export function zipPartNames(data: Buffer): string[] | undefined {
  try {
    return zipDirectory(data).map((entry) => entry.name);
  } catch (e) {
    if (e instanceof XlsxFileError && e.kind === 'format') return undefined;
    throw e;
  }
}

const partTooLarge = (name: string, size: string) =>
  `its part ${name} is ${size} uncompressed; Beekeeper reads parts of at most ${formatBytes(READ_LIMITS.partBytes)}`;

/** The bytes of one part, inflated within {@link READ_LIMITS}.partBytes whatever the directory says. */
function inflate(data: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > data.length || data.readUInt32LE(at) !== 0x04034b50) format(`its part ${entry.name} is damaged`);
  const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
  const compressed = data.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return compressed;
  if (entry.method !== 8) format(`its part ${entry.name} is compressed in a way Excel does not use`);
  try {
    return zlib.inflateRawSync(compressed, { maxOutputLength: READ_LIMITS.partBytes });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return limit(partTooLarge(entry.name, `over ${formatBytes(READ_LIMITS.partBytes)}`));
    }
    return format(`its part ${entry.name} is damaged (${(e as Error).message})`);
  }
}

/**
 * A relationships part with absolute targets made relative to its source part's folder:
 * in xl/worksheets/_rels/sheet1.xml.rels, "/xl/tables/table1.xml" becomes "../tables/table1.xml".
 *
 * @example relativeTargets('xl/_rels/workbook.xml.rels', '<Relationship Id="rId1" Target="/xl/styles.xml"/>')
 * // '<Relationship Id="rId1" Target="styles.xml"/>'
 */
export function relativeTargets(relsName: string, xml: string): string {
  // xl/worksheets/_rels/sheet1.xml.rels describes xl/worksheets/sheet1.xml; _rels/.rels the package.
  const folder = path.posix.dirname(path.posix.dirname(relsName)).replace(/^\.$/, '');
  return xml.replace(/<Relationship\b[^>]*>/g, (element) =>
    /\bTargetMode\s*=\s*["']External["']/.test(element)
      ? element
      : element.replace(
          /\bTarget\s*=\s*(["'])\/([^"']*)\1/,
          (_, quote: string, target: string) =>
            `Target=${quote}${folder ? path.posix.relative(folder, target) : target}${quote}`,
        ),
  );
}

/** Options of {@link loadXlsx}. */
export interface LoadOptions {
  /**
   * Leave the worksheets' cells out, without inflating them: for reading only the sheet names and
   * defined names (a long report's sheets can be far over the limits).
   */
  readonly withoutCells?: boolean;
}

/** The worksheet ExcelJS is given in place of one left out. */
const EMPTY_SHEET = Buffer.from(
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
);

/**
 * The workbook in `data`, read by ExcelJS within {@link READ_LIMITS}. Throws an
 * {@link XlsxFileError} saying why it cannot: not a zip, damaged, encrypted, or a part too large.
 *
 * @example
 * const workbook = await loadXlsx(await fs.promises.readFile('saved-by-pandas.xlsx'));
 * workbook.worksheets[0].name; // "Sheet1"
 */
export async function loadXlsx(data: Buffer, options: LoadOptions = {}): Promise<ExcelJS.Workbook> {
  const isSheet = (name: string) => options.withoutCells === true && /^xl\/worksheets\/[^/]+\.xml$/i.test(name);
  const entries = zipDirectory(data).filter((entry) => !entry.name.endsWith('/'));
  // Every size is judged before any part is inflated.
  let total = 0;
  for (const entry of entries) {
    if (isSheet(entry.name)) continue;
    if (entry.size > READ_LIMITS.partBytes) limit(partTooLarge(entry.name, formatBytes(entry.size)));
    total += entry.size;
  }
  const tooMuch = () =>
    limit(
      `its parts are ${formatBytes(total)} uncompressed; Beekeeper reads at most ${formatBytes(READ_LIMITS.totalBytes)}`,
    );
  if (total > READ_LIMITS.totalBytes) tooMuch();
  if (entries.some((entry) => entry.encrypted)) format('it is encrypted');
  const zip = new JSZip();
  total = 0;
  for (const entry of entries) {
    let part = isSheet(entry.name) ? EMPTY_SHEET : inflate(data, entry);
    total += part.length;
    if (total > READ_LIMITS.totalBytes) tooMuch();
    if (entry.name.endsWith('.rels')) part = Buffer.from(relativeTargets(entry.name, part.toString('utf8')));
    zip.file(entry.name, part);
  }
  const rebuilt = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(rebuilt as unknown as ArrayBuffer); // its type for a Buffer is ArrayBuffer
  } catch (e) {
    format(e instanceof Error ? e.message : String(e));
  }
  return workbook;
}
