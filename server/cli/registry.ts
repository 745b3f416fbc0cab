import { createBuiltinRegistry } from '../../nodes/builtin.js';
import type { NodeRegistry } from '../engine/registry.js';
import { CliError } from './cli-error.js';

/**
 * The node types the CLI knows: the core nodes plus custom packages from `FLOWWERK_CUSTOM_NODES` (`:`-separated
 * folders, loaded only when set). A package that fails to load stops the command with one line (exit 2).
 */
export async function loadRegistry(env: NodeJS.ProcessEnv = process.env): Promise<NodeRegistry> {
  const registry = createBuiltinRegistry();
  const folders = (env.FLOWWERK_CUSTOM_NODES ?? '').split(':').filter((folder) => folder !== '');
  if (folders.length === 0) return registry;
  const { loadCustomNodes } = await import('../custom-nodes/index.js');
  const reserved = new Set(registry.list().map((definition) => definition.type));
  const result = await loadCustomNodes(folders, reserved);
  const failure = result.failures[0];
  if (failure !== undefined) throw new CliError(`FLOWWERK_CUSTOM_NODES: ${failure.dir}: ${failure.message}`);
  for (const loaded of result.packages) for (const definition of loaded.nodes) registry.add(definition);
  return registry;
}
