import type { Item, SerializedError } from '../../../nodes/sdk/index.js';
import type { ExecutionMode, ExecutionStatus, NodeRun } from '../../engine/run-record.js';
import { StoreError, type ExecutionSummary, type PageRequest, type StoredNodeRun } from '../types.js';
import type { ExecutionsTable } from './schema.js';

/** Row ↔ object conversions and helpers shared by the SQL stores. Pure functions. */

export const DEFAULT_CAP_BYTES = 1024 * 1024;

export function pageLimit(page: PageRequest | undefined): number {
  const limit = page?.limit ?? 50;
  return Math.min(500, Math.max(1, Math.floor(limit)));
}

export function encodeCursor(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new StoreError('BAD_CURSOR', 'cursor is not valid');
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/** Takes `limit + 1` rows and turns them into a page, the cursor being the last row's key. */
export function toPage<R, T>(rows: readonly R[], limit: number, key: (row: R) => string, map: (row: R) => T): { data: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { data: kept.map(map), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}

let lastMs = 0;
let counter = 0;
/** Time-ordered, unique id: sorting ids sorts by creation time (ms), ties by a per-process counter. */
export function newExecutionId(now: number = Date.now()): string {
  if (now === lastMs) counter++;
  else {
    lastMs = now;
    counter = 0;
  }
  const random = Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0');
  return `${Math.max(0, now).toString(36).padStart(9, '0')}${(counter % 36 ** 4).toString(36).padStart(4, '0')}${random}`;
}

export function num(value: number | string | bigint): number {
  return typeof value === 'number' ? value : Number(value);
}

export function numOrNull(value: number | string | bigint | null): number | null {
  return value === null ? null : num(value);
}

export function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function toExecutionSummary(row: ExecutionsTable): ExecutionSummary {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    workflowVersion: num(row.workflow_version),
    status: row.status as ExecutionStatus,
    mode: row.mode as ExecutionMode,
    createdAt: num(row.created_at),
    startedAt: numOrNull(row.started_at),
    finishedAt: numOrNull(row.finished_at),
    resumeAt: numOrNull(row.resume_at),
    error: parseJson<SerializedError>(row.error),
    retryOf: row.retry_of,
    parentExecutionId: row.parent_execution_id,
  };
}

export function parseItems(text: string): readonly Item[] {
  return JSON.parse(text) as Item[];
}

/** JSON text of a value with every secret replaced by `[redacted]` (matched in its JSON-escaped form). */
export function redactedJson(value: unknown, secrets: readonly string[] | undefined): string {
  const json = JSON.stringify(value);
  if (secrets === undefined || secrets.length === 0) return json;
  let result = json;
  for (const secret of secrets) {
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped.length > 0 && result.includes(escaped)) result = result.split(escaped).join('[redacted]');
  }
  return result;
}

/** A stored node run with outputs replaced by markers `{ truncated: true, itemCount, bytes }` (one item per output). */
export function capNodeRun(data: string, bytes: number): string {
  const nodeRun = JSON.parse(data) as NodeRun;
  const outputs: Record<string, Item[]> = {};
  for (const [name, items] of Object.entries(nodeRun.outputs)) {
    outputs[name] = [{ json: { truncated: true, itemCount: items.length, bytes } }];
  }
  const capped: StoredNodeRun = { ...nodeRun, outputs, truncated: true };
  return JSON.stringify(capped);
}

/** UTF-8 size of a JSON text without encoding it (close enough for capping: counts code units ≥ 0x80 as 2–3). */
export function jsonBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
