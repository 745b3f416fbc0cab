/** Brevo: transactional e-mail (`brevo.sendEmail`) and its credential type `brevo`. */
export { brevoSendEmail } from './send-email.js';
export { brevoCredential, brevoBaseUrl } from './credential.js';
export type { BrevoCredentialData } from './credential.js';
