/**
 * Starting the bench's servers in their own processes, each pinned to a CPU core, and reading
 * their memory from `/proc`. Pinning matters on a small machine: the server under test must not
 * share a core with the load generator that measures it, or the numbers measure the scheduler.
 */

import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath, URL } from 'node:url';

const serverScript = fileURLToPath(new URL('./server-process.js', import.meta.url));

/** @returns {boolean} */
function hasTaskset() {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The core layout: with two or more cores and `taskset`, the load generator and the mock vendor
 * share core 0 and the server under test (gateway or proxy, one measured at a time) has core 1
 * to itself. Otherwise nothing is pinned and the report says so.
 */
export function coreLayout() {
  const cores = availableParallelism();
  const pinned = cores >= 2 && process.platform === 'linux' && hasTaskset();
  return { cores, pinned, loadCore: pinned ? 0 : undefined, serverCore: pinned ? 1 : undefined };
}

/**
 * Pins the calling process (every thread) to one core.
 * @param {number | undefined} core
 * @returns {boolean} whether it is pinned (a container may forbid it)
 */
export function pinSelf(core) {
  if (core === undefined) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * @typedef {object} ServerProcess
 * @property {string} role
 * @property {number} pid
 * @property {number} port
 * @property {string} origin `http://127.0.0.1:<port>`
 * @property {() => Promise<void>} stop SIGTERM, then wait for the exit
 */

/**
 * @param {'mock' | 'proxy' | 'gateway'} role
 * @param {Record<string, unknown>} options handed to `server-process.js`
 * @param {{ core?: number | undefined, nodeFlags?: readonly string[] }} [placement]
 * @returns {Promise<ServerProcess>}
 */
export async function startServer(role, options, placement = {}) {
  const nodeArguments = [...(placement.nodeFlags ?? []), serverScript, role, JSON.stringify(options)];
  // taskset execs node in place, so the IPC channel (an inherited fd) survives it.
  const [command, argumentList] =
    placement.core === undefined
      ? [process.execPath, nodeArguments]
      : ['taskset', ['-c', String(placement.core), process.execPath, ...nodeArguments]];
  const child = spawn(command, argumentList, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(child, 'exit');
  const ready = new Promise((resolve, reject) => {
    child.on('message', (/** @type {{ type?: string, port?: number }} */ message) => {
      if (message.type === 'ready' && typeof message.port === 'number') resolve(message.port);
    });
    void exited.then(([code]) => reject(new Error(`the ${role} process exited with ${String(code)} before it was ready`)));
  });
  const port = /** @type {number} */ (await ready);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`the ${role} process has no pid`);
  return {
    role,
    pid,
    port,
    origin: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * @typedef {object} MemoryStatus
 * @property {number} rssMB resident set size now
 * @property {number} peakMB resident high-water mark since start or the last `resetPeak`
 */

/**
 * @param {number} pid
 * @returns {MemoryStatus}
 */
export function readMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (/** @type {string} */ field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMB: toMegabytes(kilobytes('VmRSS')), peakMB: toMegabytes(kilobytes('VmHWM')) };
}

/** Linux's USER_HZ, the unit of utime/stime in /proc; 100 on every mainstream architecture. */
const clockTicksPerSecond = 100;

/**
 * CPU time the process has used, every thread included (user + system). On a shared machine
 * this is steadier than wall-clock time: time the process spends waiting for a core that
 * another program holds is not counted.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html (fields 14 and 15)
 * @param {number} pid
 * @returns {number} milliseconds, in steps of 10
 */
export function readCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; fields are counted after its closing bracket.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicksPerSecond;
}

/**
 * Resets VmHWM to the current RSS, so a later peak belongs to what ran in between.
 * @see https://www.kernel.org/doc/html/latest/filesystems/proc.html (clear_refs, value 5)
 * @param {number} pid
 * @returns {boolean} false where the kernel does not allow it
 */
export function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `work` while sampling the process's RSS every few milliseconds; the kernel's own
 * high-water mark is used too when it could be reset, since sampling can miss a short spike.
 * @template T
 * @param {number} pid
 * @param {() => Promise<T>} work
 * @returns {Promise<{ result: T, peakMB: number, beforeMB: number }>}
 */
export async function measurePeak(pid, work) {
  const before = readMemory(pid).rssMB;
  const kernelPeak = resetPeak(pid);
  let sampledPeak = before;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, readMemory(pid).rssMB);
  }, 5);
  try {
    const result = await work();
    const after = readMemory(pid);
    const peakMB = Math.max(sampledPeak, after.rssMB, kernelPeak ? after.peakMB : 0);
    return { result, peakMB, beforeMB: before };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * `/proc` counts in KiB; the report uses decimal megabytes (10^6 bytes), the unit the targets
 * and the 5 MB image are given in.
 * @param {number} kibibytes
 */
function toMegabytes(kibibytes) {
  return Math.round((kibibytes * 1024) / 1e5) / 10;
}
