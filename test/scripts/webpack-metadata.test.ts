/**
 * dist/functions.json is written by custom-functions-metadata-plugin, which has no way to set
 * the top-level allowErrorForDataTypeAny; webpack.config.js adds it after the plugin. This runs
 * the config's step over a functions.json asset, without a build.
 */
import { sources } from 'webpack';

type ProcessAssets = (assets: Record<string, sources.Source>) => void;
interface Plugin {
  constructor: { name: string };
  apply(compiler: unknown): void;
}

test("webpack's functions.json gets allowErrorForDataTypeAny, before the origin is rewritten", async () => {
  const makeConfig = require('../../webpack.config.js') as (
    env: object,
    options: object,
  ) => Promise<{ plugins: Plugin[] }>;
  const { plugins } = await makeConfig({}, { mode: 'production' });
  const names = plugins.map((p) => p.constructor.name);
  const plugin = plugins[names.indexOf('FunctionsMetadataOptionsPlugin')];
  expect(plugin).toBeDefined();
  expect(names.indexOf('FunctionsMetadataOptionsPlugin')).toBeGreaterThan(
    names.indexOf('CustomFunctionsMetadataPlugin'),
  );

  const tapped: { stage: number; run: ProcessAssets }[] = [];
  const assets: Record<string, sources.Source> = {
    'functions.json': new sources.RawSource(JSON.stringify({ allowCustomDataForDataTypeAny: true, functions: [] })),
  };
  const compilation = {
    hooks: {
      processAssets: { tap: (o: { stage: number }, run: ProcessAssets) => tapped.push({ stage: o.stage, run }) },
    },
    updateAsset: (name: string, source: sources.Source) => (assets[name] = source),
  };
  plugin.apply({ hooks: { thisCompilation: { tap: (_: string, f: (c: unknown) => void) => f(compilation) } } });
  expect(tapped).toHaveLength(1);
  expect(tapped[0].stage).toBeLessThan(require('webpack').Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE);
  tapped[0].run(assets);
  expect(JSON.parse(assets['functions.json'].source().toString())).toEqual({
    allowCustomDataForDataTypeAny: true,
    allowErrorForDataTypeAny: true,
    functions: [],
  });
});
