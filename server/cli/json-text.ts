import { parseWorkflowText } from '../engine/workflow/parse-text.js';
import { CliError } from './cli-error.js';

/**
 * Parses JSON text; on a syntax error throws a CliError naming the source, line and column (1-based), e.g.
 * `orders.json: invalid JSON at line 3, column 5: Expected double-quoted property name`.
 */
export function parseJsonText(text: string, source: string): unknown {
  const parsed = parseWorkflowText(text);
  if (parsed.ok) return parsed.value;
  const message = parsed.problems.map((problem) => problem.message).join('; ');
  throw new CliError(`${source}: ${message}`);
}
