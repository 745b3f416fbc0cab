import { afterAll, describe, expect, it } from 'vitest';
import { createPgSchema, deployWorkflow, sleep, spawnFlowwerk, tempDir, waitFor, type FlowwerkProcess, type PgSchema } from './services.js';

/**
 * Two `flowwerk start` processes on one PostgreSQL schema, an `everySeconds: 1` schedule: every tick while both
 * run fires exactly once (each tick is claimed in the store), and no tick is skipped.
 */

const processes: FlowwerkProcess[] = [];
const dirs: { remove(): void }[] = [];
let db: PgSchema | undefined;

afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill('SIGKILL')));
  for (const dir of dirs) dir.remove();
  await db?.drop();
});

interface Fired {
  readonly firedAt: number;
}

async function firings(schema: PgSchema, workflowId: string): Promise<Fired[]> {
  const rows = await schema.query<{ trigger_items: string }>('SELECT trigger_items FROM executions WHERE workflow_id = $1 AND mode = $2', [workflowId, 'schedule']);
  return rows
    .map((row) => {
      const items: unknown = JSON.parse(row.trigger_items);
      const first = Array.isArray(items) ? items[0] : undefined;
      const json = typeof first === 'object' && first !== null && 'json' in first ? first.json : undefined;
      const firedAt = typeof json === 'object' && json !== null && 'firedAt' in json ? Date.parse(String(json.firedAt)) : Number.NaN;
      return { firedAt };
    })
    .sort((a, b) => a.firedAt - b.firedAt);
}

describe('schedules with two mains on one PostgreSQL', () => {
  it('fires each everySeconds tick exactly once, without gaps', { timeout: 90_000 }, async () => {
    db = await createPgSchema('sched_once');
    const env = { FLOWWERK_DATABASE_URL: db.urlVia() };
    const start = async (name: string): Promise<FlowwerkProcess> => {
      const dir = tempDir(name);
      dirs.push(dir);
      const p = await spawnFlowwerk({ name, args: ['start', '--port', '0', '--data-dir', dir.path], env });
      processes.push(p);
      return p;
    };

    const a = await start('main-a');
    const base = a.url ?? '';
    await deployWorkflow(base, {
      id: 'every-second',
      name: 'every second',
      nodes: [
        { id: 'tick', type: 'schedule', params: { everySeconds: 1 } },
        { id: 'done', type: 'noop', params: {} },
      ],
      connections: [{ from: 'tick', to: 'done' }],
    });
    // The second main registers the (already active) schedule at start-up, racing the first one's ticks.
    const b = await start('main-b');
    const bothSince = Date.now();
    await sleep(6_000);
    const bothUntil = Date.now();
    // Let the last claimed ticks be stored.
    await sleep(1_500);

    const fired = await firings(db, 'every-second');
    const ticks = fired.map((f) => f.firedAt);
    expect(ticks.every((t) => Number.isFinite(t) && t % 1000 === 0), `ticks on whole seconds: ${ticks.join(', ')}`).toBe(true);
    expect(new Set(ticks).size, `duplicate ticks: ${ticks.join(', ')}`).toBe(ticks.length);

    // Every whole second while both ran (after a second of start-up slack) fired once.
    const expected: number[] = [];
    for (let t = Math.ceil((bothSince + 1000) / 1000) * 1000; t <= bothUntil - 1000; t += 1000) expected.push(t);
    expect(expected.length).toBeGreaterThanOrEqual(4);
    // ... and no gap anywhere between the first and the last firing (b's start-up included).
    for (let t = (ticks[0] ?? 0) + 1000; t < (ticks.at(-1) ?? 0); t += 1000) if (!expected.includes(t)) expected.push(t);
    const missing = expected.filter((t) => !ticks.includes(t));
    expect(missing, `ticks not fired while both mains ran (fired: ${ticks.map((t) => new Date(t).toISOString().slice(17, 19)).join(' ')})`).toEqual([]);

    // Both processes took part (each claims ticks as its timer comes due).
    const firedBy = (p: FlowwerkProcess): number => (p.output().match(/"msg":"schedule fired"/g) ?? []).length;
    await waitFor('log lines', () => (firedBy(a) + firedBy(b) >= ticks.length ? true : undefined), 5_000);
    console.log(`schedule-once: ${ticks.length} ticks fired in ${((bothUntil - bothSince) / 1000).toFixed(1)} s with two mains (a ${firedBy(a)}, b ${firedBy(b)}), 0 duplicates`);
  });
});
