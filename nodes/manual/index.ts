import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import { passThrough } from '../noop/pass-through.js';

/** Trigger for test runs and `flowwerk run`: outputs the items it is started with (the `--input`). */
export default defineNode({
  type: 'manual',
  version: 1,
  displayName: 'Manual trigger',
  description: 'Starts the workflow by hand: from the editor, the API or `flowwerk run`',
  group: 'trigger',
  inputs: [],
  params: z.object({}),
  trigger: { kind: 'manual' },
  translations: {
    de: { displayName: 'Manueller Auslöser', description: 'Startet den Workflow von Hand: im Editor, über die API oder mit `flowwerk run`' },
  },
  run: (ctx) => passThrough(ctx),
});
