import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/**
 * Browser test harness: a real flowwerk server (built `dist/`, temporary data dir, random port on 127.0.0.1)
 * and Debian's Chromium driven by playwright-core with a fresh profile. Failing steps save a screenshot to
 * `test-results/browser/<name>.png`.
 */

export const ROOT = resolve(import.meta.dirname, '..', '..');
const CHROMIUM = process.env['FLOWWERK_CHROMIUM'] ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface RunningServer {
  readonly url: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowwerk-browser-'));
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'flowwerk.js'), 'start', '--port', String(port), '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, FLOWWERK_LOG_LEVEL: 'warn', FLOWWERK_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export async function launch(options: { locale?: string; width?: number; height?: number } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install -y chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'flowwerk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: options.width ?? 1500, height: options.height ?? 900 },
    locale: options.locale ?? 'en-US',
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs `work`; on failure saves a screenshot (and the page's console errors) before rethrowing. */
export async function withScreenshot<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
  const errors: string[] = [];
  const onConsole = (msg: { type(): string; text(): string }) => {
    if (msg.type() === 'error') errors.push(msg.text());
  };
  page.on('console', onConsole);
  try {
    return await work();
  } catch (error) {
    const dir = join(ROOT, 'test-results', 'browser');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true }).catch(() => undefined);
    if (error instanceof Error && errors.length > 0) error.message += `\nconsole errors:\n${errors.join('\n')}`;
    throw error;
  } finally {
    page.off('console', onConsole);
  }
}

/** Drags from one point to another with intermediate mouse moves (React Flow and the palette need them). */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 8, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 20 });
  await page.mouse.up();
}

export async function centerOf(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const target = page.locator(selector).first();
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error(`no box for ${selector}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Sets up the owner account through the setup screen (first visit of a fresh server). */
export async function setupOwner(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill('owner@shop.test');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
}

export interface EditorSession {
  readonly server: RunningServer;
  readonly browser: Browser;
}

/**
 * For a test file: before all its tests a server and a browser with the owner account set up (`setupOwner`);
 * after them both are closed. The returned object's fields are available inside tests and hooks.
 */
export function useEditorSession(options: { readonly env?: Record<string, string>; readonly setup?: boolean } = {}): EditorSession {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer(options.env ?? {});
    browser = await launch();
    if (options.setup !== false) await setupOwner(browser.page, server.url);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`browser harness: the ${what} is not started (use it inside tests or hooks)`);
    return value;
  };
  return {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
  };
}
