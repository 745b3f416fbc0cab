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

/** One call of the server's API with its key: the in-process harness (supertest) or a server process (fetch). */
export type ApiCall = (method: 'GET' | 'POST', url: string, body?: unknown) => Promise<{ readonly status: number; readonly body: unknown }>;

/** The API of an in-process harness. */
export function harnessApi(h: Harness): ApiCall {
  return async (method, url, body) => {
    const call = method === 'GET' ? request(h.app).get(url) : request(h.app).post(url);
    const res = await call.set('X-API-Key', API_KEY).send(body === undefined ? undefined : JSON.stringify(body)).type('json');
    return { status: res.status, body: res.body };
  };
}

const apiOf = (target: Harness | ApiCall): ApiCall => (typeof target === 'function' ? target : harnessApi(target));

function idOf(body: unknown): string {
  if (!isJson(body) || typeof body.id !== 'string') throw new Error(`no id in ${JSON.stringify(body)}`);
  return body.id;
}

/** Creates a credential through the API and returns its id. */
export async function createCredential(target: Harness | ApiCall, name: string, type: string, data: Json): Promise<string> {
  const res = await apiOf(target)('POST', '/api/v1/credentials', { name, type, data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return idOf(res.body);
}

/** Stores the workflow through the API and switches it on. */
export async function importAndActivate(target: Harness | ApiCall, workflow: Json): Promise<void> {
  const api = apiOf(target);
  const created = await api('POST', '/api/v1/workflows', workflow);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const activated = await api('POST', `/api/v1/workflows/${String(workflow.id)}/activate`);
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
}

/** The SMTP login the order-fulfilment tests give the SMTP stand-in. */
export const SHOP_SMTP = { user: 'shop', password: 'smtp-secret' } as const;

/**
 * workflows/order-fulfilment.json imported and switched on as a merchant would: a DHL Parcel DE credential for
 * the DHL stand-in, an SMTP credential for the SMTP stand-in (login SHOP_SMTP), and the Shopify signing secret.
 */
export async function activateOrderFulfilment(
  target: Harness | ApiCall,
  standins: { readonly dhlCredential: Json; readonly smtp: { readonly host: string; readonly port: number } },
  secret: string,
): Promise<void> {
  const dhlId = await createCredential(target, 'DHL Geschäftskunden (Sandbox)', 'dhlParcelDe', { ...standins.dhlCredential });
  const smtpId = await createCredential(target, 'Shop-Postfach', 'smtp', {
    host: standins.smtp.host, port: standins.smtp.port, ...SHOP_SMTP, from: 'Mein Shop <shop@example.com>',
  });
  await importAndActivate(target, loadExample('order-fulfilment', { credentials: { 'dhl-parcel': dhlId, smtp: smtpId }, params: { order: { secret } } }));
}
