import { cpus, loadavg } from 'node:os';

/** The machine state printed beside each figure. */
export function machine(): string {
  return `load ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} cores`;
}
