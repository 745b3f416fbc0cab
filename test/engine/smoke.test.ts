import { describe, expect, it } from 'vitest';
import { runWorkflow } from '../../server/engine/index.js';
import { jsonOf, registry, wf } from './fixtures.js';

describe('smoke', () => {
  it('runs a linear workflow with an expression', async () => {
    const workflow = wf({
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'a', type: 'test.put', params: { field: 'x', value: '{{ $json.n + 1 }}' } },
      ],
      connections: [{ from: 'start', to: 'a' }],
    });
    const outcome = await runWorkflow({ workflow, registry, executionId: 'e1', triggerItems: [{ json: { n: 1 } }] });
    expect(outcome.status).toBe('success');
    if (outcome.status !== 'success') return;
    expect(jsonOf(outcome.output)).toEqual([{ n: 1, x: 2 }]);
  });
});
