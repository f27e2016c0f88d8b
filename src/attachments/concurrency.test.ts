import { describe, expect, it } from 'vitest';
import { createLimiter } from './concurrency.js';

/** A task that stays running until the test releases it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('createLimiter', () => {
  it('never runs more than the limit at once, and runs every task', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 5 }, gate);
    const results = gates.map((taskGate, index) =>
      limit(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await taskGate.promise;
        running -= 1;
        return index;
      }),
    );
    await Promise.resolve();
    expect(running).toBe(2);
    for (const taskGate of gates) {
      taskGate.open();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('frees the slot when a task fails', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(async () => 'next')).resolves.toBe('next');
  });
});
