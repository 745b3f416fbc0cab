import { describe, expect, it } from 'vitest';
import { LeaseLostError } from '../store/types.js';
import { STORE_RETRY_MS, interruptionOf, nextStep } from './interruption.js';

describe('interrupted runs', () => {
  it('classifies a refused write: lease lost, database not answering, anything else', () => {
    expect(interruptionOf(new LeaseLostError('e1', 'w1'))).toEqual({ kind: 'leaseLost' });
    expect(interruptionOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toEqual({ kind: 'storeFailed', unavailable: true });
    expect(interruptionOf(new Error('CHECK constraint failed'))).toEqual({ kind: 'storeFailed', unavailable: false });
  });

  it('queue mode frees the lease and queues the run again; one process retries only a database outage', () => {
    const queue = { queueMode: true, inline: false };
    const single = { queueMode: false, inline: false };
    expect(nextStep({ kind: 'leaseLost' }, queue)).toEqual({ releaseLease: false });
    expect(nextStep({ kind: 'shutdown' }, queue)).toEqual({ releaseLease: true, runAgainInMs: 0 });
    expect(nextStep({ kind: 'storeFailed', unavailable: false }, queue)).toEqual({ releaseLease: true, runAgainInMs: STORE_RETRY_MS });
    expect(nextStep({ kind: 'shutdown' }, single)).toEqual({ releaseLease: false });
    expect(nextStep({ kind: 'storeFailed', unavailable: true }, single)).toEqual({ releaseLease: false, runAgainInMs: STORE_RETRY_MS });
    expect(nextStep({ kind: 'storeFailed', unavailable: false }, single)).toEqual({ releaseLease: false });
  });

  it('leaves an inline sub-workflow run to its parent', () => {
    for (const queueMode of [true, false]) {
      expect(nextStep({ kind: 'shutdown' }, { queueMode, inline: true })).toEqual({ releaseLease: false });
      expect(nextStep({ kind: 'storeFailed', unavailable: true }, { queueMode, inline: true })).toEqual({ releaseLease: false });
    }
  });
});
