// Renders help.html — the page the functions' help URLs point at — from the custom functions
// metadata (the content of functions.json). webpack.config.js calls it at build time, so the
// help can never drift from the functions. Anchors are the function id lowercased
// (BASS -> #bass): help URLs are https://<origin>/help.html#<id lowercased>.
'use strict';

const esc = (s) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

// Metadata speaks of "matrix" dimensionality; users think of ranges that spill.
function describeType(t = {}, isResult) {
  const base = t.type && t.type !== 'any' ? t.type : 'value';
  if (t.dimensionality === 'matrix')
    return isResult ? `a range of ${base}s (spills)` : `a ${base} or a range of ${base}s`;
  return `a ${base}`;
}

/**
 * @param {{functions: Array<{id: string, name: string, description?: string,
 *   parameters?: Array<{name: string, description?: string, type?: string, dimensionality?: string,
 *   optional?: boolean, repeating?: boolean}>, result?: {type?: string, dimensionality?: string},
 *   options?: Record<string, boolean>}>}} metadata
 * @param {string} [namespace] shown before each name, as users type it in Excel
 * @returns {string} a complete HTML document
 */
function renderHelp(metadata, namespace = 'OSS') {
  const fns = [...(metadata.functions ?? [])];
  const full = (f) => `${namespace ? namespace + '.' : ''}${f.name}`;
  const signature = (f) =>
    `${full(f)}(${(f.parameters ?? []).map((p) => (p.optional ? `[${p.name}]` : p.name) + (p.repeating ? ', …' : '')).join(', ')})`;
  const notes = (f) =>
    [
      f.options?.stream && 'streams results',
      f.options?.cancelable && 'cancelable',
      f.options?.volatile && 'volatile',
    ].filter(Boolean);

  const sections = fns.map((f) => {
    const params = (f.parameters ?? [])
      .map(
        (
          p,
        ) => `      <dt><code>${esc(p.name)}</code> — ${esc(describeType(p))}, ${p.optional ? 'optional' : 'required'}${p.repeating ? ', repeating' : ''}</dt>
      <dd>${esc(p.description) || '<em>No description.</em>'}</dd>`,
      )
      .join('\n');
    const extra = notes(f);
    return `  <section id="${esc(f.id.toLowerCase())}">
    <h2><a href="#${esc(f.id.toLowerCase())}">${esc(full(f))}</a></h2>
    <p class="sig"><code>=${esc(signature(f))}</code></p>
    <p>${esc(f.description) || '<em>No description.</em>'}</p>
    ${params ? `<h3>Arguments</h3>\n    <dl>\n${params}\n    </dl>` : '<p>No arguments.</p>'}
    <p><strong>Result:</strong> ${esc(describeType(f.result, true))}${extra.length ? ` (${esc(extra.join(', '))})` : ''}.</p>
  </section>`;
  });

  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Beekeeper — ${esc(namespace)} functions</title>
  <style>
    body { font: 15px/1.5 "Segoe UI", system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
    h1 { color: #8a4b00; } h2 a { color: #8a4b00; text-decoration: none; }
    section { border-top: 1px solid #f0d9a8; padding-top: .5rem; }
    .sig code { background: #fff6e0; padding: .1rem .3rem; } dd { margin: 0 0 .5rem 1.5rem; }
  </style>
</head>
<body>
  <h1>Beekeeper — ${esc(namespace)} functions</h1>
  <p>Custom functions for modelling the business of open-source software. Type <code>=${esc(namespace)}.</code> in a cell to use them.</p>
  <nav><ul>
${fns.map((f) => `    <li><a href="#${esc(f.id.toLowerCase())}">${esc(full(f))}</a></li>`).join('\n')}
  </ul></nav>
${sections.join('\n')}
</body>
</html>
`;
}

module.exports = { renderHelp };
