import { Agent, request } from 'node:http';
import { ORDER } from './order-flow.js';

export interface Answer {
  readonly status: number;
  readonly text: string;
}

/** One HTTP call with a JSON body over `agent` (keep-alive). */
export function call(agent: Agent, url: string, method: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

export interface LoadResult {
  readonly rps: number;
  readonly ok: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
}

export interface LoadOptions {
  /** Calls per connection before measuring (JIT, caches, connections); default 0. */
  readonly warmup?: number;
  /** Whether an answer counts; default: status 200. */
  readonly ok?: (answer: Answer) => boolean;
}

/** Closed-loop load: `connections` loops each post ORDER again as soon as the previous call answered. */
export async function load(url: string, connections: number, seconds: number, options: LoadOptions = {}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const ok = options.ok ?? ((answer: Answer) => answer.status === 200);
  const failed: Answer = { status: 0, text: '' };
  const warmup = options.warmup ?? 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    for (let i = 0; i < warmup; i++) await call(agent, url, 'POST', ORDER).catch(() => failed);
  }));
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const answer = await call(agent, url, 'POST', ORDER).catch(() => failed);
      if (ok(answer)) latencies.push(performance.now() - t0);
      else errors++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / elapsed,
    ok: latencies.length,
    errors,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}
