/** Helpers for node authors' unit tests. */
export { testNode } from './test-node.js';
export type { TestNodeOptions, TestNodeResult, TestItem } from './test-node.js';
