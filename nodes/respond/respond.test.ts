import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import type { WebhookResponder, WebhookResponse } from '../sdk/index.js';
import respond from './index.js';

function recorder(): { responder: WebhookResponder; responses: WebhookResponse[] } {
  const responses: WebhookResponse[] = [];
  return { responder: { respond: (response) => void responses.push(response) }, responses };
}

describe('respond', () => {
  it('answers once with status 200 and the first item json by default, then passes items on', async () => {
    const { responder, responses } = recorder();
    const result = await testNode(respond, { items: [{ ok: 1 }, { ok: 2 }], services: { webhook: responder } });
    expect(responses).toEqual([{ status: 200, headers: {}, body: { ok: 1 } }]);
    expect(result.outputs.main).toEqual([{ ok: 1 }, { ok: 2 }]);
  });

  it('uses status, headers and a body expression', async () => {
    const { responder, responses } = recorder();
    await testNode(respond, {
      params: { status: 201, headers: { 'X-Order': '{{ $json.id }}' }, body: { received: '{{ $json.id }}', count: '{{ $input.length }}' } },
      items: [{ id: 'A-1' }],
      services: { webhook: responder },
    });
    expect(responses).toEqual([{ status: 201, headers: { 'X-Order': 'A-1' }, body: { received: 'A-1', count: 1 } }]);
  });

  it('can answer with every item, or with text', async () => {
    const all = recorder();
    await testNode(respond, { params: { respondWith: 'allItems' }, items: [{ a: 1 }, { a: 2 }], services: { webhook: all.responder } });
    expect(all.responses[0]?.body).toEqual([{ a: 1 }, { a: 2 }]);
    const text = recorder();
    await testNode(respond, { params: { body: 'thanks {{ $json.name }}' }, items: [{ name: 'Ada' }], services: { webhook: text.responder } });
    expect(text.responses[0]?.body).toBe('thanks Ada');
  });

  it('only passes items on when no webhook waits for an answer', async () => {
    const result = await testNode(respond, { items: [{ a: 1 }] });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([{ a: 1 }]);
  });

  it('rejects an impossible status code', async () => {
    const result = await testNode(respond, { params: { status: 42 } });
    expect(result.error).toMatchObject({ code: 'PARAM_INVALID', param: 'status' });
  });
});
