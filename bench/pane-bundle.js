/**
 * The task pane's bundle, as built in dist/ (`npm run build`): the bytes and gzipped bytes
 * (zlib level 9, each file on its own, as a server sends them) of what dist/taskpane.html loads,
 * read from its script and stylesheet tags rather than from a list of names (the shared-runtime
 * page loads the taskpane, commands and functions entries and any chunks webpack splits off for
 * them); then .js files in dist/ that no page's tag loads (chunks loaded on demand, if the build
 * has any), and the Web Workers the pane starts: the simulation's (dist/simulation-worker.js,
 * one per worker when a run begins) and the report's (dist/report-worker.js, once a run is done).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { execSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const WORKERS = { 'simulation-worker.js': 'Simulation', 'report-worker.js': 'Report' };

const fmt = (x, digits = 3) => Number(x.toPrecision(digits)).toLocaleString('en-US');
const kb = (n) => (n < 1024 ? `${n} bytes` : `${fmt(n / 1024)} KB`);

/** The attributes of an HTML tag's text (`src=a.js`, `src="a.js"`, `defer`), names in lower case. */
function attributes(text) {
  const found = {};
  for (const [, name, value = ''] of text.matchAll(/([^\s=/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g))
    found[name.toLowerCase()] = value.replace(/^["']|["']$/g, '');
  return found;
}

/**
 * What a page loads: the `src` of its scripts, the bundles its gate loads (the JSON list in
 * #beekeeper-bundles, src/taskpane/page-gate.js) and the `href` of its stylesheets and preloads,
 * in order, split into files of dist/ and URLs elsewhere (office.js from Microsoft's CDN).
 */
function pageResources(page) {
  const html = fs.readFileSync(path.join(dist, page), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const local = [];
  const external = [];
  for (const [, tag, rest, body] of html.matchAll(/<(script|link)\b([^>]*)>(?:([^<]*)<\/script>)?/gi)) {
    const a = attributes(rest);
    if (a.id === 'beekeeper-bundles') {
      for (const file of JSON.parse(body)) if (!local.includes(file)) local.push(file);
      continue;
    }
    const rel = (a.rel ?? '').toLowerCase().split(/\s+/);
    const url =
      tag.toLowerCase() === 'script'
        ? a.src
        : rel.some((r) => ['stylesheet', 'preload', 'modulepreload'].includes(r))
          ? a.href
          : undefined;
    if (!url) continue;
    if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) external.push(url);
    else {
      const file = path.posix.normalize(decodeURI(url.replace(/[?#].*$/, '')).replace(/^\.?\//, ''));
      if (!local.includes(file)) local.push(file);
    }
  }
  return { local, external };
}

/** Raw and gzipped sizes of dist/ files. */
function sizes(files) {
  return files.map((file) => {
    const raw = fs.readFileSync(path.join(dist, file));
    return { file, raw: raw.length, gz: zlib.gzipSync(raw, { level: 9 }).length };
  });
}

const listed = (rows) => rows.map((r) => `${r.file} ${kb(r.raw)} (gzipped ${kb(r.gz)})`).join(', ');
const sum = (rows, key) => rows.reduce((a, r) => a + r[key], 0);

/** Every .js file under dist/, as paths relative to it. */
function scripts(dir = dist, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = prefix + entry.name;
    if (entry.isDirectory()) return scripts(path.join(dir, entry.name), `${name}/`);
    return /\.m?js$/.test(entry.name) ? [name] : [];
  });
}

module.exports = function benchPaneBundle() {
  if (!fs.existsSync(path.join(dist, 'taskpane.html')))
    execSync('npx webpack --mode production', { cwd: root, stdio: 'ignore' });
  const { local, external } = pageResources('taskpane.html');
  const missing = local.filter((f) => !fs.existsSync(path.join(dist, f)));
  if (missing.length > 0) throw new Error(`dist/taskpane.html loads ${missing.join(', ')}, not in dist/`);
  const page = sizes(local);
  console.log(
    `Task pane page (what dist/taskpane.html's tags load${external.length > 0 ? `; not counted: ${external.join(', ')}` : ''}): ` +
      `${kb(sum(page, 'raw'))}, gzipped ${kb(sum(page, 'gz'))} in all`,
  );
  console.log(`  ${listed(page)}`);
  const loaded = new Set([
    ...fs
      .readdirSync(dist)
      .filter((f) => f.endsWith('.html'))
      .flatMap((f) => pageResources(f).local),
    ...Object.keys(WORKERS),
  ]);
  const others = sizes(scripts().filter((f) => !loaded.has(f)));
  console.log(
    others.length === 0
      ? '  chunks loaded on demand (.js in dist/ that no page loads): none'
      : `  chunks loaded on demand (.js in dist/ that no page loads): ${kb(sum(others, 'raw'))}, gzipped ` +
          `${kb(sum(others, 'gz'))} in all: ${listed(others)}`,
  );
  for (const worker of sizes(Object.keys(WORKERS).filter((f) => fs.existsSync(path.join(dist, f)))))
    console.log(`${WORKERS[worker.file]} Web Worker dist/${worker.file}: ${kb(worker.raw)}, gzipped ${kb(worker.gz)}`);
};
