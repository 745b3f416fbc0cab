import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FatalError, FlowError, defineNode } from '../sdk/index.js';
import type { CredentialSlots } from '../sdk/index.js';
import { smtpCredential } from '../credentials/index.js';
import { attachmentEntry, attachmentsOf } from './attachments.js';
import { htmlToText } from './html-to-text.js';
import { toSmtpError } from './smtp-errors.js';
import { renderTemplate, TemplateError } from './template.js';
import { transportFor } from './transports.js';

const recipients = z.union([
  z.string().min(1, 'give at least one address'),
  z.array(z.string().min(1)).min(1, 'give at least one address'),
]);

const params = z.object({
  to: recipients.meta({ title: 'To', description: 'One address, several separated by commas, or a list' }),
  cc: recipients.optional().meta({ title: 'Cc' }),
  bcc: recipients.optional().meta({ title: 'Bcc' }),
  replyTo: z.string().min(1).optional().meta({ title: 'Reply to' }),
  from: z.string().min(1).optional().meta({ title: 'From', description: 'Overrides the sender of the SMTP credential' }),
  subject: z.string().meta({ title: 'Subject' }),
  text: z.string().optional().meta({
    title: 'Text', description: 'Plain-text body; when empty it is generated from the HTML body',
  }),
  html: z.string().optional().meta({
    title: 'HTML', description: 'HTML body; {{ }} expressions are inserted as they are (not escaped)',
  }),
  htmlTemplate: z.string().optional().meta({
    title: 'HTML template',
    description: 'HTML body instead of "HTML": {{ customer.firstName }} inserts escaped values of the item (or of "Template data"), '
      + '{{# lines }}…{{/ lines }} repeats per order line, {{{ x }}} inserts unescaped',
  }),
  templateData: z.record(z.string(), z.unknown()).optional().meta({
    title: 'Template data', description: 'The values the HTML template reads; default: the item json',
  }),
  attachments: z
    .array(attachmentEntry)
    .default([])
    .meta({
      title: 'Attachments',
      description: 'Binary keys of the item to attach, e.g. ["label"], or { "key": "label", "fileName": "Versandetikett.pdf" }',
    }),
});

const credentials = { smtp: { type: smtpCredential, required: true } } satisfies CredentialSlots;

/**
 * Sends one e-mail per item over SMTP. Output json: `{ messageId, accepted, rejected }` (addresses as strings).
 * Body: `text` and/or `html` (expressions, inserted unescaped) or `htmlTemplate` (a literal logic-less template
 * over `templateData` or the item json, escaping every value; see template.ts); without `text` the text part
 * is generated from the HTML. Attachments: see attachments.ts.
 * A missing attachment key fails the item (`EMAIL_ATTACHMENT_MISSING`); `html` together with `htmlTemplate`
 * is `EMAIL_BODY_CONFLICT`; a broken template `EMAIL_TEMPLATE_INVALID`. Connection failures and SMTP 4xx are
 * retryable; authentication failures and 5xx rejections are not (see `toSmtpError`). Note: a retried send after
 * a lost connection may deliver twice (SMTP has no idempotency key); both copies carry the same Message-ID,
 * derived from the node run's idempotency key.
 */
export default defineNode({
  type: 'email',
  version: 1,
  displayName: 'Send e-mail',
  description: 'Sends an e-mail over SMTP, with item binaries as attachments',
  group: 'action',
  icon: 'mail',
  params,
  literalParams: ['htmlTemplate'],
  credentials,
  translations: {
    de: {
      displayName: 'E-Mail senden',
      description: 'Sendet eine E-Mail über SMTP, Binärdaten des Elements als Anhänge',
      params: {
        to: { label: 'An', description: 'Eine Adresse, mehrere durch Kommas getrennt oder eine Liste' },
        cc: { label: 'Cc' },
        bcc: { label: 'Bcc' },
        replyTo: { label: 'Antwort an' },
        from: { label: 'Von', description: 'Ersetzt den Absender des SMTP-Zugangs' },
        subject: { label: 'Betreff' },
        text: { label: 'Text', description: 'Reiner Text; leer: wird aus dem HTML-Inhalt erzeugt' },
        html: { label: 'HTML', description: 'HTML-Inhalt; {{ }}-Ausdrücke werden unverändert (nicht maskiert) eingesetzt' },
        htmlTemplate: {
          label: 'HTML-Vorlage',
          description: 'HTML-Inhalt statt „HTML“: {{ customer.firstName }} setzt Werte des Elements maskiert ein, '
            + '{{# lines }}…{{/ lines }} wiederholt je Bestellposition, {{{ x }}} setzt unmaskiert ein',
        },
        templateData: { label: 'Vorlagendaten', description: 'Die Werte für die HTML-Vorlage; Standard: das JSON des Elements' },
        attachments: {
          label: 'Anhänge',
          description: 'Binärschlüssel des Elements, z. B. ["label"], oder { "key": "label", "fileName": "Versandetikett.pdf" }',
        },
      },
    },
  },
  run: async (ctx) => {
    const p = ctx.params;
    const smtp = await ctx.credential('smtp');
    const attachments = attachmentsOf(ctx.item.binary, p.attachments)
      .map((file) => ({ filename: file.fileName, content: file.content, contentType: file.mimeType }));
    const html = htmlBody(p.html, p.htmlTemplate, p.templateData ?? ctx.item.json);
    const text = p.text ?? (html === undefined ? undefined : htmlToText(html));
    if (ctx.signal.aborted) throw new FlowError('CANCELLED', 'e-mail not sent: the run was cancelled');
    const from = p.from ?? smtp.from;
    const send = transportFor(smtp).sendMail({
      from,
      messageId: messageIdFor(ctx.idempotencyKey, from),
      to: p.to,
      ...(p.cc !== undefined && { cc: p.cc }),
      ...(p.bcc !== undefined && { bcc: p.bcc }),
      ...(p.replyTo !== undefined && { replyTo: p.replyTo }),
      subject: p.subject,
      ...(text !== undefined && { text }),
      ...(html !== undefined && { html }),
      attachments,
    });
    const info = await untilAborted(send.catch((error: unknown) => Promise.reject(toSmtpError(error))), ctx.signal);
    return {
      messageId: info.messageId,
      accepted: (info.accepted ?? []).map(addressText),
      rejected: (info.rejected ?? []).map(addressText),
    };
  },
});

function htmlBody(html: string | undefined, template: string | undefined, data: unknown): string | undefined {
  if (template === undefined) return html;
  if (html !== undefined) {
    throw new FatalError('give either "html" or "htmlTemplate", not both', { code: 'EMAIL_BODY_CONFLICT', param: 'htmlTemplate' });
  }
  try {
    return renderTemplate(template, data);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw new FatalError(`HTML template: ${error.message}`, { code: 'EMAIL_TEMPLATE_INVALID', param: 'htmlTemplate', cause: error });
  }
}

/**
 * The Message-ID for this node run's item: the same on every retry and resume (derived from the idempotency key),
 * so a message sent twice after a lost answer carries one Message-ID that mail clients and tests can collapse.
 */
function messageIdFor(key: string, from: string): string {
  const domain = /@([^\s<>@"]+)>?\s*$/.exec(from)?.[1] ?? 'flowwerk.invalid';
  return `<flowwerk.${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

function addressText(address: string | { readonly address: string }): string {
  return typeof address === 'string' ? address : address.address;
}

/** `promise`, or a CANCELLED failure as soon as the run is aborted (the SMTP exchange ends by its own timeouts). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new FlowError('CANCELLED', 'e-mail sending cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
