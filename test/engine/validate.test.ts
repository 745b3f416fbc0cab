import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCredentialType, defineNode } from '../../nodes/sdk/index.js';
import { MapNodeRegistry, parseWorkflowText, validateWorkflow } from '../../server/engine/index.js';
import type { ValidationProblem } from '../../server/engine/index.js';
import { definitions } from './fixtures.js';

const key = defineCredentialType({ type: 'key', displayName: 'Key', schema: z.object({ key: z.string() }) });
const fetcher = defineNode({
  type: 'test.fetch', version: 1, displayName: 'Fetch', description: '', group: 'action',
  params: z.object({ url: z.url(), retries: z.int().min(0).default(0), headers: z.record(z.string(), z.string()).default({}) }),
  credentials: { auth: { type: key } },
  run: () => null,
});
const router = defineNode({
  type: 'test.route', version: 1, displayName: 'Route', description: '', group: 'flow',
  params: z.object({ rules: z.array(z.object({ output: z.string(), condition: z.unknown() })) }),
  outputs: (params) => [...params.rules.map((rule) => rule.output), 'fallback'],
  run: () => null,
});
const registry = new MapNodeRegistry([...definitions, fetcher, router]);

function problems(input: unknown): readonly ValidationProblem[] {
  const result = validateWorkflow(input, registry);
  return result.ok ? [] : result.problems;
}

const base = { nodes: [{ id: 'start', type: 'test.start' }], connections: [] };

describe('validateWorkflow', () => {
  it('accepts a valid workflow and fills defaults', () => {
    const result = validateWorkflow({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 'get', type: 'test.fetch', params: { url: '{{ $json.url }}' }, credentials: { auth: 'c1' } }],
      connections: [{ from: 'start', to: 'get' }],
    }, registry);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.workflow.connections[0]).toEqual({ from: 'start', output: 'main', to: 'get', input: 'main' });
  });

  it('reports schema problems with their paths', () => {
    const found = problems({ nodes: [{ id: 'start', type: 'test.start' }, { id: 'x', type: 5 }], extra: true });
    expect(found.map((problem) => problem.path)).toEqual(expect.arrayContaining(['nodes[1].type', '']));
  });

  it('reports unknown types, duplicate ids and every bad connection at once', () => {
    const found = problems({
      nodes: [
        { id: 'start', type: 'test.start' }, { id: 'a', type: 'test.nope' }, { id: 'start', type: 'test.put', params: { field: 'x' } },
        { id: 'gate', type: 'test.branch', params: { condition: true } }, { id: 'join', type: 'test.join' },
      ],
      connections: [
        { from: 'start', to: 'ghost' },
        { from: 'gate', to: 'join', input: 'a' },
        { from: 'gate', output: 'true', to: 'join', input: 'c' },
        { from: 'gate', output: 'true', to: 'start' },
      ],
    });
    expect(found).toEqual(expect.arrayContaining([
      { path: 'nodes[1].type', message: 'unknown node type "test.nope"' },
      { path: 'nodes[2].id', message: 'duplicate node id "start" (also nodes[0])' },
      { path: 'connections[0].to', message: 'no node with id "ghost"' },
      { path: 'connections[1].output', message: 'node "gate" (test.branch) has no output "main"; it has "true", "false"' },
      { path: 'connections[2].input', message: 'node "join" (test.join) has no input "c"; it has "a", "b"' },
      { path: 'connections[3].input', message: 'node "start" (test.start) is a trigger and takes no input' },
    ]));
    expect(found).toHaveLength(6);
  });

  it('names the nodes of a cycle', () => {
    const found = problems({
      nodes: [
        { id: 'start', type: 'test.start' },
        ...['c', 'a', 'b'].map((id) => ({ id, type: 'test.put', params: { field: 'x', value: 1 } })),
      ],
      connections: [{ from: 'start', to: 'a' }, { from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }],
    });
    expect(found).toEqual([{ path: 'connections', message: 'cycle between nodes "a", "b", "c" (a -> b -> c -> a)' }]);
  });

  it('checks params with the node schema, naming node and param, but leaves expressions to run time', () => {
    const found = problems({
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'bad', type: 'test.fetch', params: { url: 'not a url', retries: -1 } },
        { id: 'ok', type: 'test.fetch', params: { url: 'https://{{ $json.host }}/x', retries: '{{ $json.n }}', headers: '{{ $json.h }}' } },
        { id: 'broken', type: 'test.fetch', params: { url: '{{ $json. }}' } },
      ],
      connections: [{ from: 'start', to: 'bad' }, { from: 'start', to: 'ok' }, { from: 'start', to: 'broken' }],
    });
    expect(found.map((problem) => problem.path)).toEqual(['nodes[1].params.url', 'nodes[1].params.retries', 'nodes[3].params.url']);
    expect(found[0]?.message).toMatch(/^node "bad": param "url": /);
  });

  it('reports unknown credential slots', () => {
    const found = problems({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 'get', type: 'test.fetch', params: { url: 'https://x.test' }, credentials: { oauth: 'c1' } }],
      connections: [{ from: 'start', to: 'get' }],
    });
    expect(found).toEqual([{ path: 'nodes[1].credentials.oauth', message: 'node type "test.fetch" has no credential slot "oauth"; it has "auth"' }]);
  });

  it('knows the error output of errorOutput nodes and outputs computed from params', () => {
    const ok = problems({
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'get', type: 'test.fetch', params: { url: 'https://x.test' }, onError: 'errorOutput' },
        { id: 'route', type: 'test.route', params: { rules: [{ output: 'big', condition: '{{ $json.n > 1 }}' }] } },
        { id: 'x', type: 'test.collect' },
      ],
      connections: [
        { from: 'start', to: 'get' }, { from: 'get', output: 'error', to: 'route' }, { from: 'route', output: 'big', to: 'x' },
        { from: 'route', output: 'fallback', to: 'x' },
      ],
    });
    expect(ok).toEqual([]);
    const bad = problems({
      nodes: [
        { id: 'start', type: 'test.start' }, { id: 'get', type: 'test.fetch', params: { url: 'https://x.test' } },
        { id: 'route', type: 'test.route', params: { rules: [] } }, { id: 'x', type: 'test.collect' },
      ],
      connections: [{ from: 'start', to: 'get' }, { from: 'get', output: 'error', to: 'x' }, { from: 'route', output: 'big', to: 'x' }],
    });
    expect(bad.map((problem) => problem.path)).toEqual(['connections[1].output', 'connections[2].output']);
  });

  it('never throws on odd input', () => {
    for (const input of [null, 1, 'x', [], {}, { nodes: null }, { nodes: [null, 1, { id: 'a' }] }, { ...base, connections: [null, {}] }]) {
      const result = validateWorkflow(input, registry);
      expect(result.ok).toBe(false);
    }
  });
});

describe('parseWorkflowText', () => {
  it('parses JSON', () => {
    expect(parseWorkflowText('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it.each([
    ['{\n  "a": 1,\n}', 3, 1],
    ['{\n  "a": tru\n}', 2, 11],
    ['{"a": [1, 2', 1, 12],
    ['', 1, 1],
    ['{}\n x', 2, 2],
  ])('reports line and column of %j', (text, line, column) => {
    const result = parseWorkflowText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toContain(`line ${line}, column ${column}:`);
  });
});
