/** The order both webhook benchmarks post: 2 × 30 + 50 = 110, so the `if` takes its `true` branch. */
export const ORDER = JSON.stringify({ orderId: 'A-1001', items: [{ sku: 'TS-1', qty: 2, price: 30 }, { sku: 'MUG', qty: 1, price: 50 }] });

/** The benchmarks' workflow: webhook → set (total) → if (total > 100) → respond on each branch (`respondNode`). */
export function orderFlow(id: string, saveExecutions: 'all' | 'none' = 'all'): Record<string, unknown> {
  return {
    id,
    name: `bench ${id}`,
    nodes: [
      { id: 'hook', type: 'webhook', params: { path: id, method: 'POST', responseMode: 'respondNode' } },
      { id: 'total', type: 'set', params: { fields: { total: '{{ $json.body.items.reduce((s, i) => s + i.qty * i.price, 0) }}' } } },
      { id: 'big', type: 'if', params: { condition: '{{ $json.total > 100 }}' } },
      { id: 'yes', type: 'respond', params: { status: 200, body: '{{ { ...$json, big: true } }}' } },
      { id: 'no', type: 'respond', params: { status: 200, body: '{{ { ...$json, big: false } }}' } },
    ],
    connections: [
      { from: 'hook', to: 'total' },
      { from: 'total', to: 'big' },
      { from: 'big', output: 'true', to: 'yes' },
      { from: 'big', output: 'false', to: 'no' },
    ],
    settings: { saveExecutions },
  };
}
