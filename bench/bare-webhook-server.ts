/**
 * The bare express baseline for bench/webhook.bench.ts: POST /order does what the workflow does (total of the
 * items, big = total > 100, answer the item) with no engine and no store. Prints `listening PORT` when ready.
 */
import express from 'express';

const app = express();
app.post('/order', express.json({ limit: '16mb' }), (req, res) => {
  const body: unknown = req.body;
  const items = typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items) ? body.items : [];
  const total = items.reduce((sum: number, item: { qty?: number; price?: number }) => sum + (item.qty ?? 0) * (item.price ?? 0), 0);
  const json = { body, headers: req.headers, query: req.query, params: {}, method: req.method, total };
  res.status(200).json({ ...json, big: total > 100 });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address !== null ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
