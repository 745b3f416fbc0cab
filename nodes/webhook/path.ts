import { z } from 'zod';

/**
 * A webhook path below `/webhook/`: segments separated by `/`, no leading or trailing slash, each segment
 * either literal (`A-Z a-z 0-9 . _ ~ -`) or a parameter `:name` (a JavaScript identifier), names unique.
 * Examples: `orders`, `shop/orders`, `orders/:shop`.
 */
const LITERAL = /^[A-Za-z0-9._~-]+$/;
const PARAMETER = /^:[A-Za-z_$][A-Za-z0-9_$]*$/;

export function webhookPathProblems(path: string): string[] {
  if (path.length === 0) return ['must not be empty'];
  if (path.startsWith('/') || path.endsWith('/')) return ["must not start or end with '/' (write `orders`, not `/orders`)"];
  const problems: string[] = [];
  const names = new Set<string>();
  for (const segment of path.split('/')) {
    if (segment === '') {
      problems.push("must not contain '//'");
    } else if (segment.startsWith(':')) {
      if (!PARAMETER.test(segment)) problems.push(`parameter '${segment}' must be ':' followed by a name of letters, digits and '_'`);
      else if (names.has(segment)) problems.push(`parameter '${segment}' appears twice`);
      else names.add(segment);
    } else if (!LITERAL.test(segment) || segment === '.' || segment === '..') {
      problems.push(`segment '${segment}' may only contain letters, digits, '.', '_', '~' and '-'`);
    }
  }
  return problems;
}

export const webhookPathSchema = z
  .string()
  .max(200)
  .superRefine((path, ctx) => {
    for (const message of webhookPathProblems(path)) ctx.addIssue({ code: 'custom', message });
  });
