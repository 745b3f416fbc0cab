/**
 * Webhook path matching: `orders/:shop` matches `orders/acme` with `{ shop: 'acme' }`. Paths are compared
 * without leading/trailing slashes; static segments win over parameters when two patterns match.
 */

export type Segment = { readonly kind: 'static'; readonly value: string } | { readonly kind: 'param'; readonly name: string };

export function normalizePath(path: string): string {
  return path.trim().replace(/^\/+|\/+$/g, '');
}

export function parsePattern(pattern: string): readonly Segment[] {
  return normalizePath(pattern)
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (part.startsWith(':') && part.length > 1 ? { kind: 'param', name: part.slice(1) } : { kind: 'static', value: part }));
}

/** Params when `path` matches `segments`, else undefined. */
export function matchSegments(segments: readonly Segment[], path: string): Record<string, string> | undefined {
  const parts = normalizePath(path).split('/').filter((part) => part !== '');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    const part = parts[index];
    if (segment === undefined || part === undefined) return undefined;
    if (segment.kind === 'static') {
      if (segment.value !== part) return undefined;
    } else {
      try {
        params[segment.name] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    }
  }
  return params;
}

/** Higher is more specific: each static segment counts more than any number of params after it. */
export function specificity(segments: readonly Segment[]): number {
  let score = 0;
  for (const segment of segments) score = score * 2 + (segment.kind === 'static' ? 1 : 0);
  return score;
}

/** Two patterns are the same route when they have the same shape (param names don't matter). */
export function routeKey(segments: readonly Segment[]): string {
  return segments.map((segment) => (segment.kind === 'static' ? segment.value : ':')).join('/');
}
