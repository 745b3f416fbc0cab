import type { WorkflowNode } from '../../../server/engine/workflow/schema.js';
import type { NodeGroupName, NodeType } from '../api/index.js';

/**
 * Questions the editor asks about node types from the catalog: ports, localized texts, groups and search.
 * Pure; the catalog is the server's `/api/v1/nodes` answer.
 */

export const GROUP_ORDER: readonly NodeGroupName[] = ['trigger', 'flow', 'data', 'commerce', 'action'];

export type Catalog = ReadonlyMap<string, NodeType>;

export function catalogOf(types: readonly NodeType[]): Catalog {
  return new Map(types.map((t) => [t.type, t]));
}

export interface Ports {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Outputs computed from params when the catalog gives none: a `rules` list with `output` names (switch), then
 * `fallback` (default `fallback`). Mirrors the switch node's declaration.
 */
function outputsFromParams(params: Record<string, unknown>): string[] {
  const outputs: string[] = [];
  const rules = params['rules'];
  if (Array.isArray(rules)) {
    for (const rule of rules) {
      if (isRecord(rule) && typeof rule['output'] === 'string' && rule['output'] !== '' && !outputs.includes(rule['output'])) outputs.push(rule['output']);
    }
  }
  const fallback = typeof params['fallback'] === 'string' && params['fallback'] !== '' ? params['fallback'] : 'fallback';
  if (!outputs.includes(fallback)) outputs.push(fallback);
  return outputs;
}

/** Inputs and outputs of a node; `error` is added when it routes failures to the error output. */
export function portsOf(node: Pick<WorkflowNode, 'type' | 'params' | 'onError'>, catalog: Catalog): Ports {
  const type = catalog.get(node.type);
  const inputs = type ? (isTrigger(type) ? [] : type.inputs) : ['main'];
  const base = type?.outputs ?? (type ? outputsFromParams(node.params) : ['main']);
  const outputs = node.onError === 'errorOutput' && !base.includes('error') ? [...base, 'error'] : base;
  return { inputs, outputs };
}

export function isTrigger(type: NodeType): boolean {
  return type.group === 'trigger' || (type.trigger !== null && type.trigger !== undefined);
}

export function triggerKind(type: NodeType | undefined): string | undefined {
  if (!type) return undefined;
  if (type.trigger) return type.trigger.kind;
  return type.group === 'trigger' ? 'manual' : undefined;
}

/** Locale-specific texts of a node type (German from the node's own translations, else English). */
export function displayName(type: NodeType | undefined, fallback: string, language: string): string {
  if (!type) return fallback;
  if (language.startsWith('de')) return type.translations?.de?.displayName ?? type.displayName;
  return type.displayName;
}

export function description(type: NodeType, language: string): string {
  if (language.startsWith('de')) return type.translations?.de?.description ?? type.description;
  return type.description;
}

/** Label and help of a param by its path (`fields`, `rules.output`). */
export function paramText(type: NodeType | undefined, path: string, language: string): { label?: string; description?: string } {
  if (!type || !language.startsWith('de')) return {};
  const entry = type.translations?.de?.params?.[path];
  const text: { label?: string; description?: string } = {};
  if (entry?.label !== undefined) text.label = entry.label;
  if (entry?.description !== undefined) text.description = entry.description;
  return text;
}

/** Case- and accent-insensitive search over English and localized names and descriptions. */
export function searchCatalog(types: readonly NodeType[], query: string, language: string): NodeType[] {
  const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const words = fold(query).split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return [...types];
  return types.filter((type) => {
    const haystack = fold([type.type, type.displayName, type.description, displayName(type, '', language), description(type, language)].join(' '));
    return words.every((w) => haystack.includes(w));
  });
}

/** Catalog entries grouped in palette order; empty groups are left out. */
export function grouped(types: readonly NodeType[]): { group: NodeGroupName; types: NodeType[] }[] {
  return GROUP_ORDER.map((group) => ({ group, types: types.filter((t) => t.group === group) })).filter((g) => g.types.length > 0);
}

/** Default params of a new node: each property's JSON Schema `default`. */
export function defaultParams(type: NodeType): Record<string, unknown> {
  const properties = type.params['properties'];
  const params: Record<string, unknown> = {};
  if (!isRecord(properties)) return params;
  for (const [name, schema] of Object.entries(properties)) {
    if (isRecord(schema) && 'default' in schema) params[name] = structuredClone(schema['default']);
  }
  return params;
}

/** A short id for a new node of this type: `set`, `set2`, ... (`shopify.orderCreated` → `orderCreated`). */
export function idBase(type: string): string {
  const last = type.split('.').pop() ?? type;
  return last.length > 0 ? last : 'node';
}
