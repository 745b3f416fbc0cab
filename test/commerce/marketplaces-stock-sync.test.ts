import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../nodes/builtin.js';
import { runWorkflow, workflowSchema } from '../../server/engine/index.js';
import { startAmazonStandin, type AmazonStandin } from '../standins/amazon.js';
import { startEbayStandin, type EbayStandin } from '../standins/ebay.js';

/** The shape `stock-sync.json` takes: stock changes fan out to eBay and Amazon, each node reading sku/quantity. */
function stockSyncWorkflow() {
  return workflowSchema.parse({
    formatVersion: 1,
    id: 'stock-sync-sketch',
    name: 'Stock sync sketch',
    nodes: [
      { id: 'changes', type: 'manual', params: {} },
      { id: 'ebay', type: 'ebay.updateQuantity', params: {}, credentials: { ebay: 'ebay-cred' } },
      { id: 'amazon', type: 'amazon.updateQuantity', params: {}, credentials: { amazon: 'amazon-cred' } },
    ],
    connections: [
      { from: 'changes', to: 'ebay' },
      { from: 'changes', to: 'amazon' },
    ],
  });
}

describe('a stock change reaches eBay and Amazon in one workflow', () => {
  let ebay: EbayStandin;
  let amazon: AmazonStandin;
  beforeEach(async () => {
    ebay = await startEbayStandin({ inventory: { 'MUG-01': { quantity: 9 }, 'TEE-02': { quantity: 9 } } });
    amazon = await startAmazonStandin({ listings: { 'MUG-01': { quantity: 9 }, 'TEE-02': { quantity: 9 } } });
  });
  afterEach(async () => {
    await ebay.close();
    await amazon.close();
  });

  it('sets the same quantities on both marketplaces through the registered nodes and stored credentials', async () => {
    const credentials: Record<string, Record<string, unknown>> = {
      'ebay-cred': { baseUrl: ebay.url, clientId: ebay.clientId, clientSecret: ebay.clientSecret, refreshToken: ebay.refreshToken },
      'amazon-cred': {
        baseUrl: amazon.url, clientId: amazon.clientId, clientSecret: amazon.clientSecret,
        refreshToken: amazon.refreshToken, sellerId: amazon.sellerId,
      },
    };
    const outcome = await runWorkflow({
      workflow: stockSyncWorkflow(),
      registry: createBuiltinRegistry(),
      executionId: 'stock-sync-1',
      triggerItems: [{ json: { sku: 'MUG-01', quantity: 4 } }, { json: { sku: 'TEE-02', quantity: 0 } }],
      credentials: {
        resolve: async ({ credentialId }) => {
          const data = credentials[credentialId];
          if (data === undefined) throw new Error(`no credential ${credentialId}`);
          return data;
        },
      },
    });
    expect(outcome.status).toBe('success');
    const outputs = (nodeId: string) => outcome.record.nodes[nodeId]?.outputs.main?.map((item) => [item.json.sku, item.json.ok]);
    expect(outputs('ebay')).toEqual([['MUG-01', true], ['TEE-02', true]]);
    expect(outputs('amazon')).toEqual([['MUG-01', true], ['TEE-02', true]]);
    expect([ebay.quantityOf('MUG-01'), ebay.quantityOf('TEE-02')]).toEqual([4, 0]);
    expect([amazon.quantityOf('MUG-01'), amazon.quantityOf('TEE-02')]).toEqual([4, 0]);
  });
});
