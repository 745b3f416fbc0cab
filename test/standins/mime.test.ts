import { describe, expect, it } from 'vitest';
import { parseMail } from './mime.js';

const RAW = [
  'From: =?UTF-8?Q?J=C3=B6rg?= <j@example.test>',
  'Subject: =?UTF-8?B?R3LDvMOfZQ==?=',
  '  =?UTF-8?Q?_aus_K=C3=B6ln?=',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  'preamble',
  '--b1',
  'Content-Type: multipart/alternative; boundary=b2',
  '',
  '--b2',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Sch=C3=B6n, a long line =',
  'continued',
  '--b2',
  'Content-Type: text/html',
  '',
  '<p>hi</p>',
  '--b2--',
  '--b1',
  'Content-Type: application/pdf',
  'Content-Transfer-Encoding: base64',
  "Content-Disposition: attachment; filename*0*=utf-8''Etikett%20M%C3%BC; filename*1*=ller.pdf",
  '',
  'AAEC/w==',
  '--b1--',
  '',
].join('\r\n');

describe('parseMail', () => {
  it('decodes headers, nested multiparts, encodings and RFC 2231 file names', () => {
    const mail = parseMail(Buffer.from(RAW, 'latin1'));
    expect(mail.headers.from).toBe('Jörg <j@example.test>');
    expect(mail.headers.subject).toBe('Grüße aus Köln');
    expect(mail.text).toBe('Schön, a long line continued');
    expect(mail.html).toBe('<p>hi</p>');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]?.fileName).toBe('Etikett Müller.pdf');
    expect([...(mail.attachments[0]?.content ?? [])]).toEqual([0, 1, 2, 255]);
  });
});
