import type { NodeRegistry } from '../engine/registry.js';
import type { Workflow } from '../engine/workflow/schema.js';
import type { ExecutionService } from '../executions/types.js';
import type { CredentialService, Store } from '../store/index.js';
import type { AuthService } from '../auth/index.js';
import type { TriggerManager } from '../triggers/index.js';
import type { HttpClient } from '../../nodes/sdk/index.js';
import type { ServerMetrics } from './metrics.js';

export interface ValidationProblem {
  readonly path: string;
  readonly message: string;
}

/** Checks a workflow JSON (format 1) against the schema and the registry (the engine's `validateWorkflow`). */
export type WorkflowValidator = (input: unknown) => { readonly ok: true; readonly workflow: Workflow } | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

export interface AppLogger {
  debug(data: Record<string, unknown>, message: string): void;
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
  error(data: Record<string, unknown>, message: string): void;
}

/** Everything `createApp` needs; tests build these in-process. */
export interface AppDeps {
  readonly store: Store;
  readonly executions: ExecutionService;
  readonly credentials: CredentialService;
  readonly registry: NodeRegistry;
  readonly auth: AuthService;
  readonly triggers: TriggerManager;
  readonly validateWorkflow: WorkflowValidator;
  readonly metrics: ServerMetrics;
  readonly logger: AppLogger;
  /** For credential tests. */
  readonly http: HttpClient;
  /** Node types that came from custom packages (catalog flag). */
  readonly customTypes?: ReadonlySet<string>;
  readonly options: {
    readonly maxBodyBytes: number;
    readonly webhookTimeoutMs: number;
    /** express `trust proxy`. */
    readonly trustProxy: boolean | number;
    /** Serve the editor from here when it exists. */
    readonly editorDir?: string;
    /** Base URL for webhook URLs shown to the editor (default: from the request). */
    readonly publicUrl?: string;
    readonly logRequests?: boolean;
  };
}
