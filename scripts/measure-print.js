#!/usr/bin/env node
/**
 * How a report prints in LibreOffice (workbook.md v3, "Printing and sharing"): converts an .xlsx
 * to PDF with `soffice`, then, with poppler's `pdftotext`, reads each page's footer to know its
 * sheet, and the height of its words to know its scale. The scale of a sheet is its median word
 * height over that of a sheet printed at a known scale (the Monthly sheet, printed at a fixed
 * MONTHLY_PRINT_SCALE, not fitted), times that scale, so it needs no knowledge of fonts.
 *
 *   node scripts/measure-print.js [report.xlsx]      (default: a 1,000-trial default run)
 *
 * Prints one line per sheet: pages and scale; and the total of Summary, Years and Sensitivity.
 * Needs libreoffice-calc-nogui and poppler-utils. Exports `measurePrint` for the tests.
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

/** Runs a program, returning its stdout as text. */
const run = (program, args, options = {}) => execFileSync(program, args, { encoding: 'utf8', ...options });

/** The PDF of `xlsx`, converted by LibreOffice in a private profile (parallel runs do not collide). */
function toPdf(xlsx, soffice = process.env.BEEKEEPER_SOFFICE || 'soffice') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-print-'));
  run(
    soffice,
    [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx],
    { timeout: 180_000 },
  );
  return path.join(dir, `${path.basename(xlsx, path.extname(xlsx))}.pdf`);
}

/** Median of numbers. */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
};

/**
 * Pages and scale of each sheet of `pdf`: `sheetNames` are the names a footer may hold.
 * @returns {{ pages: number, sheets: Record<string, { pages: number, wordHeight: number }> }}
 */
function readPdf(pdf, sheetNames) {
  const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))[1]);
  const sheets = {};
  for (let p = 1; p <= pages; p++) {
    const html = run('pdftotext', ['-f', String(p), '-l', String(p), '-bbox', pdf, '-']);
    const words = [
      ...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
    ];
    // The footer is the line of "Page n of m": the sheet is the longest name it holds (names may
    // prefix each other); the body may name other sheets.
    const page = words.findIndex((w, i) => w[5] === 'Page' && words[i + 2]?.[5] === 'of');
    const bottom = page >= 0 ? Number(words[page][2]) : NaN;
    const footer = words
      .filter((w) => Math.abs(Number(w[2]) - bottom) < 2)
      .map((w) => w[5])
      .join(' ');
    const sheet = sheetNames.filter((n) => footer.includes(n)).sort((a, b) => b.length - a.length)[0] ?? '(no footer)';
    const body = words.filter((w) => Math.abs(Number(w[2]) - bottom) >= 2);
    const entry = (sheets[sheet] ??= { pages: 0, heights: [] });
    entry.pages++;
    for (const w of body) entry.heights.push(Number(w[4]) - Number(w[2]));
  }
  for (const s of Object.values(sheets)) {
    s.wordHeight = median(s.heights);
    delete s.heights;
  }
  return { pages, sheets };
}

/** The Monthly sheet's fixed print scale, as a fraction (from the built lib/, as the report writes it). */
function monthlyScale() {
  return require(path.join(__dirname, '..', 'lib', 'report', 'sheets', 'monthly')).MONTHLY_PRINT_SCALE / 100;
}

/**
 * Measures how `xlsx` prints: per sheet its pages and its scale, from its words' height relative
 * to `reference`'s, a sheet printed at the fixed scale `referenceScale` (a fraction).
 */
function measurePrint(xlsx, sheetNames, reference = 'Beekeeper Monthly', referenceScale = monthlyScale()) {
  const { pages, sheets } = readPdf(toPdf(xlsx), sheetNames);
  const unit = sheets[reference]?.wordHeight;
  for (const s of Object.values(sheets)) s.scale = unit ? (referenceScale * s.wordHeight) / unit : NaN;
  return { pages, sheets };
}

module.exports = { measurePrint, toPdf, readPdf };

if (require.main === module) {
  let xlsx = process.argv[2];
  if (!xlsx) {
    xlsx = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-report-')), 'report.xlsx');
    run(process.execPath, [
      path.join(__dirname, '..', 'bin', 'beekeeper.js'),
      'simulate',
      '--trials',
      '1000',
      '--out',
      xlsx,
    ]);
  }
  const names = [
    'Beekeeper Summary',
    'Beekeeper Monthly',
    'Beekeeper Years',
    'Beekeeper Inputs',
    'Beekeeper Sensitivity',
    'Beekeeper Compare',
    'Beekeeper Trials',
  ];
  const { pages, sheets } = measurePrint(xlsx, names);
  console.log(`${xlsx}: ${pages} pages`);
  for (const [name, s] of Object.entries(sheets))
    console.log(`  ${name}: ${s.pages} page${s.pages === 1 ? '' : 's'}, scale ${(100 * s.scale).toFixed(0)} %`);
  const board = ['Beekeeper Summary', 'Beekeeper Years', 'Beekeeper Sensitivity'];
  console.log(
    `  Summary, Years and Sensitivity together: ${board.reduce((n, k) => n + (sheets[k]?.pages ?? 0), 0)} pages`,
  );
}
