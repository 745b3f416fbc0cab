import { z } from 'zod';
import { FatalError } from '../../sdk/index.js';

/**
 * Exact money amounts for payment APIs. Amounts come in as major units (`19.99`, `"19.99"`) and leave as
 * integer minor units (Klarna: `1999`) or as a decimal string with the currency's digits (PayPal: `"19.99"`).
 *
 * - Strings are parsed digit by digit, never through a float: `"19.99"` → 1999. Digits beyond the currency's
 *   decimals are only accepted when they are zeros (`"19.990"`); `"19.999"` fails `AMOUNT_PRECISION`.
 * - Numbers are binary floats, so `0.1 + 0.2` is `0.30000000000000004` and `19.99 * 100` is `1998.9999…`:
 *   they are scaled and rounded to the nearest minor unit when they lie within 1e-6 of it (float noise), and
 *   fail `AMOUNT_PRECISION` otherwise (`19.999` EUR).
 * - Negative, non-finite or unsafe-integer results fail `AMOUNT_INVALID`. Errors name the param.
 */

/** ISO 4217 minor-unit digits where they differ from 2. */
const DIGITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0,
  VUV: 0, XAF: 0, XOF: 0, XPF: 0, BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function currencyDigits(currency: string): number {
  return DIGITS[currency.toUpperCase()] ?? 2;
}

/** A param holding a major-unit amount: a number or a decimal string (`19.99`, `"19,99"` is refused). */
export const amountParam = z.union([z.number(), z.string().trim().regex(/^\d+(\.\d+)?$/, 'a decimal amount like 19.99')]);

export const currencyParam = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'a three-letter ISO 4217 code like EUR')
  .transform((code) => code.toUpperCase());

export function toMinorUnits(amount: number | string, currency: string, param: string): number {
  const digits = currencyDigits(currency);
  const minor = typeof amount === 'string' ? fromDecimalString(amount, digits, currency, param) : fromNumber(amount, digits, currency, param);
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw new FatalError(`${param}: ${String(amount)} ${currency} is not a valid amount`, { code: 'AMOUNT_INVALID', param });
  }
  return minor;
}

/** Minor units as a decimal string with the currency's digits: 1999 EUR → "19.99", 500 JPY → "500". */
export function formatMinorUnits(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

function fromDecimalString(text: string, digits: number, currency: string, param: string): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) {
    throw new FatalError(`${param}: "${text}" is not a decimal amount like 19.99`, { code: 'AMOUNT_INVALID', param });
  }
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (/[1-9]/.test(fraction.slice(digits))) {
    throw new FatalError(`${param}: ${text} has more than ${digits} decimals, which ${currency} does not have`, {
      code: 'AMOUNT_PRECISION', param,
    });
  }
  return Number(`${whole}${fraction.slice(0, digits).padEnd(digits, '0')}`);
}

function fromNumber(value: number, digits: number, currency: string, param: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new FatalError(`${param}: ${String(value)} is not a valid amount`, { code: 'AMOUNT_INVALID', param });
  }
  const scaled = value * 10 ** digits;
  const minor = Math.round(scaled);
  if (Math.abs(scaled - minor) > 1e-6) {
    throw new FatalError(`${param}: ${String(value)} has more than ${digits} decimals, which ${currency} does not have`, {
      code: 'AMOUNT_PRECISION', param,
    });
  }
  return minor;
}
