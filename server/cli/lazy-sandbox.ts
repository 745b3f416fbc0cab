import { FatalError } from '../../nodes/sdk/index.js';
import type { CodeRequest, CodeResult, CodeSandbox } from '../../nodes/sdk/index.js';

/** The sandbox module (`server/sandbox/index.ts`), resolved at run time so the CLI builds without it. */
const SANDBOX_MODULE = '../sandbox/index.js';

/** A sandbox that may hold workers; `close` (when present) ends them at exit. */
interface ClosableSandbox extends CodeSandbox {
  close?(): Promise<void> | void;
}

/**
 * The code sandbox for CLI runs, created on the first `code` node call only (most workflows have none, and
 * starting it costs time). `close` ends it if it was started; safe to call more than once.
 */
export class LazySandbox implements CodeSandbox {
  private started: Promise<ClosableSandbox> | undefined;

  async run(request: CodeRequest, signal: AbortSignal): Promise<CodeResult> {
    this.started ??= this.start();
    const sandbox = await this.started;
    return sandbox.run(request, signal);
  }

  async close(): Promise<void> {
    const started = this.started;
    this.started = undefined;
    if (started === undefined) return;
    const sandbox = await started.catch(() => undefined);
    await sandbox?.close?.();
  }

  private async start(): Promise<ClosableSandbox> {
    const module: unknown = await import(SANDBOX_MODULE).catch(() => undefined);
    const create = typeof module === 'object' && module !== null ? Reflect.get(module, 'createCodeSandbox') : undefined;
    if (typeof create !== 'function') {
      throw new FatalError('the code sandbox is not available in this build', { code: 'SERVICE_UNAVAILABLE' });
    }
    // One worker process: a CLI run is a single execution.
    const sandbox: unknown = await create({ poolSize: 1 });
    if (!isClosableSandbox(sandbox)) throw new FatalError('createCodeSandbox returned no sandbox', { code: 'SERVICE_UNAVAILABLE' });
    return sandbox;
  }
}

function isClosableSandbox(value: unknown): value is ClosableSandbox {
  return (
    typeof value === 'object' && value !== null &&
    typeof Reflect.get(value, 'run') === 'function' &&
    ['function', 'undefined'].includes(typeof Reflect.get(value, 'close'))
  );
}
