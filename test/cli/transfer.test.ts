import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/index.js';
import { flowwerk, repoRoot } from './cli-process.js';

/** `flowwerk import` / `export` through the built CLI against a SQLite data dir. */

const root = mkdtempSync(path.join(tmpdir(), 'flowwerk-transfer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dataDir = path.join(root, 'data');

const examples = ['add-vat', 'invoice-vat', 'order-fulfilment', 'order-lines', 'order-totals', 'payment-capture-on-shipment', 'stock-sync', 'win-back-campaign'];

async function storedIds(): Promise<string[]> {
  const store = await openStore({ dataDir });
  try {
    return (await store.workflows.list({ limit: 100 })).data.map((summary) => summary.id);
  } finally {
    await store.close();
  }
}

describe('flowwerk import / export', () => {
  it('imports every workflow of a folder (not inputs or schemas), then reports them unchanged', async () => {
    const first = await flowwerk(['import', 'workflows', '--data-dir', dataDir], { cwd: repoRoot });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('order-fulfilment: created (version 1, inactive) from workflows/order-fulfilment.json');
    expect(first.stdout).toContain('add-vat: created (version 1, inactive) from workflows/lib/add-vat.json');
    expect(await storedIds()).toEqual(examples);

    const again = await flowwerk(['import', 'workflows', '--data-dir', dataDir], { cwd: repoRoot });
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n').every((line) => line.includes(': unchanged (version 1)'))).toBe(true);
  });

  it('exports the same JSON, which imports back unchanged; a changed file becomes a new version', async () => {
    const out = path.join(root, 'export');
    const exported = await flowwerk(['export', '--out', out, '--data-dir', dataDir], { cwd: repoRoot });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`flowwerk export: ${examples.length} workflow(s) written to ${out}`);
    expect(readdirSync(out).sort()).toEqual(examples.map((id) => `${id}.json`));
    const original = JSON.parse(readFileSync(path.join(repoRoot, 'workflows/order-fulfilment.json'), 'utf8'));
    const written = JSON.parse(readFileSync(path.join(out, 'order-fulfilment.json'), 'utf8'));
    expect(written).toMatchObject({ id: 'order-fulfilment', name: original.name, nodes: original.nodes.map((node: { id: string; type: string }) => ({ id: node.id, type: node.type })) });

    const roundTrip = await flowwerk(['import', out, '--data-dir', dataDir]);
    expect(roundTrip.code).toBe(0);
    expect(roundTrip.stdout).not.toContain('updated');

    writeFileSync(path.join(out, 'order-totals.json'), JSON.stringify({ ...JSON.parse(readFileSync(path.join(out, 'order-totals.json'), 'utf8')), name: 'Renamed' }));
    const changed = await flowwerk(['import', path.join(out, 'order-totals.json'), '--data-dir', dataDir]);
    expect(changed.stdout.trim()).toBe(`order-totals: updated to version 2 from ${path.join(out, 'order-totals.json')}`);

    const toStdout = await flowwerk(['export', '--data-dir', dataDir]);
    const all = JSON.parse(toStdout.stdout) as { id: string; name: string }[];
    expect(all.map((workflow) => workflow.id)).toEqual(examples);
    expect(all.find((workflow) => workflow.id === 'order-totals')?.name).toBe('Renamed');
  });

  it('imports nothing when one file is bad: every problem as file: path: message, exit 2', async () => {
    const dir = path.join(root, 'bad');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify({ id: 'good', nodes: [{ id: 'start', type: 'manual' }], connections: [] }));
    writeFileSync(path.join(dir, 'broken.json'), '{ "id": "broken", "nodes": [ { "id": "x", "type": "no.such.node" } ], "connections": [] }');
    writeFileSync(path.join(dir, 'twin.json'), JSON.stringify({ id: 'good', nodes: [{ id: 'start', type: 'manual' }], connections: [] }));
    const result = await flowwerk(['import', dir, '--data-dir', dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.json: nodes\[0\]\.type: unknown node type "no\.such\.node"/);
    expect(result.stderr).toMatch(/twin\.json: id: "good" is also the id of .*good\.json/);
    expect(result.stderr).toContain('nothing imported');
    expect(await storedIds()).not.toContain('good');
  });

  it('usage errors: one line, exit 2', async () => {
    for (const args of [['import'], ['import', 'a', 'b'], ['import', path.join(root, 'missing')], ['export', '--bogus'], ['export', 'extra']]) {
      const result = await flowwerk([...args, '--data-dir', dataDir]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
