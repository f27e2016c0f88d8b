import { describe, expect, it } from 'vitest';
import { progressLine, startProgress } from '../../src/cli/progress.js';

function recorder(isTTY: boolean): { isTTY: boolean; writes: string[]; write(text: string): boolean } {
  const writes: string[] = [];
  return { isTTY, writes, write: (text) => writes.push(text) > 0 };
}

describe('progress on stderr', () => {
  it('formats a spinner frame, the label and the elapsed seconds', () => {
    expect(progressLine(0, 'waiting for echo', 1234)).toBe('⠋ waiting for echo 1.2s');
    expect(progressLine(11, 'x', 0)).toBe('⠙ x 0.0s');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const stream = recorder(false);
    const progress = startProgress(stream, 'waiting');
    progress.update('still waiting');
    progress.stop();
    expect(stream.writes).toEqual([]);
  });

  it('draws at once on a terminal and clears its line when stopped, once', () => {
    const stream = recorder(true);
    const progress = startProgress(stream, 'waiting for 2 of 2: a, b');
    const clear = '\r\u001b[2K';
    expect(stream.writes[0]?.startsWith(clear)).toBe(true);
    expect(stream.writes[0]?.slice(clear.length)).toMatch(/^⠋ waiting for 2 of 2: a, b \d+\.\ds$/);
    progress.stop();
    progress.stop();
    expect(stream.writes.at(-1)).toBe(clear);
    expect(stream.writes.filter((text) => text === clear)).toHaveLength(1);
  });
});
