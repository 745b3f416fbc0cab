/** The store: contract, opening (SQLite now, PostgreSQL by URL), credentials encryption and service. */
export type {
  Store, OpenStoreOptions, Page, PageRequest, WorkflowStore, WorkflowSummary, StoredWorkflow, WorkflowVersion,
  ExecutionStore, ExecutionSummary, ExecutionDetail, StoredNodeRun, NewExecution, DedupeClaim, CreateExecutionResult,
  ExecutionFilter, NodeCheckpoint, ExecutionEnd, SavePolicy, DedupeStore, CredentialStore, CredentialSummary,
  StoredCredential, AuthStore, User, Session, ApiKey, TriggerStore, SettingsStore,
  ExecutionLease, ClaimResult, OrphanQuery, OrphanedExecution,
} from './types.js';
export { StoreError } from './types.js';
export { createCipher, loadEncryptionKey, CredentialCryptoError } from './credentials/crypto.js';
export type { Cipher } from './credentials/crypto.js';
export { createCredentialService, credentialTypesFrom, CredentialError, redactAll } from './credentials/service.js';
export type { CredentialService, CredentialTypes, CredentialTestResult } from './credentials/service.js';
export { openStore } from './open.js';
export { openSqliteStore } from './sqlite/open.js';
export { openPostgresStore, dropPostgresSchema } from './postgres/open.js';
export { newExecutionId } from './sql/codec.js';
