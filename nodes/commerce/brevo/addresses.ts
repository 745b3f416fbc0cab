import { z } from 'zod';
import { FatalError } from '../../sdk/index.js';

/** A recipient param: `"a@x.de, Kim <kim@x.de>"`, a list of such strings, or a list of `{ email, name? }`. */
export const recipientsParam = z.union([
  z.string(),
  z.array(z.union([z.string(), z.object({ email: z.string(), name: z.string().optional() })])),
]);

export type RecipientsParam = z.output<typeof recipientsParam>;

export interface Address {
  readonly email: string;
  readonly name?: string;
}

const EMAIL = /^[^\s@<>",]+@[^\s@<>",]+\.[^\s@<>",]+$/;

/**
 * The addresses of a recipient param, in order, without empty entries. `Name <addr>` and `"Name, Inc" <addr>`
 * keep the name. An entry that is not an address is FatalError `BREVO_ADDRESS_INVALID` naming `param`.
 */
export function parseAddresses(value: RecipientsParam | undefined, param: string): Address[] {
  if (value === undefined) return [];
  type Entry = string | { readonly email: string; readonly name?: string | undefined };
  const entries: Entry[] = typeof value === 'string'
    ? splitList(value)
    : value.flatMap<Entry>((entry) => (typeof entry === 'string' ? splitList(entry) : [entry]));
  return entries.flatMap((entry): Address[] => {
    const address = typeof entry === 'string' ? parseOne(entry) : { email: entry.email.trim(), ...(entry.name !== undefined && entry.name.trim() !== '' && { name: entry.name.trim() }) };
    if (address === undefined) return [];
    if (!EMAIL.test(address.email)) {
      throw new FatalError(`"${address.email}" in ${param} is not an e-mail address`, { code: 'BREVO_ADDRESS_INVALID', param });
    }
    return [address];
  });
}

/** Splits at commas outside quotes and angle brackets. */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (char === '<') angle = true;
    else if (char === '>') angle = false;
    if ((char === ',' || char === ';') && !quoted && !angle) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function parseOne(text: string): Address | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const match = /^(.*?)\s*<([^<>]+)>$/.exec(trimmed);
  if (match === null) return { email: trimmed };
  const name = (match[1] ?? '').trim().replace(/^"(.*)"$/, '$1').trim();
  return { email: (match[2] ?? '').trim(), ...(name !== '' && { name }) };
}
