/* eslint-disable no-undef */
// Builds the add-in in the layout of Microsoft's "Excel custom functions with a shared
// runtime" template: one page (taskpane.html) loads the functions, the task pane and the
// ribbon commands, so they share one JavaScript runtime.
//
// Deployment origin: manifest.xml names https://localhost:3000/ (the dev server). For a
// production build, set BEEKEEPER_ORIGIN to where dist/ will be served, e.g.
//   BEEKEEPER_ORIGIN=https://beekeeper.example.org/ npm run build
// and the origin is rewritten in dist/manifest*.xml and dist/functions.json (whose help
// URLs point at help.html on the same origin). Unset, dist/ keeps localhost.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { generateCustomFunctionsMetadata } = require('custom-functions-metadata');
const { Compilation, DefinePlugin, sources } = require('webpack');
const { renderHelp } = require('./scripts/render-help');
const { withHostOptions } = require('./scripts/generate-metadata');

const urlDev = 'https://localhost:3000/';
const functionsInput = './src/functions/functions.ts';

// The add-in pages' inline start: loads the bundles, or says why they cannot run (its header).
const pageGate = fs.readFileSync(path.join(__dirname, 'src/taskpane/page-gate.js'), 'utf8');

// What taskpane.html and commands.html may load, in their <meta http-equiv="Content-Security-Policy">
// (README, "Deployment"): our own files, the gate by its hash (INLINE_SCRIPTS, filled in by
// InlineScriptHashPlugin), and what office.js loads from Microsoft: its scripts, its telemetry (a
// POST, and an iframe), and the inline styles it and Fluent UI (Griffel) insert. No eval, no
// plugins, no other origin.
const INLINE_SCRIPTS = "'inline-scripts'";
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' https://appsforoffice.microsoft.com https://ajax.aspnetcdn.com ${INLINE_SCRIPTS}`,
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' https://browser.pipe.aria.microsoft.com",
  'frame-src https://telemetryservice.firstpartyapps.oaspapps.com',
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

// Puts the hash of each inline <script> of a page, as emitted (html-webpack-plugin minifies it in
// a production build, after its own hooks), in place of INLINE_SCRIPTS in the page's policy.
class InlineScriptHashPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('InlineScriptHashPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'InlineScriptHashPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE },
        (assets) => {
          for (const name of Object.keys(assets).filter((n) => n.endsWith('.html'))) {
            const html = assets[name].source().toString();
            if (!html.includes(INLINE_SCRIPTS)) continue;
            const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
              ([, code]) => `'sha256-${crypto.createHash('sha256').update(code).digest('base64')}'`,
            );
            compilation.updateAsset(name, new sources.RawSource(html.split(INLINE_SCRIPTS).join(hashes.join(' '))));
          }
        },
      );
    });
  }
}

// BEEKEEPER_ORIGIN, checked and with a trailing slash; a sub-path (https://host/beekeeper/) works too.
function productionUrl() {
  const raw = process.env.BEEKEEPER_ORIGIN;
  if (!raw) return null;
  const url = new URL(raw);
  if (url.protocol !== 'https:') throw new Error(`BEEKEEPER_ORIGIN must be https (Office requires it), got ${raw}`);
  return url.href.endsWith('/') ? url.href : url.href + '/';
}

// Rewrites the dev origin in the manifest(s) and functions.json once every plugin has added them
// (CopyWebpackPlugin and CustomFunctionsMetadataPlugin add theirs before the OPTIMIZE stage).
class RewriteOriginPlugin {
  constructor(url) {
    this.url = url;
  }
  apply(compiler) {
    const origin = new URL(this.url).origin; // for <AppDomain>, which is written without a path
    compiler.hooks.thisCompilation.tap('RewriteOriginPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'RewriteOriginPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE },
        (assets) => {
          for (const name of Object.keys(assets).filter((n) => /^manifest.*\.xml$|^functions\.json$/.test(n))) {
            const text = assets[name].source().toString();
            const out = text.split(urlDev).join(this.url).split(urlDev.slice(0, -1)).join(origin);
            compilation.updateAsset(name, new sources.RawSource(out));
          }
        },
      );
    });
  }
}

// Adds to dist/functions.json the top-level options no JSDoc tag writes (allowErrorForDataTypeAny),
// as scripts/generate-metadata.js does for lib/functions.json; before the origin is rewritten.
class FunctionsMetadataOptionsPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('FunctionsMetadataOptionsPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'FunctionsMetadataOptionsPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        (assets) => {
          if (!assets['functions.json']) return; // the metadata plugin reported its errors
          const metadata = withHostOptions(JSON.parse(assets['functions.json'].source().toString()));
          compilation.updateAsset('functions.json', new sources.RawSource(JSON.stringify(metadata, null, 4)));
        },
      );
    });
  }
}

// Metadata for help.html. The plugin's generateResults is filled in its compilation hook, which
// runs before HtmlWebpackPlugin renders; generating again is only a fallback.
async function functionsMetadata() {
  const result =
    CustomFunctionsMetadataPlugin.generateResults[functionsInput] ??
    (await generateCustomFunctionsMetadata(path.resolve(functionsInput)));
  return JSON.parse(result.metadataJson || '{"functions":[]}');
}

async function httpsOptions() {
  try {
    // Installs (once, may prompt) and returns the trusted localhost certificate Office requires.
    const devCerts = require('office-addin-dev-certs');
    const { ca, key, cert } = await devCerts.getHttpsServerOptions();
    return { ca, key, cert };
  } catch (err) {
    console.warn(
      `No trusted dev certificate (${err.message}). Office will refuse the self-signed one; run: npx office-addin-dev-certs install`,
    );
    return undefined; // webpack-dev-server then makes a self-signed certificate
  }
}

module.exports = async (env, options) => {
  const dev = options.mode === 'development';
  const prodUrl = dev ? null : productionUrl();
  return {
    devtool: dev ? 'source-map' : false,
    entry: {
      functions: functionsInput,
      taskpane: './src/taskpane/taskpane.tsx',
      commands: './src/commands/commands.ts',
      // The task pane's simulation Web Worker (src/taskpane/web-workers.ts starts it by this name).
      'simulation-worker': './src/taskpane/simulation-worker.ts',
      // Analyses a finished run and builds its report off the pane's thread (report-builder.ts).
      'report-worker': './src/taskpane/report-worker.ts',
    },
    output: { path: path.resolve(__dirname, 'dist'), clean: true },
    resolve: {
      extensions: ['.ts', '.tsx', '.js'],
      // Without eval, for the pages' Content-Security-Policy (the file says why).
      alias: { '@stdlib/assert-has-generator-support$': path.resolve(__dirname, 'src/shims/has-generator-support.js') },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: 'ts-loader',
          options: {
            configFile: 'tsconfig.json',
            transpileOnly: false, // type errors fail the build
            // Only the bundled files: test/ and bench/ are type-checked by jest, not here.
            onlyCompileBundledFiles: true,
            // ES modules let webpack tree-shake and concatenate (tsconfig says commonjs for node/jest).
            compilerOptions: { module: 'es2020', sourceMap: dev },
          },
        },
      ],
    },
    optimization: { minimize: !dev },
    performance: { hints: false }, // sizes are reported in the build output; no arbitrary budget
    plugins: [
      // The version the pane writes into the report's Summary (as the CLI does).
      new DefinePlugin({ __BEEKEEPER_VERSION__: JSON.stringify(require('./package.json').version) }),
      new CustomFunctionsMetadataPlugin({ input: functionsInput, output: 'functions.json' }),
      new FunctionsMetadataOptionsPlugin(),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane', 'commands', 'functions'], // the shared runtime page loads everything
        inject: false, // the page's gate loads them (src/taskpane/page-gate.js)
        templateParameters: { pageGate, contentSecurityPolicy },
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './src/commands/commands.html',
        chunks: ['commands'],
        inject: false,
        templateParameters: { pageGate, contentSecurityPolicy },
      }),
      new HtmlWebpackPlugin({
        filename: 'help.html',
        inject: false,
        chunks: [],
        templateContent: async () => renderHelp(await functionsMetadata()),
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*', to: 'assets/[name][ext]' },
          { from: 'src/taskpane/taskpane.css', to: 'taskpane.css' }, // plain CSS: no css-loader needed
          { from: 'manifest*.xml', to: '[name][ext]' },
        ],
      }),
      new InlineScriptHashPlugin(),
      ...(prodUrl ? [new RewriteOriginPlugin(prodUrl)] : []),
    ],
    devServer: {
      headers: { 'Access-Control-Allow-Origin': '*' }, // Excel fetches functions.json cross-origin
      server: { type: 'https', options: dev && env.WEBPACK_SERVE ? await httpsOptions() : undefined },
      port: Number(process.env.npm_package_config_dev_server_port) || 3000,
    },
  };
};
