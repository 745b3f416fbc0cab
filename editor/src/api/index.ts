export { api, type AuthState, type StoredWorkflow, type TestWebhookAnswer } from './client.js';
export { ApiError, messageOf, type FieldProblem } from './errors.js';
export type {
  Credential, CredentialTypeInfo, ErrorInfo, ExecutionDetail, ExecutionStatus, ExecutionSummary, ItemData, LocalizedTextValue,
  NodeGroupName, NodeRunData, NodeRunStatus, NodeType, StockDetail, StockHistoryEntry, StockLevel, StockSetResult, User, WorkflowSummary,
} from './schemas.js';
