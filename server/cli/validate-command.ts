import { expectPositionals, parseCommandArgs } from './args.js';
import type { CommandResult } from './cli-error.js';
import { loadRegistry } from './registry.js';
import { formatProblem, loadWorkflowFile } from './load-workflow.js';

/**
 * `flowwerk validate FILE.json`: exit 0 with one confirmation line on stdout, or exit 2 with every problem as
 * `path: message` on stderr (one per line).
 */
export async function validateCommand(args: readonly string[]): Promise<CommandResult> {
  const { positionals } = parseCommandArgs('validate', args, {});
  const [file = ''] = expectPositionals('validate', positionals, ['FILE.json']);
  const registry = await loadRegistry();
  const loaded = await loadWorkflowFile(file, registry);
  if (!loaded.ok) {
    process.stderr.write(loaded.problems.map((problem) => `${formatProblem(problem, file)}\n`).join(''));
    return 2;
  }
  const { nodes, connections } = loaded.workflow;
  process.stdout.write(`${file}: valid (${nodes.length} nodes, ${connections.length} connections)\n`);
  return 0;
}
