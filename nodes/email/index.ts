import { z } from 'zod';
import { FatalError, FlowError, defineNode } from '../sdk/index.js';
import type { BinaryMap, CredentialSlots } from '../sdk/index.js';
import { smtpCredential } from '../credentials/index.js';
import { toSmtpError } from './smtp-errors.js';
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
  text: z.string().optional().meta({ title: 'Text', description: 'Plain-text body' }),
  html: z.string().optional().meta({ title: 'HTML', description: 'HTML body; mail clients show it instead of the text' }),
  attachments: z
    .array(z.string().min(1))
    .default([])
    .meta({ title: 'Attachments', description: 'Binary keys of the item to attach, e.g. ["label"]' }),
});

const credentials = { smtp: { type: smtpCredential, required: true } } satisfies CredentialSlots;

/**
 * Sends one e-mail per item over SMTP. Output json: `{ messageId, accepted, rejected }` (addresses as strings).
 * A missing attachment key fails the item (`EMAIL_ATTACHMENT_MISSING`). Connection failures and SMTP 4xx are
 * retryable; authentication failures and 5xx rejections are not (see `toSmtpError`). Note: a retried send after
 * a lost connection may deliver twice; SMTP has no idempotency key.
 */
export default defineNode({
  type: 'email',
  version: 1,
  displayName: 'Send e-mail',
  description: 'Sends an e-mail over SMTP, with item binaries as attachments',
  group: 'action',
  icon: 'mail',
  params,
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
        text: { label: 'Text', description: 'Reiner Text' },
        html: { label: 'HTML', description: 'HTML-Inhalt; Mailprogramme zeigen ihn statt des Texts' },
        attachments: { label: 'Anhänge', description: 'Binärschlüssel des Elements, z. B. ["label"]' },
      },
    },
  },
  run: async (ctx) => {
    const p = ctx.params;
    const smtp = await ctx.credential('smtp');
    const attachments = p.attachments.map((key) => attachmentOf(ctx.item.binary, key));
    if (ctx.signal.aborted) throw new FlowError('CANCELLED', 'e-mail not sent: the run was cancelled');
    const send = transportFor(smtp).sendMail({
      from: p.from ?? smtp.from,
      to: p.to,
      ...(p.cc !== undefined && { cc: p.cc }),
      ...(p.bcc !== undefined && { bcc: p.bcc }),
      ...(p.replyTo !== undefined && { replyTo: p.replyTo }),
      subject: p.subject,
      ...(p.text !== undefined && { text: p.text }),
      ...(p.html !== undefined && { html: p.html }),
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

function attachmentOf(binary: BinaryMap | undefined, key: string): { filename: string; content: Buffer; contentType: string } {
  const data = binary?.[key];
  if (data === undefined) {
    const present = Object.keys(binary ?? {});
    throw new FatalError(`the item has no binary "${key}" to attach (it has: ${present.length > 0 ? present.join(', ') : 'none'})`, {
      code: 'EMAIL_ATTACHMENT_MISSING', param: 'attachments',
    });
  }
  return { filename: data.fileName ?? key, content: Buffer.from(data.data, 'base64'), contentType: data.mimeType };
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
