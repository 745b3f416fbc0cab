import { CronPattern } from 'croner';
import { IANAZone } from 'luxon';

/** Why `expression` is not a cron pattern croner accepts (5–7 fields or `@daily`-style), or undefined. */
export function cronProblem(expression: string): string | undefined {
  try {
    new CronPattern(expression);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `invalid cron expression '${expression}': ${message.replace(/^CronPattern:\s*/, '')}`;
  }
}

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}
