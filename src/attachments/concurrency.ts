/**
 * A per-request bound on how many fetches run at once: a conversation with fifty image URLs
 * should not open fifty connections from one gateway request.
 */

export type Limiter = <Result>(task: () => Promise<Result>) => Promise<Result>;

export function createLimiter(maxConcurrent: number): Limiter {
  const limit = Math.max(1, Math.floor(maxConcurrent));
  let running = 0;
  const waiting: (() => void)[] = [];

  function release(): void {
    running -= 1;
    const next = waiting.shift();
    if (next !== undefined) {
      running += 1;
      next();
    }
  }

  return async <Result>(task: () => Promise<Result>): Promise<Result> => {
    if (running < limit) {
      running += 1;
    } else {
      // The slot is handed over by `release`, so `running` never exceeds the limit.
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      release();
    }
  };
}
