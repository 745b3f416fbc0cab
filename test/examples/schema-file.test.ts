import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderWorkflowSchemaFile, WORKFLOW_SCHEMA_FILE } from '../../server/cli/workflow-schema-file.js';
import { repoRoot } from '../cli/cli-process.js';

describe('workflows/workflow.schema.json', () => {
  it('is up to date with the zod schema (regenerate: node dist/server/cli/workflow-schema-file.js)', async () => {
    const committed = await readFile(path.join(repoRoot, WORKFLOW_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(renderWorkflowSchemaFile());
  });

  it('describes format 1: nodes and connections with their fields', () => {
    const schema: unknown = JSON.parse(renderWorkflowSchemaFile());
    expect(schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['nodes']),
      properties: {
        nodes: { type: 'array', items: { properties: { id: { type: 'string' }, type: { type: 'string' } } } },
        connections: { type: 'array', items: { properties: { from: { type: 'string' }, to: { type: 'string' } } } },
      },
    });
  });
});
