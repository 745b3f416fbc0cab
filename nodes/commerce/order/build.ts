import type { JsonValue } from '../../sdk/index.js';
import { splitStreet, toCountryCode } from './address.js';
import { PayloadReader, roundMoney } from './fields.js';
import type { Order, OrderAddress, OrderLine } from './schema.js';

/** What every normaliser gets besides the payload. */
export interface NormaliseOptions {
  /** The `shop` value of the order (the trigger's `shop` param). */
  readonly shop: string;
}

/** The address parts a normaliser read from its shop, before the common rules apply. */
export interface AddressParts {
  readonly firstName: string;
  readonly lastName: string;
  readonly company: string;
  /** One line ("Hauptstraße 5") unless `houseNumber` is given separately. */
  readonly street: string;
  readonly streetPath: string;
  readonly houseNumber?: string;
  readonly addition: string;
  readonly postalCode: string;
  readonly city: string;
  readonly cityPath: string;
  readonly country: string;
  readonly countryPath: string;
  readonly phone: string;
  /** A full name when the shop has one field for it. */
  readonly name?: string;
}

export function buildAddress(reader: PayloadReader, parts: AddressParts): OrderAddress {
  if (parts.street === '') reader.fail(parts.streetPath, 'is missing');
  if (parts.city === '') reader.fail(parts.cityPath, 'is missing');
  if (parts.country === '') reader.fail(parts.countryPath, 'is missing');
  const country = toCountryCode(parts.country) ?? reader.fail(parts.countryPath, `must be a country (ISO 3166 code or name), got "${parts.country}"`);
  const split = parts.houseNumber !== undefined && parts.houseNumber !== '' ? { street: parts.street, houseNumber: parts.houseNumber } : splitStreet(parts.street);
  const name = parts.name !== undefined && parts.name !== '' ? parts.name : [parts.firstName, parts.lastName].filter((part) => part !== '').join(' ');
  return {
    name,
    ...(parts.company !== '' && { company: parts.company }),
    street: split.street,
    houseNumber: split.houseNumber,
    ...(parts.addition !== '' && { addition: parts.addition }),
    postalCode: parts.postalCode,
    city: parts.city,
    country,
    ...(parts.phone !== '' && { phone: parts.phone }),
  };
}

export interface OrderParts {
  readonly orderId: string;
  readonly orderNumber: string;
  readonly createdAt: string;
  readonly currency: string;
  readonly customer: Order['customer'];
  readonly shippingAddress: OrderAddress | null;
  readonly lines: readonly OrderLine[];
  readonly gross: number;
  readonly tax: number;
  readonly shipping: number;
}

/** The common shape: `net` is gross − tax; every amount rounded to cents. */
export function buildOrder(parts: OrderParts, raw: JsonValue, options: NormaliseOptions): Order {
  return {
    orderId: parts.orderId,
    orderNumber: parts.orderNumber,
    shop: options.shop,
    createdAt: parts.createdAt,
    currency: parts.currency,
    customer: parts.customer,
    shippingAddress: parts.shippingAddress,
    lines: parts.lines.map((line) => ({ ...line, unitPrice: roundMoney(line.unitPrice) })),
    totals: {
      net: roundMoney(parts.gross - parts.tax),
      tax: roundMoney(parts.tax),
      gross: roundMoney(parts.gross),
      shipping: roundMoney(parts.shipping),
    },
    raw,
  };
}
