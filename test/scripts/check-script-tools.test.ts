import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface ScriptTool {
  tool: string;
  args: string[];
  scripts: string[];
}
const { scriptTools, toolProblems } = require('../../scripts/check-script-tools') as {
  scriptTools(scripts: Record<string, string>): ScriptTool[];
  toolProblems(root: string): string[];
};

const root = path.resolve(__dirname, '../..');

describe("package.json scripts' tools", () => {
  test('every tool the scripts run is derived, with the subcommand it loads (sideloading included)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const tools = scriptTools(pkg.scripts);
    const find = (tool: string, ...args: string[]) =>
      tools.find((t) => t.tool === tool && t.args.join(' ') === args.join(' '));
    expect(find('office-addin-debugging', 'start')?.scripts).toEqual(['start', 'start:web']);
    expect(find('office-addin-debugging', 'stop')?.scripts).toEqual(['stop']);
    expect(find('webpack', 'serve')?.scripts).toEqual(['dev-server']);
    expect(find('jest')?.scripts).toEqual(['test']);
    // Every script that runs something other than another script is covered.
    const covered = new Set(tools.flatMap((t) => t.scripts));
    const own = Object.entries(pkg.scripts as Record<string, string>).filter(
      ([, line]) => !/^npm run [\w:-]+$/.test(line),
    );
    expect(own.map(([name]) => name).filter((name) => !covered.has(name))).toEqual([]);
  });

  test('npm run, npx, environment assignments and chained commands are split into their tools', () => {
    expect(
      scriptTools({
        a: 'npm run b && NODE_ENV=production npx --yes tool-x build --fast; node scripts/x.js --flag',
        b: 'tool-x build file.txt | tool-y -p tsconfig.json',
      }),
    ).toEqual([
      { tool: 'tool-x', args: ['build'], scripts: ['a', 'b'] },
      { tool: 'node', args: ['scripts/x.js'], scripts: ['a'] },
      { tool: 'tool-y', args: [], scripts: ['b'] },
    ]);
  });

  describe('on an install', () => {
    let dir: string;
    beforeAll(() => {
      // A project whose sideloading tool requires a module nobody installed (fs-extra's case),
      // next to one that loads, both in node_modules/.bin as npm links them.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'script-tools-'));
      const bin = path.join(dir, 'node_modules', '.bin');
      fs.mkdirSync(bin, { recursive: true });
      const tool = (name: string, body: string) => {
        fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env node\n${body}\n`, { mode: 0o755 });
      };
      tool('debug-tool', "require('fs-extra-not-installed');");
      // Loads, but refuses any call other than `build --help`: the check must start nothing.
      tool(
        'good-tool',
        "if (process.argv.slice(2).join(' ') !== 'build --help') process.exit(3); console.log('Usage: good-tool');",
      );
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({
          scripts: {
            start: 'debug-tool start manifest.xml',
            stop: 'debug-tool start manifest.xml --stop',
            build: 'good-tool build --mode production',
            docs: 'node scripts/gone.js',
            shell: 'sh -c true',
            typo: 'not-a-tool-anywhere',
          },
        }),
      );
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('a tool that does not load, a missing file and a missing tool are each named with their scripts', () => {
      expect(toolProblems(dir)).toEqual([
        "scripts start, stop: `debug-tool start --help` fails: Error: Cannot find module 'fs-extra-not-installed'",
        'script docs: runs node scripts/gone.js, which does not exist',
        'script typo: not-a-tool-anywhere is not installed (not in node_modules/.bin nor on PATH)',
      ]);
    });
  });
});
