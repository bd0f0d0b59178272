/**
 * Zip files made part by part for the tests of hostile .xlsx files: parts can be given already
 * deflated, with any size the directory should claim, so a 400 MB sheet takes 1.5 MB to build.
 */
import * as zlib from 'zlib';
import JSZip from 'jszip';

/** A part as stored: its deflated bytes, and the inflated size the zip's directory claims. */
export interface StoredPart {
  readonly name: string;
  readonly deflated: Buffer;
  readonly size: number;
}

/** The parts of an .xlsx, inflated, by name (directories left out). */
export async function partsOf(xlsx: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(xlsx);
  const parts = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) if (!entry.dir) parts.set(entry.name, await entry.async('nodebuffer'));
  return parts;
}

/** A part deflated as it is, claiming its true size. */
export const deflated = (name: string, data: Buffer): StoredPart => ({
  name,
  deflated: zlib.deflateRawSync(data),
  size: data.length,
});

/**
 * A sheet of `megabytes` MB of identical rows, deflated as a zip bomb is: one megabyte of rows
 * compressed once and its deflate blocks repeated (each ends with a full flush, so each stands
 * alone), about 3.5 KB per MB.
 */
export function bombSheet(name: string, megabytes: number): StoredPart {
  const head = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  const row = '<row r="2"><c r="A2" t="inlineStr"><is><t>imitation</t></is></c><c r="B2"><v>0.38</v></c></row>';
  const megabyte = Buffer.from(row.repeat(Math.ceil((1024 * 1024) / row.length)));
  const tail = Buffer.from('</sheetData></worksheet>');
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH };
  const block = zlib.deflateRawSync(megabyte, flush);
  return {
    name,
    deflated: Buffer.concat([
      zlib.deflateRawSync(head, flush),
      ...Array<Buffer>(megabytes).fill(block),
      zlib.deflateRawSync(tail),
    ]),
    size: head.length + megabytes * megabyte.length + tail.length,
  };
}

/** A zip of the parts, deflated, with the sizes they claim (the CRCs are left 0: nothing here checks them). */
export function zipOf(parts: readonly StoredPart[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(part.deflated.length, 18);
    local.writeUInt32LE(part.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.deflated.length, 20);
    central.writeUInt32LE(part.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.deflated);
    directory.push(central, name);
    offset += local.length + name.length + part.deflated.length;
  }
  const size = directory.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...directory, end]);
}
