import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import { FatalError } from '../sdk/index.js';
import type { SubWorkflowRequest, SubWorkflowResult, SubWorkflowRunner } from '../sdk/index.js';
import executeWorkflow from './index.js';

/** Test-only runner: records requests and answers with a scripted result. */
function fakeRunner(answer: (request: SubWorkflowRequest) => SubWorkflowResult): { runner: SubWorkflowRunner; requests: SubWorkflowRequest[] } {
  const requests: SubWorkflowRequest[] = [];
  return {
    runner: {
      run: async (request) => {
        requests.push(request);
        return answer(request);
      },
    },
    requests,
  };
}

describe('executeWorkflow', () => {
  it('wait: runs the sub-workflow once with all items and outputs its output', async () => {
    const { runner, requests } = fakeRunner((request) => ({
      status: 'success',
      executionId: 'sub-1',
      output: [{ total: request.items.reduce((sum, item) => sum + Number(item.json.qty), 0) }],
    }));
    const binary = { f: { data: 'eA==', mimeType: 'text/plain' } };
    const result = await testNode(executeWorkflow, {
      params: { file: 'sub/totals.json' },
      items: [{ qty: 2 }, { json: { qty: 3 }, binary }],
      services: { workflows: runner },
      executionId: 'parent-1',
    });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([{ total: 5 }]);
    expect(requests).toEqual([{ file: 'sub/totals.json', items: [{ json: { qty: 2 } }, { json: { qty: 3 }, binary }], mode: 'wait', parentExecutionId: 'parent-1' }]);
  });

  it('fireAndForget passes the input items on', async () => {
    const { runner, requests } = fakeRunner(() => ({ status: 'started', executionId: 'sub-2' }));
    const result = await testNode(executeWorkflow, {
      params: { workflowId: 'notify', mode: 'fireAndForget' },
      items: [{ a: 1 }],
      services: { workflows: runner },
    });
    expect(result.outputs.main).toEqual([{ a: 1 }]);
    expect(requests[0]).toMatchObject({ workflowId: 'notify', mode: 'fireAndForget' });
  });

  it('a failing sub-workflow fails the node with its error', async () => {
    const runner: SubWorkflowRunner = {
      run: async () => {
        throw new FatalError('sub-workflow failed at node "x"', { code: 'SUBWORKFLOW_FAILED' });
      },
    };
    const result = await testNode(executeWorkflow, { params: { workflowId: 'w' }, services: { workflows: runner } });
    expect(result.error).toMatchObject({ code: 'SUBWORKFLOW_FAILED' });
  });

  it('without a runner fails with SERVICE_UNAVAILABLE', async () => {
    const result = await testNode(executeWorkflow, { params: { workflowId: 'w' } });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('takes exactly one of workflowId and file', async () => {
    const both = await testNode(executeWorkflow, { params: { workflowId: 'w', file: 'x.json' } });
    expect(both.error?.message).toContain('set exactly one of `workflowId` and `file`');
    const neither = await testNode(executeWorkflow, { params: {} });
    expect(neither.error?.code).toBe('PARAM_INVALID');
  });
});
