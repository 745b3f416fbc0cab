/**
 * The commerce nodes (contract: "Commerce nodes"): order triggers, stock ledger, ERP and marketplace stock,
 * shipping, payments, e-mail and CRM. Each area lists its nodes in its own file; all sit in the palette's
 * Commerce group.
 */
import type { NodeDefinition } from '../sdk/index.js';
import { marketplacesNodes } from './marketplaces.js';
import { messagingNodes } from './messaging.js';
import { ordersStockNodes } from './orders-stock.js';
import { paymentsNodes } from './payments.js';
import { shippingNodes } from './shipping.js';

export const commerceNodes: readonly NodeDefinition[] = Object.freeze([
  ...ordersStockNodes,
  ...marketplacesNodes,
  ...shippingNodes,
  ...paymentsNodes,
  ...messagingNodes,
]);
