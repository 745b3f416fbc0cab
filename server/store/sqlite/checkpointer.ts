import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Moves WAL checkpoints off the main thread: a worker with its own connection runs `wal_checkpoint(PASSIVE)`
 * every `intervalMs` (it never blocks writers), so commits on the main connection only append to the WAL.
 * The main connection keeps a high `wal_autocheckpoint` as a safety net should the worker stop.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
let stopped = false;
const tick = () => {
  if (stopped) return;
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  timer = setTimeout(tick, workerData.intervalMs);
};
let timer = setTimeout(tick, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  stopped = true;
  clearTimeout(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = 200): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
  worker.unref();
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const done = (): void => {
          void worker.terminate().finally(resolve);
        };
        const timer = setTimeout(done, 2000);
        worker.once('message', () => {
          clearTimeout(timer);
          done();
        });
        worker.once('error', () => {
          clearTimeout(timer);
          done();
        });
        worker.postMessage('stop');
      });
      return stopping;
    },
  };
}
