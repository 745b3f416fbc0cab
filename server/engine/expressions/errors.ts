import { FlowError } from '../../../nodes/sdk/index.js';
import type { ExpressionLocation } from './types.js';

/**
 * Expression failures as FlowErrors. Codes: `EXPRESSION_SYNTAX` (compile time), `EXPRESSION_ERROR` (threw at
 * evaluation), `EXPRESSION_TIMEOUT`, `EXPRESSION_MEMORY_LIMIT`. The message names node, param and the source.
 */
export type ExpressionErrorCode = 'EXPRESSION_SYNTAX' | 'EXPRESSION_ERROR' | 'EXPRESSION_TIMEOUT' | 'EXPRESSION_MEMORY_LIMIT';

const MAX_SOURCE_IN_MESSAGE = 200;

export function expressionError(code: ExpressionErrorCode, message: string, location: ExpressionLocation, source: string): FlowError {
  const shown = source.length > MAX_SOURCE_IN_MESSAGE ? `${source.slice(0, MAX_SOURCE_IN_MESSAGE)}…` : source;
  const error = new FlowError(code, `${message} (node "${location.node}", param "${location.param}", expression {{ ${shown.trim()} }})`, {
    param: location.param,
  });
  error.node = location.node;
  return error;
}

export function isExpressionErrorCode(code: string): code is ExpressionErrorCode {
  return code === 'EXPRESSION_SYNTAX' || code === 'EXPRESSION_ERROR' || code === 'EXPRESSION_TIMEOUT' || code === 'EXPRESSION_MEMORY_LIMIT';
}
