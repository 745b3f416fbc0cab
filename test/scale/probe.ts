import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The node-run probe of the scale tests: an HTTP receiver that `httpRequest` nodes call. Each call is recorded
 * with the execution id (from the body), the node (the URL path), the Idempotency-Key header and the time, and is
 * answered after `delayMs` (so that node runs are in flight when a process is killed).
 */

export interface ProbeCall {
  readonly execution: string;
  readonly node: string;
  readonly key: string;
  readonly at: number;
}

export interface Probe {
  readonly url: string;
  readonly calls: ProbeCall[];
  /** The `httpRequest` node that reports to this probe as node `id`. */
  node(id: string): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startProbe(delayMs: number): Promise<Probe> {
  const calls: ProbeCall[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      let execution = '';
      try {
        const parsed: unknown = JSON.parse(body);
        if (typeof parsed === 'object' && parsed !== null && 'execution' in parsed) execution = String(parsed.execution);
      } catch {
        execution = '';
      }
      const key = req.headers['idempotency-key'];
      calls.push({ execution, node: (req.url ?? '').replace(/^\//, ''), key: typeof key === 'string' ? key : '', at: Date.now() });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      }, delayMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    calls,
    node: (id) => ({ id, type: 'httpRequest', params: { method: 'POST', url: `${url}/${id}`, body: { execution: '{{ $execution.id }}' } } }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RunAnalysis {
  /** (execution, node) pairs with no call. */
  readonly missing: string[];
  /** (execution, node) pairs called more than once, with their calls. */
  readonly repeated: ProbeCall[][];
  /** Repeated pairs whose calls carried different idempotency keys. */
  readonly keyMismatches: ProbeCall[][];
}

/** How often each node of each execution reached the probe. */
export function analyse(calls: readonly ProbeCall[], executions: Iterable<string>, nodes: readonly string[]): RunAnalysis {
  const byPair = new Map<string, ProbeCall[]>();
  for (const c of calls) {
    const pair = `${c.execution}/${c.node}`;
    const list = byPair.get(pair);
    if (list === undefined) byPair.set(pair, [c]);
    else list.push(c);
  }
  const missing: string[] = [];
  const repeated: ProbeCall[][] = [];
  for (const execution of executions) {
    for (const node of nodes) {
      const list = byPair.get(`${execution}/${node}`) ?? [];
      if (list.length === 0) missing.push(`${execution}/${node}`);
      if (list.length > 1) repeated.push(list);
    }
  }
  const keyMismatches = repeated.filter((list) => new Set(list.map((c) => c.key)).size !== 1);
  return { missing, repeated, keyMismatches };
}
