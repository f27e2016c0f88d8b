/**
 * A one-line spinner on stderr while a long request runs, so a person at a terminal sees it is
 * alive. Only on a terminal: in a pipe or a CI log the redraws would be noise, and stdout (the
 * answer) is never touched.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

export interface Progress {
  /** Changes what the line says (e.g. which models are still running). */
  update(label: string): void;
  /** Clears the line; call before writing anything else to the terminal. */
  stop(): void;
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Carriage return + erase line (ECMA-48 EL 2). */
const clearLine = '\r\u001b[2K';

export function progressLine(tick: number, label: string, elapsedMs: number): string {
  const frame = frames[tick % frames.length] ?? '';
  return `${frame} ${label} ${(elapsedMs / 1000).toFixed(1)}s`;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

export function startProgress(stream: ProgressStream, label: string, intervalMs = 100): Progress {
  if (stream.isTTY !== true) return silent;
  const startedAt = Date.now();
  let current = label;
  let tick = 0;
  const draw = (): void => {
    stream.write(`${clearLine}${progressLine(tick++, current, Date.now() - startedAt)}`);
  };
  draw();
  const timer = setInterval(draw, intervalMs);
  // The spinner must never be what keeps the process alive.
  timer.unref();
  let stopped = false;
  return {
    update(next) {
      current = next;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write(clearLine);
    },
  };
}
