// Structural checks of manifest.xml that the XSD cannot express (resid cross-references,
// one origin for every URL, icon files and pixel sizes, the shared runtime wiring, the
// requirement sets the code needs) and of
// the custom functions metadata's help URLs. Offline and dependency-free on purpose: used
// by scripts/validate-manifest.js (`npm run validate`) and test/manifest/manifest.test.ts.
'use strict';
const fs = require('fs');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..');
// Microsoft's XSDs and the wrapper that makes xmllint accept them ship in the project
// (scripts/manifest-schemas/SOURCE.md says where they come from and under which licence).
const XSD_DIR = path.join(__dirname, 'manifest-schemas');
const XSD_VALIDATOR = path.join(XSD_DIR, 'validate.sh');
// Pixel sizes Office expects for the two top-level icons (bt:Image carries its own size).
const TOP_ICON_SIZES = { IconUrl: 32, HighResolutionIconUrl: 64 };
// The requirement sets the code needs, each exactly (a higher one would shut out hosts the code
// runs on) and why. manifest.xml says which API needs which; raise a version here and there together.
const REQUIRED_SETS = {
  SharedRuntime: ['1.1', 'functions and task pane share one runtime'],
  CustomFunctionsRuntime: ['1.3', 'CustomFunctions.ErrorCode, the codes of the error values the functions return'],
  ExcelApi: ['1.8', "data validation (the assumptions table's drop-down); page setup (1.9) is optional"],
};

/**
 * Minimal XML reader for our own manifest: elements, attributes, text; skips the prolog and
 * comments. Not a general parser (no CDATA, no DTD) — the XSD check guards well-formedness.
 * Returns the root { name, attrs, children, text, parent }.
 */
function parseXml(xml) {
  const root = { name: '#document', attrs: {}, children: [], text: '' };
  let cur = root;
  const re =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m;
  while ((m = re.exec(xml))) {
    const [, close, open, attrText, selfClose, text] = m;
    if (close) {
      if (close !== cur.name) throw new Error(`XML: </${close}> closes <${cur.name}>`);
      cur = cur.parent;
    } else if (open) {
      const attrs = {};
      for (const a of attrText.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
        attrs[a[1]] = decode(a[2] ?? a[3]);
      const el = { name: open, attrs, children: [], text: '', parent: cur };
      cur.children.push(el);
      if (!selfClose) cur = el;
    } else if (text !== undefined) {
      cur.text += decode(text);
    }
  }
  if (cur !== root) throw new Error(`XML: <${cur.name}> is not closed`);
  return root.children[0];
}

function decode(s) {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]);
}

/** All descendants (depth first) whose local name (prefix dropped) is `name`, or all if omitted. */
function findAll(el, name) {
  const out = [];
  (function walk(e) {
    for (const c of e.children) {
      if (!name || c.name.replace(/^.*:/, '') === name) out.push(c);
      walk(c);
    }
  })(el);
  return out;
}

/** Width and height from a PNG's IHDR chunk, or null if the bytes are not a PNG. */
function pngSize(buf) {
  const sig = '89504e470d0a1a0a';
  if (buf.length < 24 || buf.subarray(0, 8).toString('hex') !== sig || buf.toString('ascii', 12, 16) !== 'IHDR')
    return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * Checks manifest XML text. Icon URLs must map to files under <repoRoot>/assets.
 * Returns { errors: string[], origin } where origin is the one origin of every URL ("https://host:port").
 */
function checkManifest(xml, repoRoot = REPO_ROOT) {
  const errors = [];
  const doc = parseXml(xml);
  const resourcesEl = findAll(doc, 'Resources')[0];
  if (!resourcesEl) return { errors: ['no <Resources> in VersionOverrides'], origin: null };

  // 1. Every resid names a resource, and resource ids are unique.
  const resources = new Map(); // id -> { kind, value }
  for (const el of findAll(resourcesEl)) {
    if (el.attrs.id === undefined || el.attrs.DefaultValue === undefined) continue;
    if (resources.has(el.attrs.id)) errors.push(`resource id "${el.attrs.id}" is defined twice`);
    resources.set(el.attrs.id, { kind: el.parent.name.replace(/^.*:/, ''), value: el.attrs.DefaultValue });
  }
  const used = findAll(doc).filter((el) => el.attrs.resid !== undefined);
  for (const el of used) {
    if (!resources.has(el.attrs.resid))
      errors.push(`<${el.name} resid="${el.attrs.resid}"> is not defined in <Resources>`);
  }
  const urlOf = (resid) => resources.get(resid)?.value;

  // 2. Every URL is https and on one origin (the dev server, or BEEKEEPER_ORIGIN after the build).
  const urls = [];
  for (const el of [doc, ...findAll(doc)]) {
    for (const [k, v] of Object.entries(el.attrs)) {
      // xmlns values are namespace names, not URLs Office fetches.
      if (!/^xmlns(:|$)/.test(k) && /^https?:\/\//i.test(v)) urls.push([`${el.name}@${k}`, v]);
    }
    if (el.name === 'AppDomain') urls.push(['AppDomain', el.text.trim()]);
  }
  const origins = new Set();
  for (const [where, u] of urls) {
    let parsed;
    try {
      parsed = new URL(u);
    } catch {
      errors.push(`${where}: "${u}" is not a URL`);
      continue;
    }
    if (parsed.protocol !== 'https:') errors.push(`${where}: "${u}" is not https (Office requires https)`);
    origins.add(parsed.origin);
  }
  if (origins.size !== 1) errors.push(`URLs must share one origin, found: ${[...origins].join(', ') || 'none'}`);
  const origin = origins.size === 1 ? [...origins][0] : null;

  // 3. Icons: each URL is a file in assets/ whose PNG size is the size the manifest claims.
  const icons = [];
  for (const [tag, size] of Object.entries(TOP_ICON_SIZES)) {
    const el = findAll(doc, tag)[0];
    if (!el) errors.push(`<${tag}> is missing`);
    else icons.push([tag, el.attrs.DefaultValue, size]);
  }
  for (const el of findAll(doc, 'Image').filter((e) => e.attrs.size && e.attrs.resid)) {
    icons.push([`Image ${el.attrs.resid}`, urlOf(el.attrs.resid), Number(el.attrs.size)]);
  }
  for (const [where, u, size] of icons) {
    if (!u) continue; // already reported as an undefined resid
    let file;
    try {
      const p = decodeURIComponent(new URL(u).pathname);
      if (!p.startsWith('/assets/')) throw new Error();
      file = path.join(repoRoot, p);
    } catch {
      errors.push(`${where}: "${u}" is not a URL under /assets/`);
      continue;
    }
    if (!fs.existsSync(file)) {
      errors.push(`${where}: ${path.relative(repoRoot, file)} does not exist`);
      continue;
    }
    const dim = pngSize(fs.readFileSync(file));
    if (!dim) errors.push(`${where}: ${path.relative(repoRoot, file)} is not a PNG`);
    else if (dim.width !== size || dim.height !== size) {
      errors.push(
        `${where}: ${path.relative(repoRoot, file)} is ${dim.width}x${dim.height}, the manifest says ${size}x${size}`,
      );
    }
  }

  // 4. Custom functions: namespace OSS (a public contract, see spec/functions.md).
  const cf = findAll(doc, 'ExtensionPoint').find((e) => e.attrs['xsi:type'] === 'CustomFunctions');
  if (!cf) errors.push('no <ExtensionPoint xsi:type="CustomFunctions">');
  const nsRes = cf && findAll(cf, 'Namespace')[0]?.attrs.resid;
  if (cf && urlOf(nsRes) !== 'OSS') errors.push(`custom functions namespace is "${urlOf(nsRes)}", expected "OSS"`);

  // 5. Shared runtime: a long-lived Runtime, and the functions' Page, the FunctionFile and the
  //    task pane all load that same page — otherwise Office starts separate runtimes.
  const runtime = findAll(doc, 'Runtime').find((e) => e.attrs.lifetime === 'long');
  if (!runtime) errors.push('no <Runtime lifetime="long"> (shared runtime)');
  const runtimeUrl = runtime && urlOf(runtime.attrs.resid);
  const pages = [
    ['CustomFunctions Page', cf && findAll(findAll(cf, 'Page')[0] ?? cf, 'SourceLocation')[0]],
    ['FunctionFile', findAll(doc, 'FunctionFile')[0]],
    ...findAll(doc, 'Action')
      .filter((a) => a.attrs['xsi:type'] === 'ShowTaskpane')
      .map((a) => ['ShowTaskpane', findAll(a, 'SourceLocation')[0]]),
  ];
  for (const [what, el] of pages) {
    if (runtimeUrl && el && urlOf(el.attrs.resid) !== runtimeUrl) {
      errors.push(`${what} loads ${urlOf(el.attrs.resid)}, not the shared runtime page ${runtimeUrl}`);
    }
  }

  // 6. Requirement sets: the ones the code needs, at the versions it needs.
  const declared = new Map(
    findAll(doc, 'Set').map((e) => [e.attrs.Name, e.attrs.MinVersion ?? e.parent.attrs.DefaultMinVersion]),
  );
  for (const [name, [version, why]] of Object.entries(REQUIRED_SETS)) {
    const found = declared.get(name);
    if (found === undefined) errors.push(`<Requirements> lacks <Set Name="${name}" MinVersion="${version}"/> (${why})`);
    else if (found !== version)
      errors.push(`<Set Name="${name}"> has MinVersion ${found}; the code needs exactly ${version} (${why})`);
  }
  return { errors: [...new Set(errors)], origin }; // an icon used twice is reported once
}

/**
 * Checks custom functions metadata (functions.json content): every function has a help URL
 * on `origin` pointing at help.html#<id lowercased>, the anchor scripts/render-help.js writes.
 */
function checkFunctionsMetadata(metadata, origin) {
  const errors = [];
  for (const f of metadata.functions ?? []) {
    const want = `${origin}/help.html#${f.id.toLowerCase()}`;
    if (!f.helpUrl) errors.push(`${f.id}: no helpUrl (add the JSDoc tag @helpurl ${want})`);
    else if (f.helpUrl !== want) errors.push(`${f.id}: helpUrl is ${f.helpUrl}, expected ${want}`);
  }
  return errors;
}

module.exports = {
  REPO_ROOT,
  REQUIRED_SETS,
  XSD_DIR,
  XSD_VALIDATOR,
  parseXml,
  findAll,
  pngSize,
  checkManifest,
  checkFunctionsMetadata,
};
