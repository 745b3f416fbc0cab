import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { expect } from 'vitest';
import { ROOT } from '../server/server-process.js';
import { API_KEY, type Harness } from '../server/harness.js';

type Json = Record<string, unknown>;

export interface ExampleSetup {
  /** Credential id in the file → id of the credential the test created (the file names placeholders). */
  readonly credentials?: Readonly<Record<string, string>>;
  /** Node id → params merged over the file's params (a secret, a stand-in's data that cannot be in the file). */
  readonly params?: Readonly<Record<string, Json>>;
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `workflows/<name>.json` as a user would import it, then points credentials and params at the test's. */
export function loadExample(name: string, setup: ExampleSetup = {}): Json {
  const parsed: unknown = JSON.parse(readFileSync(path.join(ROOT, 'workflows', `${name}.json`), 'utf8'));
  if (!isJson(parsed) || !Array.isArray(parsed.nodes)) throw new Error(`workflows/${name}.json is not a workflow`);
  const nodes = parsed.nodes.map((node: unknown) => {
    if (!isJson(node)) throw new Error(`workflows/${name}.json: a node is not an object`);
    const id = String(node.id);
    const credentials = isJson(node.credentials)
      ? Object.fromEntries(Object.entries(node.credentials).map(([slot, credentialId]) => {
        const replacement = setup.credentials?.[String(credentialId)];
        if (replacement === undefined) throw new Error(`${name}: no test credential for "${String(credentialId)}" (node ${id})`);
        return [slot, replacement];
      }))
      : undefined;
    const params = { ...(isJson(node.params) ? node.params : {}), ...(setup.params?.[id] ?? {}) };
    return { ...node, params, ...(credentials !== undefined && { credentials }) };
  });
  return { ...parsed, nodes };
}

/** Creates a credential through the API and returns its id. */
export async function createCredential(h: Harness, name: string, type: string, data: Json): Promise<string> {
  const res = await request(h.app).post('/api/v1/credentials').set('X-API-Key', API_KEY).send({ name, type, data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return String(res.body.id);
}

/** Stores the workflow through the API and switches it on. */
export async function importAndActivate(h: Harness, workflow: Json): Promise<void> {
  const created = await request(h.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send(workflow);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const activated = await request(h.app).post(`/api/v1/workflows/${String(workflow.id)}/activate`).set('X-API-Key', API_KEY);
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
}
