import type { NodeDefinition } from '../sdk/index.js';
import customersSegment from './customers-segment/index.js';
import shopOrder from './shop-order/index.js';
import shopifyOrderCreated from './shopify-order-created/index.js';
import shopwareOrderPlaced from './shopware-order-placed/index.js';
import stockAdjust from './stock-adjust/index.js';
import stockGet from './stock-get/index.js';
import stockSet from './stock-set/index.js';
import woocommerceOrderCreated from './woocommerce-order-created/index.js';

/** Order triggers, the stock ledger nodes and the customer segment; see nodes/commerce/index.ts. */
export const ordersStockNodes: readonly NodeDefinition[] = [
  shopifyOrderCreated,
  woocommerceOrderCreated,
  shopwareOrderPlaced,
  shopOrder,
  stockAdjust,
  stockGet,
  stockSet,
  customersSegment,
];
