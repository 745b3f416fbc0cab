import type { NodeDefinition } from '../sdk/index.js';

/** Commerce nodes of this area; see nodes/commerce/index.ts. */
export const ordersStockNodes: readonly NodeDefinition[] = [];
