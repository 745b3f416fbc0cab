import { z } from 'zod';

/** Output names a rule may use: not empty, not `error` (the executor's error output). */
export const outputNameSchema = z
  .string()
  .min(1, 'an output name must not be empty')
  .max(64)
  .refine((name) => name !== 'error', { message: '`error` is reserved for the error output' });

const staticShape = z.object({
  rules: z.array(z.object({ output: z.string() }).catch({ output: '' })).catch([]),
  fallback: z.string().catch('fallback').default('fallback'),
});

/**
 * The switch node's outputs from its static params (raw or parsed): each distinct rule output in rule order,
 * then the fallback output (unless a rule already uses that name). Never throws, so an invalid workflow still
 * shows its outputs while its params are reported.
 */
export function switchOutputs(params: unknown): readonly string[] {
  const parsed = staticShape.safeParse(params);
  const { rules, fallback } = parsed.success ? parsed.data : { rules: [], fallback: 'fallback' };
  const names = new Set<string>();
  for (const rule of rules) if (rule.output !== '') names.add(rule.output);
  names.add(fallback);
  return [...names];
}
