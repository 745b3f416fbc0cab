import { z } from 'zod';
import { amountParam, currencyParam } from './money.js';

/** Params klarna.capture and klarna.refund share. */
export const klarnaOrderId = z
  .string()
  .trim()
  .min(1, 'the Klarna order id must not be empty')
  .max(255)
  .meta({ title: 'Order ID', description: 'Klarna order_id from the authorization (e.g. f3392f8b-6116-4073-ab96-e330819e2c07)' });

export const klarnaAmount = amountParam.meta({
  title: 'Amount',
  description: 'Major units, e.g. 19.99 (sent to Klarna as minor units, 1999, without rounding errors)',
});

export const klarnaCurrency = currencyParam
  .default('EUR')
  .meta({ title: 'Currency', description: 'The order\'s currency (ISO 4217); decides the minor units (EUR: 2 decimals)' });

export const klarnaDescription = z.string().trim().min(1).max(255).optional().meta({ title: 'Description' });
