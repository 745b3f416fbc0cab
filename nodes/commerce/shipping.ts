import type { NodeDefinition } from '../sdk/index.js';
import dhlCancelLabel from './dhl/cancel-label/index.js';
import dhlCreateLabel from './dhl/create-label/index.js';
import dhlTrack from './dhl/track/index.js';
import hermesCreateLabel from './hermes/create-label/index.js';

/** Commerce nodes of this area (DHL Parcel DE, DHL tracking, Hermes HSI); see nodes/commerce/index.ts. */
export const shippingNodes: readonly NodeDefinition[] = [dhlCreateLabel, dhlCancelLabel, dhlTrack, hermesCreateLabel];
