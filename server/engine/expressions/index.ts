/** Expressions: `{{ ... }}` compiled once into the hardened expression realm, evaluated per item. */
export { compileValue, hasExpression } from './compile-value.js';
export { compileExpression, type Evaluator } from './compile-expression.js';
export { expressionError, isExpressionErrorCode, type ExpressionErrorCode } from './errors.js';
export { setExpressionLimits, getExpressionLimits, DEFAULT_LIMITS, type ExpressionLimits } from './realm.js';
export type { CompiledValue, ExpressionLocation, ExpressionScope, NodeAccessor, ExpressionResult } from './types.js';
