import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../nodes/builtin.js';
import { isJsonObject } from '../../nodes/sdk/index.js';
import { validateWorkflow } from '../../server/engine/index.js';
import { createHarness, type Harness } from '../server/harness.js';
import { startAmazonStandin, type AmazonStandin } from '../standins/amazon.js';
import { startEbayStandin, type EbayStandin } from '../standins/ebay.js';
import { startSmtpStandin, type ReceivedMail, type SmtpStandin } from '../standins/smtp-server.js';
import { createCredential, importAndActivate, loadExample } from './example-workflow.js';

/**
 * workflows/stock-sync.json end to end, as a merchant runs it: the file imported and switched on through the API,
 * its credentials created through the API (eBay and Amazon pointing at their stand-ins, SMTP at the real SMTP
 * stand-in), and the ERP's stock messages POSTed to the webhook through the in-process server. Each case uses its
 * own SKUs, so the cases share one server and one set of stand-ins.
 */

const WORKFLOW_ID = 'stock-sync';
const API_KEY_VALUE = 'erp-key-7f3a9c1e5b2d4e6f';
const MERCHANT = 'shop@example.com';

let h: Harness;
let ebay: EbayStandin;
let amazon: AmazonStandin;
let smtp: SmtpStandin;

/** SYNC-01 … SYNC-30: listed on both marketplaces with 50 each. */
const SYNC_SKUS = Array.from({ length: 30 }, (_, index) => `SYNC-${String(index + 1).padStart(2, '0')}`);

beforeAll(async () => {
  const listed = Object.fromEntries([...SYNC_SKUS, 'BAD-01', 'BAD-02'].map((sku) => [sku, { quantity: 50 }]));
  [h, ebay, amazon, smtp] = await Promise.all([
    createHarness(),
    startEbayStandin({ inventory: { ...listed, 'ONLY-EBAY': { quantity: 1 } } }),
    startAmazonStandin({ listings: { ...listed, 'ONLY-AMAZON': { quantity: 1 } } }),
    startSmtpStandin({ user: 'shop', password: 'smtp-secret' }),
  ]);
  const ebayId = await createCredential(h, 'eBay (Sandbox)', 'ebayOAuth2', {
    sandbox: true, baseUrl: ebay.url, clientId: ebay.clientId, clientSecret: ebay.clientSecret, refreshToken: ebay.refreshToken,
  });
  const amazonId = await createCredential(h, 'Amazon SP-API (EU)', 'amazonSpApi', {
    sandbox: true, baseUrl: amazon.url, clientId: amazon.clientId, clientSecret: amazon.clientSecret,
    refreshToken: amazon.refreshToken, sellerId: amazon.sellerId,
  });
  const smtpId = await createCredential(h, 'Shop-Postfach', 'smtp', {
    host: smtp.host, port: smtp.port, user: 'shop', password: 'smtp-secret', from: 'Mein Shop <shop@example.com>',
  });
  await importAndActivate(h, loadExample(WORKFLOW_ID, {
    credentials: { ebay: ebayId, 'amazon-sp-api': amazonId, smtp: smtpId },
    params: { changes: { auth: { type: 'header', name: 'X-Api-Key', value: API_KEY_VALUE } } },
  }));
});
afterAll(async () => {
  await h?.close();
  await Promise.all([ebay?.close(), amazon?.close(), smtp?.close()]);
});

type Change = { readonly sku?: string; readonly quantity?: number };

/** The ERP's POST: `{ changes: [...] }` with the API key and an event id. */
function post(changes: readonly Change[], eventId: string, apiKey = API_KEY_VALUE) {
  return request(h.app)
    .post('/webhook/stock/changes')
    .set('Content-Type', 'application/json')
    .set('X-Api-Key', apiKey)
    .set('X-Event-Id', eventId)
    .send({ changes });
}

async function finished(executionId: string) {
  expect(await h.services.executions.whenSettled(executionId)).toBe('success');
  const detail = await h.services.store.executions.get(executionId);
  if (detail === undefined) throw new Error(`execution ${executionId} not stored`);
  return detail;
}

async function ledger(...skus: string[]): Promise<Record<string, number>> {
  return Object.fromEntries((await h.services.store.stock.get(skus)).map((level) => [level.sku, level.quantity]));
}

const merchantMails = (): ReceivedMail[] => smtp.messages.filter((message) => message.to.includes(MERCHANT));

async function executionCount(): Promise<number> {
  return (await h.services.store.executions.list({ workflowId: WORKFLOW_ID, limit: 500 })).data.length;
}

describe('workflows/stock-sync.json through the server', () => {
  it('the file as committed validates (what `flowwerk validate` checks) and is imported switched on', async () => {
    const file: unknown = JSON.parse(readFileSync(new URL('../../workflows/stock-sync.json', import.meta.url), 'utf8'));
    const result = validateWorkflow(file, createBuiltinRegistry());
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && result.workflow.nodes.length).toBe(12);
    expect((await h.services.store.workflows.get(WORKFLOW_ID))?.active).toBe(true);
  });

  it('sets 30 SKUs in the ledger, on eBay (25 + 5 per request, after a 429) and on Amazon; no merchant e-mail', async () => {
    await h.services.store.stock.set('SYNC-01', 7, { reason: 'Inventur (test)', executionId: null, idempotencyKey: 'setup-sync-01' });
    const changes = SYNC_SKUS.map((sku, index) => ({ sku, quantity: index % 7 === 0 ? 0 : index + 3 }));
    const expected = Object.fromEntries(changes.map((change) => [change.sku, change.quantity]));
    ebay.rateLimitNext(1);
    const bulkBefore = ebay.bulkRequests.length;
    const mailsBefore = merchantMails().length;

    const res = await post(changes, 'erp-msg-1');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const detail = await finished(String(res.body.executionId));

    // The built-in ledger holds the ERP's quantities, with the reason and the run in the history.
    expect(await ledger(...SYNC_SKUS)).toEqual(expected);
    const [latest] = await h.services.store.stock.history('SYNC-01');
    expect(latest).toMatchObject({ delta: -7, quantityAfter: 0, reason: 'ERP-Bestandsmeldung', executionId: res.body.executionId });

    // eBay: the first bulk request was rate limited (429, Retry-After 1 s), the retry sent two batches: 25 and 5.
    expect(detail.nodes.ebay?.attempts).toBe(2);
    const batches = ebay.bulkRequests.slice(bulkBefore);
    expect(batches.map((batch) => batch.requests.length)).toEqual([25, 5]);
    expect(batches.flatMap((batch) => batch.requests)).toEqual(
      changes.map((change) => ({ sku: change.sku, shipToLocationAvailability: { quantity: change.quantity } })),
    );
    expect(Object.fromEntries(SYNC_SKUS.map((sku) => [sku, ebay.quantityOf(sku)]))).toEqual(expected);

    // Amazon: one Listings PATCH per SKU, merchant-fulfilled quantity replaced.
    expect(Object.fromEntries(SYNC_SKUS.map((sku) => [sku, amazon.quantityOf(sku, 'DEFAULT')]))).toEqual(expected);
    const patch = amazon.patches.find((entry) => entry.sku === 'SYNC-02');
    expect(patch?.query).toMatchObject({ marketplaceIds: 'A1PA6795UKMFR9' });
    expect(patch?.body).toEqual({
      productType: 'PRODUCT',
      patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 4 }] }],
    });

    // Nothing failed: the failure branch ran with no items and no e-mail went out.
    const outputs = (node: string) => (detail.nodes[node]?.outputs.main ?? []).map((item) => item.json);
    expect(outputs('collect')).toEqual([{ failures: [] }]);
    expect(detail.nodes.merchantMail?.status).toBe('skipped');
    expect(merchantMails()).toHaveLength(mailsBefore);

    // The same ERP message again (same X-Event-Id) starts nothing.
    const executions = await executionCount();
    const again = await post(changes, 'erp-msg-1');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, executionId: res.body.executionId });
    expect(await executionCount()).toBe(executions);
    expect(ebay.bulkRequests.length).toBe(bulkBefore + 2);
  });

  it('answers 401 to a call without the right X-Api-Key and changes nothing', async () => {
    const executions = await executionCount();
    const patches = amazon.patches.length;
    const res = await post([{ sku: 'SYNC-03', quantity: 999 }], 'erp-forged', 'wrong-key');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('WEBHOOK_UNAUTHORIZED');
    expect(await executionCount()).toBe(executions);
    expect(amazon.patches.length).toBe(patches);
    expect(ebay.quantityOf('SYNC-03')).not.toBe(999);
  });

  it('reports what a marketplace refused and unusable lines in one merchant e-mail; the rest goes through', async () => {
    amazon.invalidSku('BAD-02', { code: '8541', message: 'The listing is blocked (stand-in rule).' });
    const mailsBefore = merchantMails().length;
    const res = await post([
      { sku: 'BAD-01', quantity: 12 },
      { sku: 'ONLY-AMAZON', quantity: 5 },
      { sku: 'ONLY-EBAY', quantity: 6 },
      { sku: 'BAD-02', quantity: 8 },
      { sku: 'SYNC-30', quantity: -1 },
      { quantity: 2 },
    ], 'erp-msg-2');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const detail = await finished(String(res.body.executionId));

    // What could be set is set everywhere it is listed.
    expect(await ledger('BAD-01', 'ONLY-AMAZON', 'ONLY-EBAY', 'BAD-02')).toEqual({ 'BAD-01': 12, 'ONLY-AMAZON': 5, 'ONLY-EBAY': 6, 'BAD-02': 8 });
    expect([ebay.quantityOf('BAD-01'), ebay.quantityOf('ONLY-EBAY'), ebay.quantityOf('BAD-02'), ebay.quantityOf('ONLY-AMAZON')]).toEqual([12, 6, 8, undefined]);
    expect([amazon.quantityOf('BAD-01'), amazon.quantityOf('ONLY-AMAZON'), amazon.quantityOf('BAD-02'), amazon.quantityOf('ONLY-EBAY')]).toEqual([12, 5, 50, undefined]);
    // The line with a negative quantity touched nothing: ledger, eBay and Amazon keep the previous run's value.
    expect(await ledger('SYNC-30')).toEqual({ 'SYNC-30': 32 });
    expect([ebay.quantityOf('SYNC-30'), amazon.quantityOf('SYNC-30')]).toEqual([32, 32]);

    const collected = (detail.nodes.collect?.outputs.main ?? []).map((item) => item.json.failures);
    expect(collected).toHaveLength(1);
    const reported = Array.isArray(collected[0]) ? collected[0].filter(isJsonObject) : [];
    expect(reported.map((entry) => [entry.channel, entry.sku])).toEqual([
      ['Amazon', 'ONLY-EBAY'],
      ['Amazon', 'BAD-02'],
      ['eBay', 'ONLY-AMAZON'],
      ['Lager', 'SYNC-30'],
      ['Lager', '(ohne SKU)'],
    ]);

    const mails = merchantMails().slice(mailsBefore);
    expect(mails).toHaveLength(1);
    const mail = mails[0]?.mail;
    expect(mail?.headers.subject).toBe('Bestandsabgleich: 5 Zeilen nicht übernommen');
    const lines = (mail?.text ?? '').split(/\r?\n/).filter((line) => line.startsWith('- '));
    expect(lines).toEqual([
      "- Amazon, SKU ONLY-EBAY, Menge 6: 4000001 No listings item found for SKU 'ONLY-EBAY'.",
      '- Amazon, SKU BAD-02, Menge 8: 8541 The listing is blocked (stand-in rule).',
      '- eBay, SKU ONLY-AMAZON, Menge 5: 25702 SKU ONLY-AMAZON is not available in the system',
      expect.stringMatching(/^- Lager, SKU SYNC-30, Menge -1: QUANTITY_INVALID: item \d+ \(SKU SYNC-30\) has no usable quantity \(-1\)/),
      expect.stringMatching(/^- Lager, SKU \(ohne SKU\), Menge 2: SKU_MISSING: /),
    ]);
    expect(mail?.text).toContain(`Ausführung ${String(res.body.executionId)}`);
  });
});
