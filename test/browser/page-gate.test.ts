/**
 * The production taskpane.html where its bundles cannot run (src/taskpane/page-gate.js): office.js
 * did not load, or the engine is Internet Explorer 11 or another without ES2020; and its
 * Content-Security-Policy, which the pane's normal run must not violate.
 */
import type { Page } from 'playwright-core';
import { OFFICE_JS, PaneWindow, TestPage, useBrowserHarness } from './harness';

const harness = useBrowserHarness();

afterEach(() => expect(harness().refused).toEqual([]));

/** The bundles the page loads (the gate's list); none of them may be asked for when the gate stops. */
const BUNDLES = ['/functions.js', '/taskpane.js', '/commands.js'];

/** Records the page's CSP violations in `window.__violations`, from before its first script. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __violations: seen });
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(
        `${e.violatedDirective} ${e.blockedURI} (${e.sourceFile.split('/').pop()}:${e.lineNumber}:${e.columnNumber})`,
      ),
    );
  });
}
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

/** Opens taskpane.html (without waiting for Office, which may never come) and returns the gate's message. */
async function openGated(pane: TestPage): Promise<string> {
  const before = harness().server.requested.length;
  await pane.page.goto(harness().url('taskpane.html'));
  const message = await pane.page.getByRole('alert').textContent({ timeout: 10_000 });
  await pane.page.waitForLoadState('load');
  expect(
    harness()
      .server.requested.slice(before)
      .filter((p) => BUNDLES.includes(p)),
  ).toEqual([]);
  return message ?? '';
}

test('office.js cannot be loaded: the pane says so, and nothing else fails', async () => {
  const pane = await harness().newPage();
  await recordViolations(pane.page);
  await pane.page.route(OFFICE_JS, (route) => route.abort('internetdisconnected'));
  const message = await openGated(pane);
  expect(message).toMatch(/^office\.js could not be loaded from appsforoffice\.microsoft\.com/);
  expect(message).toContain('Check the internet connection');
  // The failed load itself is the only error: no bundle ran into a missing Office.
  expect(pane.errors).toEqual([expect.stringMatching(/^console\.error \(page\): Failed to load resource/)]);
  expect(await violations(pane.page)).toEqual([]);
  await pane.page.close();
});

test.each([
  ['Internet Explorer 11 (Trident)', 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko'],
  ['the old Microsoft Edge (EdgeHTML)', 'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/70.0 Edge/18.19041'],
])('in %s the pane says what it needs instead of staying blank', async (_, agent) => {
  const pane = await harness().newPage();
  await pane.page.addInitScript((a) => Object.defineProperty(navigator, 'userAgent', { get: () => a }), agent);
  const message = await openGated(pane);
  expect(message).toContain('Internet Explorer 11 or the old Microsoft Edge');
  expect(message).toContain('Install Microsoft Edge WebView2');
  expect(message).toContain('Office 2021 or later');
  // The page still tells Office it started (office.js is ES5), so Office shows the message.
  const host = await pane.page.evaluate(() => {
    const { __beekeeper } = window as unknown as PaneWindow;
    return { onReadyCalls: __beekeeper.onReadyCalls, functions: __beekeeper.functions.size };
  });
  expect(host).toEqual({ onReadyCalls: 1, functions: 0 });
  expect(pane.errors).toEqual([]);
  await pane.page.close();
});

test('an engine without ES2020 under another name is stopped by the features it lacks', async () => {
  const pane = await harness().newPage();
  await pane.page.addInitScript(() => {
    delete (Promise as { allSettled?: unknown }).allSettled;
  });
  expect(await openGated(pane)).toContain('Install Microsoft Edge WebView2');
  expect(pane.errors).toEqual([]);
  await pane.page.close();
});

test('the Content-Security-Policy is enforced, and the pane (its bundles, styles, icon, workers) breaks none of it', async () => {
  const pane = await harness().newPage();
  await recordViolations(pane.page);
  await harness().openPane(pane);
  const { page } = pane;
  await page.getByText('This workbook has no assumptions table').waitFor();
  // Both workers start under the policy (a run's simulation worker, a report's worker).
  const workers = await page.evaluate(() =>
    Promise.all(
      ['simulation-worker.js', 'report-worker.js'].map(
        (file) =>
          new Promise<string>((resolve) => {
            const worker = new Worker(file);
            worker.onerror = () => resolve(`${file} failed`);
            setTimeout(() => {
              worker.terminate();
              resolve(`${file} started`);
            }, 300);
          }),
      ),
    ),
  );
  expect(workers).toEqual(['simulation-worker.js started', 'report-worker.js started']);
  expect(await violations(page)).toEqual([]);
  expect(pane.errors).toEqual([]);

  // The policy is in force: an injected inline script does not run, and is reported.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.appendChild(script);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  for (const until = Date.now() + 5000; (await violations(page)).length === 0 && Date.now() < until;)
    await new Promise((r) => setTimeout(r, 50));
  expect(await violations(page)).toEqual([expect.stringMatching(/^script-src-elem inline /)]);
  pane.errors.splice(0); // Chromium logs the refusal as a console error: expected here
  await page.close();
});
