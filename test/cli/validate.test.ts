import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flowwerk } from './cli-process.js';
import { doubleWorkflow, tempDir } from './fixtures.js';

let files: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  files = await tempDir();
});
afterEach(async () => {
  await files.remove();
});

describe('flowwerk validate', () => {
  it('exit 0 for a valid workflow, nothing on stderr', async () => {
    const workflow = await files.write('double.json', doubleWorkflow);
    const result = await flowwerk(['validate', workflow]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('valid');
  });

  it('exit 2 with every problem as `path: message`, one per line', async () => {
    const workflow = await files.write('invalid.json', {
      nodes: [
        { id: 'start', type: 'manual' },
        { id: 'mystery', type: 'noSuchNode' },
        { id: 'twice', type: 'noop' },
        { id: 'twice', type: 'noop' },
      ],
      connections: [{ from: 'start', to: 'ghost' }],
    });
    const result = await flowwerk(['validate', workflow]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^\S[^:]*: .+/);
    expect(result.stderr).toContain('noSuchNode');
    expect(result.stderr).toContain('twice');
    expect(result.stderr).toContain('ghost');
  });

  it('names the nodes of a cycle', async () => {
    const workflow = await files.write('cycle.json', {
      nodes: [{ id: 'start', type: 'manual' }, { id: 'ping', type: 'noop' }, { id: 'pong', type: 'noop' }],
      connections: [
        { from: 'start', to: 'ping' },
        { from: 'ping', to: 'pong' },
        { from: 'pong', to: 'ping' },
      ],
    });
    const result = await flowwerk(['validate', workflow]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ping');
    expect(result.stderr).toContain('pong');
  });

  it('exit 2 with line and column for malformed JSON', async () => {
    const workflow = await files.write('broken.json', '{\n  "nodes": [\n    { "id": "a" "type": "noop" }\n  ]\n}\n');
    const result = await flowwerk(['validate', workflow]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line 3, column \d+/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exit 2 with one line for a missing file, unknown flags and extra arguments', async () => {
    const missing = await flowwerk(['validate', `${files.dir}/nope.json`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`workflow file not found: ${files.dir}/nope.json\n`);
    const flag = await flowwerk(['validate', '--strict', 'x.json']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe("flowwerk validate: Unknown option '--strict' (see flowwerk --help)\n");
    const extra = await flowwerk(['validate', 'a.json', 'b.json']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toBe('flowwerk validate: unexpected argument "b.json"\n');
  });
});
