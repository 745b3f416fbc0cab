/** The credential types that ship with flowwerk's core nodes. */
import type { CredentialType } from '../sdk/index.js';
import { httpBasicCredential } from './http-basic.js';
import { httpBearerCredential } from './http-bearer.js';
import { httpHeaderCredential } from './http-header.js';
import { smtpCredential } from './smtp.js';

export { httpBasicCredential, httpBearerCredential, httpHeaderCredential, smtpCredential };
export { smtpTransportOptions } from './smtp.js';
export type { SmtpCredentialData } from './smtp.js';
export { httpAuthHeaders } from './http-auth.js';
export type { HttpAuth } from './http-auth.js';

export const builtinCredentialTypes: readonly CredentialType[] = [
  httpHeaderCredential, httpBasicCredential, httpBearerCredential, smtpCredential,
];
