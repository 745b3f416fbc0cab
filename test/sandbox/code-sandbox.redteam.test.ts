import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowError, type CodeRequest, type CodeResult, type CodeScope } from '../../nodes/sdk/index.js';
import { createCodeSandbox, type ClosableCodeSandbox } from '../../server/sandbox/index.js';

/**
 * Attacks written as code node code. Each must fail with its specific code within the limit, and the sandbox
 * (and this process) must keep serving: every test ends with a normal run.
 */

const TIMEOUT_MS = 1500;
const scope: CodeScope = {
  execution: { id: 'e1', mode: 'manual' },
  workflow: { id: 'w1', name: 'Red team' },
  vars: {},
  nodes: {},
};

let sandbox: ClosableCodeSandbox;
beforeAll(() => {
  sandbox = createCodeSandbox({ poolSize: 2, timeoutMs: TIMEOUT_MS, heapMb: 64, maxOutputBytes: 1024 * 1024 });
});
afterAll(async () => {
  await sandbox.close();
});

function run(code: string, mode: CodeRequest['mode'] = 'allItems'): Promise<CodeResult> {
  return sandbox.run({ code, mode, items: [{ a: 1 }], scope }, new AbortController().signal);
}

async function failure(code: string): Promise<{ error: FlowError; ms: number }> {
  const started = Date.now();
  try {
    await run(code);
  } catch (error) {
    if (error instanceof FlowError) return { error, ms: Date.now() - started };
    throw error;
  }
  throw new Error(`expected code to fail: ${code}`);
}

async function stillHealthy(): Promise<void> {
  const result = await run('return [{ polluted: ({}).polluted ?? null, leak: typeof leak, a: $input[0].a }]');
  expect(result.items).toEqual([{ polluted: null, leak: 'undefined', a: 1 }]);
}

describe('code sandbox red team', () => {
  it('cannot read the environment or load modules', async () => {
    expect((await failure('return [{ env: process.env }]')).error.message).toContain('process is not defined');
    expect((await failure('require("fs"); return []')).error.code).toBe('CODE_ERROR');
    expect((await failure('require("child_process").execSync("id"); return []')).error.message).toContain('not allowed');
    expect((await failure('const fs = await import("fs"); return []')).error.code).toBe('CODE_ERROR');
    await stillHealthy();
  });

  it('constructor chains and stack-trace tricks yield nothing useful', async () => {
    expect((await failure('return [{ p: this.constructor.constructor("return process")() }]')).error.code).toBe('CODE_ERROR');
    expect((await failure('return [{ p: (() => {}).constructor("return process")() }]')).error.message).toContain('Code generation');
    const stack = await run(`
      let leaked = null;
      Error.prepareStackTrace = (e, sites) => { leaked = sites.map((s) => typeof s.getThis === 'function' ? typeof s.getThis() : 'none'); return 'x'; };
      new Error('probe').stack;
      const p = leaked && leaked.some((t) => t === 'object') ? 'object-leak' : 'ok';
      let env = 'none';
      try { env = typeof (function () { return this; })().process; } catch (e) { env = 'threw'; }
      return [{ p, env }];`);
    expect(stack.items[0]).toEqual({ p: 'ok', env: 'threw' });
    const species = await run(`
      class Evil extends Promise { static get [Symbol.species]() { return Promise; } }
      const v = await Evil.resolve(1).then((x) => x + 1);
      let escaped = 'no';
      try { escaped = typeof Evil.constructor('return process')(); } catch (e) { escaped = 'threw'; }
      return [{ v, escaped }];`);
    expect(species.items[0]).toEqual({ v: 2, escaped: 'threw' });
    await stillHealthy();
  });

  it('prototype pollution is refused and globals do not leak to the next run', async () => {
    expect((await failure('Object.prototype.polluted = 1; return []')).error.message).toContain('not extensible');
    expect((await failure('JSON.stringify = () => "owned"; return []')).error.message).toContain('read only');
    const leaking = await run('globalThis.leak = 1; globalThis.JSON = { stringify: () => "owned" }; return [{ ok: true }]');
    expect(leaking.items).toEqual([{ ok: true }]);
    await stillHealthy();
    const again = await run('return [{ s: JSON.stringify({ a: 1 }) }]');
    expect(again.items).toEqual([{ s: '{"a":1}' }]);
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
  });

  it('stops a sync infinite loop with CODE_TIMEOUT', async () => {
    const { error, ms } = await failure('for (;;) {}');
    expect(error.code).toBe('CODE_TIMEOUT');
    expect(ms).toBeLessThan(TIMEOUT_MS + 3000);
    await stillHealthy();
  });

  it('stops an async infinite loop and a never-settling promise with CODE_TIMEOUT', async () => {
    const [loop, never] = await Promise.all([failure('for (;;) await null;'), failure('await new Promise(() => {}); return [];')]);
    expect(loop.error.code).toBe('CODE_TIMEOUT');
    expect(never.error.code).toBe('CODE_TIMEOUT');
    await stillHealthy();
  });

  it('replaces a process left spinning by a background microtask loop', async () => {
    const result = await run('(async () => { for (;;) await null; })(); return [{ returned: true }];');
    expect(result.items).toEqual([{ returned: true }]);
    await stillHealthy();
    await stillHealthy();
  });

  it('stops memory bombs with CODE_MEMORY_LIMIT', async () => {
    expect((await failure("return ['x'.repeat(2 ** 29)];")).error.code).toBe('CODE_MEMORY_LIMIT');
    expect((await failure('let s = "x"; for (;;) s += s;')).error.code).toBe('CODE_MEMORY_LIMIT');
    const heap = await failure('const keep = []; for (;;) keep.push(new Array(1e6).fill(1));');
    expect(heap.error.code).toBe('CODE_MEMORY_LIMIT');
    await stillHealthy();
  });

  it('refuses huge output with CODE_OUTPUT_TOO_LARGE', async () => {
    const { error } = await failure('return Array.from({ length: 20000 }, (_, i) => ({ i, pad: "y".repeat(100) }));');
    expect(error.code).toBe('CODE_OUTPUT_TOO_LARGE');
    await stillHealthy();
  });

  it('keeps the host process responsive while a sandbox spins', async () => {
    const spinning = failure('for (;;) {}');
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lag = Date.now() - started;
    expect(lag).toBeLessThan(1000);
    expect((await spinning).error.code).toBe('CODE_TIMEOUT');
    await stillHealthy();
  });
});
