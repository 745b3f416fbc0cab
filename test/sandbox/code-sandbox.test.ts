import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowError, type CodeRequest, type CodeScope, type JsonObject } from '../../nodes/sdk/index.js';
import { createCodeSandbox, permissionFlag, type ClosableCodeSandbox } from '../../server/sandbox/index.js';

const scope: CodeScope = {
  execution: { id: 'exec-1', mode: 'manual' },
  workflow: { id: 'wf-1', name: 'Orders' },
  vars: { vat: 0.19 },
  nodes: { order: [{ id: 1 }, { id: 2 }] },
};

let sandbox: ClosableCodeSandbox;
beforeAll(() => {
  sandbox = createCodeSandbox({ poolSize: 2, timeoutMs: 2000, allowModules: ['crypto', 'luxon'] });
});
afterAll(async () => {
  await sandbox.close();
});

function run(code: string, mode: CodeRequest['mode'], items: JsonObject[], signal = new AbortController().signal) {
  return sandbox.run({ code, mode, items, scope }, signal);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FlowError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('code sandbox', () => {
  it('allItems: sees $input and returns items (objects and {json} wrappers)', async () => {
    const result = await run('return $input.map((j, i) => i === 0 ? { json: { ...j, n: i } } : { ...j, n: i });', 'allItems', [{ a: 1 }, { a: 2 }]);
    expect(result.items).toEqual([{ a: 1, n: 0 }, { a: 2, n: 1 }]);
    expect((await run('return { single: true };', 'allItems', [])).items).toEqual([{ single: true }]);
    expect(await codeOf(run('return 5;', 'allItems', []))).toBe('CODE_ERROR');
    expect(await codeOf(run('return [1];', 'allItems', []))).toBe('CODE_ERROR');
  });

  it('perItem: sees $json, returns an object or null to drop', async () => {
    expect((await run('return { ...$json, gross: $json.net * (1 + $vars.vat) };', 'perItem', [{ net: 100 }])).items).toEqual([{ net: 100, gross: 119 }]);
    expect((await run('return null;', 'perItem', [{ a: 1 }])).items).toEqual([null]);
    expect(await codeOf(run('return [1, 2];', 'perItem', [{ a: 1 }]))).toBe('CODE_ERROR');
  });

  it('offers the expression scope', async () => {
    const result = await run(
      'return [{ all: $node("order").all().length, first: $node("order").first().id, exec: $execution.id, wf: $workflow.name, now: typeof $now.toISO(), dt: DateTime.fromISO("2024-01-01").year }];',
      'allItems', [],
    );
    expect(result.items).toEqual([{ all: 2, first: 1, exec: 'exec-1', wf: 'Orders', now: 'string', dt: 2024 }]);
  });

  it('captures console output', async () => {
    const result = await run('console.log("total", 3, { a: 1 }); console.error("oops"); return [];', 'allItems', []);
    expect(result.logs).toEqual(['total 3 {"a":1}', 'oops']);
  });

  it('reports the user error message and line', async () => {
    try {
      await run('const x = 1;\nconst y = 2;\nthrow new Error("bad order " + x);', 'allItems', []);
      throw new Error('expected a failure');
    } catch (error) {
      if (!(error instanceof FlowError)) throw error;
      expect(error.code).toBe('CODE_ERROR');
      expect(error.message).toContain('bad order 1');
      expect(error.message).toContain('line 3');
    }
  });

  it('requires only allowlisted modules', async () => {
    const result = await run(
      'const c = require("crypto"); const { DateTime } = require("luxon"); return [{ h: c.createHash("sha256").update("abc").digest("hex"), u: c.randomUUID().length, y: DateTime.fromISO("2020-05-01").year }];',
      'allItems', [],
    );
    expect(result.items).toEqual([{ h: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', u: 36, y: 2020 }]);
    expect(await codeOf(run('require("os"); return [];', 'allItems', []))).toBe('CODE_ERROR');
    const strict = createCodeSandbox({ poolSize: 1, timeoutMs: 2000 });
    try {
      expect(await codeOf(strict.run({ code: 'require("crypto"); return [];', mode: 'allItems', items: [], scope }, new AbortController().signal))).toBe('CODE_ERROR');
    } finally {
      await strict.close();
    }
  });

  it('queues callers beyond the pool size and serves them all', async () => {
    const runs = Array.from({ length: 8 }, (_, i) => run('return [{ i: $input[0].i * 2 }];', 'allItems', [{ i }]));
    const results = await Promise.all(runs);
    expect(results.map((r) => r.items[0])).toEqual(Array.from({ length: 8 }, (_, i) => ({ i: i * 2 })));
  });

  it('cancels a running call through the signal', async () => {
    const controller = new AbortController();
    const pending = run('for (;;) {}', 'allItems', [], controller.signal);
    setTimeout(() => controller.abort(), 100);
    expect(await codeOf(pending)).toBe('CANCELLED');
    expect((await run('return [{ ok: 1 }];', 'allItems', [])).items).toEqual([{ ok: 1 }]);
  });

  it('fails calls after close with SANDBOX_UNAVAILABLE', async () => {
    const closing = createCodeSandbox({ poolSize: 1 });
    await closing.close();
    expect(await codeOf(closing.run({ code: 'return []', mode: 'allItems', items: [], scope }, new AbortController().signal))).toBe('SANDBOX_UNAVAILABLE');
  });

  it('picks the permission flag by Node version', () => {
    expect(permissionFlag('20.20.0')).toBe('--experimental-permission');
    expect(permissionFlag('22.12.0')).toBe('--permission');
  });
});
