import type { NodeRegistry } from '../../engine/registry.js';
import type { Workflow } from '../../engine/workflow/schema.js';
import type { ApiErrorDetail } from '../errors.js';

/**
 * Before a workflow is switched on: every enabled node has its required credential slots filled, and each
 * credential it names exists and has the slot's type. Otherwise the first real run would fail on it — typically
 * an imported example that still names a placeholder credential.
 */
export async function credentialProblems(
  workflow: Workflow,
  registry: NodeRegistry,
  lookup: (id: string) => Promise<{ readonly type: string; readonly name: string } | undefined>,
): Promise<ApiErrorDetail[]> {
  const problems: ApiErrorDetail[] = [];
  for (const node of workflow.nodes) {
    if (node.disabled) continue;
    const slots = registry.get(node.type)?.credentials ?? {};
    const label = node.name ?? node.id;
    for (const [slot, declared] of Object.entries(slots)) {
      const path = `nodes.${node.id}.credentials.${slot}`;
      const id = node.credentials?.[slot];
      if (id === undefined || id === '') {
        if (declared.required === true) problems.push({ path, message: `node "${label}" needs a credential of type ${declared.type.type}` });
        continue;
      }
      const found = await lookup(id);
      if (found === undefined) {
        problems.push({ path, message: `node "${label}": credential "${id}" does not exist (pick one of type ${declared.type.type})` });
      } else if (found.type !== declared.type.type) {
        problems.push({ path, message: `node "${label}": credential "${found.name}" is of type ${found.type}, the node needs ${declared.type.type}` });
      }
    }
  }
  return problems;
}
