import { z } from 'zod';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { defineCredentialType } from '../sdk/index.js';

const smtpSchema = z.object({
  host: z.string().min(1, 'the host must not be empty').meta({ title: 'Host', description: 'e.g. smtp.example.com' }),
  port: z.number().int().min(1).max(65535).default(587).meta({ title: 'Port', description: '587 (STARTTLS) or 465 (TLS)' }),
  secure: z.boolean().default(false).meta({ title: 'TLS from the start', description: 'On for port 465; off uses STARTTLS when offered' }),
  user: z.string().optional().meta({ title: 'User' }),
  password: z.string().optional().meta({ title: 'Password' }),
  from: z.string().min(1, 'the sender must not be empty').meta({ title: 'From', description: 'e.g. "Shop <shop@example.com>"' }),
});

export type SmtpCredentialData = z.output<typeof smtpSchema>;

/** Transport options for nodemailer: bounded connect, greeting and socket timeouts; auth only with a user. */
export function smtpTransportOptions(data: SmtpCredentialData): SMTPTransport.Options {
  return {
    host: data.host,
    port: data.port,
    secure: data.secure,
    ...(data.user !== undefined && data.user !== '' && { auth: { user: data.user, pass: data.password ?? '' } }),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/** An SMTP server to send mail through. `test` connects, authenticates and disconnects (nodemailer `verify`). */
export const smtpCredential = defineCredentialType({
  type: 'smtp',
  displayName: { en: 'SMTP server', de: 'SMTP-Server' },
  schema: smtpSchema,
  secretFields: ['password'],
  async test(data, { signal }) {
    const transport = nodemailer.createTransport(smtpTransportOptions(data));
    const abort = (): void => transport.close();
    signal.addEventListener('abort', abort, { once: true });
    try {
      await transport.verify();
    } finally {
      signal.removeEventListener('abort', abort);
      transport.close();
    }
  },
});
