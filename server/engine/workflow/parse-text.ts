import { jsonErrorOffset } from './json-error-offset.js';

export interface TextProblem {
  readonly path: string;
  readonly message: string;
}

export type ParseTextResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problems: readonly TextProblem[] };

/**
 * Parses workflow JSON text. Malformed JSON gives one problem with an empty path and a message naming the
 * 1-based line and column, e.g. `invalid JSON at line 3, column 5: Expected ',' or '}' after property value`.
 */
export function parseWorkflowText(text: string): ParseTextResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const match = / in JSON at position (\d+)/.exec(raw);
    const offset = match?.[1] !== undefined ? Number(match[1]) : Math.max(0, jsonErrorOffset(text));
    const { line, column } = lineColumn(text, offset);
    const reason = raw.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    return { ok: false, problems: [{ path: '', message: `invalid JSON at line ${line}, column ${column}: ${reason}` }] };
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let index = 0; index < end; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
