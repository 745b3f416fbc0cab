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

/** manual → executeWorkflow(file) → end. */
function caller(file: string, mode: 'wait' | 'fireAndForget' = 'wait') {
  return {
    nodes: [
      { id: 'start', type: 'manual' },
      { id: 'sub', type: 'executeWorkflow', params: { file, mode } },
    ],
    connections: [{ from: 'start', to: 'sub' }],
  };
}

describe('flowwerk run: executeWorkflow by file', () => {
  it('resolves the file relative to the calling workflow, also from sub-workflow to sub-workflow', async () => {
    await files.write('lib/double.json', doubleWorkflow);
    await files.write('lib/middle.json', caller('double.json'));
    const top = await files.write('top.json', caller('lib/middle.json'));
    const result = await flowwerk(['run', top, '--input', '-'], { stdin: '[{"n": 2}, {"n": 3}]', cwd: '/' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(reportOf(result).output).toEqual([{ n: 2, doubled: 4 }, { n: 3, doubled: 6 }]);
  });

  it('fails the calling node with the sub-workflow\'s node, code and message', async () => {
    await files.write('failing.json', failingWorkflow);
    const top = await files.write('top.json', caller('failing.json'));
    const result = await flowwerk(['run', top, '--input', '-'], { stdin: '{}' });
    expect(result.code).toBe(1);
    const report = reportOf(result);
    expect(report.error?.node).toBe('sub');
    expect(report.error?.message).toContain('failing.json');
    expect(report.error?.message).toContain('boom');
    expect(report.error?.message).toContain('OUT_OF_STOCK');
  });

  it('stops endless recursion with SUBWORKFLOW_DEPTH', async () => {
    const loop = await files.write('loop.json', caller('loop.json'));
    const result = await flowwerk(['run', loop, '--input', '-'], { stdin: '{}' });
    expect(result.code).toBe(1);
    expect(reportOf(result).error?.code).toBe('SUBWORKFLOW_DEPTH');
    expect(reportOf(result).error?.message).toContain('nest deeper than 10 levels');
  });

  it('reports a missing or invalid sub-workflow file as a failed node', async () => {
    const top = await files.write('top.json', caller('nowhere.json'));
    const missing = await flowwerk(['run', top, '--input', '-'], { stdin: '{}' });
    expect(missing.code).toBe(1);
    expect(reportOf(missing).error).toMatchObject({ node: 'sub', code: 'SUBWORKFLOW_INVALID' });
    expect(reportOf(missing).error?.message).toContain('nowhere.json');

    await files.write('bad.json', { nodes: [{ id: 'a', type: 'noSuchNode' }] });
    const invalidTop = await files.write('top2.json', caller('bad.json'));
    const invalid = await flowwerk(['run', invalidTop, '--input', '-'], { stdin: '{}' });
    expect(invalid.code).toBe(1);
    expect(reportOf(invalid).error).toMatchObject({ node: 'sub', code: 'SUBWORKFLOW_INVALID' });
    expect(reportOf(invalid).error?.message).toContain('noSuchNode');
  });

  it('fireAndForget passes the items on and still finishes the sub-run before exit', async () => {
    await files.write('double.json', doubleWorkflow);
    const top = await files.write('top.json', caller('double.json', 'fireAndForget'));
    const result = await flowwerk(['run', top, '--input', '-'], { stdin: '{"n": 7}' });
    expect(result.code).toBe(0);
    expect(reportOf(result).output).toEqual([{ n: 7 }]);
  });
});
