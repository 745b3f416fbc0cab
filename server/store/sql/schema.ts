import type { Generated } from 'kysely';

/**
 * Table types for kysely, shared by SQLite and PostgreSQL. Portable column choices: timestamps are `bigint` epoch
 * ms (read back as numbers: the PostgreSQL pool parses int8), booleans are integers 0/1, JSON is text.
 */
export interface Database {
  workflows: WorkflowsTable;
  workflow_versions: WorkflowVersionsTable;
  executions: ExecutionsTable;
  execution_nodes: ExecutionNodesTable;
  dedupe_keys: DedupeKeysTable;
  credentials: CredentialsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  trigger_state: TriggerStateTable;
  leases: LeasesTable;
  settings: SettingsTable;
}

export interface WorkflowsTable {
  id: string;
  name: string;
  active: number;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface WorkflowVersionsTable {
  workflow_id: string;
  version: number;
  /** The workflow JSON. */
  data: string;
  created_at: number;
}

export interface ExecutionsTable {
  id: string;
  workflow_id: string;
  workflow_version: number;
  status: string;
  mode: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  resume_at: number | null;
  /** SerializedError JSON. */
  error: string | null;
  retry_of: string | null;
  parent_execution_id: string | null;
  trigger_node_id: string;
  /** Item[] JSON. */
  trigger_items: string;
  /** Queue mode: the process running the execution, and until when its lease holds (see `ExecutionStore.claim`). */
  lease_owner: string | null;
  lease_until: number | null;
}

export interface ExecutionNodesTable {
  execution_id: string;
  node_id: string;
  /** Index in the record's `order`, -1 while undecided. */
  order_index: number;
  status: string;
  /** NodeRun JSON (redacted; capped once the execution ended). */
  data: string;
  bytes: number;
  truncated: number;
}

export interface DedupeKeysTable {
  key: string;
  execution_id: string;
  expires_at: number;
}

export interface CredentialsTable {
  id: string;
  name: string;
  type: string;
  /** AES-256-GCM blob, never plaintext. */
  data: string;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  created_at: number;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  key_hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
}

export interface TriggerStateTable {
  workflow_id: string;
  node_id: string;
  last_tick: number;
}

export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** Unused marker so `Generated` stays importable for later auto-increment columns. */
export type GeneratedId = Generated<number>;
