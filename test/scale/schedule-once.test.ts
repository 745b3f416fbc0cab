import { afterAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from './cluster.js';
import { REDIS_URL } from './redis.js';
import { createPgSchema, deployWorkflow, sleep, spawnFlowwerk, tempDir, waitFor, type FlowwerkProcess, type PgSchema } from './services.js';

/**
 * Two `flowwerk start` processes on one PostgreSQL schema, an `everySeconds: 1` schedule: every tick while both
 * run fires exactly once (each tick is claimed in the store), and no tick is skipped. Once with the in-process
 * queue, once in queue mode (Redis, a separate worker runs the executions).
 */

const processes: FlowwerkProcess[] = [];
const dirs: { remove(): void }[] = [];
const schemas: PgSchema[] = [];
let cluster: Cluster | undefined;

afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill('SIGKILL')));
  for (const dir of dirs) dir.remove();
  for (const schema of schemas) await schema.drop();
  await cluster?.close();
});

/** Tick times of the schedule executions stored for `workflowId`, sorted. */
async function firedTicks(db: PgSchema, workflowId: string): Promise<number[]> {
  const rows = await db.query<{ trigger_items: string }>('SELECT trigger_items FROM executions WHERE workflow_id = $1 AND mode = $2', [workflowId, 'schedule']);
  return rows.map((row) => Date.parse(/"firedAt":"([^"]+)"/.exec(row.trigger_items)?.[1] ?? '')).sort((a, b) => a - b);
}

const everySecond = {
  id: 'every-second',
  name: 'every second',
  nodes: [
    { id: 'tick', type: 'schedule', params: { everySeconds: 1 } },
    { id: 'done', type: 'noop', params: {} },
  ],
  connections: [{ from: 'tick', to: 'done' }],
};

/**
 * Deploys the schedule through `a`, starts the second main with `startB` (it registers the active schedule at
 * start-up, racing a's ticks), lets both run 6 s, and checks the stored firings.
 */
async function checkOnce(label: string, db: PgSchema, a: FlowwerkProcess, startB: () => Promise<FlowwerkProcess>): Promise<number[]> {
  await deployWorkflow(a.url ?? '', everySecond);
  const b = await startB();
  const bothSince = Date.now();
  await sleep(6_000);
  const bothUntil = Date.now();
  await sleep(1_500);

  const ticks = await firedTicks(db, everySecond.id);
  expect(ticks.every((t) => Number.isFinite(t) && t % 1000 === 0), `ticks on whole seconds: ${ticks.join(', ')}`).toBe(true);
  expect(new Set(ticks).size, `duplicate ticks: ${ticks.join(', ')}`).toBe(ticks.length);
  // Every whole second while both ran (after a second of start-up slack) fired once ...
  const expected: number[] = [];
  for (let t = Math.ceil((bothSince + 1000) / 1000) * 1000; t <= bothUntil - 1000; t += 1000) expected.push(t);
  expect(expected.length).toBeGreaterThanOrEqual(4);
  // ... and no gap anywhere between the first and the last firing (b's start-up included).
  for (let t = (ticks[0] ?? 0) + 1000; t < (ticks.at(-1) ?? 0); t += 1000) if (!expected.includes(t)) expected.push(t);
  const missing = expected.filter((t) => !ticks.includes(t));
  expect(missing, `ticks not fired (fired: ${ticks.map((t) => new Date(t).toISOString().slice(17, 19)).join(' ')})`).toEqual([]);

  const firedBy = (p: FlowwerkProcess): number => (p.output().match(/"msg":"schedule fired"/g) ?? []).length;
  await waitFor('log lines', () => (firedBy(a) + firedBy(b) >= ticks.length ? true : undefined), 5_000);
  console.log(`schedule-once (${label}): ${ticks.length} ticks fired in ${((bothUntil - bothSince) / 1000).toFixed(1)} s with two mains (a ${firedBy(a)}, b ${firedBy(b)}), 0 duplicates, 0 gaps`);
  return ticks;
}

describe('schedules with two mains on one PostgreSQL', () => {
  it('in-process queue: fires each everySeconds tick exactly once, without gaps', { timeout: 90_000 }, async () => {
    const db = await createPgSchema('sched_once');
    schemas.push(db);
    const env = { FLOWWERK_DATABASE_URL: db.urlVia() };
    const start = async (name: string): Promise<FlowwerkProcess> => {
      const dir = tempDir(name);
      dirs.push(dir);
      const p = await spawnFlowwerk({ name, args: ['start', '--port', '0', '--data-dir', dir.path], env });
      processes.push(p);
      return p;
    };
    await checkOnce('in-process', db, await start('main-a'), () => start('main-b'));
  });

  it('queue mode: fires each tick exactly once and a worker runs every firing', { timeout: 90_000 }, async () => {
    cluster = await createCluster('sched_queue', { redisUrl: REDIS_URL });
    const own = cluster;
    await own.worker('worker', 4);
    const a = await own.main('main-a');
    const ticks = await checkOnce('queue mode', own.db, a, () => own.main('main-b'));
    await waitFor(
      'every firing to succeed',
      async () => {
        const rows = await own.db.query<{ n: string }>("SELECT count(*) AS n FROM executions WHERE workflow_id = 'every-second' AND status = 'success'");
        return Number(rows[0]?.n ?? 0) >= ticks.length ? true : undefined;
      },
      20_000,
    );
  });
});
