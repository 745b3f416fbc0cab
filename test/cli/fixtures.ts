import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A temporary folder for workflow and input files; `remove` deletes it. */
export async function tempDir(): Promise<{ readonly dir: string; write(name: string, content: unknown): Promise<string>; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flowwerk-cli-'));
  return {
    dir,
    async write(name, content) {
      const file = path.join(dir, name);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** manual → set (doubles `n`) → end: the smallest useful workflow. */
export const doubleWorkflow = {
  id: 'double',
  nodes: [
    { id: 'start', type: 'manual', params: {} },
    { id: 'double', type: 'set', params: { fields: { doubled: '{{ $json.n * 2 }}' } } },
  ],
  connections: [{ from: 'start', to: 'double' }],
};

/** manual → stopAndError: always fails at node `boom`. */
export const failingWorkflow = {
  id: 'failing',
  nodes: [
    { id: 'start', type: 'manual', params: {} },
    { id: 'boom', type: 'stopAndError', params: { message: 'out of stock', code: 'OUT_OF_STOCK' } },
  ],
  connections: [{ from: 'start', to: 'boom' }],
};
