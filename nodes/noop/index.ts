import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import { passThrough } from './pass-through.js';

/** Passes every item on unchanged (a placeholder, or a named junction in a big workflow). */
export default defineNode({
  type: 'noop',
  version: 1,
  displayName: 'No operation',
  description: 'Passes items on unchanged',
  group: 'flow',
  params: z.object({}),
  translations: { de: { displayName: 'Keine Aktion', description: 'Gibt die Elemente unverändert weiter' } },
  run: (ctx) => passThrough(ctx),
});
