import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, createHarness, type Harness } from './harness.js';

const zodUrl = pathToFileURL(createRequire(import.meta.url).resolve('zod')).href;

function writePackage(dir: string, name: string, files: Record<string, string>, pkg: Record<string, unknown> = {}): string {
  const root = path.join(dir, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name, type: 'module', main: 'index.js', ...pkg }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const doubleNode = (type: string) => `
import { z } from '${zodUrl}';
export default Object.freeze({
  __node: true, type: '${type}', version: 1, displayName: 'Double', description: 'Multiplies n', group: 'data',
  params: z.object({ factor: z.number().default(2) }),
  run(ctx) { return { ...ctx.item.json, doubled: ctx.item.json.n * ctx.params.factor }; },
});`;

let h: Harness;
let dir: string;
let broken: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowwerk-custom-'));
  writePackage(dir, 'acme-double', { 'dist/index.js': doubleNode('acmeDouble') }, { exports: { '.': './dist/index.js' } });
  writePackage(path.join(dir, '@acme'), 'pair', {
    'index.js': `${doubleNode('acmeOne').replace('export default', 'const one =')}\n${doubleNode('acmeTwo').replace(/import[^;]+;/, '').replace('export default', 'const two =')}\nexport default [one, two];`,
  });
  broken = writePackage(dir, 'broken', { 'index.js': 'export default {{{ nope' });
  writePackage(dir, 'not-a-node', { 'index.js': 'export default { hello: 1 };' });
  writePackage(dir, 'clash', { 'index.js': doubleNode('set') });
  h = await createHarness({ FLOWWERK_CUSTOM_NODES: `${dir}:${path.join(dir, 'missing-folder')}` });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('custom nodes', () => {
  it('loads packages into the catalog and skips broken ones with their path', async () => {
    const catalog = await request(h.app).get('/api/v1/nodes').set('X-API-Key', API_KEY);
    const custom = catalog.body.data.filter((n: { custom: boolean }) => n.custom).map((n: { type: string }) => n.type).sort();
    expect(custom).toEqual(['acmeDouble', 'acmeOne', 'acmeTwo']);
    const entry = catalog.body.data.find((n: { type: string }) => n.type === 'acmeDouble');
    expect(entry.params.properties.factor.type).toBe('number');
    const builtinSet = catalog.body.data.find((n: { type: string }) => n.type === 'set');
    expect(builtinSet.custom).toBe(false);
    const logs = h.logs();
    expect(logs).toContain(broken);
    expect(logs).toContain(path.join(dir, 'not-a-node'));
    expect(logs).toContain('node type set is already defined');
    expect(logs).toContain('missing-folder');
  });

  it('runs workflows that use a custom node', async () => {
    await request(h.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send({
      id: 'custom-run',
      nodes: [{ id: 'start', type: 'manual' }, { id: 'x3', type: 'acmeDouble', params: { factor: 3 } }],
      connections: [{ from: 'start', to: 'x3' }],
    }).expect(201);
    const run = await request(h.app).post('/api/v1/workflows/custom-run/run').set('X-API-Key', API_KEY).send({ input: { n: 5 }, wait: true });
    expect(run.body).toMatchObject({ status: 'success', output: [{ n: 5, doubled: 15 }] });
  });
});
