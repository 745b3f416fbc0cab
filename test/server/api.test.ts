import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, createHarness, orderFlow, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const api = () => ({
  get: (url: string) => request(h.app).get(url).set('X-API-Key', API_KEY),
  post: (url: string) => request(h.app).post(url).set('X-API-Key', API_KEY),
  put: (url: string) => request(h.app).put(url).set('X-API-Key', API_KEY),
  delete: (url: string) => request(h.app).delete(url).set('X-API-Key', API_KEY),
});

describe('workflows API', () => {
  it('creates with the given id, answers 409 for a taken id, and saves versions', async () => {
    const created = await api().post('/api/v1/workflows').send(orderFlow('wf-crud'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'wf-crud', version: 1, active: false, name: 'Order flow wf-crud' });
    expect(created.body.nodes).toHaveLength(5);

    const again = await api().post('/api/v1/workflows').send(orderFlow('wf-crud'));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');

    const updated = await api().put('/api/v1/workflows/wf-crud').send({ ...created.body, name: 'Renamed' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: 'wf-crud', version: 2, name: 'Renamed' });

    const versions = await api().get('/api/v1/workflows/wf-crud/versions');
    expect(versions.body.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = await api().get('/api/v1/workflows/wf-crud/versions/1');
    expect(v1.body.workflow.name).toBe('Order flow wf-crud');

    const list = await api().get('/api/v1/workflows?limit=50');
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.data.some((w: { id: string }) => w.id === 'wf-crud')).toBe(true);

    expect((await api().delete('/api/v1/workflows/wf-crud')).status).toBe(204);
    const gone = await api().get('/api/v1/workflows/wf-crud');
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('NOT_FOUND');
  });

  it('assigns an id when absent', async () => {
    const { id: _id, ...withoutId } = orderFlow('x');
    const created = await api().post('/api/v1/workflows').send(withoutId);
    expect(created.status).toBe(201);
    expect(typeof created.body.id).toBe('string');
    expect(created.body.id.length).toBeGreaterThan(5);
  });

  it('rejects an invalid workflow with every problem and its path', async () => {
    const bad = { id: 'bad', nodes: [{ id: 'a', type: 'nope' }, { id: 'b', type: 'set', params: { fields: 3 } }], connections: [{ from: 'a', to: 'zzz' }] };
    const res = await api().post('/api/v1/workflows').send(bad);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_WORKFLOW');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('nodes[0].type');
    expect(paths.some((p: string) => p.startsWith('nodes[1].params'))).toBe(true);
    expect(paths.some((p: string) => p.startsWith('connections[0]'))).toBe(true);
  });

  it('validates request bodies and queries with details[].path', async () => {
    const res = await api().post('/api/v1/credentials').send({ name: '', type: 5 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['data', 'name', 'type']);
    const query = await api().get('/api/v1/executions?limit=0&status=bogus');
    expect(query.status).toBe(400);
    expect(query.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['query.limit', 'query.status']);
  });

  it('answers malformed JSON with 400 and unknown routes with a JSON 404', async () => {
    const bad = await api().post('/api/v1/workflows').set('Content-Type', 'application/json').send('{"nodes": [');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_JSON');
    const missing = await api().get('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const root = await request(h.app).get('/no/such/page.json');
    expect(root.status).toBe(404);
    expect(root.body.error.code).toBe('NOT_FOUND');
  });

  it('runs a workflow with { input } and shows per-node data', async () => {
    await api().post('/api/v1/workflows').send({
      id: 'wf-run',
      nodes: [
        { id: 'start', type: 'manual' },
        { id: 'double', type: 'set', params: { fields: { doubled: '{{ $json.n * 2 }}' } } },
      ],
      connections: [{ from: 'start', to: 'double' }],
    });
    const run = await api().post('/api/v1/workflows/wf-run/run').send({ input: [{ n: 1 }, { n: 5 }], wait: true });
    expect(run.status).toBe(200);
    expect(run.body.status).toBe('success');
    expect(run.body.output).toEqual([{ n: 1, doubled: 2 }, { n: 5, doubled: 10 }]);

    const detail = await api().get(`/api/v1/executions/${run.body.executionId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: run.body.executionId, workflowId: 'wf-run', status: 'success', mode: 'manual', workflowVersion: 1 });
    expect(detail.body.nodes.double.status).toBe('success');
    expect(detail.body.nodes.double.attempts).toBe(1);
    expect(detail.body.nodes.double.input.map((i: { json: unknown }) => i.json)).toEqual([{ n: 1 }, { n: 5 }]);
    expect(detail.body.nodes.double.outputs.main).toHaveLength(2);
    expect(typeof detail.body.startedAt).toBe('number');
    expect(typeof detail.body.finishedAt).toBe('number');

    const listed = await api().get('/api/v1/executions?workflowId=wf-run&status=success&limit=10');
    expect(listed.body.data.map((e: { id: string }) => e.id)).toContain(run.body.executionId);
    const none = await api().get('/api/v1/executions?workflowId=wf-run&status=failed');
    expect(none.body.data).toEqual([]);

    const queued = await api().post('/api/v1/workflows/wf-run/run').send({ input: { n: 2 } });
    expect(queued.status).toBe(202);
    expect(typeof queued.body.executionId).toBe('string');
  });

  it('retries a failed execution from the failed node and cancels only unfinished ones', async () => {
    await api().post('/api/v1/workflows').send({
      id: 'wf-fail',
      nodes: [
        { id: 'start', type: 'manual' },
        { id: 'mark', type: 'set', params: { fields: { marked: true } } },
        { id: 'boom', type: 'stopAndError', params: { message: 'nope', code: 'BOOM' } },
      ],
      connections: [{ from: 'start', to: 'mark' }, { from: 'mark', to: 'boom' }],
    });
    const run = await api().post('/api/v1/workflows/wf-fail/run').send({ wait: true });
    expect(run.body.status).toBe('failed');
    expect(run.body.error).toMatchObject({ node: 'boom', code: 'BOOM' });

    const retry = await api().post(`/api/v1/executions/${run.body.executionId}/retry`).send({});
    expect(retry.status).toBe(202);
    await h.services.executions.whenSettled(retry.body.executionId);
    const detail = await api().get(`/api/v1/executions/${retry.body.executionId}`);
    expect(detail.body.mode).toBe('retry');
    expect(detail.body.retryOf).toBe(run.body.executionId);
    expect(detail.body.status).toBe('failed');

    const cancel = await api().post(`/api/v1/executions/${run.body.executionId}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.code).toBe('ALREADY_FINISHED');
    expect((await api().post('/api/v1/executions/nope/cancel')).status).toBe(404);
  });

  it('serves the node catalog with params as JSON Schema', async () => {
    const res = await api().get('/api/v1/nodes');
    expect(res.status).toBe(200);
    const webhook = res.body.data.find((n: { type: string }) => n.type === 'webhook');
    expect(webhook).toMatchObject({ group: 'trigger', inputs: [], trigger: { kind: 'webhook' }, custom: false });
    expect(webhook.params.type).toBe('object');
    expect(Object.keys(webhook.params.properties)).toEqual(expect.arrayContaining(['path', 'method', 'responseMode', 'auth']));
    expect(webhook.translations.de.displayName).toBe('Webhook');
    const ifNode = (await api().get('/api/v1/nodes/if')).body;
    expect(ifNode.outputs).toEqual(['true', 'false']);
    expect((await api().get('/api/v1/nodes/nope')).status).toBe(404);
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const res = await api().get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const post = res.body.paths['/api/v1/workflows'].post;
    expect(post.responses['201']).toBeDefined();
    const creds = res.body.paths['/api/v1/credentials'].post.requestBody.content['application/json'].schema;
    expect(creds.required).toEqual(expect.arrayContaining(['name', 'type', 'data']));
    expect(res.body.paths['/api/v1/executions/{id}/retry'].post.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
    expect(res.body.paths['/api/v1/auth/login'].post.security).toEqual([]);
  });

  it('reports health and metrics', async () => {
    expect((await request(h.app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(h.app).get('/metrics')).status).toBe(401);
    const metrics = await api().get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('flowwerk_executions_finished_total');
    expect(metrics.text).toContain('flowwerk_node_duration_seconds_bucket');
    expect(metrics.text).toContain('flowwerk_queue_depth');
    expect(metrics.text).toMatch(/flowwerk_executions\{status="success"\} \d+/);
  });
});
