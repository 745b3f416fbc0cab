import { writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workflowJsonSchema } from '../engine/workflow/schema.js';

/**
 * `workflows/workflow.schema.json`: the JSON Schema of workflow format 1, generated from the zod schema (the
 * single source). Regenerate with `npm run build && node dist/server/cli/workflow-schema-file.js`; a test
 * fails when the committed file differs from `renderWorkflowSchemaFile()`.
 */
export const WORKFLOW_SCHEMA_FILE = 'workflows/workflow.schema.json';

export function renderWorkflowSchemaFile(): string {
  const schema = {
    ...workflowJsonSchema(),
    $id: 'https://flowwerk.dev/schema/workflow-1.json',
    title: 'flowwerk workflow (format 1)',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

async function writeSchemaFile(): Promise<void> {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const target = `${root}${WORKFLOW_SCHEMA_FILE}`;
  await writeFile(target, renderWorkflowSchemaFile());
  process.stdout.write(`wrote ${target}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await writeSchemaFile();
