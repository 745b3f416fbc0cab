import { z } from 'zod';

/** How a webhook call proves where it comes from; the server checks it before storing the request. */
const none = z.object({ type: z.literal('none') });

const header = z.object({
  type: z.literal('header'),
  name: z.string().min(1).meta({ title: 'Header name', description: 'e.g. X-Api-Key' }),
  value: z.string().min(1).meta({ title: 'Expected value' }),
});

const basic = z.object({
  type: z.literal('basic'),
  user: z.string().min(1).meta({ title: 'User' }),
  password: z.string().min(1).meta({ title: 'Password' }),
});

const hmac = z
  .object({
    type: z.literal('hmac'),
    preset: z
      .enum(['shopify', 'woocommerce', 'shopware', 'generic'])
      .default('generic')
      .meta({ title: 'Preset', description: 'Shop presets fill in header, algorithm and encoding' }),
    secret: z.string().min(1).meta({ title: 'Secret', description: 'The signing secret shared with the sender' }),
    header: z.string().min(1).optional().meta({ title: 'Signature header', description: 'Required for the generic preset' }),
    algorithm: z.enum(['sha1', 'sha256', 'sha512']).optional().meta({ title: 'Algorithm', description: 'Default sha256' }),
    encoding: z.enum(['hex', 'base64']).optional().meta({ title: 'Encoding', description: 'Default hex' }),
  })
  .refine((auth) => auth.preset !== 'generic' || auth.header !== undefined, {
    message: 'the generic preset needs `header`, the header carrying the signature',
    path: ['header'],
  });

export const webhookAuthSchema = z
  .discriminatedUnion('type', [none, header, basic, hmac])
  .default({ type: 'none' })
  .meta({ title: 'Authentication', description: 'none, a fixed header, HTTP basic, or an HMAC signature of the body' });
