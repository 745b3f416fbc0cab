import { FatalError, FlowError } from '../../nodes/sdk/index.js';
import type { NodeLogger, NodeServices, SubWorkflowRunner } from '../../nodes/sdk/index.js';
import { runWorkflow } from '../engine/index.js';
import type { CredentialResolver } from '../engine/run-options.js';
import type { ExecutionMode, ExecutionStatus, NodeRun, RunOutcome, RunRecord } from '../engine/run-record.js';
import type { Workflow } from '../engine/workflow/schema.js';
import { createInProcessQueue } from '../queue/in-process.js';
import type { EnqueueResult, JobOutcome, Queue, QueueJob } from '../queue/types.js';
import { LeaseLostError, type ClaimResult, type ExecutionEnd, type NewExecution, type OrphanQuery } from '../store/types.js';
import { Answers, answerOf, realSetTimer } from './answers.js';
import type { ExecutionAnswer } from './types.js';
import { LeaseKeeper } from './leases.js';
import { isServiceUnavailable } from '../store/unavailable.js';
import { errorTriggerItem, pickTrigger } from './error-workflow.js';
import { planRetry } from './retry-nodes.js';
import type { AcceptResult, ExecutionService, ExecutionServiceDeps } from './types.js';
import { WorkflowVersions } from './workflow-cache.js';

type StoredDefinition = Workflow & { readonly id: string };

/** What a run needs beyond the store row, kept in memory between `accept` and the start (saves a read). */
interface Fresh {
  readonly workflow: StoredDefinition;
  readonly mode: ExecutionMode;
  readonly triggerNodeId: string;
  readonly triggerItems: RunRecord['triggerItems'];
}

interface Active {
  readonly controller: AbortController;
  /**
   * Why the run was aborted other than by a cancel: `shutdown` (drain: the record stays `running` for the next
   * start or worker) or `leaseLost` (queue mode: another worker took the execution over, or it was cancelled).
   * Either way nothing is recorded for the abort.
   */
  interrupted: false | 'shutdown' | 'leaseLost';
}

interface RunContext {
  readonly depth: number;
  readonly inline: boolean;
  readonly parentSignal?: AbortSignal;
  /** Queue mode: where the waiting caller's answer goes. */
  readonly replyTo?: string;
}

/** What `execute` did: the run's outcome, and (queue mode) when the queue should run the job again. */
interface Executed {
  readonly outcome?: RunOutcome;
  readonly runAgainAt?: number;
}

const FINAL: readonly ExecutionStatus[] = ['success', 'failed', 'cancelled'];
const MAX_SUBWORKFLOW_DEPTH = 20;
const silentLogger: NodeLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The durable execution service (see `ExecutionService`). Invariants:
 * - `accept` resolves `accepted` only after the execution row is committed.
 * - Every node result is committed (one transaction) before the next node starts (`onNodeFinish` is awaited).
 * - A run interrupted by `drain` or a crash keeps status `running` and its checkpoints; `recover` resumes it, so
 *   checkpointed nodes never run again, and the node that was running runs again (same idempotency keys).
 */
/** How long a run waits before trying again when the store did not answer (one process only). */
const STORE_RETRY_MS = 5000;

export function createExecutionService(deps: ExecutionServiceDeps): ExecutionService {
  const store = deps.store;
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? realSetTimer;
  const logger = deps.logger ?? silentLogger;
  const parkAfterMs = deps.parkAfterMs ?? 5000;
  const versions = new WorkflowVersions(store.workflows);
  const answers = new Answers(setTimer);
  const fresh = new Map<string, Fresh>();
  const active = new Map<string, Active>();
  const settledWaiters = new Map<string, ((status: ExecutionStatus) => void)[]>();
  const runsInFlight = new Set<Promise<unknown>>();
  let draining = false;
  let wakeTimer: { at: number; handle: { cancel(): void } } | undefined;

  async function processJob(job: QueueJob): Promise<JobOutcome> {
    let executed: Executed | undefined;
    try {
      executed = await execute(job.executionId, { depth: 0, inline: false, ...(job.replyTo !== undefined && { replyTo: job.replyTo }) });
    } catch (error) {
      // One process: the store is unreachable (claiming, loading or recording the run). Nothing else would pick
      // the execution up before a restart, so try again once the store may answer. Queue mode: the job fails and
      // BullMQ and the recovery sweep bring it back.
      if (distributed || !isServiceUnavailable(error)) throw error;
      logger.warn('execution postponed: the store is not answering', { executionId: job.executionId, error: String(error) });
      return { runAgainAt: now() + STORE_RETRY_MS };
    }
    return executed?.runAgainAt === undefined ? undefined : { runAgainAt: executed.runAgainAt };
  }

  const queue: Queue = deps.createQueue
    ? deps.createQueue(processJob)
    : createInProcessQueue({
        concurrency: deps.concurrency ?? 10,
        maxBacklog: deps.maxBacklog ?? 1000,
        process: processJob,
        onError: (error, job) => logger.error('execution job failed', { executionId: job.executionId, error: String(error) }),
      });
  const distributed = queue.distributed;
  const cluster = deps.cluster;
  if (distributed && cluster === undefined) throw new Error('internal: a distributed queue needs a cluster link');
  const leases =
    deps.lease === undefined
      ? undefined
      : new LeaseKeeper(
          store.executions,
          deps.lease.owner,
          deps.lease.ttlMs,
          now,
          (executionId) => {
            const entry = active.get(executionId);
            if (entry === undefined) return;
            logger.warn('execution lease lost: stopping the run here', { executionId });
            entry.interrupted = 'leaseLost';
            entry.controller.abort(new FlowError('LEASE_LOST', 'another worker took the execution over, or it was cancelled'));
          },
          (error) => logger.error('renewing execution leases failed', { error: String(error) }),
        );
  const clusterReady: Promise<void> =
    cluster === undefined
      ? Promise.resolve()
      : Promise.all([
          cluster.onAnswer((answer) => answers.deliver(answer)),
          cluster.onCancel((executionId) => active.get(executionId)?.controller.abort(new FlowError('CANCELLED', 'execution cancelled'))),
        ]).then(() => undefined);
  clusterReady.catch((error: unknown) => logger.error('subscribing to cluster messages failed', { error: String(error) }));

  /** Gives a waiting caller its answer: here, and in queue mode also to the process that accepted the run. */
  function publish(executionId: string, replyTo: string | undefined, answer: ExecutionAnswer): void {
    answers.deliver(answer);
    if (replyTo !== undefined) cluster?.sendAnswer(replyTo, answer);
  }

  function settle(executionId: string, status: ExecutionStatus): void {
    const waiters = settledWaiters.get(executionId);
    if (waiters === undefined) return;
    settledWaiters.delete(executionId);
    for (const resolve of waiters) resolve(status);
  }

  /** Stores a new execution (queued) and queues it. `force` skips the backlog bound (internal starts). */
  async function start(
    execution: NewExecution & { readonly id?: string },
    workflow: StoredDefinition,
    options: { readonly force: boolean; readonly dedupe?: { readonly key: string; readonly windowMs: number }; readonly await?: { readonly mode: 'lastNode' | 'respondNode'; readonly timeoutMs: number } },
  ): Promise<AcceptResult> {
    if (draining) return { status: 'closed' };
    if (!options.force) {
      const admission = queue.admission();
      if (admission.status !== 'queued') return admission;
    }
    const created = await store.executions.create(
      execution,
      options.dedupe === undefined ? undefined : { key: options.dedupe.key, expiresAt: now() + options.dedupe.windowMs },
    );
    if (created.status === 'duplicate') return created;
    const executionId = created.execution.id;
    versions.remember(workflow.id, execution.workflowVersion, workflow);
    // Queue mode: the run starts in a worker, which reads the row; nothing to keep here.
    if (!distributed && (execution.nodes === undefined || execution.nodes.length === 0)) fresh.set(executionId, freshOf(execution, workflow));
    const answer = options.await === undefined ? undefined : answers.register(executionId, options.await.mode, options.await.timeoutMs);
    if (answer !== undefined) await clusterReady;
    const job: QueueJob = { executionId, ...(answer !== undefined && cluster !== undefined && { replyTo: cluster.replyTo }) };
    let queued: EnqueueResult;
    try {
      queued = await queue.enqueue(job, { force: true });
    } catch (error) {
      // Stored but not queued (Redis unreachable): recovery queues it from the store later.
      logger.warn('execution stored but not queued: it is queued again by recovery', { executionId, error: String(error) });
      queued = { status: 'queued' };
    }
    if (queued.status !== 'queued') {
      // Closed between admission and now: the row stays queued and is recovered on the next start.
      fresh.delete(executionId);
      answers.abandon(executionId);
    }
    return { status: 'accepted', executionId, ...(answer !== undefined && { answer }) };
  }

  function freshOf(execution: NewExecution, workflow: StoredDefinition): Fresh {
    return { workflow, mode: execution.mode, triggerNodeId: execution.triggerNodeId, triggerItems: execution.triggerItems };
  }

  /** The run's inputs: from memory for a run accepted here (no read), else from the store with its record to resume. */
  async function loadRun(executionId: string): Promise<(Fresh & { readonly record: RunRecord | undefined }) | undefined> {
    const cached = fresh.get(executionId);
    if (cached !== undefined) {
      fresh.delete(executionId);
      return { ...cached, record: undefined };
    }
    const detail = await store.executions.get(executionId);
    if (detail === undefined) return undefined;
    const workflow = await versions.get(detail.workflowId, detail.workflowVersion);
    if (workflow === undefined) return undefined;
    const resumable = detail.order.length > 0 || Object.keys(detail.nodes).length > 0;
    const record: RunRecord | undefined = resumable
      ? {
          executionId: detail.id,
          workflowId: detail.workflowId,
          mode: detail.mode,
          status: 'running',
          startedAt: detail.startedAt ?? detail.createdAt,
          triggerNodeId: detail.triggerNodeId,
          triggerItems: detail.triggerItems,
          nodes: detail.nodes,
          order: detail.order,
        }
      : undefined;
    return { workflow, record, mode: detail.mode, triggerNodeId: detail.triggerNodeId, triggerItems: detail.triggerItems };
  }

  /** Takes the execution: its lease in queue mode, else just the `running` mark. */
  async function take(executionId: string, startedAt: number): Promise<ClaimResult> {
    if (leases !== undefined) return leases.claim(executionId, startedAt);
    return (await store.executions.markRunning(executionId, startedAt)) ? { status: 'claimed' } : { status: 'gone' };
  }

  /** Runs one stored execution to its outcome (or interruption). Undefined when it was not runnable. */
  async function execute(executionId: string, context: RunContext): Promise<Executed | undefined> {
    // Queue mode: a job fetched while shutting down goes back to the queue for another worker.
    if (draining) return distributed && !context.inline ? { runAgainAt: now() } : undefined;
    const startedAt = now();
    const taken = await take(executionId, startedAt);
    if (taken.status === 'held') {
      // Another worker runs it (a re-delivered job): look again once that lease would have run out.
      fresh.delete(executionId);
      return context.inline ? undefined : { runAgainAt: Math.max(taken.until, now()) + 100 };
    }
    if (taken.status === 'gone') {
      fresh.delete(executionId);
      const current = (await store.executions.get(executionId))?.status;
      if (current !== undefined) settle(executionId, current);
      answers.abandon(executionId);
      return undefined;
    }
    const loaded = await loadRun(executionId);
    if (loaded === undefined) {
      const error = new FatalError('the workflow version of this execution no longer exists', { code: 'WORKFLOW_NOT_FOUND' }).toJSON();
      await store.executions.finish(executionId, { status: 'failed', finishedAt: now(), error });
      leases?.forget(executionId);
      settle(executionId, 'failed');
      answers.abandon(executionId);
      if (context.replyTo !== undefined) cluster?.sendAnswer(context.replyTo, { kind: 'pending', executionId, reason: 'waiting' });
      return undefined;
    }
    const controller = new AbortController();
    const entry: Active = { controller, interrupted: false };
    active.set(executionId, entry);
    const onParentAbort = (): void => controller.abort(context.parentSignal?.reason);
    context.parentSignal?.addEventListener('abort', onParentAbort, { once: true });
    const secrets: string[] = [];
    const workflow = loaded.workflow;
    const services: NodeServices = {
      ...deps.hostServices,
      ...(deps.sandbox !== undefined && { sandbox: deps.sandbox }),
      workflows: subWorkflowRunner(executionId, context.depth),
      webhook: { respond: (response) => publish(executionId, context.replyTo, { kind: 'respond', executionId, response }) },
    };
    const credentials: CredentialResolver | undefined =
      deps.credentials === undefined
        ? undefined
        : {
            resolve: async (request) => {
              const data = await deps.credentials!.resolve(request);
              for (const value of deps.credentials!.secretValues(request.type, data)) if (!secrets.includes(value)) secrets.push(value);
              return data;
            },
          };
    let outcome: RunOutcome;
    const run = runWorkflow({
      workflow,
      registry: deps.registry,
      executionId,
      mode: loaded.mode,
      ...(loaded.triggerNodeId !== '' && { triggerNodeId: loaded.triggerNodeId }),
      triggerItems: loaded.triggerItems,
      services,
      ...(credentials !== undefined && { credentials }),
      hooks: {
        onNodeFinish: (nodeRun: NodeRun, record: RunRecord) =>
          store.executions.checkpoint({
            executionId,
            nodeRun,
            orderIndex: nodeRun.status === 'waiting' ? -1 : record.order.lastIndexOf(nodeRun.nodeId),
            ...(secrets.length > 0 && { secrets }),
            ...(leases !== undefined && { leaseOwner: leases.owner }),
          }),
      },
      signal: controller.signal,
      ...(loaded.record !== undefined && { resumeFrom: loaded.record }),
      parkAfterMs: context.inline ? Number.POSITIVE_INFINITY : parkAfterMs,
      logger,
      now,
    });
    runsInFlight.add(run);
    try {
      outcome = await run;
    } catch (error) {
      answers.abandon(executionId);
      if (error instanceof LeaseLostError) {
        // Another worker owns it now (or it was cancelled): it goes on from the checkpoints this one wrote.
        logger.warn('execution lease lost: checkpoint refused, stopping the run here', { executionId });
        leases?.forget(executionId);
        return undefined;
      }
      // A checkpoint failed: the store holds the last good state; leave it running for recovery.
      logger.error('execution interrupted: checkpoint failed', { executionId, error: String(error) });
      // One process: resume from the checkpoints once the store answers again (else only a restart would).
      if (leases === undefined && !context.inline && isServiceUnavailable(error)) return { runAgainAt: now() + STORE_RETRY_MS };
      if (leases === undefined || context.inline) return undefined;
      // Queue mode: free it for any worker and try again shortly.
      await leases.release(executionId).catch(() => undefined);
      return { runAgainAt: now() + 5000 };
    } finally {
      runsInFlight.delete(run);
      active.delete(executionId);
      context.parentSignal?.removeEventListener('abort', onParentAbort);
    }
    if (entry.interrupted !== false && outcome.status === 'cancelled') {
      answers.abandon(executionId);
      if (entry.interrupted === 'shutdown' && leases !== undefined && !context.inline) {
        // Queue mode: free the lease so another worker resumes it from its checkpoints at once.
        await leases.release(executionId).catch(() => undefined);
        return { runAgainAt: now() };
      }
      return undefined;
    }
    try {
      await record(executionId, workflow, outcome, secrets);
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      logger.warn('execution lease lost: outcome not recorded, the owner of the lease finishes the run', { executionId });
      leases?.forget(executionId);
      answers.abandon(executionId);
      return undefined;
    }
    leases?.forget(executionId);
    // The error workflow's execution is stored before the failure is reported, so observers see both.
    if (outcome.status === 'failed') await startErrorWorkflow(workflow, outcome);
    // Queue mode: a parked run becomes a delayed job (no sleeping worker); in-process: the wake timer.
    const runAgainAt = outcome.status === 'waiting' && distributed && !context.inline ? outcome.resumeAt : undefined;
    if (outcome.status === 'waiting' && runAgainAt === undefined) armWake(outcome.resumeAt);
    publish(executionId, context.replyTo, answerOf(executionId, outcome));
    settle(executionId, outcome.status);
    deps.onExecutionEnd?.({ executionId, workflowId: workflow.id, mode: loaded.mode, status: outcome.status, durationMs: now() - startedAt });
    return { outcome, ...(runAgainAt !== undefined && { runAgainAt }) };
  }

  async function record(executionId: string, workflow: StoredDefinition, outcome: RunOutcome, secrets: readonly string[]): Promise<void> {
    const finishedAt = outcome.record.finishedAt ?? now();
    let end: ExecutionEnd;
    switch (outcome.status) {
      case 'success':
        end = { status: 'success', finishedAt };
        break;
      case 'cancelled':
        end = { status: 'cancelled', finishedAt };
        break;
      case 'failed':
        end = { status: 'failed', finishedAt, error: outcome.error };
        break;
      case 'waiting':
        end = {
          status: 'waiting',
          resumeAt: outcome.resumeAt,
          nodes: Object.values(outcome.record.nodes).filter((nodeRun) => nodeRun.status === 'waiting'),
          order: outcome.record.order,
        };
        break;
      default: {
        const unreachable: never = outcome;
        throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
      }
    }
    await store.executions.finish(executionId, end, {
      ...(leases !== undefined && { leaseOwner: leases.owner }),
      policy: workflow.settings.saveExecutions,
      ...(deps.outputCapBytes !== undefined && { capBytes: deps.outputCapBytes }),
      ...(secrets.length > 0 && { secrets }),
    });
  }

  async function startErrorWorkflow(workflow: StoredDefinition, outcome: Extract<RunOutcome, { status: 'failed' }>): Promise<void> {
    const errorWorkflowId = workflow.settings.errorWorkflow;
    if (errorWorkflowId === undefined || outcome.record.mode === 'error') return;
    try {
      const target = await store.workflows.get(errorWorkflowId);
      const triggerNodeId = target === undefined ? undefined : pickTrigger(target.workflow, deps.registry, 'error');
      if (target === undefined || triggerNodeId === undefined) {
        logger.warn('error workflow not started: missing or without errorTrigger', { workflowId: workflow.id, errorWorkflow: errorWorkflowId });
        return;
      }
      await start(
        {
          workflowId: target.id,
          workflowVersion: target.version,
          mode: 'error',
          triggerNodeId,
          triggerItems: [errorTriggerItem(outcome.record, workflow, outcome.error)],
          parentExecutionId: outcome.record.executionId,
        },
        target.workflow,
        { force: true },
      );
    } catch (error) {
      logger.error('error workflow could not be started', { workflowId: workflow.id, error: String(error) });
    }
  }

  function subWorkflowRunner(parentExecutionId: string, depth: number): SubWorkflowRunner {
    return {
      async run(request, signal) {
        if (request.workflowId === undefined) {
          throw new FatalError('the server runs sub-workflows by workflowId only (file is for flowwerk run)', { code: 'SUBWORKFLOW_FILE_UNSUPPORTED' });
        }
        if (depth + 1 > MAX_SUBWORKFLOW_DEPTH) {
          throw new FatalError(`sub-workflows nested deeper than ${MAX_SUBWORKFLOW_DEPTH}`, { code: 'SUBWORKFLOW_DEPTH' });
        }
        const target = await store.workflows.get(request.workflowId);
        if (target === undefined) throw new FatalError(`workflow "${request.workflowId}" not found`, { code: 'SUBWORKFLOW_NOT_FOUND' });
        const triggerNodeId = pickTrigger(target.workflow, deps.registry) ?? '';
        const execution: NewExecution = {
          workflowId: target.id,
          workflowVersion: target.version,
          mode: 'subworkflow',
          triggerNodeId,
          triggerItems: request.items,
          parentExecutionId,
        };
        if (request.mode === 'fireAndForget') {
          const started = await start(execution, target.workflow, { force: true });
          if (started.status !== 'accepted') throw new FlowError('SERVICE_UNAVAILABLE', 'the server is shutting down', { retryable: true });
          return { status: 'started', executionId: started.executionId };
        }
        const created = await store.executions.create(execution);
        if (created.status !== 'created') throw new Error('internal: sub-workflow execution not created');
        const childId = created.execution.id;
        versions.remember(target.id, target.version, target.workflow);
        fresh.set(childId, freshOf(execution, target.workflow));
        const outcome = (await execute(childId, { depth: depth + 1, inline: true, parentSignal: signal }))?.outcome;
        if (outcome === undefined) throw new FlowError('SUBWORKFLOW_INTERRUPTED', `sub-workflow execution ${childId} did not finish`, { retryable: true });
        switch (outcome.status) {
          case 'success':
            return { status: 'success', executionId: childId, output: outcome.output.map((item) => item.json) };
          case 'failed':
            throw new FlowError(outcome.error.code, `sub-workflow ${target.id} (execution ${childId}) failed: ${outcome.error.message}`);
          case 'cancelled':
            throw new FlowError('SUBWORKFLOW_CANCELLED', `sub-workflow execution ${childId} was cancelled`);
          case 'waiting':
            throw new FlowError('SUBWORKFLOW_WAITING', `sub-workflow execution ${childId} is waiting`);
          default: {
            const unreachable: never = outcome;
            throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
          }
        }
      },
    };
  }

  function armWake(at: number): void {
    if (draining) return;
    if (wakeTimer !== undefined && wakeTimer.at <= at) return;
    wakeTimer?.handle.cancel();
    const handle = setTimer(() => {
      wakeTimer = undefined;
      void service.wakeDue().catch((error: unknown) => logger.error('waking parked executions failed', { error: String(error) }));
    }, at - now());
    wakeTimer = { at, handle };
  }

  /** Queue mode: queues the executions the store lists as orphaned (a no-op for those that have a job). */
  async function requeueOrphans(query: OrphanQuery): Promise<string[]> {
    const queued: string[] = [];
    for (const orphan of await store.executions.listOrphaned(query)) {
      if (active.has(orphan.id)) continue;
      const result = await queue.enqueue({ executionId: orphan.id }, { force: true, ...(orphan.resumeAt !== null && { runAt: orphan.resumeAt }) });
      if (result.status === 'queued') queued.push(orphan.id);
    }
    return queued;
  }

  /** Queue mode: resolves once the store shows the execution final or waiting (it runs in another process). */
  async function pollSettled(executionId: string): Promise<ExecutionStatus> {
    for (;;) {
      const current = (await store.executions.get(executionId))?.status;
      if (current !== undefined && (FINAL.includes(current) || current === 'waiting')) return current;
      await new Promise<void>((resolve) => setTimer(resolve, 100));
    }
  }

  async function armNextWake(): Promise<void> {
    const next = await store.executions.nextResumeAt();
    if (next !== null) armWake(next);
  }

  const service: ExecutionService = {
    accept(request) {
      const triggerNodeId = request.triggerNodeId ?? pickTrigger(request.workflow.workflow, deps.registry) ?? '';
      return start(
        {
          workflowId: request.workflow.id,
          workflowVersion: request.workflow.version,
          mode: request.mode,
          triggerNodeId,
          triggerItems: request.triggerItems,
          ...(request.parentExecutionId !== undefined && { parentExecutionId: request.parentExecutionId }),
        },
        request.workflow.workflow,
        { force: false, ...(request.dedupe !== undefined && { dedupe: request.dedupe }), ...(request.await !== undefined && { await: request.await }) },
      );
    },

    async recover() {
      if (distributed) {
        // Queue mode: the store is the source of truth; jobs that exist already are not duplicated.
        await clusterReady;
        const at = now();
        return requeueOrphans({ now: at, queuedBefore: at, waitingDueBy: Number.MAX_SAFE_INTEGER, limit: 1_000_000 });
      }
      const ids = await store.executions.listUnfinished();
      const requeued: string[] = [];
      for (const executionId of ids) {
        if (active.has(executionId)) continue;
        const queued = await queue.enqueue({ executionId }, { force: true });
        if (queued.status === 'queued') requeued.push(executionId);
      }
      requeued.push(...(await service.wakeDue()));
      return requeued;
    },

    async wakeDue() {
      if (draining) return [];
      if (distributed) return requeueOrphans({ now: now(), queuedBefore: -1, waitingDueBy: now() });
      const due = await store.executions.claimDue(now());
      for (const executionId of due) await queue.enqueue({ executionId }, { force: true });
      await armNextWake();
      return due;
    },

    async reconcile(graceMs = 30_000) {
      if (draining) return [];
      if (!distributed) return service.wakeDue();
      const at = now();
      return requeueOrphans({ now: at, queuedBefore: at - graceMs, waitingDueBy: at - graceMs });
    },

    async retry(executionId, options) {
      const detail = await store.executions.get(executionId);
      if (detail === undefined) return { status: 'not_found' };
      if (detail.status !== 'failed' && detail.status !== 'cancelled') {
        return { status: 'not_retryable', reason: `execution is ${detail.status}; only failed or cancelled executions are retried` };
      }
      const target =
        options?.version === 'current'
          ? await store.workflows.get(detail.workflowId)
          : await store.workflows.getVersion(detail.workflowId, detail.workflowVersion).then((v) => v && { ...v, id: v.workflowId });
      if (target === undefined) return { status: 'not_retryable', reason: `workflow "${detail.workflowId}" (that version) no longer exists` };
      const plan = planRetry(detail, target.workflow);
      if (!plan.ok) return { status: 'not_retryable', reason: plan.reason };
      const result = await start(
        {
          workflowId: detail.workflowId,
          workflowVersion: target.version,
          mode: 'retry',
          triggerNodeId: detail.triggerNodeId,
          triggerItems: detail.triggerItems,
          retryOf: detail.id,
          nodes: plan.nodes,
          ...(detail.parentExecutionId !== null && { parentExecutionId: detail.parentExecutionId }),
        },
        target.workflow,
        { force: false },
      );
      switch (result.status) {
        case 'accepted':
          return { status: 'accepted', executionId: result.executionId };
        case 'full':
        case 'closed':
          return result;
        case 'duplicate':
          throw new Error('internal: retry without a dedupe key reported a duplicate');
        default: {
          const unreachable: never = result;
          throw new Error(`unknown result ${JSON.stringify(unreachable)}`);
        }
      }
    },

    async cancel(executionId) {
      const detail = await store.executions.get(executionId);
      if (detail === undefined) return { status: 'not_found' };
      if (FINAL.includes(detail.status)) return { status: 'already_finished', current: detail.status };
      const after = await store.executions.cancel(executionId, now());
      if (after !== 'cancelled') return after === undefined ? { status: 'not_found' } : { status: 'already_finished', current: after };
      const running = active.get(executionId);
      if (running !== undefined) running.controller.abort(new FlowError('CANCELLED', 'execution cancelled'));
      else {
        // Queue mode: the worker running it (if any) aborts it.
        cluster?.cancelEverywhere(executionId);
        fresh.delete(executionId);
        answers.ended(executionId, { status: 'cancelled', record: { executionId, workflowId: detail.workflowId, mode: detail.mode, status: 'cancelled', startedAt: detail.createdAt, triggerNodeId: detail.triggerNodeId, triggerItems: detail.triggerItems, nodes: {}, order: [] } });
        settle(executionId, 'cancelled');
      }
      return { status: 'cancelled' };
    },

    async whenSettled(executionId) {
      if (distributed && !active.has(executionId)) return pollSettled(executionId);
      const waiting = new Promise<ExecutionStatus>((resolve) => {
        const list = settledWaiters.get(executionId) ?? [];
        list.push(resolve);
        settledWaiters.set(executionId, list);
      });
      const current = await store.executions.get(executionId);
      if (current !== undefined && (FINAL.includes(current.status) || current.status === 'waiting') && !active.has(executionId)) {
        settle(executionId, current.status);
      }
      return waiting;
    },

    stats() {
      const stats = queue.stats();
      return { running: stats.running, backlog: stats.backlog };
    },

    ping: () => queue.ping(),

    async drain(graceMs) {
      draining = true;
      wakeTimer?.handle.cancel();
      wakeTimer = undefined;
      const deadline = now() + Math.max(0, graceMs);
      await queue.close(graceMs);
      const remaining = Math.max(0, deadline - now());
      if (active.size > 0 && remaining > 0) {
        await Promise.race([Promise.allSettled([...runsInFlight]), new Promise((resolve) => setTimer(() => resolve(undefined), remaining))]);
      }
      for (const entry of active.values()) {
        entry.interrupted = 'shutdown';
        entry.controller.abort(new FlowError('SHUTDOWN', 'server shutting down'));
      }
      await Promise.allSettled([...runsInFlight]);
      leases?.stop();
      await queue.dispose();
    },
  };
  return service;
}
