import type { NodeDefinition } from '../sdk/index.js';
import dhlCreateLabel from './dhl/create-label/index.js';

/** Commerce nodes of this area; see nodes/commerce/index.ts. */
export const shippingNodes: readonly NodeDefinition[] = [dhlCreateLabel];
