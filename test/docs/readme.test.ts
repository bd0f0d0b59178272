import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_REPORT, DEFAULT_TEMPLATE } from '../../src/cli/simulate';

const root = path.resolve(__dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The README's text from `heading` to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "${heading}"`);
  const level = heading.split(' ')[0];
  const next = readme.slice(start + heading.length + 2).search(new RegExp(`\\n#{1,${level.length}} `));
  return readme.slice(start, next < 0 ? undefined : start + heading.length + 2 + next);
}

describe('README.md tells a newcomer what the first commands need', () => {
  test("the quickstart's commands install Chromium before npm test, which needs it", () => {
    const commands = /```sh\n([^]*?)```/.exec(section('## Quickstart'))?.[1] ?? '';
    const chromium = commands.indexOf('apt-get install -y chromium');
    expect(chromium).toBeGreaterThanOrEqual(0);
    expect(commands.indexOf('npm test')).toBeGreaterThan(chromium);
  });

  test('the deployment section says functions.json must be served with Access-Control-Allow-Origin', () => {
    expect(section('### Deploying')).toMatch(/`functions\.json`[^]*`Access-Control-Allow-Origin/);
  });
});

test("the command line's default outputs in the clone's root are ignored by git", () => {
  for (const file of [DEFAULT_REPORT, DEFAULT_TEMPLATE]) {
    const check = spawnSync('git', ['check-ignore', '--no-index', '-q', file], { cwd: root });
    expect({ file, ignored: check.status === 0 }).toEqual({ file, ignored: true });
  }
});
