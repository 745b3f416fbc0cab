import { FatalError } from '../../sdk/index.js';

/**
 * Reading shop payloads field by field. Every problem throws `ORDER_INVALID` naming the field by its path in the
 * shop's payload (`line_items[2].quantity`), so a merchant can find it in the shop's webhook log.
 */

export class OrderPayloadError extends FatalError {
  constructor(source: string, path: string, problem: string) {
    super(`${source} order: ${path} ${problem}`, { code: 'ORDER_INVALID', details: [{ path, message: problem }] });
    this.name = 'OrderPayloadError';
  }
}

export type Fields = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A reader for one shop's payload: `source` names the shop in messages. */
export class PayloadReader {
  constructor(readonly source: string) {}

  fail(path: string, problem: string): never {
    throw new OrderPayloadError(this.source, path, problem);
  }

  object(value: unknown, path: string): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.fail(path, `must be an object (got ${describe(value)})`);
    }
    return value as Fields;
  }

  optionalObject(value: unknown, path: string): Fields | undefined {
    return value === undefined || value === null ? undefined : this.object(value, path);
  }

  array(value: unknown, path: string): readonly unknown[] {
    if (!Array.isArray(value)) return this.fail(path, `must be a list (got ${describe(value)})`);
    return value;
  }

  /** A non-empty string; numbers are accepted and turned into text (ids). */
  id(value: unknown, path: string): string {
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    return this.fail(path, value === undefined || value === null || value === '' ? 'is missing' : `must be an id (got ${describe(value)})`);
  }

  /** Text or '' when absent/null. */
  text(value: unknown, path: string): string {
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return this.fail(path, `must be text (got ${describe(value)})`);
  }

  /** Non-empty text. */
  requiredText(value: unknown, path: string): string {
    const text = this.text(value, path);
    return text === '' ? this.fail(path, 'is missing') : text;
  }

  /** Money: a number or a decimal string ("19.99"), in major units, rounded to cents. */
  money(value: unknown, path: string): number {
    if (value === undefined || value === null || value === '') return this.fail(path, 'is missing');
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(number)) return this.fail(path, `must be an amount like 19.99 (got ${describe(value)})`);
    return roundMoney(number);
  }

  /** Money, or `fallback` when absent. */
  optionalMoney(value: unknown, path: string, fallback: number): number {
    return value === undefined || value === null || value === '' ? fallback : this.money(value, path);
  }

  /** A positive whole number (quantities); numeric strings accepted. */
  quantity(value: unknown, path: string): number {
    const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0) {
      return this.fail(path, value === undefined || value === null ? 'is missing' : `must be a whole number above 0 (got ${describe(value)})`);
    }
    return number;
  }

  /** An ISO 4217 currency code, upper-cased. */
  currency(value: unknown, path: string): string {
    const text = this.requiredText(value, path).toUpperCase();
    return /^[A-Z]{3}$/.test(text) ? text : this.fail(path, `must be a currency code like EUR (got ${describe(value)})`);
  }

  /**
   * A timestamp as ISO 8601 UTC. Strings with an offset or `Z` keep their instant; strings without one are read
   * as UTC when `assumeUtc` (WooCommerce `date_created_gmt`), else rejected.
   */
  timestamp(value: unknown, path: string, options: { readonly assumeUtc?: boolean } = {}): string {
    const text = this.requiredText(value, path);
    const hasZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(text);
    const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?/.test(text);
    if (!iso) return this.fail(path, `must be an ISO 8601 date-time (got ${describe(value)})`);
    if (!hasZone && options.assumeUtc !== true) return this.fail(path, `must carry a time zone offset (got ${describe(value)})`);
    const ms = Date.parse(hasZone ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : this.fail(path, `is not a valid date-time (got ${describe(value)})`);
  }

  email(value: unknown, path: string): string {
    const text = this.text(value, path).toLowerCase();
    if (text !== '' && !/^[^\s@]+@[^\s@]+$/.test(text)) return this.fail(path, `must be an e-mail address (got ${describe(value)})`);
    return text;
  }
}

/** Rounds to cents, free of binary artefacts (1.005 → 1.01, 0.1 + 0.2 → 0.3). */
export function roundMoney(value: number): number {
  return Math.round(Number((value * 100).toPrecision(15))) / 100;
}

/** "Erika Mustermann" from the parts present. */
export function fullName(...parts: readonly string[]): string {
  return parts.filter((part) => part !== '').join(' ');
}
