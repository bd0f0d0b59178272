/**
 * The browser tests' harness: the add-in's production build and the tests' own pages, served on
 * 127.0.0.1, opened in headless Chromium (Debian's, through playwright-core) where the only fake
 * is the Office host (test/browser/office-host.ts, served in place of office.js).
 *
 * @example
 * const harness = useBrowserHarness();
 * test('the pane renders', async () => {
 *   const pane = await harness().openPane();
 *   await expect(pane.page.getByRole('heading', { name: 'Beekeeper' }).isVisible()).resolves.toBe(true);
 *   expect(pane.errors).toEqual([]);
 * });
 *
 * The builds are made once for all the browser test files of a run and kept for the next run
 * while the sources are the same ({@link sharedBuilds}, into test-output/browser/build-<hash>/,
 * never dist/): `webpack --mode production` with the repo's webpack.config.js (the add-in, exactly
 * as shipped) and test/browser/webpack.pages.js (the Office host and the engine page), the two in
 * parallel in child processes. No request leaves 127.0.0.1: the browser context routes every
 * request, lets through the test server's and answers office.js's with the Office host, and
 * aborts and records the rest (`harness.refused`, which every test should find empty); and
 * Chromium gets a proxy that does not exist, so that even a request the routing did not see
 * goes nowhere.
 */
import { execFile } from 'child_process';
import { createHash } from 'crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import type { OfficeHostOptions, OfficeTestHost } from './office-host';

const ROOT = path.resolve(__dirname, '../..');

/** The office.js of the production taskpane.html: the harness answers it with the Office host. */
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** Where Chromium is looked for, unless BEEKEEPER_CHROMIUM names another binary. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium's flags: headless, no sandbox (root in CI), nothing of its own on the network;
 * `--proxy-server` at a closed local port makes any request the routing missed fail (loopback
 * bypasses a proxy in Chromium, so the test server is still reached).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--proxy-server=http://127.0.0.1:9',
];

/** The tests' own pages are served under this path; everything else is the add-in's build. */
export const TEST_PAGES = '/__test__/';

/** Time for beforeAll: both builds (about 25 s in parallel on 2 cores) and Chromium's start. */
export const HARNESS_TIMEOUT = 240_000;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The Chromium binary to launch: BEEKEEPER_CHROMIUM, else /usr/bin/chromium. Throws (the tests
 * fail, they are not skipped) when it is missing.
 */
export function chromiumPath(): string {
  const configured = process.env.BEEKEEPER_CHROMIUM;
  const file = configured || DEFAULT_CHROMIUM;
  if (!existsSync(file))
    throw new Error(
      configured
        ? `BEEKEEPER_CHROMIUM is ${configured}, which does not exist`
        : `No Chromium at ${DEFAULT_CHROMIUM}: install Chromium: apt-get install -y chromium (or set BEEKEEPER_CHROMIUM to a Chromium binary)`,
    );
  return file;
}

/** The two builds of a test file and how long each took. */
export interface Builds {
  /** The add-in's production build (what dist/ would hold). */
  readonly addin: string;
  /** office-host.js, engine-page.js, engine.html. */
  readonly pages: string;
  readonly seconds: { readonly addin: number; readonly pages: number; readonly both: number };
}

/** Runs webpack in a child process from the repo's root; resolves to its seconds. */
function webpack(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [require.resolve('webpack/bin/webpack.js'), ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve((performance.now() - started) / 1000);
        const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
        reject(new Error(`webpack ${args.join(' ')} failed:\n${output}`));
      },
    );
  });
}

/**
 * Builds the add-in (`webpack --mode production`, the repo's webpack.config.js) and the test
 * pages (test/browser/webpack.pages.js) into `folder`, emptied first; the two in parallel.
 */
export async function buildBundles(folder: string): Promise<Builds> {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const addin = path.join(folder, 'addin');
  const pages = path.join(folder, 'pages');
  const started = performance.now();
  const [addinSeconds, pagesSeconds] = await Promise.all([
    webpack(['--mode', 'production', '--output-path', addin]),
    webpack(['--config', 'test/browser/webpack.pages.js', '--output-path', pages]),
  ]);
  return {
    addin,
    pages,
    seconds: { addin: addinSeconds, pages: pagesSeconds, both: (performance.now() - started) / 1000 },
  };
}

/** What the builds are made from: their content decides whether a kept build is still the one they make. */
const BUILD_INPUTS = [
  'src',
  'assets',
  'test/browser',
  'test/support',
  'scripts/render-help.js',
  'webpack.config.js',
  'tsconfig.json',
  'package-lock.json',
  'manifest.xml',
];

/** A hash of every file of {@link BUILD_INPUTS}, by path and content. */
export function buildKey(): string {
  const hash = createHash('sha256');
  const add = (relative: string) => {
    const file = path.join(ROOT, relative);
    if (!existsSync(file)) return;
    if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file).sort()) add(path.join(relative, entry));
      return;
    }
    hash.update(relative).update('\0').update(readFileSync(file)).update('\0');
  };
  BUILD_INPUTS.forEach(add);
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The builds of the current sources, made once: jest runs test files in parallel workers, and
 * two production builds at once on a 2-core machine take four times as long as one. The first
 * file to ask builds (holding a lock folder); the others wait for it; a later run reuses the
 * build while no input changed. A lock older than the harness's timeout is from a run that was
 * killed, and is taken over.
 */
export async function sharedBuilds(): Promise<Builds & { readonly reused: boolean }> {
  const base = path.join(ROOT, 'test-output', 'browser');
  const folder = path.join(base, `build-${buildKey()}`);
  const done = path.join(folder, 'builds.json');
  const lock = `${folder}.lock`;
  mkdirSync(base, { recursive: true });
  for (const until = Date.now() + HARNESS_TIMEOUT; ;) {
    if (existsSync(done)) return { ...(JSON.parse(readFileSync(done, 'utf8')) as Builds), reused: true };
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > HARNESS_TIMEOUT)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > until)
        throw new Error(`waited ${HARNESS_TIMEOUT / 1000} s for another test file's build (${lock})`);
      await sleep(500);
      continue;
    }
    try {
      // Builds of earlier sources go: one build is kept.
      for (const old of readdirSync(base).filter((f) => /^build-[0-9a-f]+$/.test(f) && path.join(base, f) !== folder))
        rmSync(path.join(base, old), { recursive: true, force: true });
      const builds = await buildBundles(folder);
      writeFileSync(done, JSON.stringify(builds));
      return { ...builds, reused: false };
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** A static server on 127.0.0.1 (a free port) and the paths it was asked for. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every path requested, in order (`/taskpane.html`, `/simulation-worker.js`…). */
  readonly requested: string[];
  close(): Promise<void>;
}

/**
 * Serves `pages` under {@link TEST_PAGES} and `addin` at the root, GET and HEAD only, with the
 * MIME type of each file's extension; anything else is a 404.
 */
export async function serve(addin: string, pages: string): Promise<TestServer> {
  const requested: string[] = [];
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    requested.push(pathname);
    const [root, relative] = pathname.startsWith(TEST_PAGES)
      ? [pages, pathname.slice(TEST_PAGES.length)]
      : [addin, pathname.slice(1)];
    const file = path.join(root, path.normalize(relative));
    const inside = file.startsWith(root + path.sep);
    const type = MIME[path.extname(file)];
    if (!['GET', 'HEAD'].includes(request.method ?? '') || !inside || !type || !isFile(file)) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}`);
      return;
    }
    response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    requested,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // Chromium keeps connections alive
        server.close(() => resolve());
      }),
  };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A page and what went wrong in it. */
export interface TestPage {
  readonly page: Page;
  /**
   * Uncaught exceptions and unhandled rejections of the page, console.error of the page and its
   * workers, a crash: every test should find it empty.
   */
  readonly errors: string[];
}

/** The page's `window` as the Office host leaves it, for `page.evaluate`. */
export interface PaneWindow {
  readonly __beekeeper: OfficeTestHost;
}

/** A browser with the builds served, for one test file. See the file's header. */
export class BrowserHarness {
  /** Requests the harness refused: anything but the test server and office.js. */
  readonly refused: string[] = [];

  private constructor(
    readonly builds: Builds & { readonly reused: boolean },
    readonly server: TestServer,
    private readonly context: BrowserContext,
    private readonly profile: string,
    /** Seconds Chromium took to start. */
    readonly launchSeconds: number,
  ) {}

  /**
   * Builds (see {@link sharedBuilds}), serves, and starts
   * Chromium with a fresh profile. Fails at once, before building, when Chromium is missing.
   */
  static async start(): Promise<BrowserHarness> {
    const executablePath = chromiumPath();
    const builds = await sharedBuilds();
    const server = await serve(builds.addin, builds.pages);
    const profile = mkdtempSync(path.join(os.tmpdir(), 'beekeeper-chromium-'));
    const started = performance.now();
    let context: BrowserContext;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        serviceWorkers: 'block',
      });
    } catch (e) {
      await server.close();
      rmSync(profile, { recursive: true, force: true });
      throw e;
    }
    const harness = new BrowserHarness(builds, server, context, profile, (performance.now() - started) / 1000);
    await harness.lockDown();
    return harness;
  }

  /** Routes every request of the context: the test server's go through, office.js is the Office host, the rest is refused. */
  private async lockDown(): Promise<void> {
    const officeHost = path.join(this.builds.pages, 'office-host.js');
    const ours = (url: string) => url.startsWith(`${this.server.origin}/`);
    const isOfficeJs = (url: string) => url.split(/[?#]/)[0] === OFFICE_JS;
    await this.context.route('**/*', (route) => {
      const url = route.request().url();
      if (ours(url)) return route.continue();
      if (isOfficeJs(url)) return route.fulfill({ path: officeHost, contentType: MIME['.js'] });
      this.refuse(url);
      return route.abort('blockedbyclient');
    });
    // A request the routing did not see (a worker's, say) is still counted.
    this.context.on('request', (request) => {
      const url = request.url();
      if (!ours(url) && !isOfficeJs(url) && !/^(data|blob|about):/.test(url)) this.refuse(url);
    });
  }

  private refuse(url: string): void {
    if (!this.refused.includes(url)) this.refused.push(url);
  }

  /** The test server's URL of `pathname` (`taskpane.html`, `__test__/engine.html`). */
  url(pathname: string): string {
    return `${this.server.origin}/${pathname.replace(/^\//, '')}`;
  }

  /** A new page (tab) whose errors are collected in {@link TestPage.errors}. */
  async newPage(): Promise<TestPage> {
    const page = await this.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('crash', () => errors.push('the page crashed'));
    const consoleErrors = (where: string) => (message: { type(): string; text(): string }) => {
      if (message.type() === 'error') errors.push(`console.error (${where}): ${message.text()}`);
    };
    page.on('console', consoleErrors('page'));
    page.on('worker', (worker) => worker.on('console', consoleErrors(`worker ${worker.url()}`)));
    return { page, errors };
  }

  /**
   * Opens the production taskpane.html under the Office host (`options`: the workbook's sheets,
   * the requirement sets) in `page` (a new one by default), and resolves once Office.onReady has
   * answered. The workbook is then `window.__beekeeper.excel` ({@link PaneWindow}).
   */
  async openPane(page?: TestPage, options: OfficeHostOptions = {}): Promise<TestPage> {
    const pane = page ?? (await this.newPage());
    await pane.page.addInitScript((o) => Object.assign(window, { __beekeeperOptions: o }), options);
    await pane.page.goto(this.url('taskpane.html'));
    try {
      await pane.page.waitForFunction(
        () => (window as unknown as Partial<PaneWindow>).__beekeeper?.officeReady === true,
        undefined,
        { timeout: 10_000 },
      );
    } catch {
      throw new Error(
        `taskpane.html never got the Office host: does it still load office.js from ${OFFICE_JS}? Errors: ${JSON.stringify(pane.errors)}`,
      );
    }
    return pane;
  }

  /** Closes Chromium and the server, and removes the profile. The builds stay in test-output/ for a look. */
  async close(): Promise<void> {
    await this.context.close();
    await this.server.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/**
 * Starts a {@link BrowserHarness} for this test file in beforeAll (the builds shared with the
 * other files, {@link sharedBuilds}) and closes it in afterAll; the getter returns it.
 */
export function useBrowserHarness(): () => BrowserHarness {
  let harness: BrowserHarness | undefined;
  beforeAll(async () => {
    const name = path.basename(expect.getState().testPath ?? 'browser', '.test.ts');
    harness = await BrowserHarness.start();
    const { addin, pages, both } = harness.builds.seconds;
    const built = harness.builds.reused
      ? 'builds reused'
      : `add-in built in ${addin.toFixed(1)} s and test pages in ${pages.toFixed(1)} s, in parallel ${both.toFixed(1)} s`;
    console.log(`${name}: ${built}; Chromium started in ${harness.launchSeconds.toFixed(1)} s`);
  }, HARNESS_TIMEOUT);
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('the browser harness did not start: see the error of beforeAll');
    return harness;
  };
}
