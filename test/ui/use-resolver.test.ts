import { build } from 'esbuild';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, e2eDescribe } from '../e2e/e2e-support';

/** What use-resolver-harness.ts puts on the page. */
interface Harness {
  /** `null` renders the component with no key. */
  show(id: string | null): Promise<void>;
  reload(): Promise<void>;
  answer(id: string, which: 'oldest' | 'newest', value: string): Promise<void>;
  fail(id: string, which: 'oldest' | 'newest', message: string): Promise<void>;
  shown(): string;
  asked(): number;
}

/**
 * The data hook every tab loads through, in a real browser with React's development build: answers
 * that arrive out of order, reloads, failures. The harness renders what the hook returns as
 * `state:value`.
 */
e2eDescribe('useResolver, in chromium', () => {
  let browser: Browser;
  let script: string;
  let page: Page;
  /** Calls the harness inside the page; its steps return once React has committed what they caused. */
  const harness = <K extends keyof Harness>(method: K, ...args: Parameters<Harness[K]>) =>
    page.evaluate(
      ({ method, args }) => {
        const on = (globalThis as unknown as { harness: Record<string, (...a: unknown[]) => unknown> })
          .harness;
        return on[method]!(...args);
      },
      { method, args: args as unknown[] },
    ) as Promise<Awaited<ReturnType<Harness[K]>>>;

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [join(__dirname, 'browser/use-resolver-harness.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      // React's `act` exists only in its development build.
      define: { 'process.env.NODE_ENV': '"development"' },
      logLevel: 'silent',
    });
    script = bundle.outputFiles[0]!.text;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  });
  beforeEach(async () => {
    page = await browser.newPage();
    await page.setContent('<div id="root"></div>');
    await page.addScriptTag({ content: script });
  });
  afterEach(async () => {
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('an older request that answers after a newer one does not overwrite it', async () => {
    await harness('show', 'a');
    expect(await harness('shown')).toBe('loading:');
    await harness('show', 'b');
    await harness('answer', 'b', 'oldest', 'B');
    expect(await harness('shown')).toBe('ready:B');
    // The slower request for the earlier key answers last: it is dropped.
    await harness('answer', 'a', 'oldest', 'A');
    expect(await harness('shown')).toBe('ready:B');
    // A new key is loading at once, with the previous value still at hand.
    await harness('show', 'c');
    expect(await harness('shown')).toBe('loading:B');
    await harness('answer', 'c', 'oldest', 'C');
    expect(await harness('shown')).toBe('ready:C');
  });

  test('a reload asks again; the answer to the request before it, arriving last, does not win', async () => {
    await harness('show', 'a');
    await harness('reload');
    expect(await harness('asked')).toBe(2);
    await harness('answer', 'a', 'newest', 'after the reload');
    expect(await harness('shown')).toBe('ready:after the reload');
    await harness('answer', 'a', 'oldest', 'before the reload');
    expect(await harness('shown')).toBe('ready:after the reload');
  });

  test('no key asks nothing until there is one', async () => {
    await harness('show', null);
    expect(await harness('asked')).toBe(0);
    expect(await harness('shown')).toBe('loading:');
    await harness('show', 'a');
    expect(await harness('asked')).toBe(1);
    await harness('answer', 'a', 'oldest', 'A');
    expect(await harness('shown')).toBe('ready:A');
  });

  test('a failure is shown as failed, with no value; a reload loads again', async () => {
    await harness('show', 'a');
    await harness('fail', 'a', 'oldest', 'no answer');
    expect(await harness('shown')).toBe('failed:');
    await harness('reload');
    expect(await harness('shown')).toBe('loading:');
    await harness('answer', 'a', 'oldest', 'A');
    expect(await harness('shown')).toBe('ready:A');
  });
});
