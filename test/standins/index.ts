/** Local stand-ins for external services, for tests (127.0.0.1 only). */
export { startHttpStandin, sendJson, sendBody } from './http-server.js';
export type { HttpStandin, RecordedRequest, StandinHandler } from './http-server.js';
export { startSmtpStandin } from './smtp-server.js';
export type { SmtpStandin, SmtpStandinOptions, ReceivedMail } from './smtp-server.js';
export { parseMail } from './mime.js';
export type { ParsedMail, MimePart } from './mime.js';
export { startEbayStandin, type EbayStandin, type EbayStandinOptions } from './ebay.js';
export { startBrevoStandin, type BrevoStandin, type BrevoStandinOptions, type BrevoEmail, type BrevoFailure } from './brevo.js';
export { startAmazonStandin, type AmazonStandin, type AmazonStandinOptions } from './amazon.js';
export { startHubspotStandin, type HubspotStandin, type HubspotStandinOptions, type HubspotContact, type HubspotFailure } from './hubspot.js';
export { startBillbeeStandin, type BillbeeStandin, type BillbeeStandinOptions } from './billbee.js';
export { startDhlParcelStandin, DHL_STANDIN_DEFAULTS, type DhlParcelStandin, type DhlParcelStandinOptions, type StandinShipment } from './dhl-parcel.js';
export { startDhlTrackingStandin, type DhlTrackingStandin, type DhlTrackingStandinOptions, type TrackedShipment } from './dhl-tracking.js';
export { startHermesStandin, type HermesStandin, type HermesStandinOptions } from './hermes.js';
export { startPlentyStandin, type PlentyStandin, type PlentyStandinOptions } from './plentymarkets.js';
export { startPaypalStandin, createPaypalSigningCertificate, signPaypalWebhook, paypalEvent, type PaypalStandin, type PaypalStandinOptions, type PaypalFailure } from './paypal.js';
export { startKlarnaStandin, type KlarnaStandin, type KlarnaStandinOptions, type KlarnaFailure } from './klarna.js';
