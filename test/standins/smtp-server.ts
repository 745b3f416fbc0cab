/**
 * A local SMTP stand-in for tests: the `smtp-server` package on 127.0.0.1 and a random port, plain text (no
 * STARTTLS), requiring AUTH PLAIN/LOGIN with the given user and password. Every accepted message is kept with
 * its envelope and raw bytes and parsed by `parseMail`.
 *
 * `rejectRecipient(address)` may return an SMTP code (e.g. 550 permanent, 450 transient) to refuse RCPT TO for
 * that address; `rejectMessage()` the same for the DATA phase.
 *
 * `holdMessage(mail)` may return a promise to hold the answer to a message received in full (the sender waits for
 * its 250): the message is accepted once the promise resolves. When the client's connection closes during the hold
 * (the sender died or gave up), the message was never acknowledged: it goes to `abandoned`, not to `messages`.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { parseMail, type ParsedMail } from './mime.js';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly user: string | undefined;
  readonly raw: Buffer;
  readonly mail: ParsedMail;
}

export interface SmtpStandinOptions {
  readonly user?: string;
  readonly password?: string;
  readonly rejectRecipient?: (address: string) => number | undefined;
  readonly rejectMessage?: () => number | undefined;
  /** A promise holds the answer to this message until it resolves (see the file comment). */
  readonly holdMessage?: (mail: ReceivedMail) => Promise<void> | undefined;
}

export interface SmtpStandin {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly messages: readonly ReceivedMail[];
  /** Messages received in full whose connection closed while `holdMessage` held the answer (never acknowledged). */
  readonly abandoned: readonly ReceivedMail[];
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpStandin(options: SmtpStandinOptions = {}): Promise<SmtpStandin> {
  const user = options.user ?? 'shop';
  const password = options.password ?? 'secret';
  const messages: ReceivedMail[] = [];
  const abandoned: ReceivedMail[] = [];
  /** Resolvers of held messages by session id, called when that connection closes. */
  const onClosed = new Map<string, () => void>();

  const server = new SMTPServer({
    secure: false,
    hideSTARTTLS: true,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user: auth.username });
      else callback(smtpError(535, 'Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      const code = options.rejectRecipient?.(address.address);
      if (code !== undefined) callback(smtpError(code, `Recipient ${address.address} refused`));
      else callback();
    },
    onClose(session) {
      onClosed.get(session.id)?.();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = options.rejectMessage?.();
        if (code !== undefined) {
          callback(smtpError(code, 'Message refused'));
          return;
        }
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        const received: ReceivedMail = {
          from,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw,
          mail: parseMail(raw),
        };
        const hold = options.holdMessage?.(received);
        if (hold === undefined) {
          messages.push(received);
          callback();
          return;
        }
        const closed = new Promise<'closed'>((resolve) => onClosed.set(session.id, () => resolve('closed')));
        void Promise.race([hold.then(() => 'released' as const, () => 'released' as const), closed]).then((outcome) => {
          onClosed.delete(session.id);
          if (outcome === 'closed') {
            abandoned.push(received);
            return;
          }
          messages.push(received);
          callback();
        });
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP stand-in has no TCP address');

  return {
    host: '127.0.0.1',
    port: (address satisfies AddressInfo).port,
    user,
    password,
    messages,
    abandoned,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
