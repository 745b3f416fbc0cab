/**
 * Where a queue-mode execution's time goes: CPU time per process (/proc), a counting proxy for the Redis commands
 * clients send, Redis INFO commandstats deltas, and PostgreSQL transaction and row counters.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { portOf } from './processes.js';

/** CPU time (user + system) of a process in ms, from /proc (Linux); 0 when unreadable. */
export function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** Every process named `postgres` (server and backends). */
export function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/**
 * A TCP proxy in front of Redis that counts the commands clients send (top-level RESP arrays; a pipelined batch
 * counts each command, a Lua script call counts once).
 */
export async function countingProxy(targetPort: number): Promise<{ port: number; commands: () => number; close: () => Promise<void> }> {
  let commands = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new Socket();
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    upstream.connect(targetPort, '127.0.0.1');
    // RESP request parser state: remaining bulk strings of the current command, bytes to skip.
    let buffer: Buffer = Buffer.alloc(0);
    let args = 0;
    let skip = -1;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      let at = 0;
      for (;;) {
        if (skip >= 0) {
          if (buffer.length - at < skip + 2) break;
          at += skip + 2;
          skip = -1;
          args--;
          continue;
        }
        const eol = buffer.indexOf('\r\n', at);
        if (eol === -1) break;
        const kind = String.fromCharCode(buffer[at] ?? 0);
        const n = Number(buffer.subarray(at + 1, eol).toString('latin1'));
        at = eol + 2;
        if (kind === '*' && args === 0) {
          commands++;
          args = n;
        } else if (kind === '$') {
          skip = n;
        }
      }
      buffer = buffer.subarray(at);
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server.address());
  return {
    port,
    commands: () => commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const text = await redis.info('commandstats');
  const stats = new Map<string, number>();
  for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) stats.set(match[1] ?? '', Number(match[2]));
  return stats;
}

export function statsDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [name, calls] of after) {
    const diff = calls - (before.get(name) ?? 0);
    if (diff > 0) delta.set(name, diff);
  }
  return delta;
}

export interface PgCounters {
  readonly commits: number;
  readonly written: number;
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
}

export async function pgCounters(client: pg.Client): Promise<PgCounters> {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ xact_commit: string; tup_inserted: string; tup_updated: string; tup_deleted: string }>(
    'SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()',
  );
  const row = rows[0];
  const inserted = Number(row?.tup_inserted ?? 0);
  const updated = Number(row?.tup_updated ?? 0);
  const deleted = Number(row?.tup_deleted ?? 0);
  return { commits: Number(row?.xact_commit ?? 0), inserted, updated, deleted, written: inserted + updated + deleted };
}

export async function successCount(client: pg.Client, schema: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".executions WHERE status = 'success'`);
  return Number(rows[0]?.n ?? 0);
}
