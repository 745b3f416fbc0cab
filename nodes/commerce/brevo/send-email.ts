import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FatalError, FlowError, RetryableError, RetryAfterError, defineNode } from '../../sdk/index.js';
import type { CredentialSlots, HttpResponse, JsonObject } from '../../sdk/index.js';
import { attachmentEntry, attachmentsOf } from '../../email/attachments.js';
import { parseAddresses, recipientsParam, type Address } from './addresses.js';
import { brevoBaseUrl, brevoCredential } from './credential.js';

const params = z.object({
  to: recipientsParam.meta({ title: 'To', description: 'One address, several separated by commas ("Kim <kim@example.de>"), or a list' }),
  cc: recipientsParam.optional().meta({ title: 'Cc' }),
  bcc: recipientsParam.optional().meta({ title: 'Bcc' }),
  replyTo: z.string().optional().meta({ title: 'Reply to' }),
  sender: z.string().optional().meta({ title: 'Sender', description: 'Overrides the sender of the credential, e.g. "Shop <shop@example.de>"' }),
  subject: z.string().optional().meta({ title: 'Subject', description: 'Required unless a template gives it' }),
  htmlContent: z.string().optional().meta({ title: 'HTML', description: 'HTML body ({{ }} expressions are inserted as they are)' }),
  textContent: z.string().optional().meta({ title: 'Text', description: 'Plain-text body' }),
  templateId: z.coerce.number().int().positive().optional().meta({ title: 'Template ID', description: 'A Brevo template instead of HTML/text' }),
  templateParams: z.record(z.string(), z.unknown()).optional().meta({
    title: 'Template params', description: 'Values the Brevo template reads as {{ params.name }}',
  }),
  attachments: z.array(attachmentEntry).default([]).meta({
    title: 'Attachments', description: 'Binary keys of the item, e.g. ["label"], or { "key": "label", "fileName": "Versandetikett.pdf" }',
  }),
  tags: z.array(z.string().min(1)).default([]).meta({ title: 'Tags', description: 'Brevo tags for statistics' }),
});

const credentials = { brevo: { type: brevoCredential, required: true } } satisfies CredentialSlots;

interface BrevoError {
  readonly code: string;
  readonly message: string;
}

const MAX_RATE_LIMIT_WAITS = 3;
const MAX_IN_NODE_WAIT_MS = 60_000;

/**
 * `brevo.sendEmail`: one transactional e-mail per item through Brevo (`POST /v3/smtp/email`). Output json:
 * `{ messageId, idempotencyKey, sandbox, duplicate }`.
 *
 * Idempotency: every request carries `headers.idempotencyKey`, a UUID derived from the node run's key
 * (execution, node, item), the same on every retry and resume. Brevo accepts a key once within 30 minutes and
 * answers `duplicate_parameter` to a repeat, so a retry after a lost answer sends nothing twice; the node then
 * outputs `duplicate: true` and `messageId: null` (Brevo does not repeat the id). After 30 minutes a retry
 * would send again (at-least-once). 429: waits `Retry-After` (else `x-sib-ratelimit-reset`) up to 3 times when
 * each wait is ≤ 60 s, then RetryAfterError `BREVO_RATE_LIMITED` for the node's retry policy. 5xx:
 * RetryableError `BREVO_UNAVAILABLE`. Other 4xx: FatalError `BREVO_<CODE>` with Brevo's message.
 */
export const brevoSendEmail = defineNode({
  type: 'brevo.sendEmail',
  version: 1,
  displayName: 'Brevo: send e-mail',
  description: 'Sends a transactional e-mail through Brevo, with item binaries as attachments',
  group: 'commerce',
  icon: 'mail',
  params,
  credentials,
  translations: {
    de: {
      displayName: 'Brevo: E-Mail senden',
      description: 'Sendet eine Transaktions-E-Mail über Brevo, Binärdaten des Elements als Anhänge',
      params: {
        to: { label: 'An', description: 'Eine Adresse, mehrere durch Kommas getrennt („Kim <kim@example.de>“) oder eine Liste' },
        cc: { label: 'Cc' },
        bcc: { label: 'Bcc' },
        replyTo: { label: 'Antwort an' },
        sender: { label: 'Absender', description: 'Ersetzt den Absender des Zugangs, z. B. „Shop <shop@example.de>“' },
        subject: { label: 'Betreff', description: 'Pflicht, außer eine Vorlage gibt ihn vor' },
        htmlContent: { label: 'HTML', description: 'HTML-Inhalt ({{ }}-Ausdrücke werden unverändert eingesetzt)' },
        textContent: { label: 'Text', description: 'Reiner Text' },
        templateId: { label: 'Vorlagen-ID', description: 'Eine Brevo-Vorlage statt HTML/Text' },
        templateParams: { label: 'Vorlagenparameter', description: 'Werte, die die Brevo-Vorlage als {{ params.name }} liest' },
        attachments: { label: 'Anhänge', description: 'Binärschlüssel des Elements, z. B. ["label"]' },
        tags: { label: 'Tags', description: 'Brevo-Tags für Statistiken' },
      },
    },
  },
  run: async (ctx) => {
    const p = ctx.params;
    const credential = await ctx.credential('brevo');
    const senderText = p.sender ?? credential.sender;
    const sender = senderText === undefined ? undefined : parseAddresses(senderText, 'sender')[0];
    if (p.templateId === undefined) {
      if (sender === undefined) throw missing('sender', 'a sender (param or credential) is required without a template');
      if (p.subject === undefined || p.subject.trim() === '') throw missing('subject', 'a subject is required without a template');
      if (p.htmlContent === undefined && p.textContent === undefined) {
        throw missing('htmlContent', 'give htmlContent or textContent (or a templateId)');
      }
    }
    const to = parseAddresses(p.to, 'to');
    if (to.length === 0) throw missing('to', 'give at least one recipient');
    const replyTo = p.replyTo === undefined ? undefined : parseAddresses(p.replyTo, 'replyTo')[0];
    const attachment = attachmentsOf(ctx.item.binary, p.attachments).map((file) => ({ name: file.fileName, content: file.content.toString('base64') }));
    const idempotencyKey = uuidFromKey(ctx.idempotencyKey);
    const body = {
      ...(sender !== undefined && { sender }),
      to,
      ...nonEmpty('cc', parseAddresses(p.cc, 'cc')),
      ...nonEmpty('bcc', parseAddresses(p.bcc, 'bcc')),
      ...(replyTo !== undefined && { replyTo }),
      ...(p.subject !== undefined && { subject: p.subject }),
      ...(p.htmlContent !== undefined && { htmlContent: p.htmlContent }),
      ...(p.textContent !== undefined && { textContent: p.textContent }),
      ...(p.templateId !== undefined && { templateId: p.templateId }),
      ...(p.templateParams !== undefined && { params: p.templateParams }),
      ...(attachment.length > 0 && { attachment }),
      ...(p.tags.length > 0 && { tags: p.tags }),
      headers: { idempotencyKey, ...(credential.sandbox && { 'X-Sib-Sandbox': 'drop' }) },
    };

    for (let waits = 0; ; waits++) {
      const response = await ctx.http.request<unknown>({
        method: 'POST',
        url: `${brevoBaseUrl(credential)}/smtp/email`,
        headers: { 'api-key': credential.apiKey, accept: 'application/json' },
        body,
        idempotencyHeader: false,
        throwOnError: false,
      });
      const result: JsonObject = { idempotencyKey, sandbox: credential.sandbox };
      if (response.status >= 200 && response.status < 300) {
        const messageId = fieldOf(response.body, 'messageId');
        return { ...result, messageId: typeof messageId === 'string' ? messageId : null, duplicate: false };
      }
      const error = brevoError(response);
      if (response.status === 400 && error.code === 'duplicate_parameter') {
        ctx.logger.info('brevo: e-mail was already accepted under this idempotency key', { idempotencyKey });
        return { ...result, messageId: null, duplicate: true };
      }
      if (response.status === 429) {
        const delayMs = rateLimitDelay(response);
        if (waits < MAX_RATE_LIMIT_WAITS && delayMs <= MAX_IN_NODE_WAIT_MS) {
          ctx.logger.warn('brevo: rate limited, waiting', { delayMs });
          await sleep(delayMs, ctx.signal);
          continue;
        }
        throw new RetryAfterError(`Brevo rate limit: ${error.message}`, delayMs, { code: 'BREVO_RATE_LIMITED', httpStatus: 429 });
      }
      throw failure(response.status, error);
    }
  },
});

function missing(param: string, message: string): FatalError {
  return new FatalError(message, { code: 'BREVO_PARAM_MISSING', param });
}

function nonEmpty<K extends string>(key: K, list: readonly Address[]): Partial<Record<K, readonly Address[]>> {
  const out: Partial<Record<K, readonly Address[]>> = {};
  if (list.length > 0) out[key] = list;
  return out;
}

/** A UUID (version-5 layout) from the node run's idempotency key: the same key always gives the same UUID. */
export function uuidFromKey(key: string): string {
  const hex = createHash('sha256').update(`flowwerk:brevo:${key}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function brevoError(response: HttpResponse<unknown>): BrevoError {
  const code = fieldOf(response.body, 'code');
  const message = fieldOf(response.body, 'message');
  return {
    code: typeof code === 'string' ? code : `http_${response.status}`,
    message: typeof message === 'string' ? message : typeof response.body === 'string' ? response.body.slice(0, 300) : response.statusText,
  };
}

function failure(status: number, error: BrevoError): FlowError {
  const message = `Brevo answered ${status} ${error.code}: ${error.message}`;
  if (status >= 500) return new RetryableError(message, { code: 'BREVO_UNAVAILABLE', httpStatus: status });
  const code = `BREVO_${error.code.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
  return new FatalError(message, { code, httpStatus: status });
}

/** `Retry-After`, else Brevo's `x-sib-ratelimit-reset` (seconds), else 1 s. */
function rateLimitDelay(response: HttpResponse<unknown>): number {
  for (const name of ['retry-after', 'x-sib-ratelimit-reset']) {
    const value = response.headers[name];
    if (value !== undefined && /^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value.trim()) * 1000);
  }
  return 1000;
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Reflect.get(value, key) : undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new FlowError('CANCELLED', 'Brevo rate-limit wait cancelled'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new FlowError('CANCELLED', 'Brevo rate-limit wait cancelled'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
