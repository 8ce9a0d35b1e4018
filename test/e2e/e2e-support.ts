import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../dev/sandbox';
import { seedSyntheticActivity } from '../../dev/seed-sandbox';
import { createSandboxServer } from '../../dev/server';

/**
 * What the end-to-end suites share: Debian's chromium driven by playwright-core, against the sandbox
 * started in this process (the app's real resolvers on an in-memory SQLite), serving the built page.
 */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Without chromium on a developer's machine the suites are skipped, and say why in their name; in CI
 * (`CI` set: `.ci/run` installs chromium) a missing browser is a failure, never a silent skip. Jest's
 * globals are touched only when it is called: the benchmarks load this module outside Jest.
 */
export const e2eDescribe = (name: string, body: () => void): void =>
  existsSync(CHROMIUM) || process.env.CI
    ? describe(name, body)
    : describe.skip(`${name} (skipped: ${CHROMIUM} is not installed; apt-get install chromium)`, body);

export const ROOT = resolve(__dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-output/screenshots');
export const DOWNLOADS = join(ROOT, 'test-output/downloads');

export interface Stand {
  readonly sandbox: Sandbox;
  readonly server: Server;
  readonly base: string;
  readonly browser: Browser;
  /** Resolver calls as the sandbox's default admin, as the Jira admin page makes them. */
  invoke<T>(key: string, payload: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts the sandbox with view events recorded (so a 90-day range holds enough records for a large
 * export), seeds it through the app's real trigger handler, serves it on a free port and opens chromium.
 */
export async function startStand(
  seedEvents: number,
  options: Pick<SandboxOptions, 'confluenceAudit' | 'jiraAudit'> = {},
): Promise<Stand> {
  if (!existsSync(join(ROOT, 'static/admin/build/index.html'))) {
    throw new Error('The admin page is not built: run `npm run build:ui` first (npm test does).');
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (apt-get install chromium).`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(DOWNLOADS, { recursive: true });
  const sandbox = await startSandbox({ auditDb: ':memory:', kvsFile: null, ...options });
  const invoke = <T>(key: string, payload: unknown) =>
    sandbox.host.invoke('jira:adminPage', key, payload, sandbox.defaultAccountId) as Promise<T>;
  await invoke('settings.update', { views: { jira: true, confluence: true } });
  await seedSyntheticActivity(sandbox, seedEvents);
  const server = createSandboxServer(sandbox);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    sandbox,
    server,
    base,
    browser,
    invoke,
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
      await sandbox.close();
    },
  };
}

/**
 * A fresh page at the sandbox's address. Nothing leaves the machine: requests to other hosts (people's
 * avatars on Atlassian's CDN) are refused, as an offline browser would; the page shows its fallback.
 * Uncaught page errors, and the HTTP status of every resolver call, are collected for the test.
 * `beforeLoad` runs before the navigation, for what must watch the page from its first byte;
 * `timezoneId` is the browser's own zone (UTC unless given); `viewport` its window (1440×960 unless given).
 */
export async function openPage(
  stand: Stand,
  path: string,
  options: {
    readonly beforeLoad?: (page: Page) => Promise<void>;
    readonly timezoneId?: string;
    readonly viewport?: { readonly width: number; readonly height: number };
  } = {},
): Promise<{ page: Page; errors: string[]; invokes: number[] }> {
  const context = await stand.browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 960 },
    acceptDownloads: true,
    timezoneId: options.timezoneId ?? 'UTC',
    locale: 'en-US',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stand.base });
  const page = await context.newPage();
  const local = new URL(stand.base).host;
  await page.route(
    (url) => url.host !== local,
    (route) => route.abort(),
  );
  const errors: string[] = [];
  const invokes: number[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/invoke') invokes.push(response.status());
  });
  await options.beforeLoad?.(page);
  await page.goto(`${stand.base}${path}`);
  return { page, errors, invokes };
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** Runs axe-core inside the page; returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // A dialog still fading in has not reached its colours: axe would report its half-faded text as
  // low contrast (seen on a busy machine). Endless animations (spinners) are not waited for.
  await page.waitForFunction(() => {
    // The test's TypeScript has no DOM library: the page's document, typed as much as is read here.
    type Animation = { playState: string; effect: { getComputedTiming(): { iterations: number } } | null };
    const { document } = globalThis as unknown as { document: { getAnimations(): Animation[] } };
    return document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);
  });
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    // The whole document, every rule axe enables by default (WCAG 2.x A and AA, best practices).
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Readable in a failed assertion: which rule, where. */
export function describeViolations(violations: readonly AxeViolation[]): string[] {
  return violations.map(
    (v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/**
 * RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends) into rows of cells; a leading
 * UTF-8 byte-order mark is dropped. Written here rather than taken from the app, so the test checks the
 * file against the standard and not against the code that wrote it.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * Waits until `check` holds (Playwright's own `expect` is not part of playwright-core). The error says
 * what was awaited and what was last seen.
 */
export async function until(
  what: string,
  check: () => Promise<boolean | string>,
  timeout = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result === true) return;
      last = result;
    } catch (error) {
      last = error instanceof Error ? error.message.split('\n')[0] : error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeout} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

export const visible = (locator: Locator, timeout?: number) =>
  until(`${locator} to be visible`, () => locator.first().isVisible(), timeout);

export const hidden = (locator: Locator, timeout?: number) =>
  until(`${locator} to be hidden`, async () => !(await locator.first().isVisible()), timeout);

/** The locator's text contains `text` (or matches it); `false` waits for it not to. */
export const hasText = (locator: Locator, text: string | RegExp, wanted = true, timeout?: number) =>
  until(
    `${locator} ${wanted ? 'to' : 'not to'} contain ${String(text)}`,
    async () => {
      const value = await locator.first().innerText();
      const found = typeof text === 'string' ? value.includes(text) : text.test(value);
      return found === wanted || value.slice(0, 200);
    },
    timeout,
  );

/** `read()` comes to equal `expected` (compared as JSON). */
export const settles = <T>(what: string, read: () => Promise<T>, expected: T, timeout?: number) =>
  until(
    what,
    async () => {
      const value = JSON.stringify(await read());
      return value === JSON.stringify(expected) || value.slice(0, 300);
    },
    timeout,
  );

/** A row of the activity log: only those in or near the view are in the DOM (the log is virtualised). */
export const LOG_ROW = '[role="grid"] .log-record';

export const logRows = (page: Page) => page.locator(LOG_ROW);

/**
 * Scrolls the activity log to its end until it has loaded at least `count` records: each time the end
 * comes into view the page asks for the next page by cursor. Answers the records loaded and the most row
 * elements seen in the DOM after any step.
 */
export async function loadLogRows(
  page: Page,
  count: number,
): Promise<{ loaded: number; maxDomRows: number }> {
  const loaded = async () => Number(await page.locator('[role="grid"]').getAttribute('data-loaded'));
  let maxDomRows = await logRows(page).count();
  for (let i = 0; i < 400 && (await loaded()) < count; i += 1) {
    await page.locator('.log-body').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForTimeout(100);
    maxDomRows = Math.max(maxDomRows, await logRows(page).count());
  }
  return { loaded: await loaded(), maxDomRows };
}

export interface ScrollFigures {
  readonly frames: number;
  readonly medianFrameMs: number;
  readonly p90FrameMs: number;
  /** The most row elements in the DOM at any frame. */
  readonly maxDomRows: number;
}

/**
 * Scrolls the loaded log `step` px a frame, from `from` (a fraction of its height), for `frames` frames
 * or until its end, timing each frame and counting the rows in the DOM. The default is a fast, steady
 * scroll (200 px a frame, 12,000 px/s at 60 fps) through the middle of the loaded rows.
 */
export async function scrollLog(
  page: Page,
  { from = 1 / 3, step = 200, frames = 150 }: { from?: number; step?: number; frames?: number } = {},
): Promise<ScrollFigures> {
  const measured = await page.locator('.log-body').evaluate(
    async (el, { from, step, frames, row }) => {
      // No named functions in here: tsx (the benchmarks) would wrap them in a helper the page lacks.
      const view = globalThis as unknown as { requestAnimationFrame(cb: () => void): void };
      el.scrollTop = el.scrollHeight * from;
      await new Promise<void>((done) => view.requestAnimationFrame(done));
      const times: number[] = [];
      let maxDomRows = el.ownerDocument.querySelectorAll(row).length;
      let last = performance.now();
      for (let i = 0; i < frames && el.scrollTop + el.clientHeight < el.scrollHeight; i += 1) {
        el.scrollTop += step;
        await new Promise<void>((done) => view.requestAnimationFrame(done));
        const now = performance.now();
        times.push(now - last);
        last = now;
        maxDomRows = Math.max(maxDomRows, el.ownerDocument.querySelectorAll(row).length);
      }
      return { times: times.sort((a, b) => a - b), maxDomRows };
    },
    { from, step, frames, row: LOG_ROW },
  );
  const at = (fraction: number) => measured.times[Math.floor(measured.times.length * fraction)] ?? NaN;
  return {
    frames: measured.times.length,
    medianFrameMs: at(0.5),
    p90FrameMs: at(0.9),
    maxDomRows: measured.maxDomRows,
  };
}
