#!/usr/bin/env node
// Draws the Beekeeper icon (a honeycomb of seven amber hexagons on transparency) and
// writes assets/icon-<size>.png for every size the manifest names. Uses only Node's
// zlib so the icons can be regenerated without adding a dependency:
//   node scripts/make-icons.js
// The PNGs are committed; rerun this only when changing the design.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZES = [16, 32, 64, 80];
const OUTER = [255, 179, 0]; // amber
const CENTER = [214, 120, 0]; // darker honey, so the cluster reads as a comb, not a blob
const SS = 8; // supersampling per axis: anti-aliased edges without a graphics library

// Pointy-top regular hexagon centred on (0,0) with circumradius r.
function inHex(x, y, r) {
  const ax = Math.abs(x),
    ay = Math.abs(y);
  return ax <= (Math.sqrt(3) / 2) * r && ay + ax / Math.sqrt(3) <= r;
}

function draw(size) {
  // At 16px seven cells blur into a blot: draw one cell with a darker core instead.
  if (size < 24)
    return raster(size, [
      [0, 0, OUTER, size * 0.49],
      [0, 0, CENTER, size * 0.24],
    ]);
  // The 7-cell comb is 3·√3·R wide and 5·R tall; leave a small margin.
  const R = (size * 0.96) / 5;
  // Gaps between cells: ~1px at 32px, growing with the size.
  const cell = R - Math.max(0.55, size * 0.035);
  const cells = [[0, 0, CENTER, cell]];
  for (let k = 0; k < 6; k++) {
    const a = (k * Math.PI) / 3; // neighbours of a pointy-top hex lie at 0°, 60°, …
    cells.push([Math.sqrt(3) * R * Math.cos(a), Math.sqrt(3) * R * Math.sin(a), OUTER, cell]);
  }
  return raster(size, cells);
}

// cells: [cx, cy, colour, radius]; a later cell paints over an earlier one.
function raster(size, cells) {
  const px = Buffer.alloc(size * size * 4);
  const c = size / 2;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let hits = 0,
        r = 0,
        g = 0,
        b = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = i + (sx + 0.5) / SS - c,
            y = j + (sy + 0.5) / SS - c;
          const hit = cells.filter(([cx, cy, , rad]) => inHex(x - cx, y - cy, rad)).pop();
          if (hit) {
            hits++;
            r += hit[2][0];
            g += hit[2][1];
            b += hit[2][2];
          }
        }
      }
      const o = (j * size + i) * 4;
      if (hits) {
        px[o] = Math.round(r / hits);
        px[o + 1] = Math.round(g / hits);
        px[o + 2] = Math.round(b / hits);
        px[o + 3] = Math.round((255 * hits) / (SS * SS));
      }
    }
  }
  return px;
}

const CRC = new Int32Array(256).map((_, n) => {
  for (let k = 0; k < 8; k++) n = n & 1 ? 0xedb88320 ^ (n >>> 1) : n >>> 1;
  return n;
});
function crc32(buf) {
  let c = -1;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4),
    crc = Buffer.alloc(4),
    td = Buffer.concat([Buffer.from(type), data]);
  len.writeUInt32BE(data.length);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1)); // each row starts with filter type 0
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = path.join(__dirname, '..', 'assets');
fs.mkdirSync(out, { recursive: true });
for (const s of SIZES) {
  fs.writeFileSync(path.join(out, `icon-${s}.png`), png(s, draw(s)));
  console.log(`assets/icon-${s}.png`);
}
