import type { NodeDefinition } from '../sdk/index.js';
import klarnaCapture from './klarna/capture/index.js';
import klarnaRefund from './klarna/refund/index.js';
import paypalCapture from './paypal/capture/index.js';
import paypalRefund from './paypal/refund/index.js';
import paypalWebhook from './paypal/webhook/index.js';

/** Commerce nodes of this area (PayPal, Klarna); see nodes/commerce/index.ts and docs/providers/. */
export const paymentsNodes: readonly NodeDefinition[] = [paypalCapture, paypalRefund, paypalWebhook, klarnaCapture, klarnaRefund];
