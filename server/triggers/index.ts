/** Webhook and schedule triggers: registrations from the store, the HTTP handler, signatures, schedules. */
export { TriggerManager } from './manager.js';
export type { TriggerManagerDeps } from './manager.js';
export { webhookHandler } from './webhook-handler.js';
export type { WebhookHandlerDeps } from './webhook-handler.js';
export { verifyWebhookAuth, signBody, hmacParams, eventIdHeaderFor, safeEqual } from './signature.js';
export { Scheduler } from './scheduler.js';
export type { SchedulerDeps, Timer } from './scheduler.js';
export { tickSource, latestTickBetween } from './ticks.js';
export { triggersOf } from './specs.js';
export type { WebhookTrigger, ScheduleTrigger, TriggerProblem } from './specs.js';
export { TestListeners } from './test-listeners.js';
export type { TestListenerState } from './test-listeners.js';
export { parseBody, readRawBody } from './body.js';
