/**
 * The request schemas the PayPal stand-in validates, taken from the official OpenAPI files (apis.md §3:
 * checkout_orders_v2.json v2.13, payments_payment_v2.json v2.5): validation keywords only (type, properties,
 * required, items, min/max, pattern, enum, allOf, $ref). `$ref`s name schemas in this map; references to schemas
 * not listed (payer, payment_source, shipping, ...) are reduced to `{ type: "object" }`.
 * test/commerce/payments-standins.test.ts re-derives this subset from the official files and compares.
 */

export interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly allOf?: readonly SchemaNode[];
  readonly $ref?: string;
}

export const PAYPAL_REQUEST_SCHEMAS: Readonly<Record<string, SchemaNode>> = {
  order_request: {
    type: 'object',
    properties: {
      intent: {
        $ref: 'checkout_payment_intent'
      },
      payer: {
        type: 'object'
      },
      purchase_units: {
        type: 'array',
        minItems: 1,
        maxItems: 10,
        items: {
          $ref: 'purchase_unit_request'
        }
      },
      payment_source: {
        type: 'object'
      },
      application_context: {
        type: 'object'
      }
    },
    required: [
      'intent',
      'purchase_units'
    ]
  },
  purchase_unit_request: {
    type: 'object',
    properties: {
      reference_id: {
        type: 'string',
        minLength: 1,
        maxLength: 256
      },
      amount: {
        $ref: 'amount_with_breakdown'
      },
      payee: {
        type: 'object'
      },
      payment_instruction: {
        type: 'object'
      },
      description: {
        type: 'string',
        minLength: 1,
        maxLength: 127
      },
      custom_id: {
        type: 'string',
        minLength: 1,
        maxLength: 127
      },
      invoice_id: {
        type: 'string',
        minLength: 1,
        maxLength: 127
      },
      soft_descriptor: {
        type: 'string',
        minLength: 1,
        maxLength: 22
      },
      items: {
        type: 'array',
        items: {
          type: 'object'
        }
      },
      shipping: {
        type: 'object'
      },
      supplementary_data: {
        type: 'object'
      }
    },
    required: [
      'amount'
    ]
  },
  amount_with_breakdown: {
    type: 'object',
    allOf: [
      {
        $ref: 'money'
      },
      {
        properties: {
          breakdown: {
            type: 'object'
          }
        }
      }
    ]
  },
  checkout_payment_intent: {
    type: 'string',
    enum: [
      'CAPTURE',
      'AUTHORIZE'
    ]
  },
  money: {
    type: 'object',
    properties: {
      currency_code: {
        $ref: 'currency_code'
      },
      value: {
        type: 'string',
        maxLength: 32,
        pattern: '^((-?[0-9]+)|(-?([0-9]+)?[.][0-9]+))$'
      }
    },
    required: [
      'currency_code',
      'value'
    ]
  },
  currency_code: {
    type: 'string',
    minLength: 3,
    maxLength: 3
  },
  order_capture_request: {
    type: 'object',
    properties: {
      payment_source: {
        type: 'object'
      }
    }
  },
  refund_request: {
    type: 'object',
    properties: {
      amount: {
        $ref: 'money'
      },
      custom_id: {
        type: 'string',
        minLength: 1,
        maxLength: 127,
        pattern: '^.*$'
      },
      invoice_id: {
        type: 'string',
        minLength: 1,
        maxLength: 127,
        pattern: '^.*$'
      },
      note_to_payer: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        pattern: '^.*$'
      },
      payment_instruction: {
        type: 'object'
      }
    }
  }
};

/** A PayPal `error_details` entry for a request that breaks the schema (INVALID_REQUEST). */
export interface SchemaIssue {
  readonly field: string;
  readonly value?: string;
  readonly location: 'body';
  readonly issue: 'MISSING_REQUIRED_PARAMETER' | 'INVALID_PARAMETER_SYNTAX' | 'INVALID_STRING_LENGTH' | 'INVALID_PARAMETER_VALUE' | 'INVALID_ARRAY_MAX_ITEMS' | 'INVALID_ARRAY_MIN_ITEMS';
  readonly description: string;
}

/** Checks `value` against the named schema; issues carry JSON-pointer fields as PayPal reports them. */
export function validatePaypalRequest(schemaName: string, value: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const schema = PAYPAL_REQUEST_SCHEMAS[schemaName];
  if (schema === undefined) throw new Error(`unknown PayPal schema ${schemaName}`);
  check(schema, value, '', issues);
  return issues;
}

function resolve(node: SchemaNode): SchemaNode {
  if (node.$ref === undefined) return node;
  const target = PAYPAL_REQUEST_SCHEMAS[node.$ref];
  if (target === undefined) throw new Error(`unknown PayPal schema ${node.$ref}`);
  return target;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
}

function check(raw: SchemaNode, value: unknown, field: string, issues: SchemaIssue[]): void {
  const node = resolve(raw);
  for (const part of node.allOf ?? []) check(part, value, field, issues);
  const where = field || '/';
  if (node.type !== undefined && typeOf(value) !== node.type && !(node.type === 'number' && typeOf(value) === 'integer')) {
    issues.push({ field: where, value: JSON.stringify(value), location: 'body', issue: 'INVALID_PARAMETER_SYNTAX', description: `Expected ${node.type}.` });
    return;
  }
  if (typeof value === 'string') {
    if ((node.minLength !== undefined && value.length < node.minLength) || (node.maxLength !== undefined && value.length > node.maxLength)) {
      issues.push({ field: where, value, location: 'body', issue: 'INVALID_STRING_LENGTH', description: 'The value of a field is either too short or too long.' });
    }
    if (node.pattern !== undefined && !new RegExp(node.pattern).test(value)) {
      issues.push({ field: where, value, location: 'body', issue: 'INVALID_PARAMETER_SYNTAX', description: 'The value of a field does not conform to the expected format.' });
    }
    if (node.enum !== undefined && !node.enum.includes(value)) {
      issues.push({ field: where, value, location: 'body', issue: 'INVALID_PARAMETER_VALUE', description: 'The value of a field is invalid.' });
    }
  }
  if (Array.isArray(value)) {
    if (node.minItems !== undefined && value.length < node.minItems) {
      issues.push({ field: where, location: 'body', issue: 'INVALID_ARRAY_MIN_ITEMS', description: `The array needs at least ${node.minItems} items.` });
    }
    if (node.maxItems !== undefined && value.length > node.maxItems) {
      issues.push({ field: where, location: 'body', issue: 'INVALID_ARRAY_MAX_ITEMS', description: `The array has more than ${node.maxItems} items.` });
    }
    if (node.items !== undefined) value.forEach((item, index) => check(node.items ?? {}, item, `${field}/${index}`, issues));
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = new Map(Object.entries(value));
    for (const name of node.required ?? []) {
      if (!record.has(name)) {
        issues.push({ field: `${field}/${name}`, location: 'body', issue: 'MISSING_REQUIRED_PARAMETER', description: 'A required field / parameter is missing.' });
      }
    }
    for (const [name, property] of Object.entries(node.properties ?? {})) {
      if (record.has(name)) check(property, record.get(name), `${field}/${name}`, issues);
    }
  }
}
