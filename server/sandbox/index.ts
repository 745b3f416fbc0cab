/** The `code` node's out-of-process JavaScript sandbox. */
export { createCodeSandbox, type CodeSandboxOptions, type ClosableCodeSandbox } from './code-sandbox.js';
export { permissionFlag } from './launch.js';
