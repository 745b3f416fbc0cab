import { isJsonObject } from '../../nodes/sdk/index.js';
import type { Item, JsonObject } from '../../nodes/sdk/index.js';
import { CliError } from './cli-error.js';
import { parseJsonText } from './json-text.js';
import { readSource } from './read-source.js';

/**
 * `--input FILE.json` or `--input -` (stdin): an object becomes one item, an array one item per element (each an
 * object). Anything else, or malformed JSON (reported with line/column), is a CliError (exit 2).
 */
export async function readInputItems(source: string): Promise<Item[]> {
  const name = source === '-' ? 'stdin' : source;
  const text = await readSource(source, 'input file');
  if (text.trim() === '') throw new CliError(`${name}: input is empty (expected a JSON object or array)`);
  return toItems(parseJsonText(text, name), name);
}

export function toItems(value: unknown, name: string): Item[] {
  if (isJsonObject(value)) return [{ json: plainObject(value) }];
  if (Array.isArray(value)) {
    return value.map((element, index) => {
      if (!isJsonObject(element)) throw new CliError(`${name}: element ${index} of the input array is not an object`);
      return { json: plainObject(element) };
    });
  }
  throw new CliError(`${name}: input must be a JSON object or an array of objects`);
}

/** JSON.parse output is plain JSON already; this narrows the type without copying or casting. */
function plainObject(value: { [key: string]: unknown }): JsonObject {
  if (!isJsonObjectTree(value)) throw new CliError('input is not plain JSON');
  return value;
}

function isJsonObjectTree(value: { [key: string]: unknown }): value is JsonObject {
  for (const key in value) if (!isJsonTree(value[key])) return false;
  return true;
}

function isJsonTree(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return true;
  if (Array.isArray(value)) return value.every(isJsonTree);
  return isJsonObject(value) && isJsonObjectTree(value);
}
