import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import { passThrough } from '../noop/pass-through.js';

/**
 * Starts an error workflow (a workflow named in another's `settings.errorWorkflow`) when a run fails.
 * Output: the item the host starts it with, json `{ execution, workflow, error }`, unchanged.
 */
export default defineNode({
  type: 'errorTrigger',
  version: 1,
  displayName: 'Error trigger',
  description: 'Starts this workflow when another workflow that names it as its error workflow fails',
  group: 'trigger',
  inputs: [],
  params: z.object({}),
  trigger: { kind: 'error' },
  translations: {
    de: {
      displayName: 'Fehler-Auslöser',
      description: 'Startet diesen Workflow, wenn ein anderer Workflow, der ihn als Fehler-Workflow nennt, fehlschlägt',
    },
  },
  run: (ctx) => passThrough(ctx),
});
