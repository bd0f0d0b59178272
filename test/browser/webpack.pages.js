// The browser tests' own bundles (test/browser/harness.ts builds them with
// `webpack --config test/browser/webpack.pages.js --output-path …`, next to the add-in's
// production build): the Office host that stands in for office.js, and the engine's test page.
// Production mode, not minified: terser takes longer over the engine page (the @stdlib modules)
// than the rest of the build, and the numbers a test compares come from the add-in's own
// minified simulation-worker.js; the page only merges them, and terser keeps arithmetic as written.
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const root = path.resolve(__dirname, '../..');

module.exports = {
  mode: 'production',
  context: root,
  devtool: false,
  entry: {
    'office-host': './test/browser/office-host.ts',
    'engine-page': './test/browser/engine-page.ts',
  },
  // The harness always gives --output-path; this default keeps a stray run out of dist/.
  output: { path: path.join(root, 'test-output', 'browser', 'pages'), clean: true },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        loader: 'ts-loader',
        options: {
          configFile: path.join(root, 'tsconfig.json'),
          transpileOnly: false, // a type error fails the build, as in the add-in's
          onlyCompileBundledFiles: true,
          compilerOptions: { module: 'es2020', sourceMap: false },
        },
      },
    ],
  },
  optimization: { minimize: false },
  performance: { hints: false },
  plugins: [
    new HtmlWebpackPlugin({
      filename: 'engine.html',
      chunks: ['engine-page'],
      templateContent:
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>engine</title></head><body></body></html>',
    }),
  ],
};
