import { execFileSync, execSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'beekeeper.js');

/** Runs the built command line as a user would. */
const beekeeper = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });

beforeAll(() => {
  // The binary runs the compiled lib/: build it when it is missing (a fresh clone without npm install).
  if (!fs.existsSync(path.join(root, 'lib', 'cli', 'main.js')))
    execSync('npm run build:cli', { cwd: root, stdio: 'ignore' });
}, 120_000);

describe('bin/beekeeper.js', () => {
  it('evaluates a function', () => {
    const r = beekeeper('call', 'OSS.CONVERSION', '10', '0.05');
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '0.4012630607616211\n', '']);
  });

  it('prints an error value on stderr with exit code 1', () => {
    const r = beekeeper('call', 'OSS.CONVERSION', '10', '2');
    expect([r.status, r.stdout, r.stderr]).toEqual([1, '', '#VALUE! persuasion must be between 0 and 1, got 2\n']);
  });

  it('lists the commands in --help', () => {
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/^Usage: beekeeper /);
    for (const command of ['call', 'functions', 'project']) expect(help).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('prints its version', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(beekeeper('--version').stdout).toBe(`${version}\n`);
  });
});
