import { z } from 'zod';
import { FatalError, defineNode } from '../sdk/index.js';
import type { Item } from '../sdk/index.js';
import { passAllThrough } from '../noop/pass-through.js';

const params = z
  .object({
    workflowId: z.string().min(1).optional().meta({ title: 'Workflow id', description: 'A workflow in the store' }),
    file: z
      .string()
      .min(1)
      .optional()
      .meta({ title: 'File', description: 'A workflow file, relative to this workflow\'s file (flowwerk run)' }),
    mode: z
      .enum(['wait', 'fireAndForget'])
      .default('wait')
      .meta({ title: 'Mode', description: 'wait: output the sub-workflow\'s output; fireAndForget: start it and pass the items on' }),
  })
  .refine((p) => (p.workflowId === undefined) !== (p.file === undefined), {
    message: 'set exactly one of `workflowId` and `file`',
    path: ['workflowId'],
  });

/**
 * Runs another workflow once with all input items as its trigger output (host service `workflows`; without it
 * fails with `SERVICE_UNAVAILABLE`). `wait`: outputs the sub-workflow's output items; a failed sub-run fails this
 * node with the runner's error. `fireAndForget`: passes the input items on once the sub-run is started.
 */
export default defineNode({
  type: 'executeWorkflow',
  version: 1,
  displayName: 'Execute workflow',
  description: 'Runs another workflow with these items as its input',
  group: 'flow',
  mode: 'allItems',
  params,
  translations: {
    de: {
      displayName: 'Workflow ausführen',
      description: 'Führt einen anderen Workflow mit diesen Elementen als Eingabe aus',
      params: {
        workflowId: { label: 'Workflow-ID', description: 'Ein gespeicherter Workflow' },
        file: { label: 'Datei', description: 'Eine Workflow-Datei, relativ zur Datei dieses Workflows (flowwerk run)' },
        mode: { label: 'Modus', description: 'wait: Ausgabe des Unter-Workflows; fireAndForget: starten und Elemente weitergeben' },
      },
    },
  },
  run: async (ctx) => {
    const runner = ctx.services.workflows;
    if (runner === undefined) {
      throw new FatalError('this host cannot run sub-workflows (no workflow runner service)', { code: 'SERVICE_UNAVAILABLE' });
    }
    const { workflowId, file, mode } = ctx.params;
    const items: Item[] = ctx.items.map(({ json, binary }) => (binary === undefined ? { json } : { json, binary }));
    const result = await runner.run(
      {
        ...(workflowId !== undefined && { workflowId }),
        ...(file !== undefined && { file }),
        items,
        mode,
        parentExecutionId: ctx.execution.id,
      },
      ctx.signal,
    );
    switch (result.status) {
      case 'success':
        if (mode === 'fireAndForget') return passAllThrough(ctx.items, (json, options) => ctx.emit(json, options));
        return [...result.output];
      case 'started':
        if (mode === 'wait') {
          throw new FatalError(`sub-workflow run ${result.executionId} was only started, not awaited`, { code: 'SUBWORKFLOW_NOT_AWAITED' });
        }
        return passAllThrough(ctx.items, (json, options) => ctx.emit(json, options));
      default: {
        const unknownResult: never = result;
        throw new Error(`unknown sub-workflow result ${JSON.stringify(unknownResult)}`);
      }
    }
  },
});
