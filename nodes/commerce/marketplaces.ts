import type { NodeDefinition } from '../sdk/index.js';
import { amazonUpdateQuantity } from './amazon/index.js';
import { billbeeUpdateStock } from './billbee/index.js';
import { ebayUpdateQuantity } from './ebay/index.js';
import { plentyCorrectStock } from './plentymarkets/index.js';

/**
 * Commerce nodes of this area (marketplace and ERP stock updates); see nodes/commerce/index.ts.
 * Each takes items carrying `sku` and `quantity` and reports the provider's result per SKU.
 */
export const marketplacesNodes: readonly NodeDefinition[] = [
  ebayUpdateQuantity,
  amazonUpdateQuantity,
  billbeeUpdateStock,
  plentyCorrectStock,
];
