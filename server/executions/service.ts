import { FatalError, FlowError } from '../../nodes/sdk/index.js';
import type { NodeLogger, NodeServices } from '../../nodes/sdk/index.js';
import { runWorkflow } from '../engine/index.js';
import type { ExecutionStatus, NodeRun, RunOutcome, RunRecord } from '../engine/run-record.js';
import { createInProcessQueue } from '../queue/in-process.js';
import type { EnqueueResult, JobOutcome, Queue, QueueJob } from '../queue/types.js';
import { LeaseLostError, type ClaimResult, type NewExecution, type OrphanQuery } from '../store/types.js';
import { Answers, answerOf, realSetTimer } from './answers.js';
import type { ExecutionAnswer } from './types.js';
import { LeaseKeeper } from './leases.js';
import { executionEndOf } from './end.js';
import { errorWorkflowStart, pickTrigger } from './error-workflow.js';
import { interruptionOf, nextStep, type Interruption } from './interruption.js';
import { secretNotingResolver } from './run-credentials.js';
import { createSubWorkflowRunner, type SubWorkflowHost } from './sub-workflows.js';
import { retryStart } from './retry-nodes.js';
import type { AcceptResult, ExecutionService, ExecutionServiceDeps } from './types.js';
import { SettledWaiters } from './settled.js';
import { WakeTimer } from './wake-timer.js';
import { WorkflowVersions } from './workflow-cache.js';
import { RunInputs, type StoredDefinition } from './run-inputs.js';

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
const silentLogger: NodeLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The durable execution service (see `ExecutionService`). Invariants:
 * - `accept` resolves `accepted` only after the execution row is committed.
 * - Every node result is committed (one transaction) before the next node starts (`onNodeFinish` is awaited).
 * - A run interrupted by `drain` or a crash keeps status `running` and its checkpoints; `recover` resumes it, so
 *   checkpointed nodes never run again, and the node that was running runs again (same idempotency keys).
 */
export function createExecutionService(deps: ExecutionServiceDeps): ExecutionService {
  const store = deps.store;
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? realSetTimer;
  const logger = deps.logger ?? silentLogger;
  const parkAfterMs = deps.parkAfterMs ?? 5000;
  const versions = new WorkflowVersions(store.workflows);
  const answers = new Answers(setTimer);
  const inputs = new RunInputs(store.executions, versions);
  const active = new Map<string, Active>();
  const settledWaiters = new SettledWaiters();
  const runsInFlight = new Set<Promise<unknown>>();
  let draining = false;
  const wakeTimer = new WakeTimer(setTimer, now, () => {
    void service.wakeDue().catch((error: unknown) => logger.error('waking parked executions failed', { error: String(error) }));
  });

  async function processJob(job: QueueJob): Promise<JobOutcome> {
    let executed: Executed | undefined;
    try {
      executed = await execute(job.executionId, { depth: 0, inline: false, ...(job.replyTo !== undefined && { replyTo: job.replyTo }) });
    } catch (error) {
      // One process: the store did not answer while claiming, loading or recording the run. Nothing else would
      // pick it up before a restart, so try again later. Queue mode: the job fails; BullMQ and recovery retry it.
      const step = distributed ? undefined : nextStep(interruptionOf(error), { queueMode: false, inline: false });
      if (step?.runAgainInMs === undefined) throw error;
      logger.warn('execution postponed: the store is not answering', { executionId: job.executionId, error: String(error) });
      return { runAgainAt: now() + step.runAgainInMs };
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

  const settle = (executionId: string, status: ExecutionStatus): void => settledWaiters.settle(executionId, status);

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
    if (!distributed && (execution.nodes === undefined || execution.nodes.length === 0)) inputs.keep(executionId, execution, workflow);
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
      inputs.forget(executionId);
      answers.abandon(executionId);
    }
    return { status: 'accepted', executionId, ...(answer !== undefined && { answer }) };
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
      inputs.forget(executionId);
      return context.inline ? undefined : { runAgainAt: Math.max(taken.until, now()) + 100 };
    }
    if (taken.status === 'gone') {
      inputs.forget(executionId);
      const current = (await store.executions.get(executionId))?.status;
      if (current !== undefined) settle(executionId, current);
      answers.abandon(executionId);
      return undefined;
    }
    const loaded = await inputs.load(executionId);
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
      workflows: createSubWorkflowRunner(subWorkflowHost, executionId, context.depth),
      webhook: { respond: (response) => publish(executionId, context.replyTo, { kind: 'respond', executionId, response }) },
    };
    const credentials = secretNotingResolver(deps.credentials, secrets);
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
      // A checkpoint was refused: lease lost, or the store failed.
      return interrupted(executionId, interruptionOf(error), context, error);
    } finally {
      runsInFlight.delete(run);
      active.delete(executionId);
      context.parentSignal?.removeEventListener('abort', onParentAbort);
    }
    if (entry.interrupted !== false && outcome.status === 'cancelled') return interrupted(executionId, { kind: entry.interrupted }, context);
    try {
      await record(executionId, workflow, outcome, secrets);
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      return interrupted(executionId, { kind: 'leaseLost' }, context);
    }
    leases?.forget(executionId);
    // The error workflow's execution is stored before the failure is reported, so observers see both.
    if (outcome.status === 'failed') await startErrorWorkflow(workflow, outcome);
    // Queue mode: a parked run becomes a delayed job (no sleeping worker); in-process: the wake timer.
    const runAgainAt = outcome.status === 'waiting' && distributed && !context.inline ? outcome.resumeAt : undefined;
    if (outcome.status === 'waiting' && runAgainAt === undefined) wakeTimer.arm(outcome.resumeAt);
    publish(executionId, context.replyTo, answerOf(executionId, outcome));
    settle(executionId, outcome.status);
    deps.onExecutionEnd?.({ executionId, workflowId: workflow.id, mode: loaded.mode, status: outcome.status, durationMs: now() - startedAt });
    return { outcome, ...(runAgainAt !== undefined && { runAgainAt }) };
  }

  async function record(executionId: string, workflow: StoredDefinition, outcome: RunOutcome, secrets: readonly string[]): Promise<void> {
    await store.executions.finish(executionId, executionEndOf(outcome, now), {
      ...(leases !== undefined && { leaseOwner: leases.owner }),
      policy: workflow.settings.saveExecutions,
      ...(deps.outputCapBytes !== undefined && { capBytes: deps.outputCapBytes }),
      ...(secrets.length > 0 && { secrets }),
    });
  }

  /** Stops here after an interruption (see interruption.ts): logs it, frees the lease or asks to run again. */
  async function interrupted(executionId: string, interruption: Interruption, context: RunContext, error?: unknown): Promise<Executed | undefined> {
    answers.abandon(executionId);
    if (interruption.kind === 'leaseLost') logger.warn('execution lease lost: stopping here, the owner of the lease goes on', { executionId });
    if (interruption.kind === 'storeFailed') logger.error('execution interrupted: checkpoint failed', { executionId, error: String(error) });
    const step = nextStep(interruption, { queueMode: leases !== undefined, inline: context.inline });
    if (step.releaseLease) await leases?.release(executionId).catch(() => undefined);
    else leases?.forget(executionId);
    return step.runAgainInMs === undefined ? undefined : { runAgainAt: now() + step.runAgainInMs };
  }

  async function startErrorWorkflow(workflow: StoredDefinition, outcome: Extract<RunOutcome, { status: 'failed' }>): Promise<void> {
    try {
      const prepared = await errorWorkflowStart(store.workflows, deps.registry, workflow, outcome);
      if (prepared.status === 'missing') {
        logger.warn('error workflow not started: missing or without errorTrigger', { workflowId: workflow.id, errorWorkflow: prepared.errorWorkflow });
      }
      if (prepared.status === 'ready') await start(prepared.execution, prepared.workflow, { force: true });
    } catch (error) {
      logger.error('error workflow could not be started', { workflowId: workflow.id, error: String(error) });
    }
  }

  /** What the sub-workflow runner (sub-workflows.ts) may do with this service. */
  const subWorkflowHost: SubWorkflowHost = {
    load: (workflowId) => store.workflows.get(workflowId),
    triggerOf: (workflow) => pickTrigger(workflow, deps.registry) ?? '',
    async startDetached(execution, target) {
      const started = await start(execution, target.workflow, { force: true });
      return started.status === 'accepted' ? { executionId: started.executionId } : undefined;
    },
    async runInline(execution, target, depth, signal) {
      const created = await store.executions.create(execution);
      if (created.status !== 'created') throw new Error('internal: sub-workflow execution not created');
      const executionId = created.execution.id;
      versions.remember(target.id, target.version, target.workflow);
      inputs.keep(executionId, execution, target.workflow);
      const outcome = (await execute(executionId, { depth, inline: true, parentSignal: signal }))?.outcome;
      return { executionId, outcome };
    },
  };

  /** Queues each execution that is not running here (a no-op for those that already have a job); the queued ids. */
  async function requeue(executions: readonly { readonly id: string; readonly resumeAt?: number | null }[]): Promise<string[]> {
    const queued: string[] = [];
    for (const { id, resumeAt } of executions) {
      if (active.has(id)) continue;
      const result = await queue.enqueue({ executionId: id }, { force: true, ...(resumeAt !== undefined && resumeAt !== null && { runAt: resumeAt }) });
      if (result.status === 'queued') queued.push(id);
    }
    return queued;
  }

  /** Queue mode: queues the executions the store lists as orphaned. */
  const requeueOrphans = async (query: OrphanQuery): Promise<string[]> => requeue(await store.executions.listOrphaned(query));

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
    if (next !== null) wakeTimer.arm(next);
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
      const requeued = await requeue((await store.executions.listUnfinished()).map((id) => ({ id })));
      return [...requeued, ...(await service.wakeDue())];
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
      const prepared = await retryStart(store, executionId, options?.version ?? 'original');
      if (prepared.status !== 'ready') return prepared;
      const result = await start(prepared.execution, prepared.workflow, { force: false });
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
        inputs.forget(executionId);
        answers.ended(executionId, { status: 'cancelled', record: { executionId, workflowId: detail.workflowId, mode: detail.mode, status: 'cancelled', startedAt: detail.createdAt, triggerNodeId: detail.triggerNodeId, triggerItems: detail.triggerItems, nodes: {}, order: [] } });
        settle(executionId, 'cancelled');
      }
      return { status: 'cancelled' };
    },

    async whenSettled(executionId) {
      if (distributed && !active.has(executionId)) return pollSettled(executionId);
      const waiting = settledWaiters.wait(executionId);
      const current = await store.executions.get(executionId);
      if (current !== undefined && (FINAL.includes(current.status) || current.status === 'waiting') && !active.has(executionId)) {
        settle(executionId, current.status);
      }
      return waiting;
    },

    stats() {
      const { running, backlog } = queue.stats();
      return { running, backlog };
    },

    ping: () => queue.ping(),

    async drain(graceMs) {
      draining = true;
      wakeTimer.stop();
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
