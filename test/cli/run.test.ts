import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flowwerk, reportOf } from './cli-process.js';
import { doubleWorkflow, failingWorkflow, tempDir } from './fixtures.js';

let files: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  files = await tempDir();
});
afterEach(async () => {
  await files.remove();
});

describe('flowwerk run', () => {
  it('prints status, executionId and the end nodes\' output, exit 0', async () => {
    const workflow = await files.write('double.json', doubleWorkflow);
    const input = await files.write('input.json', [{ n: 1 }, { n: 21 }]);
    const result = await flowwerk(['run', workflow, '--input', input]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = reportOf(result);
    expect(report.status).toBe('success');
    expect(report.executionId).toMatch(/\S+/);
    expect(report.output).toEqual([{ n: 1, doubled: 2 }, { n: 21, doubled: 42 }]);
    expect(report).not.toHaveProperty('error');
  });

  it('turns an input object into one item', async () => {
    const workflow = await files.write('double.json', doubleWorkflow);
    const input = await files.write('input.json', { n: 5 });
    const report = reportOf(await flowwerk(['run', workflow, '--input', input]));
    expect(report.output).toEqual([{ n: 5, doubled: 10 }]);
  });

  it('reads the input from stdin with --input -', async () => {
    const workflow = await files.write('double.json', doubleWorkflow);
    const result = await flowwerk(['run', workflow, '--input', '-'], { stdin: '[{"n": 4}, {"n": 8}]' });
    expect(result.code).toBe(0);
    expect(reportOf(result).output).toEqual([{ n: 4, doubled: 8 }, { n: 8, doubled: 16 }]);
  });

  it('runs without --input (the manual trigger gets one empty item or none)', async () => {
    const workflow = await files.write('noop.json', {
      nodes: [{ id: 'start', type: 'manual' }, { id: 'tag', type: 'set', params: { fields: { tagged: true } } }],
      connections: [{ from: 'start', to: 'tag' }],
    });
    const result = await flowwerk(['run', workflow]);
    expect(result.code).toBe(0);
    const report = reportOf(result);
    expect(report.status).toBe('success');
    for (const json of report.output) expect(json).toMatchObject({ tagged: true });
  });

  it('sleeps through a wait longer than the engine\'s default parking limit (parkAfterMs: Infinity)', async () => {
    const workflow = await files.write('wait.json', {
      nodes: [
        { id: 'start', type: 'manual' },
        { id: 'pause', type: 'wait', params: { seconds: 5.5 } },
        { id: 'after', type: 'set', params: { fields: { waited: true } } },
      ],
      connections: [
        { from: 'start', to: 'pause' },
        { from: 'pause', to: 'after' },
      ],
    });
    const result = await flowwerk(['run', workflow, '--input', '-'], { stdin: '{"orderId": "A-1"}' });
    expect(result.code).toBe(0);
    expect(reportOf(result)).toMatchObject({ status: 'success', output: [{ orderId: 'A-1', waited: true }] });
  });

  it('runs code nodes in the sandbox and exits once the run is done (sandbox closed)', async () => {
    const workflow = await files.write('code.json', {
      nodes: [
        { id: 'start', type: 'manual' },
        { id: 'sum', type: 'code', params: { code: 'return $input.map((o) => ({ ...o, sum: o.a + o.b }));' } },
      ],
      connections: [{ from: 'start', to: 'sum' }],
    });
    const result = await flowwerk(['run', workflow, '--input', '-'], { stdin: '[{"a": 1, "b": 2}, {"a": 5, "b": 5}]' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(reportOf(result).output).toEqual([{ a: 1, b: 2, sum: 3 }, { a: 5, b: 5, sum: 10 }]);
  });

  it('reports a failed run with exit 1: error on stdout, node, code and message on stderr', async () => {
    const workflow = await files.write('failing.json', failingWorkflow);
    const result = await flowwerk(['run', workflow, '--input', '-'], { stdin: '{}' });
    expect(result.code).toBe(1);
    const report = reportOf(result);
    expect(report.status).toBe('failed');
    expect(report.error).toMatchObject({ node: 'boom', code: 'OUT_OF_STOCK' });
    expect(report.error?.message).toContain('out of stock');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('boom');
    expect(result.stderr).toContain('OUT_OF_STOCK');
    expect(result.stderr).toContain('out of stock');
  });

  it('exit 2 with one line for a missing workflow file', async () => {
    const result = await flowwerk(['run', `${files.dir}/nope.json`]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`workflow file not found: ${files.dir}/nope.json\n`);
  });

  it('exit 2 with line and column for a malformed workflow file', async () => {
    const workflow = await files.write('broken.json', '{\n  "nodes": [\n    { "id": "a", }\n  ]\n}\n');
    const result = await flowwerk(['run', workflow]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/line 3, column \d+/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exit 2 with one line for an invalid workflow, pointing at validate for the rest', async () => {
    const workflow = await files.write('invalid.json', {
      nodes: [{ id: 'start', type: 'manual' }, { id: 'x', type: 'noSuchNode' }, { id: 'x', type: 'set' }],
      connections: [{ from: 'start', to: 'ghost' }],
    });
    const result = await flowwerk(['run', workflow]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('invalid workflow');
    expect(result.stderr).toContain('flowwerk validate');
  });

  it('exit 2 for malformed input JSON, naming the input with line and column', async () => {
    const workflow = await files.write('double.json', doubleWorkflow);
    const result = await flowwerk(['run', workflow, '--input', '-'], { stdin: '[{"n": 1},\n {"n": }]' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^stdin: invalid JSON at line 2, column \d+: /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exit 2 for input that is neither an object nor an array of objects', async () => {
    const workflow = await files.write('double.json', doubleWorkflow);
    const scalar = await flowwerk(['run', workflow, '--input', '-'], { stdin: '42' });
    expect(scalar.code).toBe(2);
    expect(scalar.stderr).toBe('stdin: input must be a JSON object or an array of objects\n');
    const mixed = await flowwerk(['run', workflow, '--input', '-'], { stdin: '[{}, 3]' });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toBe('stdin: element 1 of the input array is not an object\n');
  });

  it('exit 2 for a missing input file', async () => {
    const workflow = await files.write('double.json', doubleWorkflow);
    const result = await flowwerk(['run', workflow, '--input', `${files.dir}/missing-input.json`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`input file not found: ${files.dir}/missing-input.json\n`);
  });

  it('exit 2 for unknown flags, a missing value or a missing file argument', async () => {
    const workflow = await files.write('double.json', doubleWorkflow);
    const unknown = await flowwerk(['run', workflow, '--inptu', 'x.json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("flowwerk run: Unknown option '--inptu' (see flowwerk --help)\n");
    const noValue = await flowwerk(['run', workflow, '--input']);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain("'--input <value>' argument missing");
    const noFile = await flowwerk(['run']);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toBe('flowwerk run: missing FILE.json (usage: flowwerk run FILE.json)\n');
  });
});
