import { CliError } from './cli-error.js';

/**
 * Parses JSON text; on a syntax error throws a CliError naming the source, line and column (1-based), e.g.
 * `orders.json:3:5: invalid JSON: Expected double-quoted property name`.
 */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = positionOf(message, text);
    const { line, column } = lineColumn(text, position);
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    throw new CliError(`${source}:${line}:${column}: invalid JSON: ${reason}`);
  }
}

function positionOf(message: string, text: string): number {
  const match = / at position (\d+)/.exec(message);
  if (match?.[1] !== undefined) return Number(match[1]);
  return text.length;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(position, text.length);
  for (let index = 0; index < end; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
